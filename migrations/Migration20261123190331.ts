import { Migration } from '@mikro-orm/migrations';

export class Migration20261123190331 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "rate_limit_per_second" int null;`);
    // rate-limiter-flexible's counters: UNLOGGED, so counting a request writes no WAL (a crash resets the windows).
    this.addSql(`create unlogged table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit";`);
    this.addSql(`alter table "account" drop column "rate_limit_per_second";`);
  }

}
