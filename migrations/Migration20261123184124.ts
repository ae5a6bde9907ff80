import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184124 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "managed_by" as enum ('scim', 'manual');`);
    this.addSql(`create type "email_kind" as enum ('invitation', 'email_change');`);
    this.addSql(`create unlogged table "page_bookmark" ("account_id" uuid not null, "query_key" text not null, "start_index" int not null, "after_sort" text not null, "after_id" uuid not null, "total_results" int not null, "created_at" timestamptz not null, constraint "page_bookmark_pkey" primary key ("account_id", "query_key", "start_index"));`);

    this.addSql(`create table "app_user" ("id" uuid not null, "account_id" uuid not null, "user_name" text not null, "user_name_key" text not null, "external_id" text null, "formatted_name" text null, "family_name" text null, "given_name" text null, "middle_name" text null, "honorific_prefix" text null, "honorific_suffix" text null, "display_name" text null, "nick_name" text null, "title" text null, "user_type" text null, "preferred_language" text null, "locale" text null, "timezone" text null, "active" boolean not null default true, "phone_numbers" jsonb not null, "employee_number" text null, "cost_center" text null, "organization" text null, "division" text null, "department" text null, "manager_value" text null, "scim_license_type" "license_type" null, "license_type" "license_type" null, "email" text null, "email_key" text null, "managed_by" "managed_by" not null default 'manual', "invited_at" timestamptz null, "invitation_accepted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`create index "app_user_account_email_index" on "app_user" ("account_id", "email_key");`);
    this.addSql(`create index "app_user_account_id_index" on "app_user" ("account_id", "id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_account_external_id_unique" unique ("account_id", "external_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_account_user_name_unique" unique ("account_id", "user_name_key");`);

    this.addSql(`create table "email_outbox" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "kind" "email_kind" not null, "to_address" text not null, "token_lookup" text null, "token_hash" bytea null, "created_at" timestamptz not null, "expires_at" timestamptz null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "consumed_at" timestamptz null, constraint "email_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "email_outbox_user_index" on "email_outbox" ("account_id", "user_id", "kind");`);
    this.addSql(`create index "email_outbox_pending_index" on "email_outbox" ("sent_at", "created_at");`);
    this.addSql(`alter table "email_outbox" add constraint "email_outbox_token_lookup_unique" unique ("token_lookup");`);

    this.addSql(`create table "user_email" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "position" int not null, "value" text not null, "value_key" text not null, "type" text null, "primary" boolean not null default false, "display" text null, constraint "user_email_pkey" primary key ("id"));`);
    this.addSql(`create index "user_email_user_index" on "user_email" ("user_id", "position");`);
    this.addSql(`create index "user_email_account_value_index" on "user_email" ("account_id", "value_key");`);

    this.addSql(`alter table "app_user" add constraint "app_user_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "email_outbox" add constraint "email_outbox_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "email_outbox" add constraint "email_outbox_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "user_email" add constraint "user_email_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_email" add constraint "user_email_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "account" add column "user_name_must_match_email" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "email_outbox" drop constraint "email_outbox_user_id_foreign";`);

    this.addSql(`alter table "user_email" drop constraint "user_email_user_id_foreign";`);

    this.addSql(`drop table if exists "page_bookmark" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "email_outbox" cascade;`);

    this.addSql(`drop table if exists "user_email" cascade;`);

    this.addSql(`alter table "account" drop column "user_name_must_match_email";`);

    this.addSql(`drop type "managed_by";`);
    this.addSql(`drop type "email_kind";`);
  }

}
