import { capturingSql } from '../support/scim-groups-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let small: TestAccount;
let large: TestAccount;

/** Bulk rows straight in SQL: the cost test needs data, not 10,000 HTTP calls. */
async function seedUsers(accountId: string, count: number, prefix: string): Promise<void> {
  await app.orm.em.fork().getConnection().execute(
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, email, email_key, created_at, updated_at, version)
     select gen_random_uuid(), ?, '${prefix}' || g || '@example.com', '${prefix}' || g || '@example.com', true, '[]'::jsonb, 'scim',
            '${prefix}' || g || '@example.com', '${prefix}' || g || '@example.com', now(), now(), 1
       from generate_series(1, ?) g`,
    [accountId, count],
  );
  await app.orm.em.fork().getConnection().execute('analyze app_user');
}

/** Statements without their values, so two runs on different data compare by shape; sorted, as the page and its count run concurrently. */
function shapes(sql: string[]): string[] {
  return sql.map((line) => line.replace(/\[took.*$/, '').replace(/'[^']*'/g, '?').replace(/\b\d+\b/g, 'N').trim()).sort();
}

beforeAll(async () => {
  app = await startTestApp();
  small = await createTestAccount(app, 'Small');
  large = await createTestAccount(app, 'Large');
  await seedUsers(small.accountId, 10, 's');
  await seedUsers(large.accountId, 10_000, 'l');
}, 60_000);
afterAll(() => app.close());

async function capture(account: TestAccount, userName: string): Promise<{ sql: string[]; body: { totalResults: number } }> {
  const auth = { Authorization: `Bearer ${account.scimToken}` };
  await app.http.get(`${account.scimBase}/ServiceProviderConfig`).set(auth); // settles the token's lastUsedAt write
  const { result: res, statements } = await capturingSql(app, () =>
    app.http.get(`${account.scimBase}/Users`).query({ filter: `userName eq "${userName.toUpperCase()}"` }).set(auth),
  );
  expect(res.status).toBe(200);
  return { sql: statements.filter((l) => /select|insert|update|delete/i.test(l)), body: res.body };
}

describe('userName filter cost', () => {
  it('runs the same statements for an account of 10 users and one of 10,000', async () => {
    const a = await capture(small, 's7@example.com');
    const b = await capture(large, 'l7777@example.com');
    expect(a.body.totalResults).toBe(1);
    expect(b.body.totalResults).toBe(1);
    expect(shapes(b.sql)).toEqual(shapes(a.sql));
    // The token look-up, then one statement for the page with its users, emails and groups (the rate limiter's
    // own pool is not captured here).
    expect(a.sql.length).toBe(2);
  });

  it('answers the userName filter the server actually ran from the (account, user_name_key) index, not a scan', async () => {
    const { sql } = await capture(large, 'l4242@example.com');
    const statement = sql.find((l) => l.includes('user_name_key') && !/count\(\*\)/.test(l));
    expect(statement).toBeDefined();
     
    const runnable = statement!.replace(/\u001b\[[0-9;]*m/g, '').replace(/^.*?\[query\]\s*/, '').replace(/\s*\[took.*$/, '').replace(/ - .*$/, '');
    const plan = await app.orm.em.fork().getConnection().execute<{ 'QUERY PLAN': string }[]>(`explain ${runnable.replace(/\$(\d+)/g, '?')}`, [
      large.accountId,
      'l4242@example.com',
      100,
    ]);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('app_user_account_user_name_unique');
    expect(text).not.toMatch(/Seq Scan on app_user/);
  });
});

describe('POST /Users cost', () => {
  async function create(account: TestAccount, userName: string): Promise<string[]> {
    const auth = { Authorization: `Bearer ${account.scimToken}` };
    await app.http.get(`${account.scimBase}/ServiceProviderConfig`).set(auth);
    const { result: res, statements } = await capturingSql(app, () =>
      app.http
        .post(`${account.scimBase}/Users`)
        .set({ ...auth, 'Content-Type': 'application/scim+json' })
        .send(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, emails: [{ value: userName, primary: true }], active: true })),
    );
    expect(res.status).toBe(201);
    return statements.filter((l) => /select|insert|update|delete|begin|commit/i.test(l));
  }

  it('runs the same statements for an account of 10 users and one of 10,000, reading the account and the user to link in one', async () => {
    const a = await create(small, 'new.small@example.com');
    const b = await create(large, 'new.large@example.com');
    expect(shapes(b)).toEqual(shapes(a));
    // token; BEGIN; the account FOR SHARE with the user to link; the user, its email, its event, its invitation; COMMIT
    expect(a.filter((l) => /from account/.test(l))).toHaveLength(1);
    expect(a.length).toBeLessThanOrEqual(8);
  });
});
