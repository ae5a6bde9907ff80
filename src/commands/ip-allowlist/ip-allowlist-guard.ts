import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../domain/account/account.entity';
import { ImmutableError, InvalidInputError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { parseCidrs, type Cidr } from '../../domain/ip-allowlist/cidr';
import { normalizeSource } from '../../domain/ip-allowlist/ip-allowlist-entry.entity';
import { IpAllowlistMatcher } from '../../domain/ip-allowlist/ip-allowlist-matcher';
import { displayAddress } from '../../domain/ip-allowlist/cidr';
import type { Ctx } from '../context';
import { accountNotFound } from '../account.queries';

/** Most CIDRs one call may name: Azure's largest service tags have a few thousand prefixes. */
export const MAX_CIDRS_PER_CALL = 10_000;

/** Where a change comes from: the address the request was made from, as the allowlist sees it; null at the CLI. */
export interface RequestOrigin {
  requestAddress: string | null;
  /** Proceed even when the change would lock the request's own address out. */
  force?: boolean;
}

export interface StoredEntry {
  id: string;
  cidr: string;
  source: string;
}

export interface LockedAllowlist {
  account: Account;
  entries: StoredEntry[];
}

/** Validates and normalizes CIDRs; every invalid one is named, and nothing runs when any is. */
export function requireCidrs(raws: readonly string[], options: { allowEmpty: boolean }): Cidr[] {
  if (!Array.isArray(raws)) throw new InvalidInputError('BAD_USER_INPUT', 'cidrs must be a list', { field: 'cidrs' });
  if (raws.length > MAX_CIDRS_PER_CALL)
    throw new InvalidInputError('BAD_USER_INPUT', `At most ${MAX_CIDRS_PER_CALL} CIDRs per call; got ${raws.length}`, { field: 'cidrs' });
  const { cidrs, invalid } = parseCidrs(raws);
  if (invalid.length > 0)
    throw new InvalidInputError('BAD_USER_INPUT', `Not valid IPv4 or IPv6 CIDRs: ${invalid.slice(0, 50).map((c) => JSON.stringify(c)).join(', ')}${invalid.length > 50 ? ` and ${invalid.length - 50} more` : ''}`, {
      field: 'cidrs',
      invalidCidrs: invalid.slice(0, 1000),
    });
  if (cidrs.length === 0 && !options.allowEmpty) throw new InvalidInputError('BAD_USER_INPUT', 'The list of CIDRs is empty', { field: 'cidrs' });
  return cidrs;
}

export function requireSource(raw: string, field = 'source'): string {
  const source = typeof raw === 'string' ? normalizeSource(raw) : null;
  if (!source)
    throw new InvalidInputError('BAD_USER_INPUT', `Invalid source ${JSON.stringify(raw)}: 1–64 letters, digits, spaces, ".", "_", ":" or "-", starting with a letter or digit`, { field });
  return source;
}

/**
 * Locks the account row (every allowlist change queues behind it, so the lock-out check below sees what
 * will be committed) and reads the account's entries: a few thousand short rows at most.
 */
export async function lockAllowlist(em: EntityManager, ctx: Pick<Ctx, 'accountId'>): Promise<LockedAllowlist> {
  const account = await lockAccount(em, ctx);
  const entries = await em.execute<StoredEntry[]>('select id, cidr, source from ip_allowlist_entry where account_id = ?', [account.id]);
  return { account, entries };
}

/** The account row, locked for the rest of the transaction. */
export async function lockAccount(em: EntityManager, ctx: Pick<Ctx, 'accountId'>): Promise<Account> {
  const account = isUuid(ctx.accountId) ? await em.findOne(Account, { id: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!account) throw accountNotFound(ctx.accountId);
  return account;
}

/**
 * The lock-out guard: with enforcement on after the change, an empty list refuses everyone, and a list without
 * the request's address refuses the admin making the change. Either needs `force`.
 */
export function assertNoLockout(enforcedAfter: boolean, cidrsAfter: readonly string[], origin: RequestOrigin): void {
  if (!enforcedAfter || origin.force) return;
  if (cidrsAfter.length === 0)
    throw new ImmutableError('IP_ALLOWLIST_LOCKOUT', 'With enforcement on, an empty IP allowlist would refuse every request; pass force: true to do it anyway', {
      requestAddress: displayAddress(origin.requestAddress),
    });
  if (origin.requestAddress !== null && !IpAllowlistMatcher.compile(cidrsAfter).matches(origin.requestAddress)) {
    const address = displayAddress(origin.requestAddress);
    throw new ImmutableError('IP_ALLOWLIST_LOCKOUT', `This change would refuse requests from your own address ${address}; add it first, or pass force: true`, {
      requestAddress: address,
    });
  }
}

/** Bumps the version every process keys its cached matcher by; only that column, so no settings edit goes stale. */
export async function bumpAllowlistVersion(em: EntityManager, accountId: string): Promise<void> {
  await em.execute('update account set ip_allowlist_version = ip_allowlist_version + 1 where id = ?', [accountId]);
}

/** A PostgreSQL text[] literal, every element quoted: knex would expand a JS array into a list. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export async function insertEntries(
  em: EntityManager,
  ctx: Pick<Ctx, 'accountId' | 'actor' | 'clock'>,
  source: string,
  cidrs: readonly string[],
  description: string | null,
): Promise<void> {
  if (cidrs.length === 0) return;
  // One statement whatever the count; the account lock makes conflicts impossible, ON CONFLICT keeps it harmless.
  await em.execute(
    `insert into ip_allowlist_entry (id, account_id, cidr, description, source, created_by, created_at)
     select gen_random_uuid(), ?, c, ?, ?, ?, ? from unnest(?::text[]) as c
     on conflict (account_id, source, cidr) do nothing`,
    [ctx.accountId, description, source, ctx.actor.name, ctx.clock.now(), textArray(cidrs)],
  );
}

export async function deleteEntries(em: EntityManager, accountId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await em.execute('delete from ip_allowlist_entry where account_id = ? and id = any(?::uuid[])', [accountId, `{${ids.join(',')}}`]);
}

export function normalizeDescription(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const description = raw.trim();
  if (description.length > 500) throw new InvalidInputError('BAD_USER_INPUT', 'A description has at most 500 characters', { field: 'description' });
  return description || null;
}

/** A bounded sample of CIDRs for an audit row: what changed, never a whole payload. */
export function sample(cidrs: readonly string[], max = 50): { cidrs: string[]; more: number } {
  return { cidrs: cidrs.slice(0, max), more: Math.max(0, cidrs.length - max) };
}
