import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { initOrm } from '../../src/db/orm';
import { createLogger } from '../../src/http/logger';
import { startFreezableProxy } from '../support/freezable-proxy';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';
import { withAdminClient } from '../support/test-database';

let app: TestApp;
let acme: TestAccount;
let dbName: string;

beforeAll(async () => {
  // A 1 MiB SCIM body limit keeps the 413 tests below small; the default (16 MiB) is tested at the end.
  app = await startTestApp({ SCIM_MAX_BODY_BYTES: String(1024 * 1024) });
  acme = await createTestAccount(app);
  dbName = new URL(app.databaseUrl).pathname.slice(1);
});
afterAll(async () => {
  await withAdminClient((admin) => admin.query(`alter database ${dbName} allow_connections true`)).catch(() => undefined);
  await app.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('/healthz and /readyz', () => {
  it('/readyz turns 503 while the database refuses connections and 200 again when it returns, without a restart', async () => {
    expect((await app.http.get('/readyz')).body).toEqual({ status: 'ready' });

    await withAdminClient(async (admin) => {
      await admin.query(`alter database ${dbName} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    });
    const started = performance.now();
    const down = await app.http.get('/readyz');
    const elapsed = performance.now() - started;
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'database unreachable' });
    expect(elapsed).toBeLessThan(5_000); // a probe must answer quickly, not wait for a pool timeout
    expect((await app.http.get('/healthz')).status).toBe(200);
    expect((await app.http.get('/readyz')).status).toBe(503);

    await withAdminClient((admin) => admin.query(`alter database ${dbName} allow_connections true`));
    const up = await app.http.get('/readyz');
    expect(up.status).toBe(200);
    expect((await app.http.get('/healthz')).body).toEqual({ status: 'ok' });
    // Authenticated requests work again too: the pool recovered.
    expect((await app.http.get(`${acme.scimBase}/ServiceProviderConfig`).set('Authorization', `Bearer ${acme.scimToken}`)).status).toBe(200);
  });

  it('/healthz answers 200 without touching the database', async () => {
    const res = await app.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('/readyz on a stalled database', () => {
  it('answers 503 within a few seconds while the database host answers nothing, and 200 once it does again', async () => {
    // The app reaches PostgreSQL through a proxy that can stop forwarding, as a hung host or a black-holed network does.
    const target = new URL(app.databaseUrl);
    const proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(app.databaseUrl);
    proxied.port = String(proxy.port);
    const orm = await initOrm({ clientUrl: proxied.toString() });
    const built = await buildApp({ orm, config: loadConfig({}), logger: createLogger('silent') });
    try {
      const http = supertest(built.app);
      expect((await http.get('/readyz')).status).toBe(200);

      proxy.freeze();
      const started = performance.now();
      const stalled = await http.get('/readyz').timeout(15_000);
      expect(stalled.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect((await http.get('/healthz')).status).toBe(200);

      proxy.thaw();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) status = (await http.get('/readyz').timeout(15_000)).status;
      expect(status).toBe(200);
    } finally {
      proxy.thaw();
      await built.close();
      await orm.close(true);
      await proxy.close();
    }
  }, 30_000);
});

describe('X-Request-Id', () => {
  it('echoes a sane id sent by the caller', async () => {
    const res = await app.http.get('/healthz').set('X-Request-Id', 'okta-7f3a.22:b_9');
    expect(res.headers['x-request-id']).toBe('okta-7f3a.22:b_9');
  });

  it('generates a fresh UUID when none is sent, and one per request', async () => {
    const [a, b] = await Promise.all([app.http.get('/healthz'), app.http.get(`${acme.scimBase}/ServiceProviderConfig`)]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('replaces an id that is not sane (too long, spaces, markup) with a generated one', async () => {
    for (const bad of ['x'.repeat(129), 'two words', '<script>', 'a\tb']) {
      const res = await app.http.get('/healthz').set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('is the reqId of the access-log line and is set on error replies too', async () => {
    const res = await app.http.get(`${acme.scimBase}/ServiceProviderConfig`).set('X-Request-Id', 'trace-401');
    expect(res.status).toBe(401);
    expect(res.headers['x-request-id']).toBe('trace-401');
    for (let i = 0; i < 50 && !app.logs.some((l) => l['reqId'] === 'trace-401'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(app.logs.filter((l) => l['reqId'] === 'trace-401')).toEqual([expect.objectContaining({ msg: 'request', status: 401 })]);
  });
});

describe('SCIM request bodies', () => {
  const oneMiB = 1024 * 1024;
  /** A JSON user whose displayName pads it to `size` bytes. */
  function userOfSize(size: number): string {
    const base = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'big@example.com', displayName: '' });
    return base.replace('"displayName":""', `"displayName":"${'x'.repeat(size - base.length)}"`);
  }

  it('answers 413 with a SCIM error for a JSON body over the configured 1 MiB', async () => {
    const body = userOfSize(oneMiB + 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(oneMiB);
    const res = await app.http
      .post(`${acme.scimBase}/Users`)
      .set('Authorization', `Bearer ${acme.scimToken}`)
      .set('Content-Type', 'application/scim+json')
      .send(body);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
  });

  it('reads a body just under 1 MiB (the limit is the size, not the route)', async () => {
    const res = await app.http
      .post(`${acme.scimBase}/Users`)
      .set('Authorization', `Bearer ${acme.scimToken}`)
      .set('Content-Type', 'application/scim+json')
      .send(userOfSize(oneMiB - 1024));
    expect(res.status).not.toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  });

  it('answers 400 invalidSyntax for a body that is not JSON', async () => {
    const res = await app.http
      .post(`${acme.scimBase}/Users`)
      .set('Authorization', `Bearer ${acme.scimToken}`)
      .set('Content-Type', 'application/scim+json')
      .send('{"userName": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
  });
});

describe('SCIM request bodies at the default limit (16 MiB)', () => {
  let big: TestApp;
  let account: TestAccount;
  beforeAll(async () => {
    big = await startTestApp();
    account = await createTestAccount(big);
  }, 60_000);
  afterAll(() => big.close());

  it('reads a PUT of a 100,000-member group (about 5 MB): the reply is about its members, not its size', async () => {
    expect(big.config.scimMaxBodyBytes).toBe(16 * 1024 * 1024);
    const headers = { Authorization: `Bearer ${account.scimToken}`, 'Content-Type': 'application/scim+json' };
    const created = await big.http.post(`${account.scimBase}/Groups`).set(headers).send({ displayName: 'Everyone' });
    expect(created.status).toBe(201);
    // Members that do not exist: the body is read and parsed whole, and refused by the one existence query
    // instead of a 100,000-row write (storing such a group is the groups suites' business, and slow on CI).
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Everyone',
      members: Array.from({ length: 100_000 }, () => ({ value: randomUUID(), display: 'someone.with.a.long.name@example.com' })),
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(5_000_000);
    const res = await big.http.put(`${account.scimBase}/Groups/${created.body.id}`).set(headers).send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(res.body.detail).toMatch(/and 99990 more/);
  }, 60_000);

  it('answers 413 with a SCIM error past 16 MiB', async () => {
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'x'.repeat(16 * 1024 * 1024 + 10) });
    const res = await big.http
      .post(`${account.scimBase}/Groups`)
      .set({ Authorization: `Bearer ${account.scimToken}`, 'Content-Type': 'application/scim+json' })
      .send(body);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
  });
});

describe('anything else', () => {
  it('answers 404 outside /scim and /graphql', async () => {
    expect((await app.http.get('/nope')).status).toBe(404);
  });
});
