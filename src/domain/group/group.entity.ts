import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import { ManagedBy } from '../user/user.entity';

/**
 * A team in an account. Its members are rows of GroupMembership, never a collection loaded to change them.
 * `version` is bumped in SQL by every change (members included) under a row lock, not by the ORM's
 * optimistic lock: concurrent member changes must serialize, not fail each other.
 */
@Entity({ tableName: 'app_group' })
@Unique({ name: 'app_group_account_display_name_unique', properties: ['account', 'displayNameKey'] })
@Unique({ name: 'app_group_account_external_id_unique', properties: ['account', 'externalId'] })
@Index({ name: 'app_group_account_id_index', properties: ['account', 'id'] })
export class Group {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version' | 'managedBy' | 'memberCount' | 'externalId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'text' })
  displayName!: string;

  /** NFC, lower case: uniqueness and license mappings compare names ignoring case. */
  @Property({ type: 'text' })
  displayNameKey!: string;

  @Property({ type: 'text', nullable: true })
  externalId: string | null = null;

  @Enum({ items: () => ManagedBy, nativeEnumName: 'managed_by' })
  managedBy: ManagedBy = ManagedBy.MANUAL;

  /** Kept by the same statement that changes memberships, so counting never reads them. */
  @Property({ type: 'integer' })
  memberCount: number = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'integer' })
  version: number = 1;
}
