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
 * SOAK_CI_SECONDS changes the length.
 */
const SECONDS = Number(process.env['SOAK_CI_SECONDS'] ?? 30);

it(`[CI soak, ${SECONDS} s] 4 accounts × 40 req/s of mixed SCIM traffic: 0 errors`, async () => {
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
