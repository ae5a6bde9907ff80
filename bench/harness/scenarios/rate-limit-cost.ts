import path from 'node:path';
import { scimUserBody } from '../context';
import { clusterCpuMs, processCpuMs } from '../cpu';
import { startRoster, type RosterServer } from '../environment';
import { runLoad, type LoadRun } from '../load';
import { eq, figure, ge } from '../report';
import { round } from '../stats';
import type { Scenario } from './scenario';

const CONNECTIONS = 20;
const ROUNDS = 5;

type Mode = 'on' | 'off';

/**
 * 8. What the rate limiter costs (issue 11: at most 5 % of the creates/s figure): scenario 1's creates, on two
 * fresh Roster processes alike but for RATE_LIMIT_ENABLED, in alternating rounds (off/on, then on/off, …) so
 * drift of a busy machine favours neither. The account's own limit is high, so the limiter counts every
 * request and refuses none: the figure is the counting itself.
 */
export const rateLimitCostScenario: Scenario = {
  id: 'rate-limit-cost',
  number: 8,
  title: 'POST /Users at 20 connections, rate limiter on vs off',
  async run(ctx) {
    const account = await ctx.account('rate-limit-cost');
    const tag = ctx.unique('r');
    const logDir = path.dirname(ctx.roster.logFile);
    const servers = {} as Record<Mode, RosterServer>;
    try {
      for (const mode of ['off', 'on'] as const)
        servers[mode] = await startRoster({
          dbEnv: { ...ctx.dbEnv, RATE_LIMIT_ENABLED: mode === 'on' ? 'true' : 'false' },
          logFile: path.join(logDir, `roster-limiter-${mode}.log`),
          // npm run bench's default, so the figures compare with scenario 1's.
          logLevel: 'info',
          progress: ctx.progress,
        });

      const creates = async (mode: Mode, label: string, seconds: number): Promise<LoadRun> => {
        const server = servers[mode];
        const cpu = () => ({ server: processCpuMs(server.pid), postgres: ctx.postmasterPid === null ? null : clusterCpuMs(ctx.postmasterPid) });
        const before = cpu();
        const run = await runLoad(
          {
            label,
            origin: server.origin,
            connections: CONNECTIONS,
            seconds,
            maxRequests: 200_000,
            headers: { authorization: `Bearer ${account.scimToken}` },
            next: (i) => ({ method: 'POST', path: `${account.scimPath}/Users`, body: scimUserBody(`${tag}-${label.replace(/\W+/g, '-')}-${i}@${account.domain}`) }),
          },
          ctx.progress,
        );
        const after = cpu();
        const per = (a: number | null, b: number | null) => (a === null || b === null || run.responses === 0 ? null : round((b - a) / run.responses, 3));
        return { ...run, cpuMsPerRequest: { server: per(before.server, after.server), postgres: per(before.postgres, after.postgres) } };
      };

      // Fresh processes serve their first creates several times slower (JIT, pools): two unmeasured passes
      // each, so that the rounds compare warm servers.
      const warmSeconds = Math.max(3, ctx.times.loadSeconds);
      ctx.progress.line(`rate-limit-cost: 2 × ${warmSeconds} s of warm-up, then ${ROUNDS} rounds of ${ctx.times.loadSeconds} s on each server, alternating which goes first`);
      for (const pass of [1, 2]) for (const mode of ['off', 'on'] as const) await creates(mode, `warm-up ${pass} limiter ${mode}`, warmSeconds);

      const runs: Record<Mode, LoadRun[]> = { off: [], on: [] };
      const ratios: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const order: Mode[] = r % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
        for (const mode of order) runs[mode].push(await creates(mode, `round ${r + 1} limiter ${mode}`, ctx.times.loadSeconds));
        ratios.push(runs.on[r]!.throughput / runs.off[r]!.throughput);
      }

      const rate = (mode: Mode) => median(runs[mode].map((x) => x.throughput));
      const cpuOf = (mode: Mode, side: 'server' | 'postgres') => {
        const values = runs[mode].map((x) => x.cpuMsPerRequest?.[side]).filter((v): v is number => v != null);
        return values.length ? median(values) : null;
      };
      const failures = [...runs.off, ...runs.on].reduce((n, x) => n + x.non2xx + x.errors, 0);
      const cpuFigure = (side: 'server' | 'postgres', name: string) => {
        const on = cpuOf('on', side);
        const off = cpuOf('off', side);
        return on === null ? [] : [figure(`${name} CPU per create, limiter on (median)`, on, 'ms', { raw: off === null ? null : { name: 'limiter off', value: off } })];
      };
      // Throughput swings with whatever else the machine runs; CPU per create (server and PostgreSQL) hardly does.
      const cpuTotal = () => {
        const total = (mode: Mode) => {
          const [server, postgres] = [cpuOf(mode, 'server'), cpuOf(mode, 'postgres')];
          return server === null ? null : server + (postgres ?? 0);
        };
        const [on, off] = [total('on'), total('off')];
        return on === null || off === null || off === 0 ? [] : [figure('CPU per create (server + PostgreSQL), limiter on ÷ off', on / off, 'x')];
      };
      return {
        status: 'ran',
        figures: [
          figure(`creates/s, limiter on ÷ off (median of ${ROUNDS} paired rounds)`, median(ratios), 'x', { target: ge(0.95, '0.95 (costs ≤ 5 %)') }),
          figure(`creates/s, limiter on (median of ${ROUNDS})`, rate('on'), 'req/s', { raw: { name: 'limiter off', value: rate('off') } }),
          ...cpuTotal(),
          ...cpuFigure('server', 'server'),
          ...cpuFigure('postgres', 'PostgreSQL'),
          figure('errors (non-2xx + connection), all rounds', failures, 'count', { target: eq(0, '0') }),
        ],
        details: { rounds: ROUNDS, ratios: ratios.map((x) => round(x, 3)), runs: [...runs.off, ...runs.on] },
      };
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.stop().catch(() => undefined)));
    }
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
