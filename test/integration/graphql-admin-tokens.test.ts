import {
  ApiTokensDocument,
  CreateApiTokenDocument,
  CreateScimTokenDocument,
  ProvisioningEventsDocument,
  RevokeApiTokenDocument,
  RevokeScimTokenDocument,
  RotateScimTokenDocument,
  ScimTokensDocument,
  ViewerDocument,
  type ScimTokensQuery,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken, type GqlResponse } from '../support/admin-graphql';
import { sql, tableText } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let globex: TestAccount;
let readOnly: string;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  globex = await createTestAccount(app, 'Globex');
  readOnly = await readOnlyToken(app, acme.accountId);
});
afterAll(() => app.close());

const scimStatus = async (account: TestAccount, token: string) =>
  (await app.http.get(`${account.scimBase}/ServiceProviderConfig`).set('Authorization', `Bearer ${token}`)).status;
const graphqlStatus = async (token: string) => (await app.http.post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: '{ viewer { token { id } } }' })).status;

/** Everything a later reader could see: the listings, the audit trail, every token and event row, every log line. */
async function everythingVisibleAfterwards(): Promise<string> {
  const [scim, api, events] = await Promise.all([
    gql(app, acme.apiToken, ScimTokensDocument, { first: 500 }),
    gql(app, acme.apiToken, ApiTokensDocument, { first: 500 }),
    gql(app, acme.apiToken, ProvisioningEventsDocument, { first: 500 }),
  ]);
  const rows = await Promise.all(['scim_token', 'api_token', 'provisioning_event'].map((t) => tableText(app, t)));
  return [scim.text, api.text, events.text, ...rows, JSON.stringify(app.logs)].join('\n');
}

function tokenNotFound(res: GqlResponse<unknown>): void {
  expect(errorOf(res, 'NOT_FOUND').extensions.reason).toBe('TOKEN_NOT_FOUND');
}

/** What follows `rst_<kind>_<lookup id>_`; the base64url secret itself may hold `_`. */
function secretPart(token: string): string {
  return token.split('_').slice(3).join('_');
}

describe('scimTokens and apiTokens', () => {
  it('list metadata of the account\'s own tokens, and never a secret or digest', async () => {
    const scim = dataOf(await gql(app, readOnly, ScimTokensDocument, {}));
    expect(scim.scimTokens.totalCount).toBe(1);
    const [initial] = scim.scimTokens.edges.map((e) => e.node);
    expect(initial).toMatchObject({ name: 'Initial SCIM token', state: 'ACTIVE', revokedAt: null, expiresAt: null });
    expect(acme.scimToken.startsWith(`${initial!.prefix}_`)).toBe(true);
    expect(Object.keys(initial!).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'state']);

    const api = dataOf(await gql(app, readOnly, ApiTokensDocument, {}));
    expect(api.apiTokens.edges.map((e) => [e.node.name, e.node.role])).toEqual([
      ['Dashboards', 'READ_ONLY'],
      ['Initial admin token', 'ADMIN'],
    ]);
    const listed = JSON.stringify([scim, api]);
    for (const token of [acme.scimToken, acme.apiToken, readOnly]) expect(listed).not.toContain(secretPart(token));
    expect(listed).not.toContain(globex.accountId);
  });

  it('show lastUsedAt once a token has authenticated', async () => {
    expect(await scimStatus(acme, acme.scimToken)).toBe(200);
    const scim = dataOf(await gql(app, acme.apiToken, ScimTokensDocument, {}));
    const initial = scim.scimTokens.edges.find((e) => e.node.name === 'Initial SCIM token')!.node;
    expect(Date.now() - Date.parse(initial.lastUsedAt!)).toBeLessThan(60_000);
  });

  it('page newest first with opaque cursors, without repeating a token', async () => {
    const account = await createTestAccount(app, 'Paging');
    for (let i = 0; i < 7; i++) dataOf(await gql(app, account.apiToken, CreateScimTokenDocument, { input: { name: `IdP ${i}` } }));
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: ScimTokensQuery = dataOf(await gql(app, account.apiToken, ScimTokensDocument, { first: 3, after }));
      names.push(...res.scimTokens.edges.map((e) => e.node.name));
      expect(res.scimTokens.totalCount).toBe(8);
      if (!res.scimTokens.pageInfo.hasNextPage) break;
      after = res.scimTokens.pageInfo.endCursor;
    }
    expect(names).toEqual(['IdP 6', 'IdP 5', 'IdP 4', 'IdP 3', 'IdP 2', 'IdP 1', 'IdP 0', 'Initial SCIM token']);
  });

  it('refuse a bad page size or a cursor they did not hand out', async () => {
    errorOf(await gql(app, acme.apiToken, ScimTokensDocument, { first: 0 }), 'BAD_USER_INPUT');
    errorOf(await gql(app, acme.apiToken, ScimTokensDocument, { first: 501 }), 'BAD_USER_INPUT');
    const garbage = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const after of ['not-a-cursor', garbage]) expect(errorOf(await gql(app, acme.apiToken, ApiTokensDocument, { after }), 'INVALID_CURSOR').extensions.field).toBe('after');
  });
});

describe('createScimToken', () => {
  it('returns the secret in its payload once: it works on SCIM and is stored, listed and logged nowhere', async () => {
    const res = await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Okta production', expiresAt: '2099-01-31T00:00:00Z' } });
    const { token, scimToken } = dataOf(res).createScimToken;
    expect(token).toMatch(/^rst_scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(`${scimToken.prefix}_`)).toBe(true);
    expect(scimToken).toMatchObject({ name: 'Okta production', state: 'ACTIVE', expiresAt: '2099-01-31T00:00:00.000Z', revokedAt: null, lastUsedAt: null });

    expect(await scimStatus(acme, token)).toBe(200);
    expect(await scimStatus(globex, token)).toBe(401);

    const visible = await everythingVisibleAfterwards();
    expect(visible).toContain(scimToken.prefix);
    expect(visible).not.toContain(secretPart(token));
    const [event] = await sql(app, `select actor_name, actor_type, detail from provisioning_event where action = 'scim_token.created' and resource_id = ?`, [scimToken.id]);
    expect(event).toEqual({ actor_name: 'Initial admin token', actor_type: 'api_token', detail: { name: 'Okta production', prefix: scimToken.prefix } });
  });

  it('refuses a blank name, an expiry in the past and a malformed date with BAD_USER_INPUT', async () => {
    const before = await sql(app, 'select count(*)::int as n from scim_token');
    expect(errorOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: '  ' } }), 'BAD_USER_INPUT').extensions.field).toBe('name');
    expect(errorOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'x', expiresAt: '2001-01-01T00:00:00Z' } }), 'BAD_USER_INPUT').extensions.field).toBe(
      'expiresAt',
    );
    errorOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'x', expiresAt: 'next tuesday' } }), 'BAD_USER_INPUT');
    expect(await sql(app, 'select count(*)::int as n from scim_token')).toEqual(before);
  });
});

describe('createApiToken', () => {
  it('creates a READ_ONLY token that can query but not mutate, with the secret in the payload only', async () => {
    const created = dataOf(await gql(app, acme.apiToken, CreateApiTokenDocument, { input: { name: 'Reporting', role: 'READ_ONLY' } })).createApiToken;
    expect(created.apiToken).toMatchObject({ name: 'Reporting', role: 'READ_ONLY', state: 'ACTIVE' });
    expect(created.token.startsWith(`${created.apiToken.prefix}_`)).toBe(true);
    expect(dataOf(await gql(app, created.token, ViewerDocument, {})).viewer.token).toEqual({ id: created.apiToken.id, name: 'Reporting', role: 'READ_ONLY' });
    errorOf(await gql(app, created.token, CreateApiTokenDocument, { input: { name: 'Escalate', role: 'ADMIN' } }), 'FORBIDDEN');
    expect(await everythingVisibleAfterwards()).not.toContain(secretPart(created.token));
  });

  it('creates an ADMIN token that can mutate', async () => {
    const created = dataOf(await gql(app, acme.apiToken, CreateApiTokenDocument, { input: { name: 'Terraform', role: 'ADMIN' } })).createApiToken;
    const res = await gql(app, created.token, CreateScimTokenDocument, { input: { name: 'made by terraform' } });
    expect(dataOf(res).createScimToken.scimToken.name).toBe('made by terraform');
    const [event] = await sql(app, `select actor_id, actor_name from provisioning_event where action = 'scim_token.created' and resource_id = ?`, [
      dataOf(res).createScimToken.scimToken.id,
    ]);
    expect(event).toEqual({ actor_id: created.apiToken.id, actor_name: 'Terraform' });
  });

  it('refuses an unknown role and a blank name', async () => {
    errorOf(await gql(app, acme.apiToken, CreateApiTokenDocument, { input: { name: 'x', role: 'OWNER' as 'ADMIN' } }), 'BAD_USER_INPUT');
    errorOf(await gql(app, acme.apiToken, CreateApiTokenDocument, { input: { name: '', role: 'ADMIN' } }), 'BAD_USER_INPUT');
  });
});

describe('revokeScimToken and revokeApiToken', () => {
  it('revoke a SCIM token at once: SCIM answers 401, the listing says REVOKED, revoking again changes nothing', async () => {
    const { token, scimToken } = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Entra' } })).createScimToken;
    expect(await scimStatus(acme, token)).toBe(200);
    const revoked = dataOf(await gql(app, acme.apiToken, RevokeScimTokenDocument, { input: { id: scimToken.id } })).revokeScimToken.scimToken;
    expect(revoked).toMatchObject({ id: scimToken.id, state: 'REVOKED' });
    expect(await scimStatus(acme, token)).toBe(401);
    expect(await scimStatus(acme, acme.scimToken)).toBe(200);

    const again = dataOf(await gql(app, acme.apiToken, RevokeScimTokenDocument, { input: { id: scimToken.id } })).revokeScimToken.scimToken;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const events = await sql(app, `select action from provisioning_event where resource_id = ? order by occurred_at`, [scimToken.id]);
    expect(events.map((e) => e.action)).toEqual(['scim_token.created', 'scim_token.revoked']);
  });

  it('revoke an API token: GraphQL answers 401 for it', async () => {
    const created = dataOf(await gql(app, acme.apiToken, CreateApiTokenDocument, { input: { name: 'Script', role: 'ADMIN' } })).createApiToken;
    expect(await graphqlStatus(created.token)).toBe(200);
    const revoked = dataOf(await gql(app, acme.apiToken, RevokeApiTokenDocument, { input: { id: created.apiToken.id } })).revokeApiToken.apiToken;
    expect(revoked).toMatchObject({ state: 'REVOKED', role: 'ADMIN' });
    expect(await graphqlStatus(created.token)).toBe(401);
  });

  it('answer NOT_FOUND (reason TOKEN_NOT_FOUND) for an unknown id, a malformed id, another account\'s token and the other kind of token', async () => {
    const [globexScim] = await sql<{ id: string }>(app, 'select id from scim_token where account_id = ?', [globex.accountId]);
    const [acmeApi] = await sql<{ id: string }>(app, 'select id from api_token where account_id = ? order by created_at limit 1', [acme.accountId]);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', globexScim!.id, acmeApi!.id])
      tokenNotFound(await gql(app, acme.apiToken, RevokeScimTokenDocument, { input: { id } }));
    tokenNotFound(await gql(app, acme.apiToken, RevokeApiTokenDocument, { input: { id: globexScim!.id } }));
    expect(await scimStatus(globex, globex.scimToken)).toBe(200);
  });
});

describe('rotateScimToken', () => {
  it('keeps both tokens working through the overlap, then only the new one', async () => {
    const old = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Okta' } })).createScimToken;
    const started = Date.now();
    const rotated = dataOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: old.scimToken.id, overlapSeconds: 3600 } })).rotateScimToken;
    expect(rotated.scimToken).toMatchObject({ name: 'Okta (rotated)', state: 'ACTIVE', expiresAt: null });
    expect(rotated.previousScimToken).toMatchObject({ id: old.scimToken.id, state: 'ACTIVE' });
    const overlapEnds = Date.parse(rotated.previousScimToken.expiresAt!);
    expect(overlapEnds).toBeGreaterThanOrEqual(started + 3_600_000 - 1000);
    expect(overlapEnds).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(rotated.token).not.toBe(old.token);

    expect(await scimStatus(acme, old.token)).toBe(200);
    expect(await scimStatus(acme, rotated.token)).toBe(200);

    // The overlap ends.
    await sql(app, `update scim_token set expires_at = now() - interval '1 second' where id = ?`, [old.scimToken.id]);
    expect(await scimStatus(acme, old.token)).toBe(401);
    expect(await scimStatus(acme, rotated.token)).toBe(200);
    const listed = dataOf(await gql(app, acme.apiToken, ScimTokensDocument, { first: 500 })).scimTokens.edges.map((e) => e.node);
    expect(listed.find((t) => t.id === old.scimToken.id)?.state).toBe('EXPIRED');

    const [event] = await sql(app, `select actor_name, detail from provisioning_event where action = 'scim_token.rotated' and resource_id = ?`, [old.scimToken.id]);
    expect(event).toMatchObject({ actor_name: 'Initial admin token', detail: { name: 'Okta', successorId: rotated.scimToken.id } });
    expect(await everythingVisibleAfterwards()).not.toContain(secretPart(rotated.token));
  });

  it('without an overlap keeps the old token valid until it is revoked; names never pile up suffixes', async () => {
    const old = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Entra EU' } })).createScimToken;
    const first = dataOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: old.scimToken.id } })).rotateScimToken;
    expect(first.previousScimToken.expiresAt).toBeNull();
    const second = dataOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: first.scimToken.id, expiresAt: '2099-06-30T00:00:00Z' } })).rotateScimToken;
    expect(second.scimToken).toMatchObject({ name: 'Entra EU (rotated)', expiresAt: '2099-06-30T00:00:00.000Z' });
    for (const token of [old.token, first.token, second.token]) expect(await scimStatus(acme, token)).toBe(200);

    dataOf(await gql(app, acme.apiToken, RevokeScimTokenDocument, { input: { id: old.scimToken.id } }));
    expect(await scimStatus(acme, old.token)).toBe(401);
    expect(await scimStatus(acme, first.token)).toBe(200);
  });

  it('with an overlap of 0 stops the old token at once, and never extends an earlier expiry', async () => {
    const now = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Now' } })).createScimToken;
    const rotated = dataOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: now.scimToken.id, overlapSeconds: 0 } })).rotateScimToken;
    expect(rotated.previousScimToken.state).toBe('EXPIRED');
    expect(await scimStatus(acme, now.token)).toBe(401);
    expect(await scimStatus(acme, rotated.token)).toBe(200);

    const soon = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Soon', expiresAt: new Date(Date.now() + 60_000).toISOString() } })).createScimToken;
    const kept = dataOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: soon.scimToken.id, overlapSeconds: 86_400 } })).rotateScimToken;
    expect(kept.previousScimToken.expiresAt).toBe(soon.scimToken.expiresAt);
  });

  it('refuses a revoked, an expired or an unknown token and a bad overlap, issuing nothing', async () => {
    const revoked = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Gone' } })).createScimToken;
    dataOf(await gql(app, acme.apiToken, RevokeScimTokenDocument, { input: { id: revoked.scimToken.id } }));
    const expired = dataOf(await gql(app, acme.apiToken, CreateScimTokenDocument, { input: { name: 'Old' } })).createScimToken;
    await sql(app, `update scim_token set expires_at = now() - interval '1 second' where id = ?`, [expired.scimToken.id]);
    const count = () => sql(app, 'select count(*)::int as n from scim_token where account_id = ?', [acme.accountId]);
    const before = await count();

    errorOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: revoked.scimToken.id } }), 'TOKEN_REVOKED');
    errorOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: expired.scimToken.id } }), 'TOKEN_EXPIRED');
    tokenNotFound(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: '00000000-0000-4000-8000-000000000000' } }));
    const [globexScim] = await sql<{ id: string }>(app, 'select id from scim_token where account_id = ?', [globex.accountId]);
    tokenNotFound(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: globexScim!.id } }));
    for (const overlapSeconds of [-1, 30 * 86_400 + 1])
      expect(errorOf(await gql(app, acme.apiToken, RotateScimTokenDocument, { input: { id: acme.accountId, overlapSeconds } }), 'BAD_USER_INPUT').extensions.field).toBe(
        'overlapSeconds',
      );
    expect(await count()).toEqual(before);
  });
});

describe('roles', () => {
  it('a READ_ONLY token gets FORBIDDEN for every token mutation, and nothing changes', async () => {
    const [scimId] = await sql<{ id: string }>(app, 'select id from scim_token where account_id = ? and revoked_at is null limit 1', [acme.accountId]);
    const [apiId] = await sql<{ id: string }>(app, `select id from api_token where account_id = ? and name = 'Initial admin token'`, [acme.accountId]);
    const tokens = () => Promise.all(['scim_token', 'api_token'].map((t) => sql(app, `select id, name, expires_at, revoked_at from ${t} order by id`)));
    const before = await tokens();
    const results = await Promise.all([
      gql(app, readOnly, CreateScimTokenDocument, { input: { name: 'x' } }),
      gql(app, readOnly, CreateApiTokenDocument, { input: { name: 'x', role: 'ADMIN' } }),
      gql(app, readOnly, RevokeScimTokenDocument, { input: { id: scimId!.id } }),
      gql(app, readOnly, RevokeApiTokenDocument, { input: { id: apiId!.id } }),
      gql(app, readOnly, RotateScimTokenDocument, { input: { id: scimId!.id, overlapSeconds: 60 } }),
    ]);
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.data).toBeNull();
      expect(errorOf(res, 'FORBIDDEN').message).toBe('This operation needs an ADMIN token');
    }
    expect(await tokens()).toEqual(before);
    expect(app.logs.filter((l) => l['msg'] === 'unhandled GraphQL error')).toEqual([]);
  });
});
