import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/http/logger';
import { runSoak, type SoakWindow } from './soak/soak-load';
import { seedSoakAccounts } from './soak/soak-setup';
import { startSoakServer } from './soak/soak-worker';

/**
 * `npm run soak`: Roster on loopback with its own embedded PostgreSQL, 4 accounts × 40 requests/s of mixed SCIM
 * traffic under the default rate limit, for 10 minutes (SOAK_DURATION_S to change), then it stops by itself.
 * Reports p99, errors and heap per minute; exits 1 when a target is missed: 0 errors, p99 < 300 ms, heap
 * growth < 1 MB/min. Heap figures follow a full GC; past 256 requests waiting, scheduled ones are shed and counted.
 */
const DURATION_S = Number(process.env['SOAK_DURATION_S'] ?? 600);
const WINDOW_S = Number(process.env['SOAK_WINDOW_S'] ?? 60);
const ACCOUNTS = 4;
const RATE = Number(process.env['SOAK_RATE'] ?? 40);
const TARGETS = { p99Ms: 300, heapGrowthMbPerMin: 1 };

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-soak-'));
  const config = loadConfig({ ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, createLogger('warn'));
  // The server runs in a worker thread of its own: the load generator does not take its event loop's time,
  // and its heap is measured alone.
  const server = await startSoakServer(db.orm.config.get('clientUrl'));
  const origin = server.origin;
  let exitCode = 1;
  try {
    process.stdout.write(`soak: seeding ${ACCOUNTS} accounts on ${origin}\n`);
    const { accounts, users } = await seedSoakAccounts(db.orm, origin, ACCOUNTS, 200);
    process.stdout.write(`soak: ${ACCOUNTS} accounts × ${RATE} req/s for ${DURATION_S} s (rate limit: ${JSON.stringify(config.rateLimit)})\n`);
    const cpu0 = process.cpuUsage();
    let previousHeap: number | null = null;
    const report = await runSoak(
      {
        origin,
        accounts,
        requestsPerSecondPerAccount: RATE,
        durationMs: DURATION_S * 1000,
        windowMs: WINDOW_S * 1000,
        maxInFlight: 256,
        heapProbe: () => server.heapMb(),
        onWindow: (w: SoakWindow) => {
          const growth = previousHeap === null ? '' : ` (${w.heapMb >= previousHeap ? '+' : ''}${Math.round((w.heapMb - previousHeap) * 100) / 100} MB)`;
          previousHeap = w.heapMb;
          process.stdout.write(`soak: window ${w.index} (${WINDOW_S} s): ${w.requests} requests, ${w.errors} errors, ${w.shed} shed, p50 ${w.p50Ms} ms, p99 ${w.p99Ms} ms, server heap after GC ${w.heapMb} MB${growth}\n`);
        },
      },
      users,
    );
    const cpu = process.cpuUsage(cpu0);
    const { windows: _windows, ...summary } = report;
    process.stdout.write(`soak: this process (server and load generator) used ${Math.round((cpu.user + cpu.system) / 1000 / report.requests * 100) / 100} ms of CPU per request\n`);
    process.stdout.write(`soak: summary ${JSON.stringify(summary)}\n`);
    const missed = [
      report.errors > 0 ? `${report.errors} errors` : null,
      report.shed > 0 ? `${report.shed} requests shed (the server did not keep up with ${ACCOUNTS * RATE} req/s)` : null,
      report.p99Ms >= TARGETS.p99Ms ? `p99 ${report.p99Ms} ms ≥ ${TARGETS.p99Ms} ms` : null,
      report.heapGrowthMbPerMin >= TARGETS.heapGrowthMbPerMin ? `heap growth ${report.heapGrowthMbPerMin} MB/min ≥ ${TARGETS.heapGrowthMbPerMin}` : null,
    ].filter(Boolean);
    process.stdout.write(missed.length ? `soak: MISSED ${missed.join('; ')}\n` : 'soak: all targets met\n');
    exitCode = missed.length ? 1 : 0;
  } finally {
    await server.stop();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // Explicitly: the embedded PostgreSQL's exit hook would otherwise decide the status.
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
