import path from 'node:path';
import { initOrm } from '../../src/db/orm';
import { runSoak } from '../../scripts/soak/soak-load';
import { seedSoakAccounts } from '../../scripts/soak/soak-setup';
import { startSoakServer } from '../../scripts/soak/soak-worker';
import { ROOT } from '../support/roster-process';
import { createTestDatabase } from '../support/test-database';

/**
 * CI SOAK (30 s): the CI version of `npm run soak` (10 minutes, scripts/soak.ts) — the same 4 accounts × 40
 * requests/s of mixed SCIM traffic under the default rate limit, on loopback. As in the soak, Roster runs in a
 * worker thread (dist/, built by jest's globalSetup) apart from this load generator, and its heap is read in its
 * own isolate after a full GC at the end of every 5-second window; the growth is the slope over the windows
 * (the first 5 s warm up).
 * Within `npm test` it shares the machine with another suite, which can take most of a 2-core machine, so it
 * asserts what holds under any load: 0 errors, the schedule kept, no leak. With SOAK_CI_TARGETS=1, as CI runs it
 * once more on its own after the suite (.ci/run), it also asserts the soak's p99 < 300 ms and that the server kept
 * up (at most 1 % of the schedule shed: a shed request has no latency to count). Its heap bound is 5 MB/min, not
 * the soak's 1: the heap still settles for the first minutes (+0.3 MB a minute in the 10-minute soak), which
 * alone makes 0.8 MB/min over 30 s; a leak of 1 kB per request would make 9.6.
 * SOAK_CI_SECONDS changes the length.
 */
const SECONDS = Number(process.env['SOAK_CI_SECONDS'] ?? 30);
const TARGETS = process.env['SOAK_CI_TARGETS'] === '1' ? { p99Ms: 300, heapGrowthMbPerMin: 5 } : null;
const title = `[CI soak, ${SECONDS} s] 4 accounts × 40 req/s of mixed SCIM traffic: 0 errors` + (TARGETS ? `, p99 < ${TARGETS.p99Ms} ms, heap growth < ${TARGETS.heapGrowthMbPerMin} MB/min` : '');

it(title, async () => {
  const db = await createTestDatabase();
  const orm = await initOrm({ clientUrl: db.url, poolMax: 4 });
  const server = await startSoakServer(db.url, path.join(ROOT, 'dist', 'scripts', 'soak', 'soak-server.js'));
  try {
    const { accounts, users } = await seedSoakAccounts(orm, server.origin, 4, 100);
    const report = await runSoak(
      { origin: server.origin, accounts, requestsPerSecondPerAccount: 40, durationMs: SECONDS * 1000, windowMs: 5_000, maxInFlight: 256, heapProbe: () => server.heapMb() },
      users,
    );
    process.stdout.write(
      `[soak-ci] ${report.requests} requests in ${SECONDS} s, ${report.errors} errors, ${report.shed} shed, p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, ` +
        `server heap after GC ${report.windows.map((w) => w.heapMb).join(' → ')} MB (${report.heapGrowthMbPerMin} MB/min)\n`,
    );
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    // Every scheduled request was sent or counted as shed: the schedule itself kept up.
    expect(report.requests + report.shed).toBeGreaterThanOrEqual(4 * 40 * SECONDS * 0.95);
    if (TARGETS) {
      expect(report.shed).toBeLessThanOrEqual(4 * 40 * SECONDS * 0.01);
      expect(report.p99Ms).toBeLessThan(TARGETS.p99Ms);
      expect(report.heapGrowthMbPerMin).toBeLessThan(TARGETS.heapGrowthMbPerMin);
    }
    expect(report.heapAfterGc).toBe(true);
    expect(report.windows.length).toBeGreaterThanOrEqual(SECONDS / 5 - 1);
    // Post-GC server heap, the backlog bounded by maxInFlight: a leak per request would show as tens of MB here.
    expect(report.windows.at(-1)!.heapMb - report.windows[0]!.heapMb).toBeLessThan(30);
  } finally {
    await server.stop();
    await orm.close(true);
    await db.drop();
  }
}, 300_000);
