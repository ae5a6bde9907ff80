import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { BenchContext, FULL_SIZES, FULL_TIMES, mulberry32, scimUserBody, userNameFilterPath, type BenchSizes, type BenchTimes } from './context';
import { gitCommit, ROOT, startBaseline, startDatabase, startRoster, type Baseline, type BenchDatabase, type RosterServer } from './environment';
import { closeAgents } from './http';
import type { Progress } from './progress';
import { formatTable, type ScenarioResult } from './report';
import type { SeedTiming } from './seed';
import { formatStatements, resetStatements, topStatements } from './statements';
import { round } from './stats';
import { addMemberScenario } from './scenarios/add-member';
import { createsScenario } from './scenarios/creates';
import { filterScenario } from './scenarios/filter';
import { graphqlGroupsScenario } from './scenarios/graphql-groups';
import { mixedScenario } from './scenarios/mixed';
import { pagingScenario } from './scenarios/paging';
import { parallelAddsScenario } from './scenarios/parallel-adds';
import { rateLimitCostScenario } from './scenarios/rate-limit-cost';
import type { Scenario } from './scenarios/scenario';

export const SCENARIOS: readonly Scenario[] = [
  createsScenario,
  filterScenario,
  pagingScenario,
  addMemberScenario,
  parallelAddsScenario,
  graphqlGroupsScenario,
  mixedScenario,
  rateLimitCostScenario,
];

export interface RunOptions {
  /** Scenario ids or numbers; empty runs them all. */
  scenarios: string[];
  /** A PostgreSQL to use instead of the embedded one. */
  databaseUrl?: string;
  sizes?: Partial<BenchSizes>;
  times?: Partial<BenchTimes>;
  /** Unmeasured load on both servers before the first scenario (JIT, pools, caches). */
  warmupSeconds?: number;
  /** The raw baseline as its own process (npm run bench) or in this process (the harness test). */
  baseline: 'process' | 'inline';
  /** Where the results file goes; null writes none. */
  resultsDir: string | null;
  progress: Progress;
  /** Where the tables go (stdout unless given). */
  print?: (text: string) => void;
  /** Roster's LOG_LEVEL; its log goes to a file in the temporary data directory. */
  logLevel?: string;
  /** Extra node flags for the Roster process (profiling). */
  rosterNodeArgs?: string[];
  /** Stop everything on SIGINT/SIGTERM (the CLI); the test leaves signals alone. */
  handleSignals?: boolean;
  /** Track SQL with pg_stat_statements (loaded into the embedded cluster) and report each scenario's costliest statements. */
  statements?: boolean;
  /** Leave the temporary directory (Roster's log, the stopped cluster) for a look afterwards. */
  keepData?: boolean;
}

export interface BenchReport {
  startedAt: string;
  totalSeconds: number;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGiB: number;
    platform: string;
    release: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  node: string;
  postgres: { version: string; settings: Record<string, string> };
  commit: string | null;
  /** Tracked files that differed from the commit when the run began (dist/ is built from the work tree). */
  uncommittedFiles: string[];
  database: string;
  /** Whether pg_stat_statements was on (each scenario then names its costliest statements). */
  statements: boolean;
  sizes: BenchSizes;
  times: BenchTimes;
  seeding: SeedTiming[];
  scenarios: ScenarioResult[];
  resultsFile: string | null;
}

export function selectScenarios(names: string[]): Scenario[] {
  if (names.length === 0) return [...SCENARIOS];
  return names.map((name) => {
    const found = SCENARIOS.find((s) => s.id === name || String(s.number) === name);
    if (!found) throw new Error(`unknown scenario "${name}"; choose from: ${SCENARIOS.map((s) => `${s.number} ${s.id}`).join(', ')}`);
    return found;
  });
}

/** Starts PostgreSQL, Roster and the raw baseline, runs the scenarios, prints one table and writes the results. */
export async function runBench(options: RunOptions): Promise<BenchReport> {
  const scenarios = selectScenarios(options.scenarios);
  const sizes = { ...FULL_SIZES, ...options.sizes };
  const times = { ...FULL_TIMES, ...options.times };
  const { progress } = options;
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const started = performance.now();
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg().map((n) => round(n));
  const { commit, dirtyFiles } = await gitCommit();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
  let db: BenchDatabase | undefined;
  let roster: RosterServer | undefined;
  let baseline: Baseline | undefined;
  let pool: Pool | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      closeAgents();
      await baseline?.stop().catch(() => undefined);
      await roster?.stop().catch(() => undefined);
      await pool?.end().catch(() => undefined);
      await db?.stop().catch(() => undefined);
      if (options.keepData) progress.line(`kept ${dataDir} (Roster's log: roster.log)`);
      else await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    progress.line(`${signal}: stopping the servers and removing ${dataDir}`);
    void cleanup().then(() => process.exit(130));
  };
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  try {
    progress.line(`data directory ${dataDir}; scenarios: ${scenarios.map((s) => s.id).join(', ')}`);
    db = await startDatabase({ databaseUrl: options.databaseUrl, dataDir, statements: options.statements ?? false });
    progress.line(`database: ${db.description}`);
    roster = await startRoster({ dbEnv: db.env, logFile: path.join(dataDir, 'roster.log'), logLevel: options.logLevel, nodeArgs: options.rosterNodeArgs, progress });
    // The harness's own seeding and checks stay out of the statement statistics.
    pool = new Pool({ connectionString: db.url, max: 4, ...(db.statements ? { options: '-c pg_stat_statements.track=none' } : {}) });
    baseline = await startBaseline({ databaseUrl: db.url, mode: options.baseline, progress });
    const postgres = await postgresInfo(pool);
    progress.line(`PostgreSQL ${postgres.version} (fsync=${postgres.settings['fsync']}, synchronous_commit=${postgres.settings['synchronous_commit']}, shared_buffers=${postgres.settings['shared_buffers']})`);

    const ctx = new BenchContext(roster, baseline, pool, db.env, sizes, times, progress, !options.databaseUrl, db.postmasterPid);
    if ((options.warmupSeconds ?? 10) > 0) await warmUp(ctx, options.warmupSeconds ?? 10);

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      progress.line(`— scenario ${scenario.number}: ${scenario.title} —`);
      const t0 = performance.now();
      let result: ScenarioResult;
      try {
        if (db.statements) await resetStatements(pool);
        const outcome = await scenario.run(ctx);
        result = { id: scenario.id, number: scenario.number, title: scenario.title, seconds: secondsSince(t0), ...outcome };
        if (db.statements) result.statements = await topStatements(pool, 12);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        progress.line(`scenario ${scenario.id} failed: ${reason}`);
        result = { id: scenario.id, number: scenario.number, title: scenario.title, status: 'failed', reason, seconds: secondsSince(t0), figures: [], details: {} };
      }
      result.loadAverage = round(os.loadavg()[0]!);
      results.push(result);
      progress.line(
        `scenario ${scenario.number} done in ${result.seconds} s, load average ${result.loadAverage}${result.status === 'ran' ? '' : ` (${result.reason ?? result.status})`}`,
      );
      if (result.status === 'ran') print(formatTable([result]));
      if (result.statements) print(formatStatements(result.statements));
    }

    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      totalSeconds: 0,
      machine: {
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        platform: os.platform(),
        release: os.release(),
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg().map((n) => round(n)),
      },
      node: process.version,
      postgres,
      commit,
      uncommittedFiles: dirtyFiles,
      database: db.description,
      statements: db.statements,
      sizes,
      times,
      seeding: ctx.seedTimings,
      scenarios: results,
      resultsFile: null,
    };
    await cleanup();
    report.totalSeconds = secondsSince(started);

    print(`\n${summaryText(report)}`);
    if (options.resultsDir) {
      const ids = options.scenarios.length ? `-${scenarios.map((s) => s.id).join('+')}` : '';
      const file = path.join(options.resultsDir, `${startedAt.toISOString().slice(0, 10)}${ids}.json`);
      report.resultsFile = path.relative(ROOT, file);
      await mkdir(options.resultsDir, { recursive: true });
      await writeFile(file, `${JSON.stringify(report, (key, value: unknown) => (key === 'samples' ? undefined : value), 2)}\n`);
      print(`results written to ${report.resultsFile}`);
    }
    return report;
  } finally {
    await cleanup();
    if (options.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

export function summaryText(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Roster benchmark — ${report.startedAt}, commit ${report.commit?.slice(0, 12) ?? 'unknown'}${report.uncommittedFiles.length ? ` (+${report.uncommittedFiles.length} uncommitted files)` : ''}`,
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end; Node ${report.node}; PostgreSQL ${report.postgres.version} (fsync=${report.postgres.settings['fsync']}); ${report.database}`,
    ...report.seeding.map((s) => `seeding: ${s.rows.toLocaleString('en-US')} ${s.what} in ${s.seconds} s`),
    '',
    formatTable(report.scenarios),
    '',
    `total: ${report.totalSeconds} s; ${countPasses(report)}`,
  ];
  return lines.join('\n');
}

function countPasses(report: BenchReport): string {
  const figures = report.scenarios.flatMap((s) => s.figures).filter((f) => f.pass !== null);
  const missed = figures.filter((f) => f.pass === false).length;
  const notRun = report.scenarios.filter((s) => s.status !== 'ran').map((s) => `${s.id} ${s.status}`);
  return `${figures.length - missed} of ${figures.length} targets met${missed ? `, ${missed} missed` : ''}${notRun.length ? `; ${notRun.join(', ')}` : ''}`;
}

async function postgresInfo(pool: Pool): Promise<BenchReport['postgres']> {
  const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'work_mem', 'max_connections', 'wal_level', 'jit'];
  const { rows } = await pool.query<{ name: string; setting: string; unit: string | null }>(
    'select name, setting, unit from pg_settings where name = any($1)',
    [names],
  );
  const settings = Object.fromEntries(rows.map((r) => [r.name, r.unit && r.unit !== 'ms' && r.unit !== 's' ? `${r.setting} × ${r.unit}` : r.setting]));
  return { version: settings['server_version'] ?? 'unknown', settings };
}

/**
 * Both servers see the same load first, so neither's first scenario pays for JIT and cold pools alone.
 * 10 s of each: after only 3 s, Roster's first measured creates still cost 7.3 ms of server CPU each,
 * against 5.2 ms after 10 s (same run otherwise); a server in service is warm.
 */
async function warmUp(ctx: BenchContext, seconds: number): Promise<void> {
  const account = await ctx.account('warmup', 2_000);
  ctx.progress.line(`warm-up: ${seconds} s of filters and ${seconds} s of creates on each server (not measured)`);
  const tag = ctx.unique('w');
  for (const target of ['roster', 'raw'] as const) {
    const base = target === 'roster' ? account.scimPath : account.rawPath;
    const headers = { authorization: `Bearer ${account.scimToken}` };
    const random = mulberry32(99);
    await ctx.load({ target, label: `warm-up ${target} filters`, connections: 10, seconds, maxRequests: 100_000, headers, next: (i) => ({ path: userNameFilterPath(base, account, i, random) }) });
    await ctx.load({
      target,
      label: `warm-up ${target} creates`,
      connections: 10,
      seconds,
      maxRequests: 100_000,
      headers,
      next: (i) => ({ method: 'POST', path: `${base}/Users`, body: scimUserBody(`${tag}-${target}-${i}@${account.domain}`) }),
    });
  }
}

function secondsSince(t0: number): number {
  return round((performance.now() - t0) / 1000, 1);
}
