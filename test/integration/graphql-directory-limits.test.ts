import { getIntrospectionQuery } from 'graphql';
import { CostlyByVariablesDocument, GroupsWithMembersDocument, TooCostlyDocument, TooDeepDocument } from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

describe('query guard rails', () => {
  it('refuses a too deep query with QUERY_TOO_DEEP and HTTP 400 before resolving anything', async () => {
    app.sql = [];
    app.captureSql = true;
    const res = await gql(app, acme.apiToken, TooDeepDocument, {});
    app.captureSql = false;
    expect(res.status).toBe(400);
    const error = errorOf(res, 'QUERY_TOO_DEEP');
    expect(error.message).toMatch(/exceeds maximum operation depth of 10/);
    expect(res.data ?? null).toBeNull();
    expect(app.sql.filter((l) => /app_group|app_user|group_membership/.test(l))).toEqual([]);
  });

  it('refuses a too costly query with QUERY_TOO_COMPLEX, counting page sizes, also when they come in variables', async () => {
    const res = await gql(app, acme.apiToken, TooCostlyDocument, {});
    expect(res.status).toBe(400);
    expect(errorOf(res, 'QUERY_TOO_COMPLEX').message).toMatch(/costs \d+, more than the limit of 25000/);
    errorOf(await gql(app, acme.apiToken, CostlyByVariablesDocument, { first: 100, membersFirst: 100 }), 'QUERY_TOO_COMPLEX');
    dataOf(await gql(app, acme.apiToken, CostlyByVariablesDocument, { first: 10, membersFirst: 10 }));
  });

  it('lets the admin console\'s largest page through: 100 groups with 10 members each', async () => {
    dataOf(await gql(app, acme.apiToken, GroupsWithMembersDocument, { first: 100, membersFirst: 10 }));
  });

  it('keeps introspection on, for any token, whatever its depth', async () => {
    const res = await app.http.post('/graphql').set('Authorization', `Bearer ${await readOnlyToken(app, acme.accountId)}`).send({ query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.types.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['User', 'Group', 'SsoMappingRule', 'LicenseMapping']));
  });
});
