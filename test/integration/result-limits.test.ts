import { expectListResponse, expectScimError, sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
const auth = () => ({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': 'application/scim+json' });

beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ENABLED: 'false' });
  acme = await createTestAccount(app);
  await sql(
    app,
    `insert into app_group (id, account_id, display_name, display_name_key, managed_by, member_count, created_at, updated_at, version)
     select gen_random_uuid(), ?, 'bulk ' || g, 'bulk ' || g, 'scim', 0, now(), now(), 1 from generate_series(1, 1005) g`,
    [acme.accountId],
  );
}, 60_000);
afterAll(() => app.close());

describe('result sets over the maximum (RFC 7644 §3.4.2.4, §3.12)', () => {
  it('answers a filter matching more than the maximum page size with a page of the maximum, not tooMany', async () => {
    const res = await app.http.get(`${acme.scimBase}/Groups`).set(auth()).query({ filter: 'displayName sw "bulk"', count: '5000', excludedAttributes: 'members' });
    expectListResponse(res, 1005);
    expect(res.body.itemsPerPage).toBe(1000);
    const users = await app.http.get(`${acme.scimBase}/Users`).set(auth()).query({ count: '100000' });
    expectListResponse(users, 0);
  });

  it('refuses with tooMany a page of groups whose members together exceed 100,000, and names the remedy', async () => {
    await sql(app, `update app_group set member_count = 60000 where account_id = ? and display_name in ('bulk 1', 'bulk 2')`, [acme.accountId]);
    try {
      const res = await app.http.get(`${acme.scimBase}/Groups`).set(auth()).query({ filter: 'displayName eq "bulk 1" or displayName eq "bulk 2"' });
      expectScimError(res, 400, 'tooMany');
      expect(res.body.detail).toMatch(/excludedAttributes=members/);
      const search = await app.http.post(`${acme.scimBase}/Groups/.search`).set(auth()).send({ filter: 'displayName eq "bulk 1" or displayName eq "bulk 2"' });
      expectScimError(search, 400, 'tooMany');
      // Without members, or one group at a time, the same groups are listed.
      expectListResponse(await app.http.get(`${acme.scimBase}/Groups`).set(auth()).query({ filter: 'displayName eq "bulk 1" or displayName eq "bulk 2"', excludedAttributes: 'members' }), 2);
      expectListResponse(await app.http.get(`${acme.scimBase}/Groups`).set(auth()).query({ filter: 'displayName eq "bulk 1"' }), 1);
    } finally {
      await sql(app, 'update app_group set member_count = 0 where account_id = ?', [acme.accountId]);
    }
  });
});
