import { Client } from 'pg';
import supertest from 'supertest';
import { buildApp } from '../../src/app';
import { createAccount } from '../../src/commands/create-account';
import { systemClock } from '../../src/commands/context';
import { loadConfig } from '../../src/config/config';
import { initOrm } from '../../src/db/orm';
import { inTransaction } from '../../src/db/unit-of-work';
import { UnavailableError } from '../../src/domain/errors';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { createLogger } from '../../src/http/logger';
import { dbFingerprint } from '../support/db-fingerprint';
import { expectScimError, sql, URN_PATCH } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';
import { createTestDatabase, withAdminClient } from '../support/test-database';

let app: TestApp;
let acme: TestAccount;
let dbName: string;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app);
  dbName = new URL(app.databaseUrl).pathname.slice(1);
}, 60_000);
afterAll(async () => {
  await withAdminClient((admin) => admin.query(`alter database ${dbName} allow_connections true`)).catch(() => undefined);
  await app.close();
});

const auth = (account: TestAccount = acme) => ({ Authorization: `Bearer ${account.scimToken}`, 'Content-Type': 'application/scim+json' });
const OPERATOR = { type: ActorType.OPERATOR, id: null, name: 'test', role: null };

async function seedUsers(prefix: string, n: number, accountId = acme.accountId, target: Pick<TestApp, 'orm'> = app): Promise<string[]> {
  const rows = await target.orm.em.fork().getConnection().execute<{ id: string }[]>(
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
     select gen_random_uuid(), ?, '${prefix}' || g || '@example.com', '${prefix}' || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
       from generate_series(1, ?) g returning id`,
    [accountId, n],
  );
  return rows.map((r) => r.id);
}

async function memberIds(groupId: string): Promise<string[]> {
  return (await sql<{ user_id: string }>(app, 'select user_id from group_membership where group_id = ? order by user_id', [groupId])).map((r) => r.user_id);
}

/**
 * Polls pg_stat_activity until `count` backends of `db` wait on a lock (and whose query matches `like`). From a
 * client of its own: inside a transaction pg_stat_activity is a snapshot and would never change.
 */
async function waitForLockWaiters(db: string, count: number, like = '%'): Promise<number[]> {
  return withAdminClient(async (admin) => {
    for (let i = 0; i < 300; i++) {
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and query ilike $2`,
        [db, like],
      );
      if (rows.length >= count) return rows.map((r) => r.pid);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${count} lock waiters on ${db}`);
  });
}

async function adminClient(): Promise<Client> {
  const client = new Client({ connectionString: process.env['ROSTER_TEST_PG_URL']!.replace(/\/postgres$/, `/${dbName}`) });
  await client.connect();
  return client;
}

describe('the database connection killed in the middle of a write', () => {
  it('answers 503 with a SCIM error, keeps the group as it was, and serves the next request without a restart', async () => {
    const before = await seedUsers('old', 50);
    const after = await seedUsers('new', 2_000);
    const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Engineering', members: before.map((value) => ({ value })) });
    expect(created.status).toBe(201);
    const groupId = created.body.id as string;
    const [{ version } = { version: 0 }] = await sql<{ version: number }>(app, 'select version from app_group where id = ?', [groupId]);
    const fingerprint = await dbFingerprint(app);

    // The PUT deletes the old members, then its INSERT of the new ones stops at the foreign-key check of a user
    // row this transaction holds locked: that is where the test kills its connection, half the change written.
    const blocker = await adminClient();
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from app_user where id = $1 for update', [after.at(-1)]);
      const put = app.http
        .put(`${acme.scimBase}/Groups/${groupId}`)
        .set(auth())
        .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: after.map((value) => ({ value })) })
        .then((r) => r);
      // The only statement that can wait on that lock is the PUT's member insert (its text, 2,000 ids long, is
      // past what pg_stat_activity keeps, so it is not matched by text).
      const [pid] = await waitForLockWaiters(dbName, 1);
      await blocker.query('select pg_terminate_backend($1)', [pid]);
      await blocker.query('rollback');
      const res = await put;
      expectScimError(res, 503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await blocker.end();
    }

    // Nothing of the PUT remains: the old members, count and version, and no audit row of a success.
    expect(await memberIds(groupId)).toEqual([...before].sort());
    expect(await sql(app, 'select member_count, version from app_group where id = ?', [groupId])).toEqual([{ member_count: 50, version }]);
    expect(await dbFingerprint(app)).toEqual(fingerprint);

    const next = await app.http.get(`${acme.scimBase}/Groups/${groupId}?excludedAttributes=members`).set(auth());
    expect(next.status).toBe(200);
    const retried = await app.http
      .put(`${acme.scimBase}/Groups/${groupId}?excludedAttributes=members`)
      .set(auth())
      .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: after.map((value) => ({ value })) });
    expect(retried.status).toBe(200);
    expect((await memberIds(groupId)).length).toBe(2_000);
  }, 60_000);

  it('answers the first request after every connection of the app was terminated (never 500), and the next one 200', async () => {
    expect((await app.http.get(`${acme.scimBase}/Users?count=1`).set(auth())).status).toBe(200);
    await withAdminClient((admin) => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]));
    const first = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send({ userName: 'after.kill@example.com', emails: [{ value: 'after.kill@example.com', primary: true }] });
    expect([201, 503]).toContain(first.status);
    if (first.status === 503) expectScimError(first, 503);
    const second = await app.http.get(`${acme.scimBase}/Users?filter=userName eq "after.kill@example.com"`).set(auth());
    expect(second.status).toBe(200);
    expect(second.body.totalResults).toBe(first.status === 201 ? 1 : 0);
  });
});

describe('the database refusing connections for a while', () => {
  it('answers 503 on SCIM (SCIM body, Retry-After) and GraphQL (UNAVAILABLE), /readyz 503, and recovers without a restart', async () => {
    const fingerprint = await dbFingerprint(app);
    await withAdminClient(async (admin) => {
      await admin.query(`alter database ${dbName} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    });
    try {
      expect((await app.http.get('/readyz')).status).toBe(503);
      const scimRead = await app.http.get(`${acme.scimBase}/Users`).set(auth());
      expectScimError(scimRead, 503);
      expect(scimRead.headers['retry-after']).toMatch(/^\d+$/);
      const scimWrite = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send({ userName: 'down@example.com', emails: [{ value: 'down@example.com', primary: true }] });
      expectScimError(scimWrite, 503);
      const gql = await app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send({ query: '{ viewer { account { id } } }' });
      expect(gql.status).toBe(503);
      expect(gql.body.errors[0].extensions.code).toBe('UNAVAILABLE');
      expect(JSON.stringify([scimRead.body, scimWrite.body, gql.body])).not.toMatch(/accepting connections|postgres|t_[0-9a-f]{16}/i);
    } finally {
      await withAdminClient((admin) => admin.query(`alter database ${dbName} allow_connections true`));
    }
    expect((await app.http.get('/readyz')).status).toBe(200);
    expect((await app.http.get(`${acme.scimBase}/Users?count=1`).set(auth())).status).toBe(200);
    expect((await app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send({ query: '{ viewer { account { id } } }' })).status).toBe(200);
    expect(await dbFingerprint(app)).toEqual(fingerprint);
  }, 30_000);
});

describe('retries by the IdP', () => {
  const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'retried@example.com', emails: [{ value: 'retried@example.com', primary: true, type: 'work' }] };

  it('creates one user when the same POST arrives twice (after a timeout), and when two arrive at once', async () => {
    const first = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(body);
    expect(first.status).toBe(201);
    const fingerprint = await dbFingerprint(app);
    const again = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(body);
    expectScimError(again, 409, 'uniqueness');
    expect(await dbFingerprint(app)).toEqual(fingerprint);

    const twin = { ...body, userName: 'twin@example.com', emails: [{ value: 'twin@example.com', primary: true, type: 'work' }] };
    const both = await Promise.all([1, 2, 3].map(() => app.http.post(`${acme.scimBase}/Users`).set(auth()).send(twin)));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const userName of ['retried@example.com', 'twin@example.com'])
      expect(await sql(app, 'select count(*)::int as n from app_user where account_id = ? and user_name = ?', [acme.accountId, userName])).toEqual([{ n: 1 }]);
  });

  it('treats a retried member add as a no-op: one row, one version bump, one audit row', async () => {
    const [userId] = await seedUsers('retry-member', 1);
    const group = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Retried adds' });
    const add = () =>
      app.http
        .patch(`${acme.scimBase}/Groups/${group.body.id}?excludedAttributes=members`)
        .set(auth())
        .send({ schemas: [URN_PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] });
    expect((await add()).status).toBe(204);
    const fingerprint = await dbFingerprint(app);
    expect((await add()).status).toBe(204);
    expect((await add()).status).toBe(204);
    expect(await dbFingerprint(app)).toEqual(fingerprint);
    expect(await memberIds(group.body.id)).toEqual([userId]);
    expect(await sql(app, "select count(*)::int as n from provisioning_event where resource_id = ? and action = 'group.members_added'", [group.body.id])).toEqual([{ n: 1 }]);
  });
});

describe('serialization failures and deadlocks', () => {
  it('retries the victim of a real deadlock, so both transactions commit', async () => {
    const [a, b] = await seedUsers('deadlock', 2);
    let reached = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    const attempts = { first: 0, second: 0 };
    const run = (name: 'first' | 'second', one: string, two: string) =>
      inTransaction({ em: app.orm.em }, async (em) => {
        attempts[name]++;
        await em.execute("update app_user set display_name = coalesce(display_name, '') || ? where id = ?", [name[0], one]);
        if (++reached === 2) release();
        await bothLocked;
        await em.execute("update app_user set display_name = coalesce(display_name, '') || ? where id = ?", [name[0], two]);
      });
    await Promise.all([run('first', a!, b!), run('second', b!, a!)]);
    // PostgreSQL aborted one of them with 40P01; the unit of work ran it again.
    expect(attempts.first + attempts.second).toBe(3);
    const rows = await sql<{ display_name: string }>(app, 'select display_name from app_user where id in (?, ?)', [a, b]);
    for (const row of rows) expect(row.display_name.split('').sort().join('')).toBe('fs');
  }, 30_000);

  it('gives up after a bounded number of attempts and answers 503 (UnavailableError), not 500', async () => {
    let attempts = 0;
    const failing = inTransaction({ em: app.orm.em }, async () => {
      attempts++;
      throw Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
    });
    await expect(failing).rejects.toBeInstanceOf(UnavailableError);
    expect(attempts).toBe(4);
  });

  it('retries a real serialization failure under SERIALIZABLE', async () => {
    const [u] = await seedUsers('serial', 1);
    let reached = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    const bump = () =>
      inTransaction({ em: app.orm.em }, async (em) => {
        attempts++;
        await em.execute('set transaction isolation level serializable');
        await em.execute('select version from app_user where id = ?', [u]);
        if (++reached === 2) release();
        await bothRead;
        await em.execute('update app_user set version = version + 1 where id = ?', [u]);
      });
    await Promise.all([bump(), bump()]);
    expect(attempts).toBe(3);
    expect(await sql(app, 'select version from app_user where id = ?', [u])).toEqual([{ version: 3 }]);
  }, 30_000);
});

describe('overload', () => {
  it('answers 503 with Retry-After when the pool has no connection to give within its acquire timeout', async () => {
    const db = await createTestDatabase();
    const orm = await initOrm({ clientUrl: db.url, poolMax: 2, acquireTimeoutMs: 500 });
    const built = await buildApp({ orm, config: loadConfig({ RATE_LIMIT_ENABLED: 'false' }), logger: createLogger('silent') });
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      const created = await createAccount({ em: orm.em.fork(), actor: OPERATOR, clock: systemClock, requestId: null }, { name: 'Small pool' });
      const base = `/scim/v2/accounts/${created.account.id}`;
      const headers = { Authorization: `Bearer ${created.scimToken}`, 'Content-Type': 'application/scim+json' };
      const http = supertest(built.app);
      const group = await http.post(`${base}/Groups`).set(headers).send({ displayName: 'Busy' });
      const users = await seedUsers('pool', 2, created.account.id, { orm });
      await blocker.query('begin');
      await blocker.query('select * from app_group where id = $1 for update', [group.body.id]);
      // Two PATCHes take both connections and wait for the group's row lock.
      const waiting = users.map((value) =>
        http
          .patch(`${base}/Groups/${group.body.id}?excludedAttributes=members`)
          .set(headers)
          .send({ schemas: [URN_PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value }] }] })
          .then((r) => r),
      );
      await waitForLockWaiters(db.name, 2);
      const started = performance.now();
      const refused = await http.get(`${base}/Users`).set(headers);
      expectScimError(refused, 503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(performance.now() - started).toBeLessThan(3_000);
      await blocker.query('rollback');
      expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([204, 204]);
      expect((await http.get(`${base}/Users`).set(headers)).status).toBe(200);
    } finally {
      await blocker.end();
      await built.close();
      await orm.close(true);
      await db.drop();
    }
  }, 30_000);

  it('answers 503 with a SCIM body (and GraphQL UNAVAILABLE) when a request runs past the request timeout', async () => {
    const slow = await startTestApp({ REQUEST_TIMEOUT_MS: '1000' });
    const account = await createTestAccount(slow, 'Slow');
    const blocker = new Client({ connectionString: slow.databaseUrl });
    await blocker.connect();
    try {
      const group = await slow.http.post(`${account.scimBase}/Groups`).set(auth(account)).send({ displayName: 'Locked' });
      const [userId] = await seedUsers('slow', 1, account.accountId, slow);
      await blocker.query('begin');
      await blocker.query('select * from app_group where id = $1 for update', [group.body.id]);
      const started = performance.now();
      const res = await slow.http
        .patch(`${account.scimBase}/Groups/${group.body.id}`)
        .set(auth(account))
        .send({ schemas: [URN_PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] });
      expectScimError(res, 503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(performance.now() - started).toBeLessThan(5_000);
      // Lock the API tokens' table so even authentication waits, then GraphQL times out in its own shape.
      await blocker.query('lock table api_token in access exclusive mode');
      const gql = await slow.http.post('/graphql').set('Authorization', `Bearer ${account.apiToken}`).send({ query: '{ viewer { account { id } } }' });
      expect(gql.status).toBe(503);
      expect(gql.body.errors[0].extensions.code).toBe('UNAVAILABLE');
      await blocker.query('rollback');
      // The late finish of the timed-out PATCH neither crashes nor answers twice; the app goes on serving.
      await new Promise((r) => setTimeout(r, 300));
      expect((await slow.http.get(`${account.scimBase}/Groups/${group.body.id}`).set(auth(account))).status).toBe(200);
      expect(slow.logs.filter((l) => (l['level'] as number) >= 50)).toEqual([]);
    } finally {
      await blocker.end();
      await slow.close();
    }
  }, 30_000);
});
