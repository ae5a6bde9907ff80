import { Migration } from '@mikro-orm/migrations';

export class Migration20261207040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "rate_limit_burst" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account" drop column "rate_limit_burst";`);
  }

}
