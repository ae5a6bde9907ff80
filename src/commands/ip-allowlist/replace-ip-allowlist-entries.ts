import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import {
  assertNoLockout,
  bumpAllowlistVersion,
  deleteEntries,
  insertEntries,
  lockAllowlist,
  normalizeDescription,
  requireCidrs,
  requireSource,
  sample,
  type RequestOrigin,
} from './ip-allowlist-guard';

export interface ReplaceIpAllowlistEntriesInput extends RequestOrigin {
  source: string;
  /** The source's complete new set; never empty (a sync that read nothing must not wipe the list). */
  cidrs: string[];
  /** Given to the entries this call adds; entries kept keep theirs. */
  description?: string | null;
  /** Compute the result, lock-out check included, and change nothing. */
  dryRun?: boolean;
}

export interface ReplaceIpAllowlistEntriesResult {
  source: string;
  added: string[];
  removed: string[];
  unchanged: number;
  dryRun: boolean;
}

/**
 * Makes one source's entries exactly `cidrs`, in one transaction: other sources are untouched, and a reader
 * (or another process's matcher) sees the old set or the new one, never a half-written list.
 */
export async function replaceIpAllowlistEntries(ctx: Ctx, input: ReplaceIpAllowlistEntriesInput): Promise<ReplaceIpAllowlistEntriesResult> {
  const source = requireSource(input.source);
  const cidrs = requireCidrs(input.cidrs, { allowEmpty: false }).map((c) => c.text);
  const description = normalizeDescription(input.description);
  const dryRun = !!input.dryRun;
  return runRecorded(ctx, { action: 'ip_allowlist.entries_replaced', resourceType: 'IpAllowlist' }, async (em) => {
    const { account, entries } = await lockAllowlist(em, ctx);
    const wanted = new Set(cidrs);
    const current = entries.filter((e) => e.source === source);
    const currentCidrs = new Set(current.map((e) => e.cidr));
    const removedEntries = current.filter((e) => !wanted.has(e.cidr));
    const added = cidrs.filter((c) => !currentCidrs.has(c));
    const removed = removedEntries.map((e) => e.cidr);
    const result = { source, added, removed, unchanged: cidrs.length - added.length, dryRun };
    if (added.length === 0 && removed.length === 0) return result;

    const after = [...entries.filter((e) => e.source !== source).map((e) => e.cidr), ...cidrs];
    assertNoLockout(account.ipAllowlistEnforced, after, input);
    if (dryRun) return result;
    await deleteEntries(em, ctx.accountId, removedEntries.map((e) => e.id));
    await insertEntries(em, ctx, source, added, description);
    await bumpAllowlistVersion(em, ctx.accountId);
    recordEvent(em, ctx, 'ip_allowlist.entries_replaced', {
      resourceType: 'IpAllowlist',
      detail: { source, added: added.length, removed: removed.length, unchanged: result.unchanged, forced: !!input.force, addedSample: sample(added), removedSample: sample(removed) },
    });
    return result;
  });
}
