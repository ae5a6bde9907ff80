import type { Response } from 'supertest';
import { systemClock, type Ctx } from '../../src/commands/context';
import { createApiToken, createScimToken, revokeApiToken, revokeScimToken } from '../../src/commands/manage-tokens';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let globex: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  [acme, globex] = await Promise.all([createTestAccount(app, 'Acme'), createTestAccount(app, 'Globex')]);
});
afterAll(() => app.close());

function ctx(accountId: string): Ctx {
  return { em: app.orm.em.fork(), accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock };
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** Well-formed tokens that no row matches. */
const UNKNOWN_SCIM = `rst_scim_0123456789abcdef_${'A'.repeat(43)}`;
const UNKNOWN_API = `rst_api_0123456789abcdef_${'A'.repeat(43)}`;

function expectScim401(res: Response): void {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
  expect(typeof res.body.detail).toBe('string');
}

function expectGraphql401(res: Response): void {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(res.body.data).toBeUndefined();
}

const spc = (account: TestAccount) => `${account.scimBase}/ServiceProviderConfig`;
const VIEWER = { query: '{ viewer { account { id } } }' };

describe('the valid tokens (the control group)', () => {
  it('pass on their own account', async () => {
    expect((await app.http.get(spc(acme)).set('Authorization', `Bearer ${acme.scimToken}`)).status).toBe(200);
    const gql = await app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send(VIEWER);
    expect(gql.status).toBe(200);
    expect(gql.body.data.viewer.account.id).toBe(acme.accountId);
  });

  it('accept the scheme in any case (RFC 7235 §2.1)', async () => {
    expect((await app.http.get(spc(acme)).set('Authorization', `bearer ${acme.scimToken}`)).status).toBe(200);
  });
});

describe('SCIM answers 401 with a SCIM error and a Bearer challenge', () => {
  const malformed: [string, string][] = [
    ['the scheme alone', 'Bearer'],
    ['another scheme', 'Basic x'],
    ['Basic credentials', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['garbage', 'Bearer garbage'],
    ['three parts', 'Bearer a b'],
    ['a token with a trailing part', `Bearer rst_scim_0123456789abcdef_${'A'.repeat(43)} extra`],
    ['a truncated token', `Bearer rst_scim_0123456789abcdef_${'A'.repeat(42)}`],
    ['an unknown token of valid shape', `Bearer ${UNKNOWN_SCIM}`],
  ];

  it('without an Authorization header', async () => {
    expectScim401(await app.http.get(spc(acme)));
  });

  it.each(malformed)('for %s', async (_name, header) => {
    expectScim401(await app.http.get(spc(acme)).set('Authorization', header));
  });

  it('for a real token with one character of its secret changed', async () => {
    const last = acme.scimToken.at(-1) === 'A' ? 'B' : 'A';
    expectScim401(await app.http.get(spc(acme)).set('Authorization', `Bearer ${acme.scimToken.slice(0, -1)}${last}`));
  });

  it('for a revoked token', async () => {
    const issued = await createScimToken(ctx(acme.accountId), { name: 'to revoke' });
    expect((await app.http.get(spc(acme)).set('Authorization', `Bearer ${issued.secret}`)).status).toBe(200);
    await revokeScimToken(ctx(acme.accountId), { id: issued.token.id });
    expectScim401(await app.http.get(spc(acme)).set('Authorization', `Bearer ${issued.secret}`));
  });

  it('for an expired token', async () => {
    const issued = await createScimToken(ctx(acme.accountId), { name: 'to expire', expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await app.http.get(spc(acme)).set('Authorization', `Bearer ${issued.secret}`)).status).toBe(200);
    await app.orm.em.fork().getConnection().execute(`update scim_token set expires_at = now() - interval '1 second' where id = ?`, [issued.token.id]);
    expectScim401(await app.http.get(spc(acme)).set('Authorization', `Bearer ${issued.secret}`));
  });

  it('for an API token', async () => {
    expectScim401(await app.http.get(spc(acme)).set('Authorization', `Bearer ${acme.apiToken}`));
  });

  it("for account A's token on account B's base URL", async () => {
    expectScim401(await app.http.get(spc(globex)).set('Authorization', `Bearer ${acme.scimToken}`));
    expectScim401(await app.http.get(`/scim/v2/accounts/not-a-uuid/ServiceProviderConfig`).set('Authorization', `Bearer ${acme.scimToken}`));
  });

  it('for ?access_token= in the query string, even a valid one, with or without a header', async () => {
    expectScim401(await app.http.get(`${spc(acme)}?access_token=${acme.scimToken}`));
    expectScim401(await app.http.get(`${spc(acme)}?access_token=${acme.scimToken}`).set('Authorization', `Bearer ${acme.scimToken}`));
  });

  it('for access_token in a JSON body without a header (the body is not a credential)', async () => {
    const res = await app.http
      .post(`${acme.scimBase}/Users`)
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ access_token: acme.scimToken, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a@example.com' }));
    expectScim401(res);
    const form = await app.http.post(`${acme.scimBase}/Users`).type('form').send({ access_token: acme.scimToken });
    expectScim401(form);
  });

  it('before routing: an unknown path of a real account is a 401, not a 404, without a token', async () => {
    expectScim401(await app.http.get(`${acme.scimBase}/Devices`));
  });
});

describe('GraphQL answers 401 with UNAUTHENTICATED and a Bearer challenge', () => {
  it('without an Authorization header', async () => {
    expectGraphql401(await app.http.post('/graphql').send(VIEWER));
  });

  it.each([['Bearer'], ['Basic x'], ['Bearer garbage'], ['Bearer a b'], [`Bearer ${UNKNOWN_API}`]])('for Authorization: %s', async (header) => {
    expectGraphql401(await app.http.post('/graphql').set('Authorization', header).send(VIEWER));
  });

  it('for a SCIM token', async () => {
    expectGraphql401(await app.http.post('/graphql').set('Authorization', `Bearer ${acme.scimToken}`).send(VIEWER));
  });

  it('for a revoked API token', async () => {
    const issued = await createApiToken(ctx(acme.accountId), { name: 'to revoke', role: ApiRole.READ_ONLY });
    expect((await app.http.post('/graphql').set('Authorization', `Bearer ${issued.secret}`).send(VIEWER)).status).toBe(200);
    await revokeApiToken(ctx(acme.accountId), { id: issued.token.id });
    expectGraphql401(await app.http.post('/graphql').set('Authorization', `Bearer ${issued.secret}`).send(VIEWER));
  });

  it('for an expired API token', async () => {
    const issued = await createApiToken(ctx(acme.accountId), { name: 'to expire', role: ApiRole.ADMIN, expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await app.http.post('/graphql').set('Authorization', `Bearer ${issued.secret}`).send(VIEWER)).status).toBe(200);
    await app.orm.em.fork().getConnection().execute(`update api_token set expires_at = now() - interval '1 second' where id = ?`, [issued.token.id]);
    expectGraphql401(await app.http.post('/graphql').set('Authorization', `Bearer ${issued.secret}`).send(VIEWER));
  });

  it('for ?access_token= in the query string, even a valid one', async () => {
    expectGraphql401(await app.http.post(`/graphql?access_token=${acme.apiToken}`).send(VIEWER));
    expectGraphql401(await app.http.get(`/graphql?access_token=${acme.apiToken}&query=${encodeURIComponent(VIEWER.query)}`));
  });

  it('for access_token in the JSON body', async () => {
    expectGraphql401(await app.http.post('/graphql').send({ ...VIEWER, access_token: acme.apiToken }));
  });
});
