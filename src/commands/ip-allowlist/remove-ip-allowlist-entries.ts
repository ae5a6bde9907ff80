import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assertNoLockout, bumpAllowlistVersion, deleteEntries, lockAllowlist, requireCidrs, requireSource, sample, type RequestOrigin } from './ip-allowlist-guard';

export interface RemoveIpAllowlistEntriesInput extends RequestOrigin {
  cidrs: string[];
  /** Only this source's entries; null or omitted: the CIDRs under every source. */
  source?: string | null;
}

export interface RemoveIpAllowlistEntriesResult {
  /** Normalized CIDRs removed (one per source they were removed from). */
  removed: string[];
  /** Named CIDRs that were not in the list. */
  notFound: string[];
}

/** Removes CIDRs, refusing (unless forced) when enforcement is on and the list would no longer admit the caller. */
export async function removeIpAllowlistEntries(ctx: Ctx, input: RemoveIpAllowlistEntriesInput): Promise<RemoveIpAllowlistEntriesResult> {
  const cidrs = requireCidrs(input.cidrs, { allowEmpty: false }).map((c) => c.text);
  const source = input.source == null ? null : requireSource(input.source);
  return runRecorded(ctx, { action: 'ip_allowlist.entries_removed', resourceType: 'IpAllowlist' }, async (em) => {
    const { account, entries } = await lockAllowlist(em, ctx);
    const wanted = new Set(cidrs);
    const gone = entries.filter((e) => wanted.has(e.cidr) && (source === null || e.source === source));
    const goneIds = new Set(gone.map((e) => e.id));
    const found = new Set(gone.map((e) => e.cidr));
    const notFound = cidrs.filter((c) => !found.has(c));
    if (gone.length > 0) {
      assertNoLockout(account.ipAllowlistEnforced, entries.filter((e) => !goneIds.has(e.id)).map((e) => e.cidr), input);
      await deleteEntries(em, ctx.accountId, [...goneIds]);
      await bumpAllowlistVersion(em, ctx.accountId);
      const removed = gone.map((e) => e.cidr);
      recordEvent(em, ctx, 'ip_allowlist.entries_removed', {
        resourceType: 'IpAllowlist',
        detail: { source, removed: removed.length, forced: !!input.force, ...sample(removed) },
      });
    }
    return { removed: gone.map((e) => e.cidr), notFound };
  });
}
