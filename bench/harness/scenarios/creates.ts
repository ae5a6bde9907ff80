import { scimUserBody, type BenchAccount } from '../context';
import { figure, ge, le, loadFigures } from '../report';
import { short } from '../stats';
import type { Scenario } from './scenario';

const CONNECTIONS = 20;

/** 1. POST /Users at 20 connections, on an empty account and on one with 1,000,000 users; the raw twin after each. */
export const createsScenario: Scenario = {
  id: 'creates',
  number: 1,
  title: 'POST /Users at 20 connections',
  async run(ctx) {
    const empty = await ctx.account('empty');
    const rawEmpty = await ctx.account('raw-empty');
    const large = await ctx.account('large', ctx.sizes.large);
    const tag = ctx.unique('c');

    const creates = (target: 'roster' | 'raw', account: BenchAccount, label: string) =>
      ctx.load({
        target,
        label,
        connections: CONNECTIONS,
        seconds: ctx.times.loadSeconds,
        maxRequests: 200_000,
        headers: { authorization: `Bearer ${account.scimToken}` },
        next: (i) => ({
          method: 'POST',
          path: `${target === 'roster' ? account.scimPath : account.rawPath}/Users`,
          body: scimUserBody(`${tag}-${target}-${i}@${account.domain}`),
        }),
      });

    ctx.progress.line(`creates: ${ctx.times.loadSeconds} s each on Roster and on the raw baseline, empty account, then ${large.users.toLocaleString('en-US')} users`);
    const rosterEmpty = await creates('roster', empty, 'Roster creates, empty account');
    const rawEmptyRun = await creates('raw', rawEmpty, 'raw creates, empty account');
    const rosterLarge = await creates('roster', large, `Roster creates, ${short(large.users)} account`);
    const rawLarge = await creates('raw', large, `raw creates, ${short(large.users)} account`);

    const targets = { p99: le(60, '60 ms'), rate: ge(800, '800/s') };
    return {
      status: 'ran',
      figures: [
        ...loadFigures('creates, empty account:', rosterEmpty, targets, rawEmptyRun),
        ...loadFigures(`creates, ${short(large.users)}-user account:`, rosterLarge, targets, rawLarge),
        figure(`creates/s at ${short(large.users)} users ÷ creates/s on the empty account`, rosterLarge.throughput / rosterEmpty.throughput, 'x', {
          target: ge(0.9, '0.9 (within 10 %)'),
          raw: { name: 'same ratio on the raw baseline', value: rawLarge.throughput / rawEmptyRun.throughput },
        }),
      ],
      details: { runs: [rosterEmpty, rawEmptyRun, rosterLarge, rawLarge], largeAccountUsers: large.users },
    };
  },
};

