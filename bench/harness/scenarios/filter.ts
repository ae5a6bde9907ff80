import { mulberry32, userNameFilterPath, type BenchContext } from '../context';
import { request, jsonOf } from '../http';
import { eq, figure, ge, le, loadFigures } from '../report';
import { short } from '../stats';
import type { Scenario } from './scenario';

/** 2. GET /Users?filter=userName eq "…" at 1 and 10 connections on the large account: 20 % misses, upper-case names. */
export const filterScenario: Scenario = {
  id: 'filter',
  number: 2,
  title: 'userName filter',
  async run(ctx) {
    const large = await ctx.account('large', ctx.sizes.large);
    const auth = { authorization: `Bearer ${large.scimToken}` };
    const sanity = await checkAnswers(ctx, large.scimPath, auth, large);

    const lookups = (target: 'roster' | 'raw', connections: number) => {
      const random = mulberry32(1000 + connections);
      const base = target === 'roster' ? large.scimPath : large.rawPath;
      return ctx.load({
        target,
        label: `${target === 'roster' ? 'Roster' : 'raw'} userName filter, ${connections} conn`,
        connections,
        seconds: ctx.times.loadSeconds,
        maxRequests: 500_000,
        headers: auth,
        next: (i) => ({ path: userNameFilterPath(base, large, i, random) }),
      });
    };

    ctx.progress.line(`filter: ${ctx.times.loadSeconds} s each at 1 and 10 connections on ${short(large.users)} users, Roster then raw`);
    const roster1 = await lookups('roster', 1);
    const raw1 = await lookups('raw', 1);
    const roster10 = await lookups('roster', 10);
    const raw10 = await lookups('raw', 10);
    const at = `${short(large.users)} users`;
    return {
      status: 'ran',
      figures: [
        figure('answers: an upper-cased userName finds its user, an unknown one gives 200 with 0 results', sanity.ok ? 1 : 0, 'count', { target: eq(1, '1 (yes)') }),
        ...loadFigures(`filter at ${at}, 1 conn:`, roster1, { p50: le(2, '2 ms'), p99: le(10, '10 ms') }, raw1),
        ...loadFigures(`filter at ${at}, 10 conn:`, roster10, { p99: le(25, '25 ms'), rate: ge(1000, '1,000/s') }, raw10),
      ],
      details: { sanity, runs: [roster1, raw1, roster10, raw10], accountUsers: large.users },
    };
  },
};

async function checkAnswers(ctx: BenchContext, base: string, headers: Record<string, string>, account: { domain: string; users: number }) {
  const hitName = `user${Math.max(1, Math.floor(account.users / 2))}@${account.domain}`.toUpperCase();
  const hit = await request('GET', `${ctx.roster.origin}${base}/Users?filter=${encodeURIComponent(`userName eq "${hitName}"`)}`, { headers });
  const miss = await request('GET', `${ctx.roster.origin}${base}/Users?filter=${encodeURIComponent(`userName eq "NOBODY@${account.domain.toUpperCase()}"`)}`, { headers });
  const hitBody = jsonOf<{ totalResults?: number }>(hit, 'filter hit');
  const missBody = jsonOf<{ totalResults?: number; Resources?: unknown[] }>(miss, 'filter miss');
  const ok = hit.status === 200 && hitBody.totalResults === 1 && miss.status === 200 && missBody.totalResults === 0 && Array.isArray(missBody.Resources);
  return { ok, hit: { status: hit.status, totalResults: hitBody.totalResults }, miss: { status: miss.status, totalResults: missBody.totalResults } };
}
