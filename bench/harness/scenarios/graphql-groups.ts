import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../context';
import { ROOT } from '../environment';
import { jsonOf, request } from '../http';
import { cpuFigures, eq, figure, le } from '../report';
import { seedGroups, seedMembers, seedUsers } from '../seed';
import type { Scenario } from './scenario';

const PAGE = 100;
const FIRST_MEMBERS = 5;

interface IntroField {
  name: string;
  args: { name: string }[];
  type: IntroTypeRef;
}
interface IntroTypeRef {
  kind: string;
  name: string | null;
  ofType: IntroTypeRef | null;
}
interface IntroType {
  name: string;
  kind: string;
  fields: IntroField[] | null;
}

/**
 * 6. A GraphQL page of 100 groups with their member counts and first members, as an admin UI lists teams.
 * The query is built from the running server's schema; without `groups(first:)` the scenario is skipped.
 */
export const graphqlGroupsScenario: Scenario = {
  id: 'graphql-groups',
  number: 6,
  title: 'GraphQL page of 100 groups',
  async run(ctx) {
    // The account first: its API token is what introspection needs.
    const account = await ctx.account('graphql');
    const built = await buildQuery(ctx, account.apiToken);
    if (typeof built === 'string') {
      const committed = path.join(ROOT, 'schema.graphql');
      const inFile = existsSync(committed) && /\bgroups\s*\(/.test(readFileSync(committed, 'utf8'));
      return { status: 'skipped', reason: `skipped: schema lacks groups (${built}${inFile ? '; schema.graphql has it but the server does not' : ''})`, figures: [], details: {} };
    }

    const { graphqlUsers, graphqlGroups, graphqlMembersPerGroup } = ctx.sizes;
    ctx.seedTimings.push(await seedUsers(ctx.db, { accountId: account.accountId, count: graphqlUsers, domain: account.domain, progress: ctx.progress }));
    const ids = await seedGroups(ctx.db, { accountId: account.accountId, count: graphqlGroups, prefix: 'team' });
    for (const [i, groupId] of ids.entries()) {
      const first = 1 + ((i * graphqlMembersPerGroup) % Math.max(1, graphqlUsers - graphqlMembersPerGroup));
      await seedMembers(ctx.db, { accountId: account.accountId, groupId, domain: account.domain, first, count: graphqlMembersPerGroup });
    }
    await ctx.db.query('vacuum (analyze) app_group, group_membership');
    await ctx.settle();
    ctx.progress.line(`graphql-groups: ${graphqlGroups} groups of ${graphqlMembersPerGroup} members seeded; query: ${built.query.replace(/\s+/g, ' ')}`);

    const headers = { authorization: `Bearer ${account.apiToken}`, 'content-type': 'application/json' };
    const ask = () => request('POST', `${ctx.roster.origin}/graphql`, { headers, body: { query: built.query } });
    const first = await ask();
    const check = built.check(jsonOf(first, 'GraphQL groups page'));
    const rawFloor = await ctx.rawProbe('graphql-groups', 'lookup', 1, account);
    let graphqlErrors = 0;
    const run = await ctx.sequential({
      label: 'Roster GraphQL groups page',
      maxSteps: 200,
      seconds: ctx.times.loadSeconds,
      step: async () => {
        const res = await ask();
        if (res.status === 200 && /"errors"\s*:/.test(res.body)) graphqlErrors++;
        return { status: res.status, ms: res.ms };
      },
    });
    const { samples: _samples, ...summary } = run;
    const raw = { name: 'raw 1-user lookup p50, 1 conn', value: rawFloor.latencyMs.p50 };
    return {
      status: 'ran',
      figures: [
        figure(`page of ${PAGE} groups with counts and first ${FIRST_MEMBERS} members: p50`, run.latencyMs.p50, 'ms', { target: le(50, '50 ms'), raw }),
        figure('page p99', run.latencyMs.p99, 'ms'),
        figure('answers with the groups, counts and members asked (extra check)', check.ok ? 1 : 0, 'count', { target: eq(1, '1 (yes)') }),
        figure('errors (HTTP or GraphQL)', run.non2xx + run.errors + graphqlErrors, 'count', { target: eq(0, '0') }),
        ...cpuFigures('GraphQL page:', run),
      ],
      details: { query: built.query, check, run: summary, rawFloor },
    };
  },
};

async function buildQuery(ctx: BenchContext, apiToken: string): Promise<string | { query: string; check: (body: unknown) => { ok: boolean; detail: string } }> {
  const res = await request('POST', `${ctx.roster.origin}/graphql`, {
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
    body: { query: '{ __schema { queryType { name } types { name kind fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }' },
  });
  if (res.status !== 200) return `introspection answered HTTP ${res.status}`;
  const schema = jsonOf<{ data?: { __schema: { queryType: { name: string }; types: IntroType[] } } }>(res, 'introspection').data?.__schema;
  if (!schema) return 'introspection returned no schema';
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const named = (ref: IntroTypeRef): string | null => (ref.name ?? (ref.ofType ? named(ref.ofType) : null));
  const isList = (ref: IntroTypeRef): boolean => ref.kind === 'LIST' || (ref.ofType ? isList(ref.ofType) : false);
  const groups = types.get(schema.queryType.name)?.fields?.find((f) => f.name === 'groups');
  if (!groups || !groups.args.some((a) => a.name === 'first')) return 'Query has no groups(first:)';
  const connection = types.get(named(groups.type) ?? '');
  const nodeField = connection?.fields?.find((f) => f.name === 'edges');
  const nodeType = nodeField ? types.get(named(types.get(named(nodeField.type) ?? '')?.fields?.find((f) => f.name === 'node')?.type ?? nodeField.type) ?? '') : null;
  if (!connection || !nodeType?.fields) return `groups is not a connection with edges { node }`;
  const fields = new Map(nodeType.fields.map((f) => [f.name, f]));
  const scalars = ['id', 'displayName'].filter((n) => fields.has(n));
  const countField = [...fields.keys()].find((n) => /^member(s)?Count$/i.test(n));
  const members = fields.get('members');
  let membersSelection = '';
  let countSelection = countField ?? '';
  let readMembers: (node: Record<string, unknown>) => unknown[] | null = () => null;
  let readCount: (node: Record<string, unknown>) => unknown = (node) => (countField ? node[countField] : undefined);
  if (members) {
    const membersType = types.get(named(members.type) ?? '');
    const memberNodeName = isList(members.type)
      ? named(members.type)
      : named(types.get(named(membersType?.fields?.find((f) => f.name === 'edges')?.type ?? members.type) ?? '')?.fields?.find((f) => f.name === 'node')?.type ?? members.type);
    const memberFields = types.get(memberNodeName ?? '')?.fields?.map((f) => f.name) ?? [];
    const pick = ['id', 'userName', 'displayName'].filter((n) => memberFields.includes(n)).join(' ') || '__typename';
    const args = members.args.some((a) => a.name === 'first') ? `(first: ${FIRST_MEMBERS})` : '';
    if (isList(members.type)) {
      membersSelection = `members${args} { ${pick} }`;
      readMembers = (node) => (node['members'] as unknown[]) ?? null;
    } else if (membersType?.fields?.some((f) => f.name === 'edges')) {
      const total = !countField && membersType.fields.some((f) => f.name === 'totalCount');
      membersSelection = `members${args} { ${total ? 'totalCount ' : ''}edges { node { ${pick} } } }`;
      readMembers = (node) => ((node['members'] as { edges?: unknown[] } | null)?.edges ?? null);
      if (total) readCount = (node) => (node['members'] as { totalCount?: unknown } | null)?.totalCount;
      if (total) countSelection = '';
    }
  }
  if (!countField && !membersSelection.includes('totalCount')) return 'a group node has no member count';
  if (!membersSelection) return 'a group node has no members';
  const query = `{ groups(first: ${PAGE}) { edges { node { ${[...scalars, countSelection, membersSelection].filter(Boolean).join(' ')} } } } }`;
  const check = (body: unknown) => {
    const b = body as { data?: { groups?: { edges?: { node: Record<string, unknown> }[] } }; errors?: unknown[] };
    if (b.errors?.length) return { ok: false, detail: JSON.stringify(b.errors).slice(0, 300) };
    const nodes = b.data?.groups?.edges?.map((e) => e.node) ?? [];
    const ok =
      nodes.length === Math.min(PAGE, ctx.sizes.graphqlGroups) &&
      nodes.every((n) => readCount(n) === ctx.sizes.graphqlMembersPerGroup && (readMembers(n)?.length ?? 0) === Math.min(FIRST_MEMBERS, ctx.sizes.graphqlMembersPerGroup));
    return { ok, detail: `${nodes.length} groups; first: ${JSON.stringify(nodes[0] ?? null).slice(0, 300)}` };
  };
  return { query, check };
}
