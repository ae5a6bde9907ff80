import { Migration } from '@mikro-orm/migrations';

export class Migration20261123183516 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "license_type" as enum ('it', 'analyst', 'developer', 'read_only');`);
    this.addSql(`create type "api_role" as enum ('ADMIN', 'READ_ONLY');`);
    this.addSql(`create type "actor_type" as enum ('scim_token', 'api_token', 'operator', 'system');`);
    this.addSql(`create type "event_outcome" as enum ('success', 'failure');`);
    this.addSql(`create table "account" ("id" uuid not null, "name" text not null, "scim_enabled" boolean not null default false, "allow_manual_updates" boolean not null default false, "scim_license_management" boolean not null default false, "default_license_type" "license_type" null, "ip_allowlist_enforced" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, constraint "account_pkey" primary key ("id"));`);

    this.addSql(`create table "api_token" ("id" uuid not null, "account_id" uuid not null, "name" text not null, "lookup_id" text not null, "display_prefix" text not null, "secret_hash" bytea not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "role" "api_role" not null default 'ADMIN', constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_lookup_id_unique" unique ("lookup_id");`);
    this.addSql(`create index "api_token_account_id_created_at_index" on "api_token" ("account_id", "created_at");`);

    this.addSql(`create table "provisioning_event" ("id" uuid not null, "account_id" uuid not null, "occurred_at" timestamptz not null, "actor_type" "actor_type" not null, "actor_id" uuid null, "actor_name" text not null, "action" text not null, "resource_type" text null, "resource_id" uuid null, "outcome" "event_outcome" not null default 'success', "manual" boolean not null default false, "request_id" text null, "detail" jsonb null, constraint "provisioning_event_pkey" primary key ("id"));`);
    this.addSql(`create index "provisioning_event_account_id_occurred_at_id_index" on "provisioning_event" ("account_id", "occurred_at", "id");`);

    this.addSql(`create table "scim_token" ("id" uuid not null, "account_id" uuid not null, "name" text not null, "lookup_id" text not null, "display_prefix" text not null, "secret_hash" bytea not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, constraint "scim_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "scim_token" add constraint "scim_token_lookup_id_unique" unique ("lookup_id");`);
    this.addSql(`create index "scim_token_account_id_created_at_index" on "scim_token" ("account_id", "created_at");`);

    this.addSql(`alter table "api_token" add constraint "api_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "provisioning_event" add constraint "provisioning_event_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "scim_token" add constraint "scim_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_token" drop constraint "api_token_account_id_foreign";`);

    this.addSql(`alter table "provisioning_event" drop constraint "provisioning_event_account_id_foreign";`);

    this.addSql(`alter table "scim_token" drop constraint "scim_token_account_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop table if exists "provisioning_event" cascade;`);

    this.addSql(`drop table if exists "scim_token" cascade;`);

    this.addSql(`drop type "license_type";`);
    this.addSql(`drop type "api_role";`);
    this.addSql(`drop type "actor_type";`);
    this.addSql(`drop type "event_outcome";`);
  }

}
