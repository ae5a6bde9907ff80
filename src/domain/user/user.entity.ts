import { Cascade, Collection, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import { LicenseSource, LicenseType } from '../account/license-type';
import { UserEmail } from './user-email.entity';

export enum ManagedBy {
  SCIM = 'scim',
  MANUAL = 'manual',
}

export interface PhoneNumber {
  value: string;
  type?: string | null;
  primary?: boolean;
  display?: string | null;
}

/**
 * A person in an account. SCIM attributes are stored as the IdP last sent them; `email` is the product's
 * effective sign-in address, which changes only once a new address is confirmed.
 */
@Entity({ tableName: 'app_user' })
@Unique({ name: 'app_user_account_user_name_unique', properties: ['account', 'userNameKey'] })
@Unique({ name: 'app_user_account_external_id_unique', properties: ['account', 'externalId'] })
// Lists page by keyset on (account, id): a stable order whose cost does not grow with the page's depth.
@Index({ name: 'app_user_account_id_index', properties: ['account', 'id'] })
@Index({ name: 'app_user_account_email_index', properties: ['account', 'emailKey'] })
export class User {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'updatedAt'
    | 'version'
    | 'active'
    | 'managedBy'
    | 'emailKey'
    | 'emails'
    | 'phoneNumbers';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  /** As sent by the IdP or admin. */
  @Property({ type: 'text' })
  userName!: string;

  /** `userName` normalized (NFC, lower case): what uniqueness and filters compare. */
  @Property({ type: 'text' })
  userNameKey!: string;

  @Property({ type: 'text', nullable: true })
  externalId: string | null = null;

  @Property({ type: 'text', nullable: true })
  formattedName: string | null = null;

  @Property({ type: 'text', nullable: true })
  familyName: string | null = null;

  @Property({ type: 'text', nullable: true })
  givenName: string | null = null;

  @Property({ type: 'text', nullable: true })
  middleName: string | null = null;

  @Property({ type: 'text', nullable: true })
  honorificPrefix: string | null = null;

  @Property({ type: 'text', nullable: true })
  honorificSuffix: string | null = null;

  @Property({ type: 'text', nullable: true })
  displayName: string | null = null;

  @Property({ type: 'text', nullable: true })
  nickName: string | null = null;

  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Property({ type: 'text', nullable: true })
  userType: string | null = null;

  @Property({ type: 'text', nullable: true })
  preferredLanguage: string | null = null;

  @Property({ type: 'text', nullable: true })
  locale: string | null = null;

  @Property({ type: 'text', nullable: true })
  timezone: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @OneToMany(() => UserEmail, (e) => e.user, { cascade: [Cascade.PERSIST, Cascade.REMOVE], orphanRemoval: true, orderBy: { position: 'asc' } })
  emails = new Collection<UserEmail>(this);

  @Property({ type: 'json' })
  phoneNumbers: PhoneNumber[] = [];

  @Property({ type: 'text', nullable: true })
  employeeNumber: string | null = null;

  @Property({ type: 'text', nullable: true })
  costCenter: string | null = null;

  @Property({ type: 'text', nullable: true })
  organization: string | null = null;

  @Property({ type: 'text', nullable: true })
  division: string | null = null;

  @Property({ type: 'text', nullable: true })
  department: string | null = null;

  /** The manager's id as the IdP sent it (Entra may send any string). */
  @Property({ type: 'text', nullable: true })
  managerValue: string | null = null;

  /** The SCIM license extension's `licenseType`, stored as sent. */
  @Enum({ items: () => LicenseType, nativeEnumName: 'license_type', nullable: true })
  scimLicenseType: LicenseType | null = null;

  /** The license the user holds, resolved by the domain (never guessed). */
  @Enum({ items: () => LicenseType, nativeEnumName: 'license_type', nullable: true })
  licenseType: LicenseType | null = null;

  @Enum({ items: () => LicenseSource, nativeEnumName: 'license_source', nullable: true })
  licenseSource: LicenseSource | null = null;

  /** The effective sign-in address of the product; switches on confirmation of a change. */
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  emailKey: string | null = null;

  @Enum({ items: () => ManagedBy, nativeEnumName: 'managed_by' })
  managedBy: ManagedBy = ManagedBy.MANUAL;

  @Property({ type: 'timestamptz', nullable: true })
  invitedAt: Date | null = null;

  /** Null until the person accepts the invitation: only then is the user licensed. */
  @Property({ type: 'timestamptz', nullable: true })
  invitationAcceptedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: number;
}
