import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';

/** Source tag of entries an admin adds by hand; sync scripts use their own (`AzureActiveDirectory`, `okta`). */
export const MANUAL_SOURCE = 'manual';

/**
 * One range an account accepts requests from. `cidr` is normalized (see `parseCidr`), so the same range
 * cannot be stored twice under one source; `source` lets a sync script replace its own entries only.
 */
@Entity({ tableName: 'ip_allowlist_entry' })
@Unique({ name: 'ip_allowlist_entry_account_source_cidr_unique', properties: ['account', 'source', 'cidr'] })
export class IpAllowlistEntry {
  [OptionalProps]?: 'id' | 'createdAt' | 'description';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'text' })
  cidr!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'text' })
  source!: string;

  /** The actor's name (token name, or `cli`), never a secret. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,63}$/;

/** A source tag is a short name: letters, digits, space, `.`, `_`, `:`, `-`; at most 64 characters. */
export function normalizeSource(raw: string): string | null {
  const source = raw.trim();
  return SOURCE.test(source) ? source : null;
}
