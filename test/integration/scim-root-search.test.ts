import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
const auth = () => ({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': 'application/scim+json' });
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app);
  for (const name of ['ann', 'bob', 'cyd']) {
    await app.http.post(`${acme.scimBase}/Users`).set(auth()).send({ userName: `${name}@example.com`, externalId: `x-${name}` });
  }
  for (const name of ['Admins', 'Staff']) await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: name, externalId: `x-${name}` });
});
afterAll(() => app.close());

describe('POST /.search across resource types', () => {
  it('returns users then groups, paged as one list', async () => {
    const first = await app.http.post(`${acme.scimBase}/.search`).set(auth()).send({ schemas: [SEARCH], startIndex: 1, count: 4 });
    expect(first.status).toBe(200);
    expect(first.body.totalResults).toBe(5);
    expect(first.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType)).toEqual(['User', 'User', 'User', 'Group']);
    const second = await app.http.post(`${acme.scimBase}/.search`).set(auth()).send({ schemas: [SEARCH], startIndex: 5, count: 4 });
    expect(second.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType)).toEqual(['Group']);
    const ids = [...first.body.Resources, ...second.body.Resources].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(5);
  });

  it('applies a filter every type understands to each, and one only users have to users only', async () => {
    const both = await app.http.post(`${acme.scimBase}/.search`).set(auth()).send({ schemas: [SEARCH], filter: 'externalId sw "x-"' });
    expect(both.body.totalResults).toBe(5);
    const users = await app.http.post(`${acme.scimBase}/.search`).set(auth()).send({ schemas: [SEARCH], filter: 'userName eq "BOB@example.com"' });
    expect(users.body.totalResults).toBe(1);
    expect(users.body.Resources[0].userName).toBe('bob@example.com');
    const bad = await app.http.post(`${acme.scimBase}/.search`).set(auth()).send({ schemas: [SEARCH], filter: 'shoeSize eq 42' });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidFilter');
  });
});
