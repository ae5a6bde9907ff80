import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import type { User } from './user.entity';

/**
 * One SCIM `emails` value. A row of its own (not JSON) so that filters on `emails.value`, including value
 * paths like `emails[type eq "work"].value`, are answered by an index.
 */
@Entity({ tableName: 'user_email' })
@Index({ name: 'user_email_account_value_index', properties: ['account', 'valueKey'] })
@Index({ name: 'user_email_user_index', properties: ['user', 'position'] })
export class UserEmail {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @ManyToOne('User', { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  value!: string;

  /** `value` in lower case: SCIM compares email values ignoring case. */
  @Property({ type: 'text' })
  valueKey!: string;

  @Property({ type: 'text', nullable: true })
  type: string | null = null;

  @Property({ type: 'boolean' })
  primary: boolean = false;

  @Property({ type: 'text', nullable: true })
  display: string | null = null;
}
