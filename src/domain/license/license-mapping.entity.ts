import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import { LicenseType } from '../account/license-type';

/** Members of groups with this name (ignoring case) get this license, unless a higher-ranked mapping applies. */
@Entity({ tableName: 'license_mapping' })
@Unique({ name: 'license_mapping_account_group_name_unique', properties: ['account', 'groupNameKey'] })
export class LicenseMapping {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'text' })
  groupName!: string;

  @Property({ type: 'text' })
  groupNameKey!: string;

  @Enum({ items: () => LicenseType, nativeEnumName: 'license_type' })
  licenseType!: LicenseType;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
