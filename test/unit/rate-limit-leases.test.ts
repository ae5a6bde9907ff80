import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitLeases } from '../../src/http/rate-limit-leases';

/** How many of `n` takes pass, taken in parallel batches of `parallel` and spread over the given processes' leases. */
async function admitted(limiter: RateLimiterMemory, processes: RateLimitLeases[], n: number, parallel = 10): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, n - i) }, (_, j) => processes[(i + j) % processes.length]!.take(limiter, 'k'));
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === 'fulfilled') ok++;
      else expect(r.reason).toBeInstanceOf(RateLimiterRes);
    }
  }
  return ok;
}

describe('rate limit leases', () => {
  it('counts a lease of burst / 20 points with one consume and serves the rest from memory', async () => {
    const limiter = new RateLimiterMemory({ points: 200, duration: 60 });
    const leases = new RateLimitLeases();
    await leases.take(limiter, 'k');
    expect((await limiter.get('k'))?.consumedPoints).toBe(10);
    for (let i = 0; i < 9; i++) await leases.take(limiter, 'k');
    expect((await limiter.get('k'))?.consumedPoints).toBe(10);
    await leases.take(limiter, 'k');
    expect((await limiter.get('k'))?.consumedPoints).toBe(20);
  });

  it('lets parallel requests of one process share one lease instead of counting one each', async () => {
    const limiter = new RateLimiterMemory({ points: 200, duration: 60 });
    const leases = new RateLimitLeases();
    await Promise.all(Array.from({ length: 10 }, () => leases.take(limiter, 'k')));
    expect((await limiter.get('k'))?.consumedPoints).toBe(10);
  });

  it('admits exactly the burst in one process, the last lease included when it overshoots', async () => {
    // 205 points do not divide into leases of 10: the last lease holds the 5 points still free.
    const limiter = new RateLimiterMemory({ points: 205, duration: 60 });
    expect(await admitted(limiter, [new RateLimitLeases()], 300)).toBe(205);
  });

  it('never admits more than the burst across processes sharing one counter', async () => {
    const limiter = new RateLimiterMemory({ points: 200, duration: 60 });
    const processes = [new RateLimitLeases(), new RateLimitLeases(), new RateLimitLeases()];
    const ok = await admitted(limiter, processes, 400);
    expect(ok).toBeLessThanOrEqual(200);
    // Leased, unused points are lost to the others: at most one lease (10) per process.
    expect(ok).toBeGreaterThanOrEqual(200 - 3 * 10);
  });

  it('counts small bursts one by one, so they are exact across processes', async () => {
    const limiter = new RateLimiterMemory({ points: 30, duration: 60 });
    expect(await admitted(limiter, [new RateLimitLeases(), new RateLimitLeases()], 60)).toBe(30);
  });

  it('starts a new lease in the next window', async () => {
    const limiter = new RateLimiterMemory({ points: 40, duration: 1 });
    const leases = new RateLimitLeases();
    expect(await admitted(limiter, [leases], 50, 1)).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await leases.take(limiter, 'k');
    expect((await limiter.get('k'))?.consumedPoints).toBe(2);
  });

  it('applies a changed rule from the next request, not after the old lease runs out', async () => {
    const before = new RateLimiterMemory({ points: 200, duration: 60 });
    const after = new RateLimiterMemory({ points: 1, duration: 60 });
    const leases = new RateLimitLeases();
    await leases.take(before, 'k');
    await leases.take(after, 'k');
    await expect(leases.take(after, 'k')).rejects.toBeInstanceOf(RateLimiterRes);
  });
});
