import { PATCH_OP } from '../context';
import { cpuFigures, eq, figure, ge } from '../report';
import { memberCount, nonMembers, seedGroups } from '../seed';
import type { Scenario } from './scenario';

/**
 * 5. Entra's burst: 10 clients each send 100 single-member adds to one group at once. Every 2xx must leave
 * its row (nothing lost to a read-modify-write race), nothing may fail, and the adds must keep up.
 */
export const parallelAddsScenario: Scenario = {
  id: 'parallel-adds',
  number: 5,
  title: 'Parallel single-member adds to one group',
  async run(ctx) {
    const { parallelClients: clients, parallelAddsPerClient: perClient } = ctx.sizes;
    const total = clients * perClient;
    const medium = await ctx.account('medium', ctx.sizes.medium);
    const [groupId] = await seedGroups(ctx.db, { accountId: medium.accountId, count: 1, prefix: ctx.unique('parallel ') });
    const candidates = await nonMembers(ctx.db, { accountId: medium.accountId, groupId: groupId!, limit: total });
    if (candidates.length < total) throw new Error(`only ${candidates.length} users to add; need ${total}`);
    const rawFloor = await ctx.rawProbe('parallel-adds', 'create', clients, medium);
    const before = await memberCount(ctx.db, groupId!);
    ctx.progress.line(`parallel-adds: ${clients} clients × ${perClient} adds of one new member each, to one group`);
    const run = await ctx.load({
      target: 'roster',
      label: `Roster parallel adds, ${clients} × ${perClient}`,
      connections: clients,
      exact: true,
      maxRequests: total,
      seconds: 120,
      headers: { authorization: `Bearer ${medium.scimToken}` },
      // Entra's form: a capitalized op and a bare member reference.
      next: (i) => ({
        method: 'PATCH',
        path: `${medium.scimPath}/Groups/${groupId}?excludedAttributes=members`,
        body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: candidates[i % candidates.length] }] }] },
      }),
    });
    const after = await memberCount(ctx.db, groupId!);
    const added = after.rows - before.rows;
    const lost = run.ok - added;
    const addsPerSecond = run.elapsedSeconds > 0 ? added / run.elapsedSeconds : 0;
    return {
      status: 'ran',
      figures: [
        figure(`members lost (2xx answers ${run.ok} − rows added ${added})`, lost, 'count', { target: eq(0, '0') }),
        figure('non-2xx answers and connection errors', run.non2xx + run.errors, 'count', { target: eq(0, '0') }),
        figure('adds/s', addsPerSecond, 'req/s', { target: ge(300, '300/s'), raw: { name: `raw creates/s, ${clients} conn`, value: rawFloor.throughput } }),
        figure('add latency p50', run.latencyMs.p50, 'ms', { raw: { name: `raw create p50, ${clients} conn`, value: rawFloor.latencyMs.p50 } }),
        figure('add latency p99', run.latencyMs.p99, 'ms', { raw: { name: `raw create p99, ${clients} conn`, value: rawFloor.latencyMs.p99 } }),
        figure('member_count column − member rows (extra check)', after.column - after.rows, 'count', { target: eq(0, '0') }),
        ...cpuFigures('parallel adds:', run, rawFloor),
      ],
      details: { requested: total, before, after, run, rawFloor },
    };
  },
};
