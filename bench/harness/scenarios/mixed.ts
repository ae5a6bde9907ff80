import { mulberry32, PATCH_OP, scimUserBody, userNameFilterPath, type BenchAccount, type BenchContext } from '../context';
import { readRssKiB, sleep } from '../environment';
import type { LoadRequest, LoadRun } from '../load';
import { cpuFigures, eq, figure, le } from '../report';
import { nonMembers, seedGroups, seedMembers, userIds } from '../seed';
import { round, summarize } from '../stats';
import type { Scenario } from './scenario';

const ACCOUNTS = 4;
const RATE = 25;
const CONNECTIONS = 5;

/**
 * 7. Entra's provisioning cycle on four tenants at once, each at its 25 requests/s: match by userName
 * (filters, 20 % misses), update users, add group members, create users, for a minute after 10 s to settle,
 * watching the server's RSS (before and after read right after a full garbage collection).
 * Each account's requests are spaced evenly (one every 40 ms), as Entra spreads its cycle, not sent as a burst
 * at the start of each second; latencies count from when a request was due.
 * The raw baseline gets the same paced schedule (filters as lookups, writes as creates) for a shorter time.
 */
export const mixedScenario: Scenario = {
  id: 'mixed',
  number: 7,
  title: `Mixed Entra-like cycle, ${ACCOUNTS} accounts × ${RATE} req/s`,
  async run(ctx) {
    const tenants = [];
    for (let a = 1; a <= ACCOUNTS; a++) tenants.push(await prepareTenant(ctx, a));
    const seconds = ctx.times.mixedSeconds;
    const rawSeconds = Math.min(15, seconds);

    // The same schedule for a while first, unmeasured: the server's heap settles into this load (and away from
    // what earlier scenarios left), so the growth measured next is the cycle's own.
    const settle = Math.min(10, seconds);
    ctx.progress.line(`mixed: ${settle} s of the same cycle first, not measured, so the heap settles`);
    await Promise.all(
      tenants.map((t, a) =>
        ctx.load({
          target: 'roster',
          label: `Roster mixed warm-up, account ${a + 1}`,
          connections: CONNECTIONS,
          overallRate: RATE,
          pacing: 'even',
          seconds: settle,
          maxRequests: RATE * settle + CONNECTIONS * 2,
          headers: { authorization: `Bearer ${t.account.scimToken}` },
          next: t.next,
        }),
      ),
    );
    await sleep(2_000);
    // RSS after a full collection on both sides, so the growth is live memory the cycle kept.
    await ctx.roster.collectGarbage();
    const rssBefore = readRssKiB(ctx.roster.pid);
    const rssSamples: number[] = [rssBefore];
    const sampler = setInterval(() => rssSamples.push(readRssKiB(ctx.roster.pid)), 2_000);
    ctx.progress.line(`mixed: ${ACCOUNTS} accounts × ${RATE} req/s for ${seconds} s (filters, user PATCHes, member adds, creates); RSS ${mb(rssBefore)} MB`);
    let runs: LoadRun[];
    try {
      runs = await Promise.all(
        tenants.map((t, a) =>
          ctx.load({
            target: 'roster',
            label: `Roster mixed, account ${a + 1}`,
            connections: CONNECTIONS,
            overallRate: RATE,
          pacing: 'even',
            seconds,
            maxRequests: RATE * seconds + CONNECTIONS * 2,
            headers: { authorization: `Bearer ${t.account.scimToken}` },
            keepSamples: true,
            next: t.next,
          }),
        ),
      );
    } finally {
      clearInterval(sampler);
    }
    await ctx.roster.collectGarbage();
    const rssAfter = readRssKiB(ctx.roster.pid);
    rssSamples.push(rssAfter);

    ctx.progress.line(`mixed: the same schedule on the raw baseline for ${rawSeconds} s`);
    const rawRuns = await Promise.all(
      tenants.map((t, a) =>
        ctx.load({
          target: 'raw',
          label: `raw mixed, account ${a + 1}`,
          connections: CONNECTIONS,
          overallRate: RATE,
          pacing: 'even',
          seconds: rawSeconds,
          maxRequests: RATE * rawSeconds + CONNECTIONS * 2,
          keepSamples: true,
          headers: { authorization: `Bearer ${t.account.scimToken}` },
          next: t.rawNext,
        }),
      ),
    );

    const all = summarize(runs.flatMap((r) => r.samples ?? []));
    const rawAll = summarize(rawRuns.flatMap((r) => r.samples ?? []));
    const responses = runs.reduce((n, r) => n + r.responses, 0);
    const errors = runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const elapsed = Math.max(...runs.map((r) => r.elapsedSeconds));
    const strip = (r: LoadRun) => {
      const { samples: _samples, ...rest } = r;
      return rest;
    };
    return {
      status: 'ran',
      figures: [
        figure('errors (non-2xx + connection), all accounts', errors, 'count', { target: eq(0, '0') }),
        figure('p50, all requests', all.p50, 'ms', { raw: { name: 'raw, same schedule, p50', value: rawAll.p50 } }),
        figure('p99, all requests', all.p99, 'ms', { target: le(100, '100 ms'), raw: { name: 'raw, same schedule, p99', value: rawAll.p99 } }),
        figure('throughput, all accounts', responses / elapsed, 'req/s', { raw: { name: 'offered', value: ACCOUNTS * RATE } }),
        ...cpuFigures('mixed cycle:', merged(runs), merged(rawRuns)),
        figure('server RSS before (after a full GC)', mb(rssBefore), 'MB'),
        figure('server RSS after (after a full GC)', mb(rssAfter), 'MB'),
        figure('server RSS growth', mb(rssAfter - rssBefore), 'MB', { target: le(20, '20 MB') }),
        figure('server RSS peak during the cycle', mb(Math.max(...rssSamples)), 'MB'),
      ],
      details: {
        latencyMs: all,
        rawLatencyMs: rawAll,
        rssKiB: { before: rssBefore, after: rssAfter, samples: rssSamples },
        runs: runs.map(strip),
        rawRuns: rawRuns.map(strip),
        mix: 'per 10 requests: 5 userName filters (20 % misses, upper case), 2 user PATCHes (Replace displayName, active "True"), 1 member add, 2 creates',
      },
    };
  },
};

/** CPU per request over runs that went on at the same time (each measured the same processes). */
function merged(runs: LoadRun[]): LoadRun {
  const responses = runs.reduce((n, r) => n + r.responses, 0);
  const first = runs[0]!;
  // Concurrent runs each saw the whole process's CPU over the same window: take one window, all responses.
  const server = Math.max(...runs.map((r) => (r.cpuMsPerRequest?.server ?? NaN) * r.responses));
  const postgres = Math.max(...runs.map((r) => (r.cpuMsPerRequest?.postgres ?? NaN) * r.responses));
  return {
    ...first,
    responses,
    cpuMsPerRequest: {
      server: Number.isFinite(server) && responses ? round(server / responses, 3) : null,
      postgres: Number.isFinite(postgres) && responses ? round(postgres / responses, 3) : null,
    },
  };
}

function mb(kib: number): number {
  return round(kib / 1024, 1);
}

async function prepareTenant(ctx: BenchContext, a: number) {
  // The server's default rate limit stays on: 25 requests/s is what every Entra tenant may send.
  const account = await ctx.account(`mixed${a}`, ctx.sizes.mixed, { serverDefaultLimit: true });
  const [groupId] = await seedGroups(ctx.db, { accountId: account.accountId, count: 1, prefix: ctx.unique('mixed ') });
  await seedMembers(ctx.db, { accountId: account.accountId, groupId: groupId!, domain: account.domain, first: 1, count: Math.min(100, account.users) });
  const random = mulberry32(a * 7919);
  const sampleNumbers = Array.from({ length: 500 }, () => 1 + Math.floor(random() * account.users));
  const patchable = await userIds(ctx.db, { accountId: account.accountId, domain: account.domain, numbers: sampleNumbers });
  const newMembers = await nonMembers(ctx.db, { accountId: account.accountId, groupId: groupId!, limit: RATE * (ctx.times.mixedSeconds + 10) });
  const tag = ctx.unique(`m${a}-`);
  const rosterRandom = mulberry32(a * 104_729);
  const rawRandom = mulberry32(a * 104_729);
  const base = account.scimPath;
  let adds = 0;

  // Own counters, so the warm-up and the measured cycle never send the same create twice.
  let sent = 0;
  let rawSent = 0;
  const next = (): LoadRequest => {
    const i = sent++;
    const slot = i % 10;
    if (slot < 5) return { path: userNameFilterPath(base, account, i, rosterRandom) };
    if (slot < 7)
      return {
        method: 'PATCH',
        path: `${base}/Users/${patchable[i % patchable.length]}`,
        body: {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'displayName', value: `Bench ${i}` },
            { op: 'Replace', path: 'active', value: 'True' },
          ],
        },
      };
    if (slot < 8)
      return {
        method: 'PATCH',
        path: `${base}/Groups/${groupId}?excludedAttributes=members`,
        body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: newMembers[adds++ % newMembers.length] }] }] },
      };
    return { method: 'POST', path: `${base}/Users`, body: scimUserBody(`${tag}${i}@${account.domain}`) };
  };
  const rawNext = (): LoadRequest => {
    const i = rawSent++;
    return i % 10 < 5
      ? { path: userNameFilterPath(account.rawPath, account, i, rawRandom) }
      : { method: 'POST', path: `${account.rawPath}/Users`, body: scimUserBody(`${tag}raw${i}@${account.domain}`) };
  };
  return { account: account as BenchAccount, next, rawNext };
}
