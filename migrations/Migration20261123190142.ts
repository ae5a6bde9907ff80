import { Migration } from '@mikro-orm/migrations';

export class Migration20261123190142 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ip_allowlist_entry" ("id" uuid not null, "account_id" uuid not null, "cidr" text not null, "description" text null, "source" text not null, "created_by" text not null, "created_at" timestamptz not null, constraint "ip_allowlist_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "ip_allowlist_entry" add constraint "ip_allowlist_entry_account_source_cidr_unique" unique ("account_id", "source", "cidr");`);

    this.addSql(`alter table "ip_allowlist_entry" add constraint "ip_allowlist_entry_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "account" add column "ip_allowlist_version" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ip_allowlist_entry" cascade;`);

    this.addSql(`alter table "account" drop column "ip_allowlist_version";`);
  }

}
