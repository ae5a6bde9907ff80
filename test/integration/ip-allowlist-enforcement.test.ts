import { createServer, type Server } from 'node:http';
import { print } from 'graphql';
import type { AddressInfo } from 'node:net';
import { buildApp, type BuiltApp } from '../../src/app';
import { addIpAllowlistEntries } from '../../src/commands/ip-allowlist/add-ip-allowlist-entries';
import { replaceIpAllowlistEntries } from '../../src/commands/ip-allowlist/replace-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../../src/commands/ip-allowlist/set-ip-allowlist-enforced';
import { createScimToken } from '../../src/commands/manage-tokens';
import { loadConfig } from '../../src/config/config';
import { initOrm, type Orm } from '../../src/db/orm';
import { ProvisioningEvent } from '../../src/domain/provisioning/provisioning-event.entity';
import { createLogger } from '../../src/http/logger';
import { expectGraphqlIpRefused, expectScim403, gql, operatorCtx, scimGet, VIEWER_ADDRESS } from '../support/ip-allowlist-kit';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/** Makes `source` 'manual' exactly `cidrs` and sets enforcement, as an operator would (no lock-out guard). */
async function allow(app: TestApp, account: TestAccount, cidrs: string[], enforced = true): Promise<void> {
  const ctx = () => operatorCtx(app, account.accountId);
  await replaceIpAllowlistEntries(ctx(), { source: 'manual', cidrs, requestAddress: null });
  await setIpAllowlistEnforced(ctx(), { enforced, requestAddress: null, force: true });
}

async function refusedEvents(app: TestApp, accountId: string): Promise<ProvisioningEvent[]> {
  return app.orm.em.fork().find(ProvisioningEvent, { account: accountId, action: 'ip_allowlist.request_refused' }, { orderBy: { occurredAt: 'asc' } });
}

describe('with TRUST_PROXY off (the default)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('lets every address in while enforcement is off, whatever the list says', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8'], false);
    expect((await scimGet(app, acme)).status).toBe(200);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS)).status).toBe(200);
  });

  it('admits 127.0.0.1/32 for a client that the dual-stack socket reports as ::ffff:127.0.0.1', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['127.0.0.1']);
    expect((await scimGet(app, acme)).status).toBe(200);
    const res = await gql(app, acme.apiToken, VIEWER_ADDRESS);
    expect(res.status).toBe(200);
    expect(res.data!.viewer.requestAddress).toBe('127.0.0.1');
  });

  it('admits the IPv4-mapped form of the same range, ::ffff:127.0.0.0/104', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['::ffff:127.0.0.0/104']);
    expect((await scimGet(app, acme)).status).toBe(200);
  });

  it('refuses SCIM with a 403 SCIM error and GraphQL with IP_NOT_ALLOWED from outside the list', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8', '2001:db8::/32']);
    const scim = await scimGet(app, acme);
    expectScim403(scim);
    expect(scim.body.detail).toContain('127.0.0.1');
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
    // Before any other work: a write is refused too, and no user appears.
    const post = await app.http
      .post(`${acme.scimBase}/Users`)
      .set('Authorization', `Bearer ${acme.scimToken}`)
      .set('Content-Type', 'application/scim+json')
      .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a@example.com', emails: [{ value: 'a@example.com', primary: true }] });
    expectScim403(post);
    const users = await app.orm.em.fork().getConnection().execute('select count(*)::int as n from app_user where account_id = ?', [acme.accountId]);
    expect(users[0].n).toBe(0);
  });

  it('refuses only the account that enforces: another account is untouched', async () => {
    const [strict, open] = [await createTestAccount(app, 'Strict'), await createTestAccount(app, 'Open')];
    await allow(app, strict, ['10.0.0.0/8']);
    expectScim403(await scimGet(app, strict));
    expect((await scimGet(app, open)).status).toBe(200);
  });

  it('exempts the health endpoints', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8']);
    expect((await app.http.get('/healthz')).status).toBe(200);
    expect((await app.http.get('/readyz')).status).toBe(200);
  });

  it('records the refused address and token name, once per token and address per minute however many requests come', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8']);
    for (let i = 0; i < 5; i++) expectScim403(await scimGet(app, acme));
    for (let i = 0; i < 5; i++) expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
    const events = await refusedEvents(app, acme.accountId);
    expect(events.map((e) => [e.actorType, e.actorName, e.outcome])).toEqual([
      ['scim_token', 'Initial SCIM token', 'failure'],
      ['api_token', 'Initial admin token', 'failure'],
    ]);
    expect(events[0]!.detail).toMatchObject({ address: '127.0.0.1', tokenName: 'Initial SCIM token', transport: 'scim', method: 'GET', suppressed: 0 });
    expect(events[0]!.detail!['path']).toBe(`${acme.scimBase}/ServiceProviderConfig`);
    // A refused GraphQL request (an API token) is recorded with the refused address and the token's name.
    expect(events[1]!.detail).toEqual({ address: '127.0.0.1', tokenName: 'Initial admin token', transport: 'graphql', method: 'POST', path: '/graphql', suppressed: 0 });
  });

  it('records refusals of two SCIM tokens of one account from one address, one event each', async () => {
    const acme = await createTestAccount(app);
    const second = await createScimToken(operatorCtx(app, acme.accountId), { name: 'Okta staging', expiresAt: null });
    await allow(app, acme, ['10.0.0.0/8']);
    for (let i = 0; i < 3; i++) {
      expectScim403(await scimGet(app, acme));
      expectScim403(await scimGet(app, { ...acme, scimToken: second.secret }));
    }
    const events = await refusedEvents(app, acme.accountId);
    expect(events.map((e) => [e.actorName, e.detail!['tokenName'], e.detail!['address']])).toEqual([
      ['Initial SCIM token', 'Initial SCIM token', '127.0.0.1'],
      ['Okta staging', 'Okta staging', '127.0.0.1'],
    ]);
  });

  it('leaves a token\'s lastUsedAt alone when the allowlist refuses its request, and sets it once admitted', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8']);
    const lastUsed = async () =>
      app.orm.em.fork().getConnection().execute<{ kind: string; used_ms: number | null }[]>(
        `select 'scim' as kind, (extract(epoch from last_used_at) * 1000)::float8 as used_ms from scim_token where account_id = ?
         union all select 'api', (extract(epoch from last_used_at) * 1000)::float8 from api_token where account_id = ? order by kind`,
        [acme.accountId, acme.accountId],
      );
    expectScim403(await scimGet(app, acme));
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
    expect(await lastUsed()).toEqual([
      { kind: 'api', used_ms: null },
      { kind: 'scim', used_ms: null },
    ]);

    await allow(app, acme, ['127.0.0.1']);
    const startedAt = Date.now();
    expect((await scimGet(app, acme)).status).toBe(200);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS)).status).toBe(200);
    for (const row of await lastUsed()) expect(row.used_ms).toBeGreaterThanOrEqual(startedAt - 1000);
  });

  it('ignores a forged X-Forwarded-For: it neither buys access nor costs it', async () => {
    const acme = await createTestAccount(app);
    await allow(app, acme, ['10.0.0.0/8', '2001:db8::/32']);
    for (const forged of ['10.1.2.3', '2001:db8::1', '10.1.2.3, 10.4.5.6']) {
      expectScim403(await scimGet(app, acme, { 'X-Forwarded-For': forged }));
      expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, { 'X-Forwarded-For': forged }));
    }
    await allow(app, acme, ['127.0.0.1']);
    expect((await scimGet(app, acme, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
    const viewer = await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, { 'X-Forwarded-For': '10.1.2.3' });
    expect(viewer.data!.viewer.requestAddress).toBe('127.0.0.1');
  });

  it('sees a change on the very next request, in this process and in another over the same database', async () => {
    const acme = await createTestAccount(app);
    // A second app on its own ORM and cache: what another server process behind the load balancer is.
    const other = await secondApp(app.databaseUrl);
    try {
      const otherGet = () => other.http(`${acme.scimBase}/ServiceProviderConfig`, acme.scimToken);
      await allow(app, acme, ['127.0.0.1']);
      expect((await scimGet(app, acme)).status).toBe(200);
      expect(await otherGet()).toBe(200);

      await replaceIpAllowlistEntries(operatorCtx(app, acme.accountId), { source: 'manual', cidrs: ['10.0.0.0/8'], requestAddress: null });
      expectScim403(await scimGet(app, acme));
      expect(await otherGet()).toBe(403);

      await addIpAllowlistEntries(operatorCtx(app, acme.accountId), { cidrs: ['127.0.0.0/8'], source: 'ops' });
      expect((await scimGet(app, acme)).status).toBe(200);
      expect(await otherGet()).toBe(200);

      await setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: false, requestAddress: null });
      await replaceIpAllowlistEntries(operatorCtx(app, acme.accountId), { source: 'ops', cidrs: ['10.9.9.9'], requestAddress: null });
      expect(await otherGet()).toBe(200);
      await setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: true, requestAddress: null, force: true });
      expect(await otherGet()).toBe(403);
    } finally {
      await other.close();
    }
  });
});

/** The same app as `startTestApp` builds, on an existing database, listening on a real socket. */
async function secondApp(databaseUrl: string, env: Record<string, string> = {}, host = '127.0.0.1') {
  const orm: Orm = await initOrm({ clientUrl: databaseUrl, poolMax: 4 });
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const built: BuiltApp = await buildApp({ orm, config, logger: createLogger('silent') });
  const server: Server = createServer(built.app);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return {
    base,
    async http(path: string, token: string): Promise<number> {
      return (await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } })).status;
    },
    async viewerAddress(token: string): Promise<{ status: number; address: string | null; code: string | null }> {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: print(VIEWER_ADDRESS) }),
      });
      const body = (await res.json()) as { data?: { viewer: { requestAddress: string } }; errors?: { extensions: { code: string } }[] };
      return { status: res.status, address: body.data?.viewer.requestAddress ?? null, code: body.errors?.[0]?.extensions.code ?? null };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
      await orm.close(true);
    },
  };
}

describe('over a real IPv6 socket', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('matches ::1 against IPv6 entries', async () => {
    const acme = await createTestAccount(app);
    const v6 = await secondApp(app.databaseUrl, {}, '::1');
    try {
      await allow(app, acme, ['::1']);
      expect(await v6.viewerAddress(acme.apiToken)).toEqual({ status: 200, address: '::1', code: null });
      expect(await v6.http(`${acme.scimBase}/ServiceProviderConfig`, acme.scimToken)).toBe(200);

      await allow(app, acme, ['2001:db8::/32', '127.0.0.1']);
      expect(await v6.viewerAddress(acme.apiToken)).toEqual({ status: 403, address: null, code: 'IP_NOT_ALLOWED' });
      expect(await v6.http(`${acme.scimBase}/ServiceProviderConfig`, acme.scimToken)).toBe(403);

      await allow(app, acme, ['::/0']);
      expect(await v6.http(`${acme.scimBase}/ServiceProviderConfig`, acme.scimToken)).toBe(200);
    } finally {
      await v6.close();
    }
  });
});

describe('with TRUST_PROXY on', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));
  async function appWith(trustProxy: string): Promise<{ app: TestApp; acme: TestAccount }> {
    const app = await startTestApp({ TRUST_PROXY: trustProxy });
    apps.push(app);
    return { app, acme: await createTestAccount(app) };
  }

  it('as a hop count of 1, judges the address the one trusted proxy saw, not what the client wrote before it', async () => {
    const { app, acme } = await appWith('1');
    const xff = { 'X-Forwarded-For': '10.6.6.6, 198.51.100.7' };
    await allow(app, acme, ['198.51.100.0/24']);
    expect((await scimGet(app, acme, xff)).status).toBe(200);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, xff)).data!.viewer.requestAddress).toBe('198.51.100.7');
    await allow(app, acme, ['10.0.0.0/8', '127.0.0.1']);
    expectScim403(await scimGet(app, acme, xff));
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, xff));
    // Without the header the proxy itself is the client.
    expect((await scimGet(app, acme)).status).toBe(200);
  });

  it('as a hop count of 2, takes the address two hops back', async () => {
    const { app, acme } = await appWith('2');
    await allow(app, acme, ['203.0.113.0/24']);
    const xff = { 'X-Forwarded-For': '10.6.6.6, 203.0.113.9, 198.51.100.7' };
    expect((await scimGet(app, acme, xff)).status).toBe(200);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, xff)).data!.viewer.requestAddress).toBe('203.0.113.9');
  });

  it('as a list of proxy CIDRs, skips trusted proxies and stops at the first untrusted hop', async () => {
    const { app, acme } = await appWith('127.0.0.0/8,10.0.0.0/8');
    await allow(app, acme, ['203.0.113.0/24']);
    expect((await scimGet(app, acme, { 'X-Forwarded-For': '203.0.113.9, 10.1.1.1' })).status).toBe(200);
    // 198.51.100.1 is not a trusted proxy, so it is the client; what it claims before it is ignored.
    expectScim403(await scimGet(app, acme, { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' }));
  });

  it('matches forwarded IPv6 and IPv4-mapped addresses', async () => {
    const { app, acme } = await appWith('1');
    await allow(app, acme, ['2603:1000::/40', '20.190.128.0/18']);
    expect((await scimGet(app, acme, { 'X-Forwarded-For': '2603:1000:4::10' })).status).toBe(200);
    expect((await scimGet(app, acme, { 'X-Forwarded-For': '::ffff:20.190.128.1' })).status).toBe(200);
    expect((await scimGet(app, acme, { 'X-Forwarded-For': '20.190.191.255' })).status).toBe(200);
    expectScim403(await scimGet(app, acme, { 'X-Forwarded-For': '2603:1100::1' }));
    expectScim403(await scimGet(app, acme, { 'X-Forwarded-For': '::ffff:20.190.192.0' }));
    expectScim403(await scimGet(app, acme, { 'X-Forwarded-For': '20.191.0.1' }));
    const viewer = await gql(app, acme.apiToken, VIEWER_ADDRESS, {}, { 'X-Forwarded-For': '::ffff:20.190.128.1' });
    expect(viewer.data!.viewer.requestAddress).toBe('20.190.128.1');
  });
});
