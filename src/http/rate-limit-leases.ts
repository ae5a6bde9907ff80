import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A lease is at most this share of a window's budget, so points a process leases but does not use stay few. */
const LEASE_SHARE = 20;

const SWEEP_AT = 10_000;

interface Lease {
  left: number;
  /** When the window it was counted in ends (ms since the epoch). */
  until: number;
}

/**
 * Takes points from the shared counter a few at a time: a process counts `burst / 20` requests with one upsert
 * and serves them from memory until its window ends. rate-limiter-flexible counts one consume per call, and one
 * shared database round trip per request was a fifth of a small request's cost; the library has no batching,
 * hence these few lines. A limit still holds across processes, since every point served was counted in the
 * shared row first; the price is that points a process leased but did not use before its window ended are lost
 * to the others (at most `burst / 20` per process and window). Small bursts (under 40) are counted one by one.
 */
export class RateLimitLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Map<string, Promise<unknown>>();

  /** Counts one request for `key`; rejects with the library's RateLimiterRes when over the limit. */
  async take(limiter: RateLimiterAbstract, counterKey: string): Promise<void> {
    // A lease belongs to one rule: a limit changed mid-window is applied from the next request.
    const key = `${limiter.points}/${limiter.duration}|${counterKey}`;
    for (;;) {
      if (this.takeLeased(key)) return;
      const inFlight = this.pending.get(key);
      if (!inFlight) break;
      // Another request of this process is leasing for this key: wait for it rather than count twice.
      await inFlight.catch(() => undefined);
    }
    const leasing = this.lease(limiter, key, counterKey);
    this.pending.set(key, leasing);
    try {
      await leasing;
    } finally {
      this.pending.delete(key);
    }
  }

  private takeLeased(key: string): boolean {
    const lease = this.leases.get(key);
    if (!lease || lease.left <= 0 || lease.until <= Date.now()) return false;
    lease.left -= 1;
    return true;
  }

  /** Counts a lease and takes its first point for the calling request. */
  private async lease(limiter: RateLimiterAbstract, key: string, counterKey: string): Promise<void> {
    const size = Math.max(1, Math.floor(limiter.points / LEASE_SHARE));
    const startedAt = Date.now();
    // Expired leases are forgotten now and then, so the keys of idle tokens do not pile up.
    if (this.leases.size >= SWEEP_AT) for (const [k, lease] of this.leases) if (lease.until <= startedAt) this.leases.delete(k);
    try {
      const res = await limiter.consume(counterKey, size);
      this.leases.set(key, { left: size - 1, until: startedAt + res.msBeforeNext });
    } catch (error) {
      // The upsert adds atomically: the points that were still free before this lease's were counted for it,
      // so a lease that overshot the limit still holds them (a counter past the limit only means "full").
      if (!(error instanceof RateLimiterRes) || size === 1) throw error;
      const free = limiter.points - (error.consumedPoints - size);
      if (error.consumedPoints <= limiter.points || free <= 0) throw error;
      this.leases.set(key, { left: free - 1, until: startedAt + error.msBeforeNext });
    }
  }
}
