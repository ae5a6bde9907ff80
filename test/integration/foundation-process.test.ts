import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-postgres';
import { createTestDatabase } from '../support/test-database';
import { isRunning, postgresPids, removeDataDir, runCli, sleep, spawnRoster, stopAllRosterProcesses, type RosterProcess } from '../support/roster-process';

// Child processes and an initdb: seconds each, many more on a loaded machine.
jest.setTimeout(120_000);

/**
 * `node dist/src/main.js` as an operator runs it: no DATABASE_URL, so the embedded PostgreSQL under
 * ROSTER_DATA_DIR is created on first start, reused on the next, and stopped on SIGTERM.
 */
const READY = /^Roster is ready on /;
const dataDirs: string[] = [];

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-data-'));
  dataDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await stopAllRosterProcesses();
  for (const dir of dataDirs) await removeDataDir(dir);
});

async function startServer(dataDir: string): Promise<{ proc: RosterProcess; port: number; readyMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const proc = spawnRoster('src/main.js', [], { ROSTER_DATA_DIR: dataDir, PORT: String(port) });
  await proc.waitForLine(READY, 90_000);
  return { proc, port, readyMs: Math.round(performance.now() - started) };
}

async function get(port: number, pathname: string, token?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${pathname}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function expectAllGone(pids: number[]): Promise<void> {
  for (let i = 0; i < 50 && pids.some(isRunning); i++) await sleep(100);
  expect(pids.filter(isRunning)).toEqual([]);
}

interface CreatedAccount {
  accountId: string;
  scimBaseUrl: string;
  scimToken: string;
  apiToken: string;
}

describe('the server process on the embedded PostgreSQL', () => {
  const dataDir = freshDataDir();
  const clusterDir = path.join(dataDir, 'pg');
  let joined: CreatedAccount;
  let between: CreatedAccount;

  it('starts on an empty data directory, answers /readyz, lets the CLI join its PostgreSQL, and stops cleanly on SIGTERM', async () => {
    const { proc, port, readyMs } = await startServer(dataDir);
    process.stdout.write(`[foundation] time to ready on an empty data directory: ${readyMs} ms\n`);
    expect(proc.stdout).toContain('"applied migrations"');
    expect(proc.stdout).toMatch(new RegExp(`Roster is ready on http://localhost:${port} \\(database: embedded PostgreSQL in ${dataDir}\\)`));

    expect((await get(port, '/readyz')).status).toBe(200);
    expect((await get(port, '/healthz')).status).toBe(200);

    const pids = postgresPids(clusterDir);
    expect(pids).toContain(postmasterPid(dataDir));
    expect(pids.length).toBeGreaterThan(1); // the postmaster and its background workers

    // The CLI finds the running cluster through postmaster.pid and joins it instead of starting a second one.
    const cli = await runCli(['accounts', 'create', '--name', 'Joined', '--json'], { ROSTER_DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://localhost:${port}` });
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    joined = JSON.parse(cli.stdout) as CreatedAccount;
    expect(postgresPids(clusterDir)).toContain(pids[0]);
    const scim = await get(port, `/scim/v2/accounts/${joined.accountId}/ServiceProviderConfig`, joined.scimToken);
    expect(scim.status).toBe(200);
    expect(joined.scimBaseUrl).toBe(`http://localhost:${port}/scim/v2/accounts/${joined.accountId}`);

    const exit = await proc.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(proc.stdout).toContain('"stopped"');
    await expectAllGone(pids);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('lets the CLI start and stop the embedded PostgreSQL itself when no server runs', async () => {
    const cli = await runCli(['accounts', 'create', '--name', 'Between', '--json'], { ROSTER_DATA_DIR: dataDir });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    between = JSON.parse(cli.stdout) as CreatedAccount;
    expect(between.scimBaseUrl).toBe(`http://localhost:3000/scim/v2/accounts/${between.accountId}`);
    expect(postgresPids(clusterDir)).toEqual([]);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('reuses the data on a second start: accounts created before still authenticate', async () => {
    expect(between).toBeDefined();
    const { proc, port, readyMs } = await startServer(dataDir);
    process.stdout.write(`[foundation] time to ready on an existing data directory: ${readyMs} ms\n`);
    expect(proc.stdout).not.toContain('"applied migrations"');

    for (const account of [joined, between]) {
      const scim = await get(port, `/scim/v2/accounts/${account.accountId}/ServiceProviderConfig`, account.scimToken);
      expect(scim.status).toBe(200);
      const gql = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${account.apiToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { account { id name } } }' }),
      });
      expect(gql.status).toBe(200);
      expect(((await gql.json()) as { data: { viewer: { account: { id: string } } } }).data.viewer.account.id).toBe(account.accountId);
    }
    expect((await get(port, `/scim/v2/accounts/${between.accountId}/ServiceProviderConfig`, joined.scimToken)).status).toBe(401);

    const pids = postgresPids(clusterDir);
    expect(await proc.stop()).toEqual({ code: 0, signal: null });
    await expectAllGone(pids);
  }, 120_000);
});

describe('the server process refuses to start, with one clear message', () => {
  function expectOneClearMessage(stderr: string, pattern: RegExp): void {
    expect(stderr).toMatch(pattern);
    expect(stderr).toMatch(/^roster: /);
    expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  }

  it('when PORT is already in use', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, () => resolve((blocker.address() as { port: number }).port)));
    const db = await createTestDatabase();
    try {
      const proc = spawnRoster('src/main.js', [], { DATABASE_URL: db.url, PORT: String(port) });
      const exit = await proc.waitForExit(60_000);
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expectOneClearMessage(proc.stderr, new RegExp(`Port ${port} is already in use`));
      expect(proc.stdout).not.toMatch(READY);
    } finally {
      blocker.close();
      await db.drop();
    }
  });

  it('when postmaster.pid names a live process that is not PostgreSQL, and leaves the lock alone', async () => {
    const dataDir = freshDataDir();
    mkdirSync(path.join(dataDir, 'pg'));
    const lock = path.join(dataDir, 'pg', 'postmaster.pid');
    const closedPort = await freePort();
    writeFileSync(lock, `${process.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n${closedPort}\n/tmp\n127.0.0.1\n`);
    const proc = spawnRoster('src/main.js', [], { ROSTER_DATA_DIR: dataDir, PORT: String(await freePort()) });
    const exit = await proc.waitForExit(60_000);
    expect(exit.code).toBe(1);
    expectOneClearMessage(proc.stderr, new RegExp(`lock .*postmaster\\.pid is held by process ${process.pid}, which is not a PostgreSQL server`));
    expect(existsSync(lock)).toBe(true);
    expect(postgresPids(path.join(dataDir, 'pg'))).toEqual([]);
  });

  it('when DATABASE_URL is unreachable, without printing its password', async () => {
    const closedPort = await freePort();
    const proc = spawnRoster('src/main.js', [], { DATABASE_URL: `postgresql://u:s3cretpass@127.0.0.1:${closedPort}/x`, PORT: String(await freePort()) });
    const exit = await proc.waitForExit(60_000);
    expect(exit.code).toBe(1);
    expectOneClearMessage(proc.stderr, new RegExp(`Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/x`));
    expect(proc.stderr + proc.stdout).not.toContain('s3cretpass');
  });

  it('when the configuration is bad: every problem listed at once, exit code 2', async () => {
    const proc = spawnRoster('src/main.js', [], { PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    const exit = await proc.waitForExit(60_000);
    expect(exit.code).toBe(2);
    expectOneClearMessage(proc.stderr, /Invalid configuration/);
    expect(proc.stderr).toMatch(/- PORT: must be a number/);
    expect(proc.stderr).toMatch(/- LOG_LEVEL: must be one of/);
    expect(proc.stderr).toMatch(/- DATABASE_URL: must be a postgres/);
  });

  it('the CLI also lists every configuration problem with exit code 2', async () => {
    const cli = await runCli(['accounts', 'create', '--name', 'X'], { PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(cli.code).toBe(2);
    for (const problem of [/- PORT: must be a number/, /- LOG_LEVEL: must be one of/, /- DATABASE_URL: must be a postgres/]) expect(cli.stderr).toMatch(problem);
  });
});
