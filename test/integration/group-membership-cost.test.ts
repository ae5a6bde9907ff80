import { capturingSql } from '../support/scim-groups-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const auth = () => ({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': 'application/scim+json' });

/** A group with `size` members and one spare user not yet in it, seeded in SQL. */
async function seedGroup(name: string, size: number): Promise<{ groupId: string; spare: string[] }> {
  const conn = app.orm.em.fork().getConnection();
  const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: name });
  const groupId = created.body.id as string;
  const users = await conn.execute<{ id: string }[]>(
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
     select gen_random_uuid(), ?, '${name}' || g || '@example.com', '${name}' || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
       from generate_series(1, ?) g returning id`,
    [acme.accountId, size + 2],
  );
  const ids = users.map((u) => u.id);
  await conn.execute(
    `insert into group_membership (group_id, user_id, account_id, created_at) select ?, u, ?, now() from unnest(?::uuid[]) u`,
    [groupId, acme.accountId, `{${ids.slice(0, size).join(',')}}`],
  );
  await conn.execute('update app_group set member_count = ? where id = ?', [size, groupId]);
  await conn.execute('analyze group_membership');
  return { groupId, spare: ids.slice(size) };
}

function shapes(sql: string[]): string[] {
   
  return sql.map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').replace(/\[took.*$/, '').replace(/'[^']*'/g, '?').replace(/\b\d+\b/g, 'N').trim());
}

async function addOne(groupId: string, userId: string): Promise<string[]> {
  await app.http.get(`${acme.scimBase}/ServiceProviderConfig`).set(auth());
  const { result: res, statements } = await capturingSql(app, () =>
    app.http
      .patch(`${acme.scimBase}/Groups/${groupId}?excludedAttributes=members`)
      .set(auth())
      .send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] }),
  );
  expect(res.status).toBe(204);
  return statements.filter((l) => /select|insert|update|delete|begin|commit/i.test(l));
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app);
}, 60_000);
afterAll(() => app.close());

describe('adding one member', () => {
  it('issues the same statements for a group of 10 and a group of 10,000', async () => {
    const small = await seedGroup('small', 10);
    const large = await seedGroup('large', 10_000);
    const a = await addOne(small.groupId, small.spare[0]!);
    const b = await addOne(large.groupId, large.spare[0]!);
    expect(shapes(b)).toEqual(shapes(a));
    // token; BEGIN; the group read; the checked insert; licenses and member versions; event; group count and version; COMMIT
    expect(a.length).toBeLessThanOrEqual(8);
    const [row] = await app.orm.em.fork().getConnection().execute<{ member_count: number; n: string }[]>(
      'select member_count, (select count(*) from group_membership where group_id = g.id) as n from app_group g where id = ?',
      [large.groupId],
    );
    expect(row).toEqual({ member_count: 10_001, n: '10001' });
  }, 60_000);
});
