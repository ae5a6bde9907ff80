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
