import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { systemClock } from '../../src/commands/context';
import { createScimToken } from '../../src/commands/manage-tokens';
import { Account } from '../../src/domain/account/account.entity';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ManagedBy, User } from '../../src/domain/user/user.entity';
import {
  URN_PATCH,
  URN_SEARCH,
  URN_USER,
  eventRows,
  expectCreatedUser,
  expectListResponse,
  expectScimError,
  expectScimMediaType,
  expectUserResource,
  idpHeaders,
  sql,
  userRow,
  type Json,
} from '../support/scim-users-helpers';
import { capturingSql } from '../support/scim-groups-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/** RFC 7644 behaviour of /Users that no single IdP fixture covers: races, conditions, atomicity, paging, projection, audit. */

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

const usersUrl = (account: TestAccount, id = '') => `${account.scimBase}/Users${id ? `/${id}` : ''}`;
let sequence = 0;
const nextUserName = (prefix = 'person') => `${prefix}${++sequence}.${randomUUID().slice(0, 8)}@example.com`;

function userBody(userName: string, extra: Json = {}): Json {
  return {
    schemas: [URN_USER],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ value: userName, type: 'work', primary: true }],
    displayName: 'Ada Lovelace',
    active: true,
    ...extra,
  };
}

async function createUser(account: TestAccount, userName = nextUserName(), extra: Json = {}): Promise<Json> {
  const res = await app.http.post(usersUrl(account)).set(idpHeaders(account)).send(userBody(userName, extra));
  expect(res.status).toBe(201);
  return res.body as Json;
}

const getUser = (account: TestAccount, id: string) => app.http.get(usersUrl(account, id)).set(idpHeaders(account));
const listUsers = (account: TestAccount, query: Record<string, string | number>) => app.http.get(usersUrl(account)).query(query).set(idpHeaders(account));

describe('concurrent writes', () => {
  it('creates exactly one user when 20 POSTs of one userName race, and answers the other 19 with 409 uniqueness', async () => {
    const racers = await createTestAccount(app, 'Racers');
    const userName = nextUserName('racer');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.http
          .post(usersUrl(racers))
          .set(idpHeaders(racers))
          .send(userBody(i % 2 ? userName : userName.toUpperCase(), { emails: [{ value: userName, primary: true }], externalId: `ext-${i}` })),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const res of results.filter((r) => r.status === 409)) expectScimError(res, 409, 'uniqueness');
    const rows = await sql(app, 'select id from app_user where account_id = ?', [racers.accountId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(results.find((r) => r.status === 201)!.body.id);
    const events = await eventRows(app, racers.accountId);
    const userEvents = events.filter((e) => e.action === 'user.created');
    expect(userEvents.filter((e) => e.outcome === 'success')).toHaveLength(1);
    expect(userEvents.filter((e) => e.outcome === 'failure')).toHaveLength(19);
  });

  it('links a manual user once when 10 POSTs of its userName race: one 201, nine 409', async () => {
    const em = app.orm.em.fork();
    const userName = nextUserName('manual-racer');
    const manual = em.create(User, {
      account: em.getReference(Account, acme.accountId),
      userName,
      userNameKey: userName,
      email: userName,
      emailKey: userName,
      managedBy: ManagedBy.MANUAL,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.persistAndFlush(manual);
    const results = await Promise.all(Array.from({ length: 10 }, () => app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send(userBody(userName))));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(results.find((r) => r.status === 201)!.body.id).toBe(manual.id);
    for (const res of results.filter((r) => r.status !== 201)) expectScimError(res, 409, 'uniqueness');
    expect(await userRow(app, manual.id)).toMatchObject({ managed_by: 'scim' });
  });

  it('answers 200 to all of three parallel PUTs without If-Match: the last writer wins, no 412 without a precondition', async () => {
    const created = await createUser(acme);
    const put = (title: string) => app.http.put(usersUrl(acme, created.id)).set(idpHeaders(acme)).send(userBody(created.userName, { title }));
    const results = await Promise.all([put('Title A'), put('Title B'), put('Title C')]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const row = await userRow(app, created.id);
    expect(['Title A', 'Title B', 'Title C']).toContain(row!.title);
    const events = await eventRows(app, acme.accountId, created.id);
    expect(events.filter((e) => e.outcome === 'failure')).toEqual([]);
  });

  it('applies all of three parallel PATCHes without If-Match that change different attributes (no lost update, no failure rows)', async () => {
    const created = await createUser(acme);
    const patch = (path: string, value: string) =>
      app.http.patch(usersUrl(acme, created.id)).set(idpHeaders(acme)).send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path, value }] });
    const results = await Promise.all([patch('displayName', 'Parallel Display'), patch('title', 'Parallel Title'), patch('nickName', 'Parallel Nick')]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await userRow(app, created.id)).toMatchObject({ display_name: 'Parallel Display', title: 'Parallel Title', nick_name: 'Parallel Nick' });
    const events = await eventRows(app, acme.accountId, created.id);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ['user.created', 'success'],
      ['user.updated', 'success'],
      ['user.updated', 'success'],
      ['user.updated', 'success'],
    ]);
  });
  it('deletes once when two DELETEs race (204 and 404), and a DELETE racing a PATCH still answers 204', async () => {
    const first = await createUser(acme);
    const deletes = await Promise.all([0, 1].map(() => app.http.delete(usersUrl(acme, first.id)).set(idpHeaders(acme))));
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 404]);
    expectScimError(deletes.find((r) => r.status === 404)!, 404);

    const second = await createUser(acme);
    const [patched, deleted] = await Promise.all([
      app.http.patch(usersUrl(acme, second.id)).set(idpHeaders(acme)).send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Racing' }] }),
      app.http.delete(usersUrl(acme, second.id)).set(idpHeaders(acme)),
    ]);
    expect(deleted.status).toBe(204);
    expect([200, 404]).toContain(patched.status);
    expect(await userRow(app, second.id)).toBeUndefined();
  });
});

describe('conditional requests (ETags, RFC 7644 §3.14)', () => {
  it('lets exactly one of two PUTs with the same current If-Match win; the other gets 412', async () => {
    const created = await createUser(acme);
    const etag = created.meta.version as string;
    const put = (givenName: string) =>
      app.http
        .put(usersUrl(acme, created.id))
        .set({ ...idpHeaders(acme), 'If-Match': etag })
        .send(userBody(created.userName, { name: { givenName, familyName: 'Lovelace' } }));
    const [a, b] = await Promise.all([put('Racer A'), put('Racer B')]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expectScimError(loser, 412);
    expectUserResource(winner);
    const row = await userRow(app, created.id);
    expect(row!.given_name).toBe(winner.body.name.givenName);
    expect(row!.version).toBe(Number(/\d+/.exec(etag)![0]) + 1);
    expect(winner.body.meta.version).toBe(`W/"${row!.version}"`);
    expect((await getUser(acme, created.id)).body).toEqual(winner.body);
  });

  it('refuses PUT, PATCH and DELETE with a stale If-Match with 412, and changes nothing', async () => {
    const created = await createUser(acme);
    const stale = created.meta.version as string;
    const current = await app.http
      .patch(usersUrl(acme, created.id))
      .set(idpHeaders(acme))
      .send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Changed Once' }] });
    expect(current.status).toBe(200);
    expect(current.body.meta.version).not.toBe(stale);
    const before = await userRow(app, created.id);

    const put = await app.http
      .put(usersUrl(acme, created.id))
      .set({ ...idpHeaders(acme), 'If-Match': stale })
      .send(userBody(created.userName, { displayName: 'Stale PUT' }));
    expectScimError(put, 412);
    const patch = await app.http
      .patch(usersUrl(acme, created.id))
      .set({ ...idpHeaders(acme), 'If-Match': stale })
      .send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Stale PATCH' }] });
    expectScimError(patch, 412);
    const del = await app.http.delete(usersUrl(acme, created.id)).set({ ...idpHeaders(acme), 'If-Match': stale });
    expectScimError(del, 412);
    const foreign = await app.http.delete(usersUrl(acme, created.id)).set({ ...idpHeaders(acme), 'If-Match': '"not-a-version-of-ours"' });
    expectScimError(foreign, 412);

    expect(await userRow(app, created.id)).toEqual(before);
    const matching = await app.http
      .patch(usersUrl(acme, created.id))
      .set({ ...idpHeaders(acme), 'If-Match': current.body.meta.version })
      .send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Changed Twice' }] });
    expectUserResource(matching);
    expect(matching.body.displayName).toBe('Changed Twice');
    const fresh = await app.http.delete(usersUrl(acme, created.id)).set({ ...idpHeaders(acme), 'If-Match': matching.body.meta.version });
    expect(fresh.status).toBe(204);
  });

  it('answers GET with If-None-Match equal to the ETag with 304 and no body, and with an old ETag with 200', async () => {
    const created = await createUser(acme);
    const hit = await app.http.get(usersUrl(acme, created.id)).set({ ...idpHeaders(acme), 'If-None-Match': created.meta.version });
    expect(hit.status).toBe(304);
    expect(hit.text ?? '').toBe('');
    expect(hit.headers['etag']).toBe(created.meta.version);
    await app.http
      .patch(usersUrl(acme, created.id))
      .set(idpHeaders(acme))
      .send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] })
      .expect(200);
    const miss = await app.http.get(usersUrl(acme, created.id)).set({ ...idpHeaders(acme), 'If-None-Match': created.meta.version });
    expectUserResource(miss);
    expect(miss.body.active).toBe(false);
  });
});

describe('malformed requests', () => {
  it('answers a body that is not JSON with 400 invalidSyntax as a SCIM error', async () => {
    const res = await app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send('{"userName": "broken@example.com",');
    expectScimError(res, 400, 'invalidSyntax');
  });

  it('answers a POST without userName with 400 and a SCIM error', async () => {
    const res = await app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send({ schemas: [URN_USER], emails: [{ value: 'x@example.com' }] });
    expectScimError(res, 400);
  });
});

describe('uniqueness on update', () => {
  it('refuses a PUT that takes another user\'s userName with 409 uniqueness and changes nothing', async () => {
    const first = await createUser(acme);
    const second = await createUser(acme);
    const before = await userRow(app, second.id);
    const res = await app.http
      .put(usersUrl(acme, second.id))
      .set(idpHeaders(acme))
      .send(userBody(first.userName.toUpperCase(), { emails: [{ value: first.userName, primary: true }] }));
    expectScimError(res, 409, 'uniqueness');
    expect(await userRow(app, second.id)).toEqual(before);
  });
});

describe('PATCH is atomic (RFC 7644 §3.5.2: all operations or none)', () => {
  async function expectUnchangedAfter(send: (id: string) => Promise<Response>, scimType: string) {
    const created = await createUser(acme);
    const before = await getUser(acme, created.id);
    const rowBefore = await userRow(app, created.id);
    const res = await send(created.id);
    expectScimError(res, 400, scimType);
    const after = await getUser(acme, created.id);
    expect(after.body).toEqual(before.body);
    expect(after.headers['etag']).toBe(before.headers['etag']);
    expect(await userRow(app, created.id)).toEqual(rowBefore);
  }
  const patch = (id: string, operations: Json[]) => app.http.patch(usersUrl(acme, id)).set(idpHeaders(acme)).send({ schemas: [URN_PATCH], Operations: operations });

  it('applies nothing when the second operation names an unknown path', async () => {
    await expectUnchangedAfter(
      (id) =>
        patch(id, [
          { op: 'replace', path: 'name.givenName', value: 'Changed' },
          { op: 'replace', path: 'noSuchAttribute', value: 'x' },
        ]),
      'invalidPath',
    );
  });

  it('applies nothing when the second operation carries a bad boolean', async () => {
    await expectUnchangedAfter(
      (id) =>
        patch(id, [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'replace', path: 'active', value: 'maybe' },
        ]),
      'invalidValue',
    );
  });

  it('applies nothing when the result breaks a domain rule (userName no longer the primary email)', async () => {
    await expectUnchangedAfter(
      (id) =>
        patch(id, [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'replace', path: 'emails', value: [{ value: 'someone.else@example.com', primary: true }] },
        ]),
      'invalidValue',
    );
  });
});

describe('paging (RFC 7644 §3.4.2.4, RFC 9865 cursors)', () => {
  let pager: TestAccount;
  let allIds: string[];

  beforeAll(async () => {
    pager = await createTestAccount(app, 'Pager');
    allIds = [];
    for (let i = 0; i < 25; i++) allIds.push((await createUser(pager, `pager${String(i).padStart(2, '0')}.${randomUUID().slice(0, 6)}@example.com`)).id as string);
  });

  const SORTS: Record<string, string>[] = [{}, { sortOrder: 'descending' }, { sortBy: 'userName' }, { sortBy: 'userName', sortOrder: 'descending' }, { sortBy: 'meta.created' }];

  function expectNoResources(res: Response, total: number) {
    expect(res.status).toBe(200);
    expectScimMediaType(res);
    expect(res.body.totalResults).toBe(total);
    expect(res.body.itemsPerPage).toBe(0);
    expect(res.body.Resources ?? []).toEqual([]);
  }

  it('answers count=0 with totalResults and no resources', async () => {
    expectNoResources(await listUsers(pager, { count: 0 }), 25);
  });

  it('reads a negative count as 0', async () => {
    expectNoResources(await listUsers(pager, { count: -5 }), 25);
  });

  it('reads startIndex 0 or negative as 1', async () => {
    const first = await listUsers(pager, { startIndex: 1, count: 5 });
    for (const startIndex of [0, -7]) {
      const res = await listUsers(pager, { startIndex, count: 5 });
      expectListResponse(res, 25);
      expect(res.body.startIndex).toBe(1);
      expect(res.body.Resources.map((u: Json) => u.id)).toEqual(first.body.Resources.map((u: Json) => u.id));
    }
  });

  it('answers a startIndex past the end with totalResults and an empty page', async () => {
    const res = await listUsers(pager, { startIndex: 26, count: 10 });
    expectListResponse(res, 25);
    expect(res.body).toMatchObject({ startIndex: 26, itemsPerPage: 0, Resources: [] });
  });

  it('answers any startIndex with the same users as an offset into the full ordered list', async () => {
    const all = (await listUsers(pager, { count: 100 })).body.Resources.map((u: Json) => u.id);
    for (const [startIndex, count] of [[6, 10], [3, 4], [24, 10]] as const) {
      const res = await listUsers(pager, { startIndex, count });
      expectListResponse(res, 25);
      expect(res.body.Resources.map((u: Json) => u.id)).toEqual(all.slice(startIndex - 1, startIndex - 1 + count));
    }
  });

  it('answers a malformed filter, an unknown attribute or operator with 400 invalidFilter, on GET and on .search', async () => {
    const filters = ['userName eq', 'userName eq "a" and', 'shoeSize eq "9"', 'userName like "a"', '(userName eq "a"', 'emails[type eq "work"'];
    for (const filter of filters) {
      expectScimError(await listUsers(pager, { filter }), 400, 'invalidFilter');
      const search = await app.http.post(`${usersUrl(pager)}/.search`).set(idpHeaders(pager)).send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter });
      expectScimError(search, 400, 'invalidFilter');
    }
  });

  it('answers a non-integer startIndex or count with 400 invalidValue', async () => {
    const queries: Record<string, string>[] = [{ count: 'ten' }, { count: '1.5' }, { startIndex: 'abc' }, { startIndex: '2e1' }, { count: '10abc' }];
    for (const query of queries)
      expectScimError(await listUsers(pager, query), 400, 'invalidValue');
  });

  it('caps a count over 1000 at 1000', async () => {
    const big = await createTestAccount(app, 'Big');
    await sql(
      app,
      `insert into app_user (id, account_id, user_name, user_name_key, phone_numbers, managed_by, created_at, updated_at)
       select gen_random_uuid(), ?, 'bulk' || g || '@example.com', 'bulk' || g || '@example.com', '[]'::jsonb, 'scim', now(), now()
         from generate_series(1, 1001) g`,
      [big.accountId],
    );
    const res = await listUsers(big, { count: 5000 });
    expectListResponse(res, 1001);
    expect(res.body.itemsPerPage).toBe(1000);
    expect(res.body.Resources).toHaveLength(1000);
  });

  it('walks 25 users with startIndex and count=10: every user exactly once, in a stable order', async () => {
    for (const sort of SORTS) {
      const seen: string[] = [];
      for (const startIndex of [1, 11, 21]) {
        const { result: res, statements } = await capturingSql(app, () => listUsers(pager, { startIndex, count: 10, ...sort }));
        // A sequential walk follows the bookmark the previous page left: no page skips rows with OFFSET.
        expect(statements.some((s) => /from app_user/i.test(s))).toBe(true);
        expect(statements.filter((s) => /\boffset\b/i.test(s))).toEqual([]);
        expectListResponse(res, 25);
        expect(res.body.startIndex).toBe(startIndex);
        expect(res.body.itemsPerPage).toBe(startIndex === 21 ? 5 : 10);
        seen.push(...res.body.Resources.map((u: Json) => u.id as string));
      }
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual([...allIds].sort());
      const again = await listUsers(pager, { startIndex: 11, count: 10, ...sort });
      expect(again.body.Resources.map((u: Json) => u.id)).toEqual(seen.slice(10, 20));
    }
  });

  it('walks the same 25 users with cursors: empty cursor to start, nextCursor until absent', async () => {
    for (const sort of SORTS) {
      const seen: string[] = [];
      let cursor: string | undefined = '';
      let pages = 0;
      while (cursor !== undefined) {
        const res = await listUsers(pager, { cursor, count: 10, ...sort });
        expectListResponse(res, 25);
        seen.push(...res.body.Resources.map((u: Json) => u.id as string));
        cursor = res.body.nextCursor as string | undefined;
        if (cursor !== undefined) expect(typeof cursor).toBe('string');
        pages += 1;
        expect(pages).toBeLessThanOrEqual(3);
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual([...allIds].sort());
    }
  });

  it('refuses startIndex and cursor together with 400 invalidValue', async () => {
    expectScimError(await listUsers(pager, { startIndex: 1, cursor: '', count: 10 }), 400, 'invalidValue');
  });

  it('answers a tampered, foreign or malformed cursor with 400 invalidCursor', async () => {
    const first = await listUsers(pager, { cursor: '', count: 10 });
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const flipped = `${cursor[0] === 'A' ? 'B' : 'A'}${cursor.slice(1)}`;
    const truncated = cursor.slice(0, Math.floor(cursor.length / 2));
    const [sort, , total, q] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const notAnId = Buffer.from(JSON.stringify([sort, "' or 1=1 --", total, q])).toString('base64url');
    for (const bad of [flipped, truncated, 'not-a-cursor', notAnId]) {
      const res = await listUsers(pager, { cursor: bad, count: 10 });
      expectScimError(res, 400, 'invalidCursor');
    }
    // A cursor is valid only for the query that issued it.
    const otherQuery = await listUsers(pager, { cursor, count: 10, filter: 'active eq true' });
    expectScimError(otherQuery, 400, 'invalidCursor');
  });

  it('sorts by userName descending with sortBy=userName&sortOrder=descending', async () => {
    const res = await listUsers(pager, { sortBy: 'userName', sortOrder: 'descending', count: 100 });
    expectListResponse(res, 25);
    const expected = await sql<{ user_name: string }>(app, 'select user_name from app_user where account_id = ? order by user_name_key desc, id desc', [pager.accountId]);
    expect(res.body.Resources.map((u: Json) => u.userName)).toEqual(expected.map((r) => r.user_name));
    const names = res.body.Resources.map((u: Json) => u.userName as string);
    expect(names[0]! > names[names.length - 1]!).toBe(true);
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5, §3.9)', () => {
  const onlyUserName = (resource: Json) => expect(Object.keys(resource).sort()).toEqual(['id', 'schemas', 'userName']);
  const withoutEmailsAndName = (resource: Json) => {
    expect(resource).not.toHaveProperty('emails');
    expect(resource).not.toHaveProperty('name');
    expect(resource).toMatchObject({ userName: expect.any(String), active: true, meta: expect.objectContaining({ resourceType: 'User' }) });
  };

  it('applies attributes=userName to GET by id, to a list and to a POST reply', async () => {
    const created = await createUser(acme);
    const get = await app.http.get(usersUrl(acme, created.id)).query({ attributes: 'userName' }).set(idpHeaders(acme));
    expect(get.status).toBe(200);
    onlyUserName(get.body);
    const list = await listUsers(acme, { filter: `userName eq "${created.userName}"`, attributes: 'userName' });
    expectListResponse(list, 1);
    onlyUserName(list.body.Resources[0]);
    const post = await app.http.post(usersUrl(acme)).query({ attributes: 'userName' }).set(idpHeaders(acme)).send(userBody(nextUserName()));
    expect(post.status).toBe(201);
    onlyUserName(post.body);
    expect(post.headers['location']).toMatch(new RegExp(`/Users/${post.body.id}$`));
    expect(post.headers['etag']).toMatch(/^W\/"\d+"$/);
  });

  it('applies excludedAttributes=emails,name to GET by id, to a list and to a POST reply', async () => {
    const created = await createUser(acme);
    const get = await app.http.get(usersUrl(acme, created.id)).query({ excludedAttributes: 'emails,name' }).set(idpHeaders(acme));
    expect(get.status).toBe(200);
    withoutEmailsAndName(get.body);
    const list = await listUsers(acme, { filter: `userName eq "${created.userName}"`, excludedAttributes: 'emails,name' });
    expectListResponse(list, 1);
    withoutEmailsAndName(list.body.Resources[0]);
    const post = await app.http.post(usersUrl(acme)).query({ excludedAttributes: 'emails,name' }).set(idpHeaders(acme)).send(userBody(nextUserName()));
    expect(post.status).toBe(201);
    withoutEmailsAndName(post.body);
  });
});

describe('attribute projection: sub-attributes, URNs, case', () => {
  const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  let user: Json;
  beforeAll(async () => {
    user = await createUser(acme, nextUserName(), { [ENT]: { employeeNumber: '42', department: 'R&D', manager: { value: randomUUID() } } });
  });
  const project = (query: Record<string, string>) => app.http.get(usersUrl(acme, user.id)).query(query).set(idpHeaders(acme));

  it('returns only the asked sub-attribute of a complex attribute', async () => {
    const res = await project({ attributes: 'name.givenName' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ schemas: user.schemas, id: user.id, name: { givenName: 'Ada' } });
  });

  it('returns only the asked sub-attribute of a multi-valued attribute', async () => {
    const res = await project({ attributes: 'emails.value' });
    expect(res.body).toEqual({ schemas: user.schemas, id: user.id, emails: [{ value: user.userName }] });
  });

  it('reads attribute names ignoring case, and URN-qualified core names', async () => {
    for (const attributes of ['USERNAME', `${URN_USER}:userName`]) {
      const res = await project({ attributes });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ schemas: user.schemas, id: user.id, userName: user.userName });
    }
  });

  it('selects and excludes extension attributes by their URN-qualified names', async () => {
    const only = await project({ attributes: `${ENT}:employeeNumber` });
    expect(only.body).toEqual({ schemas: user.schemas, id: user.id, [ENT]: { employeeNumber: '42' } });
    const without = await project({ excludedAttributes: `${ENT}:manager` });
    expect(without.body[ENT]).toEqual({ employeeNumber: '42', department: 'R&D' });
    expect(without.body.userName).toBe(user.userName);
  });

  it('never drops id or schemas, even when excluded', async () => {
    const res = await project({ excludedAttributes: 'id,schemas,userName' });
    expect(res.body.id).toBe(user.id);
    expect(res.body.schemas).toEqual(user.schemas);
  });
});

describe('POST /Users/.search (RFC 7644 §3.4.3)', () => {
  it('answers a SearchRequest body like the equivalent GET', async () => {
    const created = await createUser(acme);
    const res = await app.http
      .post(`${usersUrl(acme)}/.search`)
      .set(idpHeaders(acme))
      .send({ schemas: [URN_SEARCH], filter: `userName eq "${created.userName.toUpperCase()}"`, startIndex: 1, count: 10, attributes: ['userName', 'active'] });
    expectListResponse(res, 1);
    expect(res.body.startIndex).toBe(1);
    expect(res.body.Resources[0]).toEqual({ schemas: created.schemas, id: created.id, userName: created.userName, active: true });

    const excluded = await app.http
      .post(`${usersUrl(acme)}/.search`)
      .set(idpHeaders(acme))
      .send({ schemas: [URN_SEARCH], filter: `externalId eq "nobody-${randomUUID()}"`, excludedAttributes: ['emails'] });
    expectListResponse(excluded, 0);
    expect(excluded.body.Resources).toEqual([]);
  });

  it('refuses a search body that is not an object with 400 invalidSyntax', async () => {
    const res = await app.http.post(`${usersUrl(acme)}/.search`).set(idpHeaders(acme)).send(JSON.stringify(['filter']));
    expectScimError(res, 400, 'invalidSyntax');
  });
});

describe('linking a manually invited user', () => {
  it('links a manual user with the same userName in another case: 201, same id, now SCIM-managed; a second POST is 409', async () => {
    const em = app.orm.em.fork();
    const now = new Date(Date.now() - 60_000);
    const manual = em.create(User, {
      account: em.getReference(Account, acme.accountId),
      userName: 'Manual.Person@Example.com',
      userNameKey: 'manual.person@example.com',
      email: 'Manual.Person@Example.com',
      emailKey: 'manual.person@example.com',
      managedBy: ManagedBy.MANUAL,
      createdAt: now,
      updatedAt: now,
    });
    await em.persistAndFlush(manual);

    const res = await app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send(userBody('manual.person@example.com', { externalId: 'okta-manual-1' }));
    expectCreatedUser(res);
    expect(res.body.id).toBe(manual.id);
    expect(res.body.userName).toBe('manual.person@example.com');
    const row = await userRow(app, manual.id);
    expect(row).toMatchObject({ managed_by: 'scim', user_name: 'manual.person@example.com', user_name_key: 'manual.person@example.com', external_id: 'okta-manual-1', email_key: 'manual.person@example.com' });
    expect((await sql(app, 'select count(*)::int as n from app_user where account_id = ? and user_name_key = ?', [acme.accountId, 'manual.person@example.com']))[0]!.n).toBe(1);
    expect((await eventRows(app, acme.accountId, manual.id)).map((e) => [e.action, e.outcome])).toEqual([['user.linked', 'success']]);
    const [userXmin] = await sql<{ x: string }>(app, 'select xmin::text as x from app_user where id = ?', [manual.id]);
    const [eventXmin] = await sql<{ x: string }>(app, `select xmin::text as x from provisioning_event where resource_id = ? and action = 'user.linked'`, [manual.id]);
    expect(eventXmin!.x).toBe(userXmin!.x);

    const again = await app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send(userBody('MANUAL.PERSON@example.com', { emails: [{ value: 'MANUAL.PERSON@example.com', primary: true }] }));
    expectScimError(again, 409, 'uniqueness');
  });

  it('never links a manual user of another account', async () => {
    const other = await createTestAccount(app, 'Other tenant');
    const em = app.orm.em.fork();
    const userName = nextUserName('tenant');
    const foreign = em.create(User, {
      account: em.getReference(Account, other.accountId),
      userName,
      userNameKey: userName,
      email: userName,
      emailKey: userName,
      managedBy: ManagedBy.MANUAL,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.persistAndFlush(foreign);
    const res = await app.http.post(usersUrl(acme)).set(idpHeaders(acme)).send(userBody(userName));
    expectCreatedUser(res);
    expect(res.body.id).not.toBe(foreign.id);
    expect(await userRow(app, foreign.id)).toMatchObject({ managed_by: 'manual', account_id: other.accountId });
  });
});

describe('the audit trail (provisioning_event)', () => {
  let audited: TestAccount;
  const TOKEN_NAME = 'Okta provisioning (audit test)';

  beforeAll(async () => {
    const base = await createTestAccount(app, 'Audited');
    const issued = await createScimToken(
      { em: app.orm.em.fork(), accountId: base.accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock },
      { name: TOKEN_NAME },
    );
    audited = { ...base, scimToken: issued.secret };
  });

  /** The transaction id that wrote a row: equal xmin means one transaction. */
  const xmin = async (table: string, where: string, params: unknown[]) => (await sql<{ x: string }>(app, `select xmin::text as x from ${table} where ${where}`, params)).map((r) => r.x);

  it('records user.created, user.updated, user.deactivated, user.reactivated and user.deleted, each in the transaction of its write', async () => {
    const created = await createUser(audited);
    const id = created.id as string;
    const expectSameTransaction = async (action: string) => {
      const [userXmin] = await xmin('app_user', 'id = ?', [id]);
      const eventXmins = await xmin('provisioning_event', 'resource_id = ? and action = ?', [id, action]);
      expect(eventXmins).toHaveLength(1);
      expect(eventXmins[0]).toBe(userXmin);
    };
    await expectSameTransaction('user.created');

    await app.http.put(usersUrl(audited, id)).set(idpHeaders(audited)).send(userBody(created.userName, { displayName: 'Renamed' })).expect(200);
    await expectSameTransaction('user.updated');

    await app.http.patch(usersUrl(audited, id)).set(idpHeaders(audited)).send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', value: { active: false } }] }).expect(200);
    await expectSameTransaction('user.deactivated');

    await app.http.patch(usersUrl(audited, id)).set(idpHeaders(audited)).send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'active', value: true }] }).expect(200);
    await expectSameTransaction('user.reactivated');

    await app.http.delete(usersUrl(audited, id)).set(idpHeaders(audited)).expect(204);
    const events = await eventRows(app, audited.accountId, id);
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted']);
    for (const event of events) expect(event).toMatchObject({ outcome: 'success', actor_name: TOKEN_NAME, actor_type: 'scim_token', resource_type: 'User' });
    expect(await userRow(app, id)).toBeUndefined();
  });

  it('records no user.deleted success for a DELETE refused with 412, and keeps the user', async () => {
    const created = await createUser(audited);
    await app.http.patch(usersUrl(audited, created.id)).set(idpHeaders(audited)).send({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }).expect(200);
    const res = await app.http.delete(usersUrl(audited, created.id)).set({ ...idpHeaders(audited), 'If-Match': created.meta.version });
    expectScimError(res, 412);
    expect(await userRow(app, created.id)).toBeDefined();
    const events = await eventRows(app, audited.accountId, created.id);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ['user.created', 'success'],
      ['user.updated', 'success'],
      ['user.deleted', 'failure'],
    ]);
    expect(events[2]).toMatchObject({ actor_name: TOKEN_NAME, detail: expect.objectContaining({ code: 'STALE_VERSION' }) });
  });

  it('records nothing for a PUT that changes nothing', async () => {
    const created = await createUser(audited);
    await app.http.put(usersUrl(audited, created.id)).set(idpHeaders(audited)).send(userBody(created.userName)).expect(200);
    expect((await eventRows(app, audited.accountId, created.id)).map((e) => e.action)).toEqual(['user.created']);
  });

  it('records a failure row with the token name for a 409 and for a 400 rule violation, and no success row', async () => {
    const created = await createUser(audited);
    const before = (await eventRows(app, audited.accountId)).length;

    const duplicate = await app.http.post(usersUrl(audited)).set(idpHeaders(audited)).send(userBody(created.userName));
    expectScimError(duplicate, 409, 'uniqueness');
    const mismatch = await app.http
      .post(usersUrl(audited))
      .set(idpHeaders(audited))
      .send(userBody('alan@example.com', { emails: [{ value: 'turing@example.com', primary: true }] }));
    expectScimError(mismatch, 400, 'invalidValue');
    const badPut = await app.http
      .put(usersUrl(audited, created.id))
      .set(idpHeaders(audited))
      .send(userBody(created.userName, { emails: [{ value: 'elsewhere@example.com', primary: true }] }));
    expectScimError(badPut, 400, 'invalidValue');

    const added = (await eventRows(app, audited.accountId)).slice(before);
    expect(added).toHaveLength(3);
    for (const event of added) expect(event).toMatchObject({ outcome: 'failure', actor_name: TOKEN_NAME, actor_type: 'scim_token' });
    expect(added.map((e) => [e.action, e.detail?.code])).toEqual([
      ['user.created', 'USER_NAME_TAKEN'],
      ['user.created', 'USER_NAME_EMAIL_MISMATCH'],
      ['user.replaced', 'USER_NAME_EMAIL_MISMATCH'],
    ]);
    expect(added[2]!.resource_id).toBe(created.id);
    expect((await sql(app, 'select count(*)::int as n from app_user where account_id = ? and user_name_key = ?', [audited.accountId, 'alan@example.com']))[0]!.n).toBe(0);
  });

  it('records a failure row for writes refused by the SCIM layer: malformed JSON, PATCHes that cannot apply', async () => {
    const created = await createUser(audited);
    const before = (await eventRows(app, audited.accountId)).length;
    const badJson = await app.http.post(usersUrl(audited)).set(idpHeaders(audited)).send('{"userName": "half');
    expectScimError(badJson, 400, 'invalidSyntax');
    const noTarget = await app.http
      .patch(usersUrl(audited, created.id))
      .set(idpHeaders(audited))
      .send({ schemas: [URN_PATCH], Operations: [{ op: 'remove', path: 'emails[type eq "home"' }] });
    expectScimError(noTarget, 400);
    const badOp = await app.http.patch(usersUrl(audited, created.id)).set(idpHeaders(audited)).send({ schemas: [URN_PATCH], Operations: [{ op: 'move', path: 'title' }] });
    expectScimError(badOp, 400);
    // Reads and a throttled or unauthenticated request are not write failures.
    await app.http.get(usersUrl(audited, created.id)).set(idpHeaders(audited)).expect(200);
    await app.http.post(usersUrl(audited)).set({ ...idpHeaders(audited), Authorization: 'Bearer nope' }).send(userBody('x@example.com')).expect(401);

    const added = (await eventRows(app, audited.accountId)).slice(before);
    expect(added.map((e) => [e.action, e.outcome, e.resource_id])).toEqual([
      ['user.created', 'failure', null],
      ['user.replaced', 'failure', created.id],
      ['user.replaced', 'failure', created.id],
    ]);
    for (const event of added) expect(event).toMatchObject({ actor_name: TOKEN_NAME, actor_type: 'scim_token' });
    expect(added[0]!.detail).toEqual({ code: 'invalidSyntax', message: 'The request body could not be parsed' });
    expect(JSON.stringify(added)).not.toContain('half');
    expect(await userRow(app, created.id)).toMatchObject({ version: created.meta.version.match(/\d+/)[0] * 1 });
  });
});
