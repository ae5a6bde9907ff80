import type { EntityManager } from '@mikro-orm/postgresql';
import { rowDate } from '../../db/sql-rows';
import { InvalidInputError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { IpAllowlistEntry } from '../../domain/ip-allowlist/ip-allowlist-entry.entity';
import type { Ctx } from '../context';

export interface SourceCount {
  source: string;
  count: number;
  /** The newest remaining entry's creation time (entries are never edited in place); a removal can move it back. */
  lastChangedAt: Date;
}

export interface IpAllowlistPage {
  entries: IpAllowlistEntry[];
  hasNextPage: boolean;
}

/** Keyset position in the list's order (source, cidr), which the unique constraint makes total. */
export interface IpAllowlistKey {
  source: string;
  cidr: string;
}

export const MAX_PAGE_SIZE = 1000;

/** One page of entries ordered by source then CIDR text, optionally of one source. */
export async function listIpAllowlistEntries(
  ctx: Pick<Ctx, 'em' | 'accountId'>,
  options: { source?: string | null; first: number; after?: IpAllowlistKey | null },
): Promise<IpAllowlistPage> {
  if (!Number.isInteger(options.first) || options.first < 0 || options.first > MAX_PAGE_SIZE)
    throw new InvalidInputError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  if (!isUuid(ctx.accountId)) return { entries: [], hasNextPage: false };
  const after = options.after;
  const rows = await ctx.em.find(
    IpAllowlistEntry,
    {
      account: ctx.accountId,
      ...(options.source != null ? { source: options.source } : {}),
      ...(after ? { $or: [{ source: { $gt: after.source } }, { source: after.source, cidr: { $gt: after.cidr } }] } : {}),
    },
    { orderBy: { source: 'asc', cidr: 'asc' }, limit: options.first + 1 },
  );
  return { entries: rows.slice(0, options.first), hasNextPage: rows.length > options.first };
}

/** Every entry of the account, for an operator's listing (the CLI); the API pages instead. */
export async function listAllIpAllowlistEntries(ctx: Pick<Ctx, 'em' | 'accountId'>, source?: string | null): Promise<IpAllowlistEntry[]> {
  if (!isUuid(ctx.accountId)) return [];
  return ctx.em.find(IpAllowlistEntry, { account: ctx.accountId, ...(source != null ? { source } : {}) }, { orderBy: { source: 'asc', cidr: 'asc' } });
}

/** How many entries each source has and when it last gained one, in source order, in one grouped statement. */
export async function countIpAllowlistEntriesBySource(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<SourceCount[]> {
  if (!isUuid(ctx.accountId)) return [];
  const rows = await ctx.em.execute<{ source: string; count: string; last_changed_at: Date | string }[]>(
    'select source, count(*) as count, max(created_at) as last_changed_at from ip_allowlist_entry where account_id = ? group by source order by source',
    [ctx.accountId],
  );
  return rows.map((r) => ({ source: r.source, count: Number(r.count), lastChangedAt: rowDate(r.last_changed_at) }));
}

export interface IpAllowlistSnapshot {
  version: number;
  cidrs: string[];
}

/**
 * The account's allowlist version and every CIDR in one statement, so the CIDRs are exactly those of the
 * version returned: a matcher cached under it is never older than its key. Null when the account is gone.
 */
export async function loadIpAllowlistSnapshot(em: EntityManager, accountId: string): Promise<IpAllowlistSnapshot | null> {
  const rows = await em.execute<{ version: number; cidr: string | null }[]>(
    `select a.ip_allowlist_version as version, e.cidr
       from account a left join ip_allowlist_entry e on e.account_id = a.id
      where a.id = ?`,
    [accountId],
  );
  if (rows.length === 0) return null;
  return { version: Number(rows[0]!.version), cidrs: rows.flatMap((r) => (r.cidr === null ? [] : [r.cidr])) };
}

/** Read from the row now, not from an identity map a command of the same request may have made stale. */
export async function getIpAllowlistEnforced(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<boolean> {
  if (!isUuid(ctx.accountId)) return false;
  const rows = await ctx.em.execute<{ enforced: boolean }[]>('select ip_allowlist_enforced as enforced from account where id = ?', [ctx.accountId]);
  return rows[0]?.enforced ?? false;
}
