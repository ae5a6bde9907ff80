import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import http, { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app';
import { createAccount } from '../src/commands/create-account';
import { systemClock } from '../src/commands/context';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/http/logger';
import { ActorType } from '../src/domain/provisioning/provisioning-event.entity';

/**
 * What the rate limiter costs: SCIM creates/s with it on and off, on one embedded PostgreSQL (loopback), runs
 * interleaved (off, on, off, on, …) so a busy machine biases neither side. The account's own limit is set high so
 * nothing is refused: the figure is the counting itself. RLC_SECONDS, RLC_ROUNDS, RLC_CONCURRENCY to change.
 */
const SECONDS = Number(process.env['RLC_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['RLC_ROUNDS'] ?? 3);
const CONCURRENCY = Number(process.env['RLC_CONCURRENCY'] ?? 8);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-rlc-'));
  const base = loadConfig({ ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const logger = createLogger('warn');
  const db = await openDatabase(base, logger);
  const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
  try {
    for (let round = 0; round < ROUNDS; round++)
      for (const mode of ['off', 'on'] as const) {
        const config = loadConfig({ ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: mode === 'on' ? 'true' : 'false' });
        const { app, close } = await buildApp({ orm: db.orm, config, logger });
        const server = createServer(app);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        const created = await createAccount({ em: db.orm.em.fork(), actor: { type: ActorType.OPERATOR, id: null, name: 'rlc', role: null }, clock: systemClock, requestId: null }, { name: `rlc ${mode} ${round}` });
        await db.orm.em.fork().getConnection().execute('update account set rate_limit_per_second = 1000000 where id = ?', [created.account.id]);
        const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
        let done = 0;
        let failed = 0;
        const until = Date.now() + SECONDS * 1000;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, worker) => {
            for (let n = 0; Date.now() < until; n++) {
              const userName = `u${worker}-${n}@example.com`;
              const status = await post(port, agent, `/scim/v2/accounts/${created.account.id}/Users`, created.scimToken, { userName, emails: [{ value: userName, primary: true }] });
              if (status === 201) done++;
              else failed++;
            }
          }),
        );
        agent.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await close();
        const rate = Math.round((done / SECONDS) * 10) / 10;
        results[mode].push(rate);
        process.stdout.write(`rate-limit-cost: round ${round + 1} limiter ${mode}: ${rate} creates/s${failed ? ` (${failed} failed)` : ''}\n`);
      }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const off = median(results.off);
  const on = median(results.on);
  process.stdout.write(`rate-limit-cost: median creates/s off ${off}, on ${on}: the limiter costs ${Math.round(((off - on) / off) * 1000) / 10} %\n`);
}

function post(port: number, agent: http.Agent, path: string, token: string, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`rate-limit-cost failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
