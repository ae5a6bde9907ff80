import { ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';

export enum TokenState {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}

/** Whether a token with these dates still authenticates: not revoked and not past its expiry. */
export function tokenUsableAt(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now);
}

/** What SCIM and API tokens share: a named credential of one account, stored only as a digest. */
export abstract class BearerToken {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', unique: true })
  lookupId!: string;

  @Property({ type: 'text' })
  displayPrefix!: string;

  @Property({ type: 'blob', lazy: true, hidden: true })
  secretHash!: Buffer;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  isUsableAt(now: Date): boolean {
    return tokenUsableAt(this, now);
  }

  /** Revocation wins over expiry: a revoked token stays revoked whatever its expiry said. */
  stateAt(now: Date): TokenState {
    if (this.revokedAt !== null) return TokenState.REVOKED;
    return this.isUsableAt(now) ? TokenState.ACTIVE : TokenState.EXPIRED;
  }
}
