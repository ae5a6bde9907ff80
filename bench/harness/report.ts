import type { LoadRun } from './load';
import type { StatementStat } from './statements';
import { round } from './stats';

export interface Target {
  op: '<=' | '>=' | '=';
  limit: number;
  /** As issue 10 states it. */
  text: string;
}

/** A figure next to its target and, where one was measured side by side, the raw baseline's figure. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target: Target | null;
  /** null without a target or without a value. */
  pass: boolean | null;
  raw: { name: string; value: number; unit: string } | null;
  /** value / raw value: for latencies, how many times slower than the machine's floor; for rates, the share of it. */
  ratio: number | null;
}

export interface ScenarioResult {
  id: string;
  number: number;
  title: string;
  status: 'ran' | 'skipped' | 'failed';
  reason?: string;
  seconds: number;
  /** The machine's 1-minute load average when the scenario ended: above the core count, other work competed. */
  loadAverage?: number;
  figures: Figure[];
  /** The SQL the scenario spent its database time on (pg_stat_statements), when tracked. */
  statements?: { totalMs: number; calls: number; top: StatementStat[] };
  /** Every load run and check behind the figures. */
  details: Record<string, unknown>;
}

export function figure(
  name: string,
  value: number | null,
  unit: string,
  options: { target?: Target; raw?: { name: string; value: number; unit?: string } | null } = {},
): Figure {
  const target = options.target ?? null;
  const pass = target && value !== null && Number.isFinite(value) ? meets(value, target) : null;
  const raw = options.raw && Number.isFinite(options.raw.value) ? { name: options.raw.name, value: options.raw.value, unit: options.raw.unit ?? unit } : null;
  const ratio = raw && value !== null && raw.value > 0 ? round(value / raw.value, 2) : null;
  return { name, value: value === null ? null : round(value), unit, target, pass, raw, ratio };
}

function meets(value: number, target: Target): boolean {
  if (target.op === '<=') return value <= target.limit;
  if (target.op === '>=') return value >= target.limit;
  return value === target.limit;
}

export const le = (limit: number, text: string): Target => ({ op: '<=', limit, text });
export const ge = (limit: number, text: string): Target => ({ op: '>=', limit, text });
export const eq = (limit: number, text: string): Target => ({ op: '=', limit, text });

/** The three figures every load run has: median and tail latency, throughput; plus its errors. */
export function loadFigures(
  prefix: string,
  run: LoadRun,
  targets: { p50?: Target; p99?: Target; rate?: Target; errors?: Target } = {},
  raw?: LoadRun | null,
): Figure[] {
  return [
    figure(`${prefix} p50`, run.latencyMs.p50, 'ms', { target: targets.p50, raw: raw ? { name: `${raw.label} p50`, value: raw.latencyMs.p50 } : null }),
    figure(`${prefix} p99`, run.latencyMs.p99, 'ms', { target: targets.p99, raw: raw ? { name: `${raw.label} p99`, value: raw.latencyMs.p99 } : null }),
    figure(`${prefix} throughput`, run.throughput, 'req/s', { target: targets.rate, raw: raw ? { name: `${raw.label} throughput`, value: raw.throughput } : null }),
    figure(`${prefix} errors (non-2xx + connection)`, run.non2xx + run.errors, 'count', { target: targets.errors ?? eq(0, '0') }),
    ...cpuFigures(prefix, run, raw),
  ];
}

/** CPU ms per request of the server and of PostgreSQL: far less sensitive to a busy machine than latency. */
export function cpuFigures(prefix: string, run: LoadRun, raw?: LoadRun | null): Figure[] {
  const figures: Figure[] = [];
  const server = run.cpuMsPerRequest?.server ?? null;
  const postgres = run.cpuMsPerRequest?.postgres ?? null;
  const rawServer = raw?.cpuMsPerRequest?.server ?? null;
  const rawPostgres = raw?.cpuMsPerRequest?.postgres ?? null;
  if (server !== null)
    figures.push(figure(`${prefix} server CPU per request`, server, 'ms', { raw: rawServer === null ? null : { name: 'raw server CPU per request', value: rawServer } }));
  if (postgres !== null)
    figures.push(
      figure(`${prefix} PostgreSQL CPU per request`, postgres, 'ms', { raw: rawPostgres === null ? null : { name: 'PostgreSQL CPU per raw request', value: rawPostgres } }),
    );
  return figures;
}

const fmt = (value: number | null, unit: string) => {
  if (value === null || !Number.isFinite(value)) return '—';
  const digits = unit === 'ms' ? (value < 10 ? 2 : 1) : unit === 'x' ? 2 : value < 10 && !Number.isInteger(value) ? 2 : 0;
  const text = value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
  return unit === 'count' ? text : `${text} ${unit}`;
};

/** One table: every figure of every scenario next to its target, pass/miss, the raw figure and the ratio. */
export function formatTable(results: ScenarioResult[]): string {
  const rows: string[][] = [['#', 'figure', 'value', 'target', 'result', 'raw baseline (side by side)', 'vs raw']];
  for (const r of results) {
    if (r.status !== 'ran') {
      rows.push([String(r.number), `${r.title}: ${r.status}`, '', '', '', r.reason ?? '', '']);
      continue;
    }
    for (const f of r.figures)
      rows.push([
        String(r.number),
        f.name,
        fmt(f.value, f.unit),
        f.target ? `${f.target.op === '=' ? '=' : f.target.op === '<=' ? '≤' : '≥'} ${f.target.text}` : '',
        f.pass === null ? '' : f.pass ? 'pass' : 'MISS',
        f.raw ? `${fmt(f.raw.value, f.raw.unit)} (${f.raw.name})` : '',
        f.ratio === null ? '' : `${f.ratio}×`,
      ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  ')];
  let last = '';
  for (const row of rows.slice(1)) {
    if (row[0] !== last && last !== '') out.push('');
    last = row[0]!;
    out.push(line(row));
  }
  return out.join('\n');
}
