import { Migration } from '@mikro-orm/migrations';

export class Migration20261123190054 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "sso_match_type" as enum ('exact', 'pattern');`);
    this.addSql(`create table "sso_mapping_rule" ("id" uuid not null, "account_id" uuid not null, "claim_value" text not null, "claim_key" text not null, "match_type" "sso_match_type" not null default 'exact', "group_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sso_mapping_rule_pkey" primary key ("id"));`);
    this.addSql(`create index "sso_mapping_rule_group_index" on "sso_mapping_rule" ("group_id");`);
    this.addSql(`alter table "sso_mapping_rule" add constraint "sso_mapping_rule_account_claim_group_unique" unique ("account_id", "claim_key", "group_id");`);

    this.addSql(`alter table "sso_mapping_rule" add constraint "sso_mapping_rule_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sso_mapping_rule" add constraint "sso_mapping_rule_group_id_foreign" foreign key ("group_id") references "app_group" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sso_mapping_rule" cascade;`);

    this.addSql(`drop type "sso_match_type";`);
  }

}
