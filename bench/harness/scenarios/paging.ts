import type { BenchAccount, BenchContext } from '../context';
import { jsonOf, request } from '../http';
import { cpuFigures, eq, figure, le, type Figure } from '../report';
import { round, summarize } from '../stats';
import { short } from '../stats';
import type { Scenario } from './scenario';

const COUNT = 100;

interface ListBody {
  totalResults?: number;
  Resources?: { id: string }[];
  nextCursor?: string;
}

/** 3. A sequential walk over every user of the medium account, 100 a page: by startIndex, then by cursor (RFC 9865). */
export const pagingScenario: Scenario = {
  id: 'paging',
  number: 3,
  title: 'Paging walk (count=100)',
  async run(ctx) {
    const medium = await ctx.account('medium', ctx.sizes.medium);
    const rawFloor = await ctx.rawProbe('paging', 'lookup', 1, medium);
    ctx.progress.line(`paging: walking ${short(medium.users)} users ${COUNT} a page, by startIndex then by cursor`);
    const byIndex = await walk(ctx, medium, 'startIndex');
    const byCursor = await walk(ctx, medium, 'cursor');
    return {
      status: 'ran',
      figures: [...figuresOf('startIndex', byIndex, medium, rawFloor.latencyMs.p50), ...figuresOf('cursor', byCursor, medium, rawFloor.latencyMs.p50)],
      details: { rawFloor, startIndex: stripSamples(byIndex), cursor: stripSamples(byCursor), accountUsers: medium.users },
    };
  },
};

type Walk = Awaited<ReturnType<typeof walk>>;

async function walk(ctx: BenchContext, account: BenchAccount, kind: 'startIndex' | 'cursor') {
  const headers = { authorization: `Bearer ${account.scimToken}` };
  const seen = new Set<string>();
  const pages = Math.ceil(account.users / COUNT);
  let startIndex = 1;
  let cursor: string | null = '';
  let finished = false;
  const run = await ctx.sequential({
    label: `Roster ${kind} walk`,
    maxSteps: pages + 1,
    seconds: ctx.times.walkSeconds,
    step: async () => {
      if (finished) return 'done';
      const query = kind === 'startIndex' ? `startIndex=${startIndex}&count=${COUNT}` : `cursor=${encodeURIComponent(cursor ?? '')}&count=${COUNT}`;
      const res = await request('GET', `${ctx.roster.origin}${account.scimPath}/Users?${query}`, { headers });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const body = jsonOf<ListBody>(res, `${kind} page`);
      const ids = (body.Resources ?? []).map((r) => r.id);
      for (const id of ids) seen.add(id);
      if (kind === 'startIndex') {
        startIndex += COUNT;
        finished = ids.length < COUNT || startIndex > (body.totalResults ?? 0);
      } else {
        cursor = body.nextCursor ?? null;
        finished = !cursor || ids.length === 0;
      }
      return { status: res.status, ms: res.ms };
    },
  });
  const first = run.samples.slice(0, 10);
  const last = run.samples.slice(-10);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  // Wall time, as the client lives it: requests plus reading each page.
  const totalSeconds = run.elapsedSeconds;
  ctx.progress.line(`  ${kind} walk: ${run.samples.length} pages, ${seen.size} distinct users, ${round(totalSeconds, 1)} s`);
  return { run, seen: seen.size, first: summarize(first), last: summarize(last), firstMean: mean(first), lastMean: mean(last), totalSeconds };
}

function figuresOf(kind: string, w: Walk, account: BenchAccount, rawP50: number): Figure[] {
  const raw = { name: 'raw 1-user lookup p50, 1 conn', value: rawP50 };
  return [
    figure(`${kind} walk: page p50`, w.run.latencyMs.p50, 'ms', { target: le(10, '10 ms'), raw }),
    figure(`${kind} walk: page p99`, w.run.latencyMs.p99, 'ms', { raw }),
    figure(`${kind} walk: first 10 pages, mean`, w.firstMean, 'ms', { raw }),
    figure(`${kind} walk: last 10 pages, mean`, w.lastMean, 'ms', { raw }),
    figure(`${kind} walk: last 10 ÷ first 10`, w.lastMean / w.firstMean, 'x', { target: le(1.5, '1.5') }),
    figure(`${kind} walk: total time, ${short(account.users)} users`, w.totalSeconds, 's', { target: le(15, '15 s') }),
    figure(`${kind} walk: distinct users seen (extra check)`, w.seen, 'count', { target: eq(account.users, account.users.toLocaleString('en-US')) }),
    figure(`${kind} walk: errors`, w.run.non2xx + w.run.errors, 'count', { target: eq(0, '0') }),
    ...cpuFigures(`${kind} walk:`, w.run),
  ];
}

function stripSamples(w: Walk) {
  const { samples: _samples, ...run } = w.run;
  return { ...w, run };
}
