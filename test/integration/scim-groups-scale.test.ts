import { idpHeaders, sql, type Json } from '../support/scim-users-helpers';
import { capturingSql, expectGroupResource, groupRow, membershipStatements } from '../support/scim-groups-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * A group of 100,000 members over SCIM: a GET returns all of them in one reply from one membership statement,
 * and reads that leave members out (Entra's `excludedAttributes=members`) never read a membership row.
 */

const SIZE = 100_000;

let app: TestApp;
let acme: TestAccount;
let big: { id: string; memberIds: string[] };

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Large groups');
  const created = await app.http.post(`${acme.scimBase}/Groups`).set(idpHeaders(acme)).send({ displayName: 'Everyone', members: [] });
  expect(created.status).toBe(201);
  // Seeded in SQL, as group-membership-cost.test.ts does: 100,000 requests would test the seeding, not the read.
  const users = await sql<{ id: string }>(
    app,
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
     select gen_random_uuid(), ?, 'member' || g || '@example.com', 'member' || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
       from generate_series(1, ?) g returning id`,
    [acme.accountId, SIZE],
  );
  await sql(app, `insert into group_membership (group_id, user_id, account_id, created_at) select ?, id, ?, now() from app_user where account_id = ?`, [
    created.body.id,
    acme.accountId,
    acme.accountId,
  ]);
  await sql(app, 'update app_group set member_count = ? where id = ?', [SIZE, created.body.id]);
  await sql(app, 'analyze group_membership');
  big = { id: created.body.id as string, memberIds: users.map((u) => u.id).sort() };
  for (const name of ['Small A', 'Small B']) {
    const small = await app.http.post(`${acme.scimBase}/Groups`).set(idpHeaders(acme)).send({ displayName: name, members: [{ value: users[0]!.id }] });
    expect(small.status).toBe(201);
  }
}, 120_000);
afterAll(() => app.close());

describe('a group of 100,000 members', () => {
  it('returns all 100,000 members in one GET, read by one membership statement', async () => {
    const { result: res, statements } = await capturingSql(app, () => app.http.get(`${acme.scimBase}/Groups/${big.id}`).set(idpHeaders(acme)));
    expectGroupResource(res);
    expect(res.body.displayName).toBe('Everyone');
    const members = res.body.members as Json[];
    expect(members).toHaveLength(SIZE);
    expect(members.map((m) => m.value as string).sort()).toEqual(big.memberIds);
    expect(members[0]).toEqual({
      value: members[0]!.value,
      display: expect.stringMatching(/^member\d+@example\.com$/),
      type: 'User',
      $ref: `http://roster.test${acme.scimBase}/Users/${members[0]!.value}`,
    });
    expect(membershipStatements(statements)).toHaveLength(1);
    // Nothing else runs once per member: the whole request is a handful of statements.
    expect(statements.length).toBeLessThan(20);
  }, 120_000);

  it('reads no membership row for GET /Groups/:id?excludedAttributes=members', async () => {
    const { result: res, statements } = await capturingSql(app, () =>
      app.http.get(`${acme.scimBase}/Groups/${big.id}`).query({ excludedAttributes: 'members' }).set(idpHeaders(acme)),
    );
    expectGroupResource(res);
    expect(res.body).not.toHaveProperty('members');
    expect(statements.length).toBeGreaterThan(0);
    expect(membershipStatements(statements)).toEqual([]);
  });

  it('reads no membership row for a group list (GET /Groups and POST /Groups/.search) with excludedAttributes=members', async () => {
    const { result: list, statements } = await capturingSql(app, () =>
      app.http.get(`${acme.scimBase}/Groups`).query({ startIndex: 1, count: 100, excludedAttributes: 'members' }).set(idpHeaders(acme)),
    );
    expect(list.status).toBe(200);
    expect(list.body.totalResults).toBe(3);
    expect(list.body.Resources.map((g: Json) => g.displayName).sort()).toEqual(['Everyone', 'Small A', 'Small B']);
    for (const group of list.body.Resources) expect(group).not.toHaveProperty('members');
    expect(statements.some((s) => /app_group/i.test(s))).toBe(true);
    expect(membershipStatements(statements)).toEqual([]);

    const { result: search, statements: searchStatements } = await capturingSql(app, () =>
      app.http
        .post(`${acme.scimBase}/Groups/.search`)
        .set(idpHeaders(acme))
        .send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'displayName eq "everyone"', excludedAttributes: ['members'] }),
    );
    expect(search.status).toBe(200);
    expect(search.body.Resources).toEqual([expect.objectContaining({ id: big.id, displayName: 'Everyone' })]);
    expect(search.body.Resources[0]).not.toHaveProperty('members');
    expect(membershipStatements(searchStatements)).toEqual([]);
  });

  it('accepts a PUT carrying all 100,000 members (a body of several MB) and changes nothing', async () => {
    const before = await groupRow(app, big.id);
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: big.id,
      displayName: 'Everyone',
      members: big.memberIds.map((value, i) => ({ value, display: `member${i}@example.com` })),
    };
    expect(JSON.stringify(body).length).toBeGreaterThan(5_000_000);
    const res = await app.http.put(`${acme.scimBase}/Groups/${big.id}`).query({ excludedAttributes: 'members' }).set(idpHeaders(acme)).send(body);
    expectGroupResource(res);
    expect(res.body).not.toHaveProperty('members');
    expect(await groupRow(app, big.id)).toEqual(before);
    const [{ n }] = await sql<{ n: number }>(app, 'select count(*)::int as n from group_membership where group_id = ?', [big.id]);
    expect(n).toBe(SIZE);
  }, 120_000);
});
