import { createTestAccount, liftRateLimit, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

const auth = () => ({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': 'application/scim+json' });
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function createUser(email: string): Promise<string> {
  const res = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send({ userName: email, emails: [{ value: email, primary: true }] });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function memberIds(groupId: string): Promise<string[]> {
  const rows = await app.orm.em.fork().getConnection().execute<{ user_id: string }[]>('select user_id from group_membership where group_id = ? order by user_id', [groupId]);
  return rows.map((r) => r.user_id);
}

describe('SCIM /Groups', () => {
  it('pushes a group the Okta way: create empty, add, rename with id in the value, remove by filter', async () => {
    const [a, b] = [await createUser('g1@example.com'), await createUser('g2@example.com')];
    const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [] });
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`http://roster.test${acme.scimBase}/Groups/${created.body.id}`);
    const id = created.body.id as string;

    const add = await app.http.patch(`${acme.scimBase}/Groups/${id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: a, display: 'g1' }, { value: b }] }] });
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());

    const rename = await app.http.patch(`${acme.scimBase}/Groups/${id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'replace', value: { id, displayName: 'Engineering Team' } }] });
    expect(rename.status).toBe(200);
    expect(rename.body.displayName).toBe('Engineering Team');

    const remove = await app.http.patch(`${acme.scimBase}/Groups/${id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${a}"]` }] });
    expect(remove.status).toBe(200);
    expect(await memberIds(id)).toEqual([b]);

    const user = await app.http.get(`${acme.scimBase}/Users/${b}`).set(auth());
    const byGroup = await app.http.get(`${acme.scimBase}/Users`).query({ filter: `groups.value eq "${id}"` }).set(auth());
    expect(byGroup.body.Resources.map((u: { id: string }) => u.id)).toEqual([b]);
    expect(user.status).toBe(200);
  });

  it('removes only the listed members on Entra\'s Remove with a value list, and answers 204 when members are excluded', async () => {
    const ids = [await createUser('e1@example.com'), await createUser('e2@example.com'), await createUser('e3@example.com')];
    const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Sales', members: ids.map((value) => ({ value })) });
    const res = await app.http
      .patch(`${acme.scimBase}/Groups/${created.body.id}?excludedAttributes=members`)
      .set(auth())
      .send({ schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[0] }] }] });
    expect(res.status).toBe(204);
    expect(await memberIds(created.body.id)).toEqual([ids[1], ids[2]].sort());
  });

  it('refuses an unknown member id naming it, and changes nothing', async () => {
    const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Finance' });
    const ghost = '00000000-0000-4000-8000-000000000000';
    const res = await app.http.patch(`${acme.scimBase}/Groups/${created.body.id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: ghost }] }] });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toContain(ghost);
    const after = await app.http.get(`${acme.scimBase}/Groups/${created.body.id}`).set(auth());
    expect(after.body.meta.version).toBe(created.body.meta.version);
  });

  it('keeps every member when 200 single-member adds arrive in parallel', async () => {
    await liftRateLimit(app, acme.accountId);
    const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Everyone' });
    const rows = await app.orm.em.fork().getConnection().execute<{ id: string }[]>(
      `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
       select gen_random_uuid(), ?, 'p' || g || '@example.com', 'p' || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
         from generate_series(1, 200) g returning id`,
      [acme.accountId],
    );
    const results = await Promise.all(
      rows.map((r) =>
        app.http
          .patch(`${acme.scimBase}/Groups/${created.body.id}?excludedAttributes=members`)
          .set(auth())
          .send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: r.id }] }] }),
      ),
    );
    expect(results.filter((r) => r.status !== 204).map((r) => r.status)).toEqual([]);
    expect((await memberIds(created.body.id)).length).toBe(200);
    const group = await app.http.get(`${acme.scimBase}/Groups/${created.body.id}?excludedAttributes=members`).set(auth());
    expect(group.body.members).toBeUndefined();
    const [count] = await app.orm.em.fork().getConnection().execute<{ member_count: number }[]>('select member_count from app_group where id = ?', [created.body.id]);
    expect(count!.member_count).toBe(200);
  }, 60_000);

  describe('member changes that commute take the group lock last', () => {
    async function seedUsers(prefix: string, n: number): Promise<string[]> {
      const rows = await app.orm.em.fork().getConnection().execute<{ id: string }[]>(
        `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
         select gen_random_uuid(), ?, ? || g || '@example.com', ? || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
           from generate_series(1, ?) g order by g returning id`,
        [acme.accountId, prefix, prefix, n],
      );
      return rows.map((r) => r.id);
    }
    const groupRow = async (id: string) =>
      (await app.orm.em.fork().getConnection().execute<{ version: number; member_count: number }[]>('select version, member_count from app_group where id = ?', [id]))[0];
    const patch = (id: string, operations: unknown[]) =>
      app.http.patch(`${acme.scimBase}/Groups/${id}?excludedAttributes=members`).set(auth()).send({ schemas: [PATCH], Operations: operations });

    it('keeps members, count and version exact when parallel adds, removes, repeated adds and a rename interleave', async () => {
      await liftRateLimit(app, acme.accountId);
      const [present, joining] = [await seedUsers('stay', 20), await seedUsers('join', 20)];
      const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Interleaved', members: present.map((value) => ({ value })) });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const before = await groupRow(id);
      const results = await Promise.all([
        ...joining.map((value) => patch(id, [{ op: 'Add', path: 'members', value: [{ value }] }])),
        ...present.slice(0, 10).map((value) => patch(id, [{ op: 'Remove', path: 'members', value: [{ value }] }])),
        patch(id, [{ op: 'Replace', value: { displayName: 'Interleaved, renamed' } }]),
        // Members already there: they change nothing, so they must not move the version.
        ...present.slice(15).map((value) => patch(id, [{ op: 'Add', path: 'members', value: [{ value }] }])),
      ]);
      expect(results.filter((r) => r.status !== 204).map((r) => r.status)).toEqual([]);
      expect(await memberIds(id)).toEqual([...present.slice(10), ...joining].sort());
      const after = await groupRow(id);
      expect(after!.member_count).toBe(30);
      expect(after!.version - before!.version).toBe(20 + 10 + 1);
      // The ETag a PATCH answered with is the version it wrote: the last one is the current version.
      const etags = results.map((r) => r.headers['etag']);
      expect(etags).toContain(`W/"${after!.version}"`);
      const read = await app.http.get(`${acme.scimBase}/Groups/${id}?excludedAttributes=members`).set(auth());
      expect(read.body.displayName).toBe('Interleaved, renamed');
      expect(read.headers['etag']).toBe(`W/"${after!.version}"`);
    }, 60_000);

    it('answers 404, never 500, to adds racing the group\'s delete, and leaves no member rows', async () => {
      await liftRateLimit(app, acme.accountId);
      const users = await seedUsers('race-delete', 30);
      const created = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Doomed' });
      const id = created.body.id as string;
      const adds = users.map((value) => patch(id, [{ op: 'Add', path: 'members', value: [{ value }] }]));
      const removal = app.http.delete(`${acme.scimBase}/Groups/${id}`).set(auth());
      const [deleted, ...results] = await Promise.all([removal, ...adds]);
      expect(deleted!.status).toBe(204);
      expect([...new Set(results.map((r) => r.status))].filter((status) => status !== 204 && status !== 404)).toEqual([]);
      expect(await memberIds(id)).toEqual([]);
      expect((await app.http.get(`${acme.scimBase}/Groups/${id}`).set(auth())).status).toBe(404);
    }, 60_000);
  });
});
