import { MANUAL_SOURCE } from '../../domain/ip-allowlist/ip-allowlist-entry.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { bumpAllowlistVersion, insertEntries, lockAllowlist, normalizeDescription, requireCidrs, requireSource, sample } from './ip-allowlist-guard';

export interface AddIpAllowlistEntriesInput {
  cidrs: string[];
  /** Default `manual`. */
  source?: string | null;
  description?: string | null;
}

export interface AddIpAllowlistEntriesResult {
  source: string;
  /** Normalized CIDRs that were new to the source. */
  added: string[];
  /** How many were already there (unchanged, description included). */
  unchanged: number;
}

/** Adds CIDRs to one source; adding only widens the list, so it needs no lock-out check. */
export async function addIpAllowlistEntries(ctx: Ctx, input: AddIpAllowlistEntriesInput): Promise<AddIpAllowlistEntriesResult> {
  const cidrs = requireCidrs(input.cidrs, { allowEmpty: false }).map((c) => c.text);
  const source = requireSource(input.source ?? MANUAL_SOURCE);
  const description = normalizeDescription(input.description);
  return runRecorded(ctx, { action: 'ip_allowlist.entries_added', resourceType: 'IpAllowlist' }, async (em) => {
    const { entries } = await lockAllowlist(em, ctx);
    const present = new Set(entries.filter((e) => e.source === source).map((e) => e.cidr));
    const added = cidrs.filter((c) => !present.has(c));
    if (added.length > 0) {
      await insertEntries(em, ctx, source, added, description);
      await bumpAllowlistVersion(em, ctx.accountId);
      recordEvent(em, ctx, 'ip_allowlist.entries_added', { resourceType: 'IpAllowlist', detail: { source, added: added.length, ...sample(added) } });
    }
    return { source, added, unchanged: cidrs.length - added.length };
  });
}
