import { Client, type Pool } from 'pg';
import { round } from './stats';

/**
 * Which SQL a scenario spent its database time on, from pg_stat_statements: the statements of Roster and of
 * the raw baseline (the harness's own seeding and checks are not tracked), reset at each scenario's start.
 */
export interface StatementStat {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  /** Share of all tracked execution time in the scenario. */
  share: number;
}

/** Loads pg_stat_statements into a cluster we own: a preload library needs a restart, done by the caller. */
export async function preloadStatements(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await client.query(`alter system set pg_stat_statements.track = 'top'`);
  } finally {
    await client.end();
  }
}

/** True when the view answers (the library is loaded and the extension created). */
export async function enableStatements(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select 1 from pg_stat_statements limit 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

export async function resetStatements(pool: Pool): Promise<void> {
  await pool.query('select pg_stat_statements_reset()');
}

export async function topStatements(pool: Pool, limit = 10): Promise<{ totalMs: number; calls: number; top: StatementStat[] }> {
  const { rows } = await pool.query<{ query: string; calls: string; total: number; mean: number }>(
    `select query, calls, total_exec_time as total, mean_exec_time as mean
       from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query !~* '^\\s*(begin|commit|rollback|set |select pg_stat_statements)'
      order by total_exec_time desc`,
  );
  const totalMs = rows.reduce((n, r) => n + r.total, 0);
  const calls = rows.reduce((n, r) => n + Number(r.calls), 0);
  return {
    totalMs: round(totalMs, 1),
    calls,
    top: rows.slice(0, limit).map((r) => ({
      query: r.query.replace(/\s+/g, ' ').trim(),
      calls: Number(r.calls),
      totalMs: round(r.total, 1),
      meanMs: round(r.mean, 3),
      share: totalMs > 0 ? round(r.total / totalMs, 3) : 0,
    })),
  };
}

export function formatStatements(stats: { totalMs: number; calls: number; top: StatementStat[] }, shown = 5): string {
  const lines = [`  SQL time in this scenario: ${stats.totalMs.toLocaleString('en-US')} ms over ${stats.calls.toLocaleString('en-US')} statements; the costliest:`];
  for (const s of stats.top.slice(0, shown))
    lines.push(
      `    ${String(Math.round(s.share * 100)).padStart(3)} %  ${s.calls.toLocaleString('en-US').padStart(8)} calls  mean ${s.meanMs.toFixed(3).padStart(8)} ms  ${s.query.length > 150 ? `${s.query.slice(0, 147)}…` : s.query}`,
    );
  return lines.join('\n');
}
