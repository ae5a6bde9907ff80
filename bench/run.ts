/**
 * `npm run bench` (every scenario) or `npm run bench -- <scenario…>` (by id or number), after `npm run build`.
 * Options: `--quick` (a small smoke run: 1/100 of the data, short loads), `--no-results` (write no file),
 * `--keep-data` (leave the temporary directory with Roster's log), `--no-statements` (no pg_stat_statements).
 * DATABASE_URL, when set, is used instead of the embedded PostgreSQL.
 */
import path from 'node:path';
import { ROOT } from './harness/environment';
import { consoleProgress } from './harness/progress';
import { runBench, SCENARIOS } from './harness/runner';

const QUICK_SIZES = { large: 10_000, medium: 2_000, mixed: 1_000, graphqlUsers: 1_000, graphqlGroups: 120, bigGroup: 2_000 };
const QUICK_TIMES = { loadSeconds: 2, mixedSeconds: 5, probeSeconds: 1, walkSeconds: 30 };

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      `usage: npm run bench [-- [--quick] [--no-results] [--keep-data] [--no-statements] [scenario…]]\nscenarios:\n${SCENARIOS.map((s) => `  ${s.number}  ${s.id.padEnd(15)} ${s.title}`).join('\n')}\n`,
    );
    return;
  }
  const quick = args.includes('--quick');
  const noResults = args.includes('--no-results');
  const keepData = args.includes('--keep-data');
  const statements = !args.includes('--no-statements');
  const unknown = args.filter((a) => a.startsWith('-') && !['--quick', '--no-results', '--keep-data', '--no-statements'].includes(a));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(', ')}; see --help`);
  const report = await runBench({
    scenarios: args.filter((a) => !a.startsWith('-')),
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    ...(quick ? { sizes: QUICK_SIZES, times: QUICK_TIMES, warmupSeconds: 1 } : {}),
    baseline: 'process',
    resultsDir: noResults || quick ? null : path.join(ROOT, 'bench', 'results'),
    progress: consoleProgress(),
    logLevel: process.env['BENCH_LOG_LEVEL'] || 'info',
    rosterNodeArgs: process.env['BENCH_ROSTER_NODE_ARGS']?.split(/\s+/).filter(Boolean),
    handleSignals: true,
    keepData,
    statements,
  });
  if (report.scenarios.some((s) => s.status === 'failed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
