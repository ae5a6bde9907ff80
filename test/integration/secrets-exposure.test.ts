import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { hashSecret, issueToken, parseToken, secretMatches } from '../../src/domain/token/token-secret';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

describe('secretMatches', () => {
  it('never throws, whatever the lengths: odd, empty, huge, multi-byte, lone surrogates', () => {
    const issued = issueToken('scim');
    const secret = parseToken(issued.token)!.secret;
    expect(secretMatches(secret, issued.secretHash)).toBe(true);
    const odd = [Buffer.alloc(0), Buffer.alloc(1), Buffer.alloc(31), Buffer.alloc(33), Buffer.alloc(64), randomBytes(7), issued.secretHash.subarray(0, 31)];
    for (const stored of odd) for (const candidate of ['', 'a', secret, secret.slice(1), '\ud800', 'é'.repeat(33), 'x'.repeat(1_000_000)]) expect(secretMatches(candidate, stored)).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 80 }), (candidate, stored) => {
        expect(secretMatches(candidate, Buffer.from(stored))).toBe(stored.length === 32 && hashSecret(candidate).equals(Buffer.from(stored)));
      }),
      { numRuns: 500 },
    );
  });

  it('parseToken never throws and accepts only the exact shape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (raw) => {
        const parsed = parseToken(raw);
        if (parsed) expect(`rst_${parsed.kind}_${parsed.lookupId}_${parsed.secret}`).toBe(raw);
      }),
      { numRuns: 500 },
    );
  });
});

describe('secrets in replies and logs', () => {
  let app: TestApp;
  let acme: TestAccount;
  let other: TestAccount;
  const replies: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'debug' });
    acme = await createTestAccount(app, 'Acme');
    other = await createTestAccount(app, 'Other');
  }, 60_000);
  afterAll(() => app.close());

  /** Every form in which a token could leak: whole, its secret part, and its stored digest (hex, base64). */
  async function forbiddenStrings(): Promise<string[]> {
    const tokens = [acme.scimToken, acme.apiToken, other.scimToken, other.apiToken, FAKE_INVITATION, FAKE_EMAIL_CHANGE, ALTERED];
    const secrets = tokens.map((t) => t.split('_').slice(3).join('_'));
    const hashes = await sql<{ h: Buffer }>(app, 'select secret_hash as h from scim_token union all select secret_hash from api_token');
    const digests = hashes.flatMap((r) => [r.h.toString('hex'), r.h.toString('base64'), r.h.toString('base64url')]);
    return [...tokens, ...secrets, ...digests].filter((s) => s.length >= 16);
  }

  const FAKE_INVITATION = `rst_inv_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  const FAKE_EMAIL_CHANGE = `rst_eml_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  let ALTERED = '';

  it('shows no token, secret part, digest or Authorization header in any reply or log line, on success or failure', async () => {
    ALTERED = acme.scimToken.slice(0, -1) + (acme.scimToken.endsWith('A') ? 'B' : 'A');
    const record = (res: { status: number; text: string; headers: Record<string, unknown> }) => {
      replies.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
      return res;
    };
    const scim = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' });
    // Successes, and every way of failing that involves a token.
    record(await app.http.get(`${acme.scimBase}/Users`).set(scim(acme.scimToken)));
    record(await app.http.get(`${acme.scimBase}/Users`).set(scim(ALTERED)));
    record(await app.http.get(`${acme.scimBase}/Users`).set(scim(other.scimToken)));
    record(await app.http.get(`${acme.scimBase}/Users`).set(scim(acme.apiToken)));
    record(await app.http.get(`${acme.scimBase}/Users`).set({ Authorization: `Basic ${Buffer.from(`x:${acme.scimToken}`).toString('base64')}` }));
    record(await app.http.get(`${acme.scimBase}/Users`).set({ Authorization: `Bearer ${acme.scimToken} ${acme.apiToken}` }));
    record(await app.http.get(`${acme.scimBase}/Users?access_token=${acme.scimToken}`));
    record(await app.http.get(`${acme.scimBase}/Users?access_token=${acme.scimToken}`).set(scim(acme.scimToken)));
    record(await app.http.post(`${acme.scimBase}/Users`).set({ 'Content-Type': 'application/json' }).send({ access_token: acme.scimToken, userName: 'x@example.com' }));
    record(await app.http.post(`${acme.scimBase}/Users`).set(scim(acme.scimToken)).send('{"broken": '));
    record(await app.http.post(`${acme.scimBase}/Users`).set(scim(acme.scimToken)).send({ userName: 'a@example.com', emails: [{ value: 'b@example.com', primary: true }] }));
    record(await app.http.get(`${acme.scimBase}/Users/${'0'.repeat(36)}`).set(scim(acme.scimToken)));
    const gql = (token: string, query: string, variables: Record<string, unknown> = {}) =>
      app.http.post('/graphql').set({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }).send({ query, variables });
    record(await gql(acme.apiToken, '{ viewer { account { id } } }'));
    record(await gql(ALTERED.replace('rst_scim_', 'rst_api_'), '{ viewer { account { id } } }'));
    record(await gql(acme.scimToken, '{ viewer { account { id } } }'));
    record(await gql(acme.apiToken, '{ viewer { nope } }'));
    for (const token of [FAKE_INVITATION, FAKE_EMAIL_CHANGE, acme.apiToken, 'rst_inv_short']) {
      record(await gql(acme.apiToken, 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename } }', { input: { token } }));
      record(await gql(acme.apiToken, 'mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { __typename } }', { input: { token } }));
    }
    record(await app.http.post('/graphql').set({ Authorization: `Bearer ${acme.apiToken}`, 'Content-Type': 'application/json' }).send('{"query": '));
    // The token-management operations the schema offers, when it does: rotating shows a new secret once, by design.
    record(await gql(acme.apiToken, '{ scimTokens { __typename } }'));

    await new Promise((r) => setTimeout(r, 100));
    const forbidden = await forbiddenStrings();
    const logText = app.logs.map((l) => JSON.stringify(l)).join('\n');
    expect(app.logs.length).toBeGreaterThanOrEqual(replies.length);
    for (const secret of forbidden) {
      expect(replies.filter((r) => r.includes(secret))).toEqual([]);
      expect(logText.includes(secret)).toBe(false);
    }
    expect(logText).not.toMatch(/"authorization"\s*:\s*"(?!\[redacted\])/i);
    expect(logText).not.toMatch(/Bearer rst_/);
  });
});
