import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184349 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "email_outbox" add column "next_attempt_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "email_outbox" drop column "next_attempt_at";`);
  }

}
