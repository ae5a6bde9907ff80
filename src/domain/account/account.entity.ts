import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { LicenseType } from './license-type';

@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version' | 'ipAllowlistVersion' | keyof AccountSettings;

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'boolean' })
  scimEnabled: boolean = false;

  /** Off by default: SCIM-managed users and groups are then read-only to admins (the seeds' rule). */
  @Property({ type: 'boolean' })
  allowManualUpdates: boolean = false;

  /** When on, the SCIM `licenseType` attribute overrides license mappings. */
  @Property({ type: 'boolean' })
  scimLicenseManagement: boolean = false;

  @Enum({ items: () => LicenseType, nativeEnumName: 'license_type', nullable: true })
  defaultLicenseType: LicenseType | null = null;

  @Property({ type: 'boolean' })
  ipAllowlistEnforced: boolean = false;

  /**
   * Bumped in the same transaction as every change to the IP allowlist entries or `ipAllowlistEnforced`. It comes
   * with the account row the token look-up loads, so a per-process matcher keyed by it is never stale.
   */
  @Property({ type: 'integer', default: 0 })
  ipAllowlistVersion: number = 0;

  /** dbt's rule, on by default: userName is the primary email, so SSO and SCIM name one person. */
  @Property({ type: 'boolean' })
  userNameMustMatchEmail: boolean = true;

  /**
   * Requests per second for this account, all its tokens together and each token alone; null: the server's
   * configured defaults. Set by the operator (`roster accounts rate-limit`), never by an admin of the account.
   */
  @Property({ type: 'integer', nullable: true })
  rateLimitPerSecond: number | null = null;

  /** Requests allowed at once under `rateLimitPerSecond`; null: four seconds' worth of it. */
  @Property({ type: 'integer', nullable: true })
  rateLimitBurst: number | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: number;

  constructor(name: string) {
    this.name = name;
  }
}

export type AccountSettings = Pick<
  Account,
  'scimEnabled' | 'allowManualUpdates' | 'scimLicenseManagement' | 'defaultLicenseType' | 'ipAllowlistEnforced' | 'userNameMustMatchEmail'
>;
