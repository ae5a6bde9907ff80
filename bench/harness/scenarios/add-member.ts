import { PATCH_OP } from '../context';
import type { LoadRun } from '../load';
import { cpuFigures, eq, figure, le } from '../report';
import { memberCount, nonMembers, seedGroups, seedMembers } from '../seed';
import { short } from '../stats';
import type { Scenario } from './scenario';

const MAX_ADDS = 400;

/** 4. PATCH add one member (a different new user each time) to a group of 10 and to one of 100,000, one at a time. */
export const addMemberScenario: Scenario = {
  id: 'add-member',
  number: 4,
  title: 'PATCH add one member',
  async run(ctx) {
    const large = await ctx.account('large', ctx.sizes.large);
    const big = Math.min(ctx.sizes.bigGroup, large.users - MAX_ADDS - 10);
    const [small, huge] = await seedGroups(ctx.db, { accountId: large.accountId, count: 2, prefix: ctx.unique('add-member ') });
    await seedMembers(ctx.db, { accountId: large.accountId, groupId: small!, domain: large.domain, first: 1, count: 10 });
    const seeded = await seedMembers(ctx.db, {
      accountId: large.accountId,
      groupId: huge!,
      domain: large.domain,
      first: 1,
      count: big,
      progress: ctx.progress,
      rebuildIndexes: ctx.ownsDatabase,
    });
    ctx.progress.line(`add-member: groups of 10 and ${big.toLocaleString('en-US')} members seeded (${seeded.seconds} s)`);
    await ctx.db.query('vacuum (analyze) group_membership');
    await ctx.settle();
    const rawFloor = await ctx.rawProbe('add-member', 'create', 1, large);

    const adds = async (groupId: string, size: string, options: { excludeMembers: boolean; max: number; seconds: number }) => {
      const candidates = await nonMembers(ctx.db, { accountId: large.accountId, groupId, limit: options.max + 5 });
      const before = await memberCount(ctx.db, groupId);
      const run = await ctx.load({
        target: 'roster',
        label: `Roster add 1 member, group of ${size}${options.excludeMembers ? '' : ', full reply'}`,
        connections: 1,
        seconds: options.seconds,
        maxRequests: Math.min(options.max, candidates.length),
        headers: { authorization: `Bearer ${large.scimToken}` },
        next: (i) => ({
          method: 'PATCH',
          path: `${large.scimPath}/Groups/${groupId}${options.excludeMembers ? '?excludedAttributes=members' : ''}`,
          body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: candidates[i] }] }] },
        }),
      });
      const after = await memberCount(ctx.db, groupId);
      return { run, before, after };
    };

    const ofSmall = await adds(small!, '10', { excludeMembers: true, max: MAX_ADDS, seconds: ctx.times.loadSeconds });
    const ofBig = await adds(huge!, big.toLocaleString('en-US'), { excludeMembers: true, max: MAX_ADDS, seconds: ctx.times.loadSeconds });
    // What Okta's plain PATCH costs today: without excludedAttributes=members the reply carries every member.
    const fullReply = await adds(huge!, big.toLocaleString('en-US'), { excludeMembers: false, max: 5, seconds: 30 });

    const raw = { name: 'raw create p50, 1 conn (one write transaction)', value: rawFloor.latencyMs.p50 };
    // A request still in flight when the time bound ends may add a row without its 2xx being counted.
    const lost = (r: { run: LoadRun; before: { rows: number }; after: { rows: number } }) => Math.max(0, r.run.ok - (r.after.rows - r.before.rows));
    return {
      status: 'ran',
      figures: [
        figure('add 1 member, group of 10: p50', ofSmall.run.latencyMs.p50, 'ms', { target: le(10, '10 ms'), raw }),
        figure('add 1 member, group of 10: p99', ofSmall.run.latencyMs.p99, 'ms'),
        figure(`add 1 member, group of ${short(big)}: p50`, ofBig.run.latencyMs.p50, 'ms', { target: le(10, '10 ms'), raw }),
        figure(`add 1 member, group of ${short(big)}: p99`, ofBig.run.latencyMs.p99, 'ms'),
        figure(`p50 ratio, group of ${short(big)} ÷ group of 10`, ofBig.run.latencyMs.p50 / ofSmall.run.latencyMs.p50, 'x', { target: le(1.5, '1.5') }),
        figure('add 1 member: errors, both groups', ofSmall.run.non2xx + ofSmall.run.errors + ofBig.run.non2xx + ofBig.run.errors, 'count', { target: eq(0, '0') }),
        figure('add 1 member: members missing after the adds (extra check)', lost(ofSmall) + lost(ofBig), 'count', { target: eq(0, '0') }),
        ...cpuFigures('add 1 member, group of 10:', ofSmall.run, rawFloor),
        ...cpuFigures(`add 1 member, group of ${short(big)}:`, ofBig.run, rawFloor),
        figure(`(no target) plain PATCH replying with all ${big.toLocaleString('en-US')} members: p50`, fullReply.run.latencyMs.p50, 'ms', { raw }),
      ],
      details: { bigGroupMembers: big, seedSeconds: seeded.seconds, rawFloor, groupOf10: ofSmall, groupBig: ofBig, fullReply },
    };
  },
};
