import { systemClock } from '../../src/commands/context';
import { issueApiToken, issueScimToken } from '../../src/commands/issue-token';
import { setAccountRateLimit } from '../../src/commands/set-account-rate-limit';
import { inTransaction } from '../../src/db/unit-of-work';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { expectScimError, sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  // Small limits with long windows (burst / perSecond = 30 s and 50 s), so no window ends while a test counts.
  app = await startTestApp({ RATE_LIMIT_TOKEN_PER_SECOND: '1', RATE_LIMIT_TOKEN_BURST: '30', RATE_LIMIT_ACCOUNT_PER_SECOND: '1', RATE_LIMIT_ACCOUNT_BURST: '50' });
}, 60_000);
afterAll(() => app.close());

const OPERATOR = { type: ActorType.OPERATOR, id: null, name: 'test', role: null };

async function extraTokens(account: TestAccount): Promise<{ scim: string; api: string }> {
  return inTransaction({ em: app.orm.em }, async (em) => {
    const ctx = { accountId: account.accountId, actor: OPERATOR, clock: systemClock, requestId: null };
    return { scim: issueScimToken(em, ctx, { name: 'second' }).secret, api: issueApiToken(em, ctx, { name: 'second api', role: ApiRole.READ_ONLY }).secret };
  });
}

const scimGet = (account: TestAccount, token = account.scimToken) =>
  app.http.get(`${account.scimBase}/Users?count=1`).set('Authorization', `Bearer ${token}`);
const graphql = (token: string) => app.http.post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: '{ viewer { account { id } } }' });

async function statuses(n: number, send: () => PromiseLike<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

describe('per-token rate limit', () => {
  it('lets the burst through, then answers 429 with an integer Retry-After and a SCIM error body', async () => {
    const acme = await createTestAccount(app, 'Token limit');
    // Read the burst off the config: the window is burst / perSecond seconds.
    const burst = app.config.rateLimit.token.burst;
    const before = await statuses(burst, () => scimGet(acme));
    expect(before.every((s) => s === 200)).toBe(true);
    const over = await scimGet(acme);
    expectScimError(over, 429);
    expect(over.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(burst);
    expect(over.body.detail).toMatch(/too many requests/i);
  });

  it('answers GraphQL over the limit with 429 and RATE_LIMITED', async () => {
    const acme = await createTestAccount(app, 'GraphQL limit');
    const burst = app.config.rateLimit.token.burst;
    expect((await statuses(burst, () => graphql(acme.apiToken))).every((s) => s === 200)).toBe(true);
    const over = await graphql(acme.apiToken);
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(over.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('keeps refusing from memory once a token is over: a flood adds no database writes', async () => {
    const acme = await createTestAccount(app, 'Flood');
    const burst = app.config.rateLimit.token.burst;
    await statuses(burst + 1, () => scimGet(acme));
    const [tokenId] = (await sql<{ id: string }>(app, 'select id from scim_token where account_id = ?', [acme.accountId])).map((r) => r.id);
    const points = async () => (await sql<{ points: number }>(app, 'select points from rate_limit where key = ?', [`roster:t:${tokenId}`]))[0]?.points;
    const seen = await points();
    expect(seen).toBeGreaterThanOrEqual(burst);
    expect((await statuses(20, () => scimGet(acme))).every((s) => s === 429)).toBe(true);
    expect(await points()).toBe(seen);
  });

  it('keeps the counters in an UNLOGGED table: counting a request writes no WAL', async () => {
    const [row] = await sql<{ relpersistence: string }>(app, "select relpersistence from pg_class where relname = 'rate_limit'");
    expect(row?.relpersistence).toBe('u');
  });
});

describe('per-account rate limit', () => {
  it('counts all tokens of an account together, SCIM and API alike', async () => {
    const acme = await createTestAccount(app, 'Account limit');
    const second = await extraTokens(acme);
    const accountBurst = app.config.rateLimit.account.burst;
    const tokenBurst = app.config.rateLimit.token.burst;
    expect(accountBurst).toBeGreaterThan(tokenBurst);
    // Spread over four tokens, none of which reaches its own limit.
    const senders = [() => scimGet(acme), () => scimGet(acme, second.scim), () => graphql(acme.apiToken), () => graphql(second.api)];
    const results: number[] = [];
    for (let i = 0; i < accountBurst; i++) results.push((await senders[i % senders.length]!()).status);
    expect(results.every((s) => s === 200)).toBe(true);
    const over = await scimGet(acme, second.scim);
    expectScimError(over, 429);
    expect(over.body.detail).toMatch(/account/);
    // Another account is not affected.
    const other = await createTestAccount(app, 'Neighbour');
    expect((await scimGet(other)).status).toBe(200);
  });

  it('uses the account\'s own rate_limit_per_second when set (bursts of four seconds of it)', async () => {
    const acme = await createTestAccount(app, 'Custom limit');
    await sql(app, 'update account set rate_limit_per_second = 2 where id = ?', [acme.accountId]);
    const results = await statuses(9, () => scimGet(acme));
    expect(results.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(results[8]).toBe(429);
  });

  it('uses the burst the operator set for the account (setAccountRateLimit), for each token too', async () => {
    const acme = await createTestAccount(app, 'Custom burst');
    const ctx = { em: app.orm.em.fork(), accountId: acme.accountId, actor: OPERATOR, clock: systemClock, requestId: null };
    await setAccountRateLimit(ctx, { perSecond: 1, burst: 5 });
    const results = await statuses(6, () => scimGet(acme));
    expect(results).toEqual([200, 200, 200, 200, 200, 429]);
    // The account's limit, not only the token's: another token of it is refused too.
    const second = await extraTokens(acme);
    expectScimError(await scimGet(acme, second.scim), 429);
  });
});

describe('the defaults', () => {
  it('are above Entra\'s 25 requests per second per tenant: 50/s sustained, bursts of 200', async () => {
    const defaults = await startTestApp();
    try {
      expect(defaults.config.rateLimit).toEqual({ enabled: true, token: { perSecond: 50, burst: 200 }, account: { perSecond: 50, burst: 200 } });
      const acme = await createTestAccount(defaults, 'Defaults');
      // 150 requests as fast as they come (30 at a time): none refused.
      const codes: number[] = [];
      for (let round = 0; round < 5; round++) {
        const batch = await Promise.all(Array.from({ length: 30 }, () => defaults.http.get(`${acme.scimBase}/Users?count=1`).set('Authorization', `Bearer ${acme.scimToken}`)));
        codes.push(...batch.map((r) => r.status));
      }
      expect(codes.filter((c) => c !== 200)).toEqual([]);
    } finally {
      await defaults.close();
    }
  }, 60_000);
});
