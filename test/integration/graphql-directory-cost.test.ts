import { GroupsWithMembersDocument } from '../graphql/generated';
import { dataOf, gql } from '../support/admin-graphql';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
const GROUPS = 120;
const MEMBERS_PER_GROUP = 15;

/** Bulk rows straight in SQL: groups of 15 members (some licensed), drawn from a pool of 600 users. */
async function seed(accountId: string): Promise<void> {
  await sql(
    app,
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, email, email_key, license_type, license_source, created_at, updated_at, version)
     select gen_random_uuid(), ?, 'u' || g || '@cost.test', 'u' || g || '@cost.test', true, '[]'::jsonb, 'manual', 'u' || g || '@cost.test', 'u' || g || '@cost.test',
            case when g % 3 = 0 then 'developer'::license_type end, case when g % 3 = 0 then 'default'::license_source end, now(), now(), 1
       from generate_series(1, 600) g`,
    [accountId],
  );
  await sql(
    app,
    `insert into app_group (id, account_id, display_name, display_name_key, managed_by, member_count, created_at, updated_at, version)
     select gen_random_uuid(), ?, 'Group ' || lpad(g::text, 4, '0'), 'group ' || lpad(g::text, 4, '0'), 'manual', 0, now(), now(), 1 from generate_series(1, ?) g`,
    [accountId, GROUPS],
  );
  await sql(
    app,
    `insert into group_membership (group_id, user_id, account_id, created_at)
     select g.id, u.id, g.account_id, now()
       from (select id, account_id, row_number() over (order by display_name_key) as n from app_group where account_id = ?) g
       join (select id, row_number() over (order by user_name_key) as n from app_user where account_id = ?) u
         on u.n between (g.n * 5) % 600 + 1 and (g.n * 5) % 600 + ?`,
    [accountId, accountId, MEMBERS_PER_GROUP],
  );
  await sql(app, `update app_group g set member_count = (select count(*) from group_membership m where m.group_id = g.id) where account_id = ?`, [accountId]);
  await sql(app, 'analyze');
}

/** Statements without their values, so two runs on different data compare by shape. */
function shapes(lines: string[]): string[] {
  return lines
    .map((line) => line.replace(/\[took.*$/, '').replace(/'[^']*'/g, '?').replace(/\{[^}]*\}/g, '{…}').replace(/\b\d+\b/g, 'N').trim())
    .sort();
}

async function capture(first: number): Promise<{ statements: string[]; ms: number; groups: number; members: number }> {
  await gql(app, acme.apiToken, GroupsWithMembersDocument, { first: 1, membersFirst: 1 }); // settles the token's lastUsedAt write
  app.sql = [];
  app.captureSql = true;
  const started = process.hrtime.bigint();
  const res = dataOf(await gql(app, acme.apiToken, GroupsWithMembersDocument, { first, membersFirst: 10 }));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  app.captureSql = false;
  const edges = res.groups.edges;
  return {
    statements: app.sql.filter((l) => /select|insert|update|delete/i.test(l)),
    ms,
    groups: edges.length,
    members: edges.reduce((n, e) => n + e.node.members.edges.length, 0),
  };
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Cost');
  await seed(acme.accountId);
}, 60_000);
afterAll(() => app.close());

describe('a page of groups with memberCount, their first 10 members and each member\'s license', () => {
  it('runs the same statements for a page of 10 groups and a page of 100', async () => {
    const small = await capture(10);
    const large = await capture(100);
    expect(small).toMatchObject({ groups: 10, members: 100 });
    expect(large).toMatchObject({ groups: 100, members: 1000 });
    expect(large.statements).toHaveLength(small.statements.length);
    expect(shapes(large.statements)).toEqual(shapes(small.statements));
    // Authentication, the groups page, the members of every group (one LATERAL join), the members' rows.
    expect(large.statements.length).toBeLessThanOrEqual(6);
    expect(large.statements.some((l) => /cross join lateral/i.test(l))).toBe(true);
    const warm: number[] = [];
    for (let run = 0; run < 3; run++) warm.push((await capture(100)).ms);
    process.stdout.write(
      `GraphQL directory page cost: ${small.statements.length} SQL statements for 10 groups, ${large.statements.length} for 100 groups ` +
        `(100 groups x 10 members with licenses: ${large.ms.toFixed(0)} ms cold, ${Math.min(...warm).toFixed(0)} ms warm, over HTTP in the test app)\n`,
    );
  });

  it('answers the members with the memberCount and licenses stored', async () => {
    const res = dataOf(await gql(app, acme.apiToken, GroupsWithMembersDocument, { first: 3, membersFirst: 10 }));
    for (const { node } of res.groups.edges) {
      expect(node.memberCount).toBe(MEMBERS_PER_GROUP);
      expect(node.members.edges).toHaveLength(10);
      expect(node.members.edges.some((e) => e.node.licenseType === 'DEVELOPER')).toBe(true);
      expect(node.members.edges.some((e) => e.node.licenseType === null)).toBe(true);
    }
  });
});
