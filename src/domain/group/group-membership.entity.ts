import { Entity, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Account } from '../account/account.entity';
import { User } from '../user/user.entity';
import { Group } from './group.entity';

/** One row per (group, user): adding or removing k members touches k rows, whatever the group's size. */
@Entity({ tableName: 'group_membership' })
@Index({ name: 'group_membership_account_user_index', properties: ['account', 'user'] })
export class GroupMembership {
  [PrimaryKeyProp]?: ['group', 'user'];

  @ManyToOne(() => Group, { primary: true, deleteRule: 'cascade' })
  group!: Group;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: User;

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
