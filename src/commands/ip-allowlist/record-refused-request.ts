import { inTransaction } from '../../db/unit-of-work';
import { EventOutcome } from '../../domain/provisioning/provisioning-event.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';

export interface RefusedRequest {
  /** The client address as the allowlist saw it. */
  address: string;
  transport: 'scim' | 'graphql';
  method: string;
  path: string;
  /** Refusals of the same token from the same address not recorded since the last event (see RefusalThrottle). */
  suppressed: number;
}

/** The audit row of a request the allowlist refused: one INSERT, in a transaction of its own. */
export async function recordRefusedRequest(ctx: Ctx, refused: RefusedRequest): Promise<void> {
  await inTransaction(ctx, async (em) => {
    recordEvent(em, ctx, 'ip_allowlist.request_refused', {
      resourceType: 'IpAllowlist',
      outcome: EventOutcome.FAILURE,
      detail: { address: refused.address, tokenName: ctx.actor.name, transport: refused.transport, method: refused.method, path: refused.path, suppressed: refused.suppressed },
    });
  });
}

interface Slot {
  lastAt: number;
  suppressed: number;
}

/**
 * Decides which refusals get an audit row, so a flood from outside the list cannot turn into a flood of
 * INSERTs: at most one row per (account, token, address) per `windowMs`, and at most `perSecond` rows per
 * second in all, per process. The token is in the key so that each of an account's tokens refused from one
 * address (an IdP's SCIM token and an admin's API token behind the same NAT) shows in the audit trail. Rows carry how many refusals were skipped before them. This is about the cost of the audit
 * trail, not about who gets in: every refused request is refused, whatever this says.
 */
export class RefusalThrottle {
  private readonly slots = new Map<string, Slot>();
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
    private readonly perSecond = 20,
    private readonly maxKeys = 10_000,
  ) {
    this.tokens = perSecond;
    this.refilledAt = now();
  }

  /** The count of skipped refusals to report when this one should be recorded, or null to skip it. */
  admit(accountId: string, tokenId: string | null, address: string): number | null {
    const now = this.now();
    const key = `${accountId} ${tokenId ?? '-'} ${address}`;
    const slot = this.slots.get(key);
    if (slot && now - slot.lastAt < this.windowMs) {
      slot.suppressed++;
      return null;
    }
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) {
      if (slot) slot.suppressed++;
      return null;
    }
    this.tokens -= 1;
    const suppressed = slot?.suppressed ?? 0;
    this.slots.delete(key);
    this.slots.set(key, { lastAt: now, suppressed: 0 });
    if (this.slots.size > this.maxKeys) this.prune(now);
    return suppressed;
  }

  private prune(now: number): void {
    for (const [key, slot] of this.slots) if (now - slot.lastAt >= this.windowMs) this.slots.delete(key);
    while (this.slots.size > this.maxKeys) this.slots.delete(this.slots.keys().next().value!);
  }
}
