import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { startRawServer } from '../../bench/baseline/raw-server';
import { createAccountWithCli } from '../../bench/harness/environment';
import { collectGarbage } from '../../bench/harness/gc';
import { request } from '../../bench/harness/http';
import { freePort } from '../../src/db/embedded-postgres';
import { runLoad } from '../../bench/harness/load';
import { silentProgress } from '../../bench/harness/progress';
import { formatTable } from '../../bench/harness/report';
import { runBench, selectScenarios, SCENARIOS } from '../../bench/harness/runner';
import { createTestDatabase } from '../support/test-database';

/**
 * `npm run bench` is not run by CI; this runs one tiny scenario through the same harness (Roster as a real
 * process, the CLI, bulk seeding, autocannon, the raw baseline, the report) so the harness cannot rot.
 * It asserts that figures come out and nothing failed, never how fast anything was.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('the benchmark harness', () => {
  it('runs the userName filter scenario on 1,000 users and reports every figure with no errors', async () => {
    const printed: string[] = [];
    const report = await runBench({
      scenarios: ['filter'],
      databaseUrl: db.url,
      sizes: { large: 1_000 },
      times: { loadSeconds: 2 },
      warmupSeconds: 0,
      baseline: 'inline',
      resultsDir: null,
      progress: silentProgress,
      print: (text) => printed.push(text),
      logLevel: 'warn',
    });

    expect(report.scenarios.map((s) => [s.id, s.status, s.reason])).toEqual([['filter', 'ran', undefined]]);
    const [filter] = report.scenarios;
    const byName = new Map(filter!.figures.map((f) => [f.name, f]));
    for (const conn of [1, 10]) {
      for (const figure of ['p50', 'p99', 'throughput']) {
        const f = byName.get(`filter at 1k users, ${conn} conn: ${figure}`);
        expect(f?.value).toBeGreaterThan(0);
        // Measured side by side: the raw baseline's figure and the ratio to it are there too.
        expect(f?.raw?.value).toBeGreaterThan(0);
        expect(f?.ratio).toBeGreaterThan(0);
      }
      expect(byName.get(`filter at 1k users, ${conn} conn: errors (non-2xx + connection)`)?.value).toBe(0);
    }
    expect(byName.get('answers: an upper-cased userName finds its user, an unknown one gives 200 with 0 results')?.pass).toBe(true);

    const runs = (filter!.details['runs'] as { label: string; responses: number; non2xx: number; errors: number }[]) ?? [];
    expect(runs).toHaveLength(4);
    for (const run of runs) {
      expect(run.responses).toBeGreaterThan(0);
      expect(run.non2xx + run.errors).toBe(0);
    }

    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.postgres.version).toMatch(/^\d+/);
    expect(report.node).toBe(process.version);
    expect(report.seeding).toEqual([expect.objectContaining({ rows: 1_000 })]);
    expect(printed.join('\n')).toContain(formatTable(report.scenarios));
  }, 90_000);

  it('knows the seven scenarios of issue 10 and the rate cost of the rate limiter (issue 11) by id and by number', () => {
    expect(SCENARIOS.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(selectScenarios(['8']).map((s) => s.id)).toEqual(['rate-limit-cost']);
    expect(selectScenarios(['2', 'paging']).map((s) => s.id)).toEqual(['filter', 'paging']);
    expect(() => selectScenarios(['nope'])).toThrow(/unknown scenario/);
  });
});

describe('the raw baseline', () => {
  it("checks the bearer token as Roster does: a wrong secret, a revoked token, another account's token or none is a 401", async () => {
    const env = { DATABASE_URL: db.url };
    const [mine, theirs] = [await createAccountWithCli(env, 'raw auth A'), await createAccountWithCli(env, 'raw auth B')];
    const raw = await startRawServer({ databaseUrl: db.url, port: 0, poolMax: 2 });
    const sql = new Pool({ connectionString: db.url, max: 1 });
    try {
      const users = `${raw.origin}/accounts/${mine.accountId}/Users`;
      const lookup = (authorization?: string) =>
        fetch(`${users}?filter=${encodeURIComponent('userName eq "nobody@raw.example"')}`, { headers: authorization ? { authorization } : {} });
      const create = (authorization: string, userName: string) =>
        fetch(users, { method: 'POST', headers: { authorization, 'content-type': 'application/scim+json' }, body: JSON.stringify({ userName }) });

      expect((await lookup(`Bearer ${mine.scimToken}`)).status).toBe(200);
      // The last character of the secret changed: the lookup id still finds the row, the hash does not match.
      const last = mine.scimToken.slice(-1);
      const wrongSecret = `${mine.scimToken.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
      for (const authorization of [undefined, `Bearer ${wrongSecret}`, `Bearer ${theirs.scimToken}`, `Bearer ${mine.apiToken}`, `Basic ${mine.scimToken}`]) {
        expect([authorization?.slice(0, 12), (await lookup(authorization)).status]).toEqual([authorization?.slice(0, 12), 401]);
      }
      expect((await create(`Bearer ${wrongSecret}`, 'refused@raw.example')).status).toBe(401);
      const { rows } = await sql.query<{ n: string }>(`select count(*) as n from app_user where account_id = $1`, [mine.accountId]);
      expect(Number(rows[0]!.n)).toBe(0);

      await sql.query('update scim_token set revoked_at = now() where account_id = $1', [mine.accountId]);
      expect((await lookup(`Bearer ${mine.scimToken}`)).status).toBe(401);
    } finally {
      await raw.close();
      await sql.end();
    }
  }, 60_000);
});

describe('the full garbage collection before reading RSS (mixed cycle)', () => {
  it('opens the inspector of a process started with only --inspect-port and collects its garbage through it', async () => {
    const port = await freePort();
    // The child reports how many full collections (mark-compact) it has seen once it is asked on stdin.
    const child = spawn(
      process.execPath,
      [
        `--inspect-port=127.0.0.1:${port}`,
        '-e',
        `const { PerformanceObserver, constants } = require('node:perf_hooks'); let full = 0;
         new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; }).observe({ entryTypes: ['gc'] });
         process.stdin.on('data', () => setTimeout(() => process.stdout.write(String(full) + '\\n'), 50));
         process.stdout.write('ready\\n');`,
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const lines: string[] = [];
    const nextLine = () =>
      new Promise<string>((resolve) => {
        const poll = setInterval(() => {
          if (lines.length) {
            clearInterval(poll);
            resolve(lines.shift()!);
          }
        }, 20);
      });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    try {
      expect(await nextLine()).toBe('ready');
      // Nothing listens on the port until the first collection opens the inspector.
      await expect(request('GET', `http://127.0.0.1:${port}/json/list`, { timeoutMs: 1_000 })).rejects.toThrow();
      await collectGarbage(child.pid!, port);
      child.stdin!.write('?\n');
      expect(Number(await nextLine())).toBeGreaterThanOrEqual(1);
    } finally {
      child.kill();
    }
  }, 30_000);
});

describe('the evenly paced load (mixed cycle)', () => {
  it('sends one request every 1/rate s, open loop, and counts each latency from when it was due', async () => {
    const arrivals: number[] = [];
    // Every 5th request is slow, so a closed loop would fall behind the schedule.
    const server = createServer((req, res) => {
      arrivals.push(performance.now());
      const slow = arrivals.length % 5 === 0;
      setTimeout(() => res.writeHead(req.method === 'POST' ? 201 : 200).end('{}'), slow ? 60 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const run = await runLoad(
        { label: 'paced', origin: `http://127.0.0.1:${port}`, connections: 5, overallRate: 50, pacing: 'even', seconds: 2, maxRequests: 1_000, keepSamples: true, next: (i: number) => (i % 2 ? { path: '/x' } : { method: 'POST', path: '/y', body: { i } }) },
        silentProgress,
      );
      expect(run).toMatchObject({ responses: 100, ok: 100, non2xx: 0, errors: 0, overallRate: 50 });
      expect(arrivals).toHaveLength(100);
      // Spread over the 2 s, not sent in bursts: no 10 requests arrive within 100 ms (they are due 20 ms apart).
      for (let i = 10; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 10]!).toBeGreaterThan(100);
      expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(1_800);
      expect(Math.max(...run.samples!)).toBeGreaterThanOrEqual(60);
    } finally {
      server.close();
    }
  });
});
