import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184654 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "license_source" as enum ('scim', 'mapping', 'default');`);
    this.addSql(`create table "app_group" ("id" uuid not null, "account_id" uuid not null, "display_name" text not null, "display_name_key" text not null, "external_id" text null, "managed_by" "managed_by" not null default 'manual', "member_count" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "app_group_pkey" primary key ("id"));`);
    this.addSql(`create index "app_group_account_id_index" on "app_group" ("account_id", "id");`);
    this.addSql(`alter table "app_group" add constraint "app_group_account_external_id_unique" unique ("account_id", "external_id");`);
    this.addSql(`alter table "app_group" add constraint "app_group_account_display_name_unique" unique ("account_id", "display_name_key");`);

    this.addSql(`create table "license_mapping" ("id" uuid not null, "account_id" uuid not null, "group_name" text not null, "group_name_key" text not null, "license_type" "license_type" not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "license_mapping_pkey" primary key ("id"));`);
    this.addSql(`alter table "license_mapping" add constraint "license_mapping_account_group_name_unique" unique ("account_id", "group_name_key");`);

    this.addSql(`create table "group_membership" ("group_id" uuid not null, "user_id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null default now(), constraint "group_membership_pkey" primary key ("group_id", "user_id"));`);
    this.addSql(`create index "group_membership_account_user_index" on "group_membership" ("account_id", "user_id");`);

    this.addSql(`alter table "app_group" add constraint "app_group_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "license_mapping" add constraint "license_mapping_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "group_membership" add constraint "group_membership_group_id_foreign" foreign key ("group_id") references "app_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "group_membership" add constraint "group_membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "group_membership" add constraint "group_membership_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_user" add column "license_source" "license_source" null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "group_membership" drop constraint "group_membership_group_id_foreign";`);

    this.addSql(`drop table if exists "app_group" cascade;`);

    this.addSql(`drop table if exists "license_mapping" cascade;`);

    this.addSql(`drop table if exists "group_membership" cascade;`);

    this.addSql(`alter table "app_user" drop column "license_source";`);

    this.addSql(`drop type "license_source";`);
  }

}
