import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { initOrm } from '../../src/db/orm';
import { createLogger } from '../../src/http/logger';
import { runSoak } from '../../scripts/soak/soak-load';
import { seedSoakAccounts } from '../../scripts/soak/soak-setup';
import { createTestDatabase } from '../support/test-database';

/**
 * CI SOAK (30 s): the CI version of `npm run soak` (10 minutes, scripts/soak.ts) — the same 4 accounts × 40
 * requests/s of mixed SCIM traffic under the default rate limit, on loopback. It asserts what must hold on any
 * machine: every request sent answered as expected (no 429, no 5xx, no dropped connection) and no runaway heap.
 * The latency target (p99 < 300 ms), shed load and the 1 MB/min heap target are judged by `npm run soak` on a
 * machine of its own: here the two cores are shared with another jest worker, so they are printed, not asserted.
 * SOAK_CI_SECONDS changes the length.
 */
const SECONDS = Number(process.env['SOAK_CI_SECONDS'] ?? 30);

it(`[CI soak, ${SECONDS} s] 4 accounts × 40 req/s of mixed SCIM traffic: 0 errors, bounded heap`, async () => {
  const db = await createTestDatabase();
  const orm = await initOrm({ clientUrl: db.url });
  const config = loadConfig({ PUBLIC_BASE_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn' });
  const { app, close } = await buildApp({ orm, config, logger: createLogger('warn') });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { accounts, users } = await seedSoakAccounts(orm, origin, 4, 100);
    const report = await runSoak({ origin, accounts, requestsPerSecondPerAccount: 40, durationMs: SECONDS * 1000, windowMs: 10_000, maxInFlight: 256 }, users);
    process.stdout.write(
      `[soak-ci] ${report.requests} requests in ${SECONDS} s, ${report.errors} errors, ${report.shed} shed (not kept up with), p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, ` +
        `heap ${report.windows.map((w) => w.heapMb).join(' → ')} MB (${report.heapGrowthMbPerMin} MB/min${report.heapAfterGc ? ', after full GC' : ', without GC'})\n`,
    );
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.requests + report.shed).toBeGreaterThanOrEqual(4 * 40 * SECONDS * 0.95);
    // Post-GC heap, the backlog bounded by maxInFlight: a leak per request would show as tens of MB here.
    expect(report.heapAfterGc).toBe(true);
    expect(report.windows.at(-1)!.heapMb - report.windows[0]!.heapMb).toBeLessThan(30);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await close();
    await orm.close(true);
    await db.drop();
  }
}, 300_000);
