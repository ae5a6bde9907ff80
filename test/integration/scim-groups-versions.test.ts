import { scimGroup, scimUser } from '../support/directory-kit';
import { URN_GROUP } from '../support/scim-groups-helpers';
import { expectScimError, idpHeaders, sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const groupUrl = (id: string) => `${acme.scimBase}/Groups/${id}`;
const userUrl = (id: string) => `${acme.scimBase}/Users/${id}`;
const patchGroup = (id: string, Operations: unknown[], headers: Record<string, string> = {}, query = '') =>
  app.http.patch(`${groupUrl(id)}${query}`).set({ ...idpHeaders(acme), ...headers }).send({ schemas: [PATCH], Operations });

async function userEtag(id: string): Promise<{ etag: string; groups: string[] }> {
  const res = await app.http.get(userUrl(id)).set(idpHeaders(acme));
  expect(res.status).toBe(200);
  expect(res.headers['etag']).toBe(res.body.meta.version);
  return { etag: res.headers['etag'] as string, groups: (res.body.groups ?? []).map((g: { display: string }) => g.display) };
}

/** A conditional GET with an ETag the client cached: 304 only while the whole resource is unchanged. */
async function conditionalStatus(url: string, etag: string): Promise<number> {
  return (await app.http.get(url).set({ ...idpHeaders(acme), 'If-None-Match': etag })).status;
}

describe('SCIM versions: a user\'s ETag follows its groups', () => {
  it('moves the ETag of the users whose membership changed, and of every member on a rename or a delete', async () => {
    const [ada, bob, cy] = [await scimUser(app, acme, 'v-ada@example.com'), await scimUser(app, acme, 'v-bob@example.com'), await scimUser(app, acme, 'v-cy@example.com')];
    const group = await scimGroup(app, acme, 'Versioned', [bob]);
    const before = { ada: await userEtag(ada), bob: await userEtag(bob), cy: await userEtag(cy) };
    expect(await conditionalStatus(userUrl(ada), before.ada.etag)).toBe(304);

    expect((await patchGroup(group, [{ op: 'add', path: 'members', value: [{ value: ada }] }])).status).toBe(200);
    const added = await userEtag(ada);
    expect(added.etag).not.toBe(before.ada.etag);
    expect(added.groups).toEqual(['Versioned']);
    expect(await conditionalStatus(userUrl(ada), before.ada.etag)).toBe(200);
    // Users the request did not name keep their version: the write touched k rows, not the group.
    expect((await userEtag(cy)).etag).toBe(before.cy.etag);
    expect((await userEtag(bob)).etag).toBe(before.bob.etag);

    expect((await patchGroup(group, [{ op: 'replace', value: { id: group, displayName: 'Versioned Renamed' } }])).status).toBe(200);
    const renamed = { ada: await userEtag(ada), bob: await userEtag(bob) };
    expect(renamed.ada.etag).not.toBe(added.etag);
    expect(renamed.bob.etag).not.toBe(before.bob.etag);
    expect(renamed.bob.groups).toEqual(['Versioned Renamed']);
    expect((await userEtag(cy)).etag).toBe(before.cy.etag);

    expect((await patchGroup(group, [{ op: 'remove', path: `members[value eq "${ada}"]` }])).status).toBe(200);
    const removed = await userEtag(ada);
    expect(removed.etag).not.toBe(renamed.ada.etag);
    expect(removed.groups).toEqual([]);

    expect((await app.http.delete(groupUrl(group)).set(idpHeaders(acme))).status).toBe(204);
    const afterDelete = await userEtag(bob);
    expect(afterDelete.etag).not.toBe(renamed.bob.etag);
    expect(afterDelete.groups).toEqual([]);
    expect((await userEtag(ada)).etag).toBe(removed.etag);
  });

  it('keeps every member and a consistent user version under parallel adds of the same users to different groups', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, (_, i) => scimUser(app, acme, `v-par-${i}@example.com`)));
    const groups = await Promise.all(Array.from({ length: 4 }, (_, i) => scimGroup(app, acme, `Parallel ${i}`)));
    const results = await Promise.all(groups.map((g) => patchGroup(g, [{ op: 'add', path: 'members', value: [...users].reverse().map((value) => ({ value })) }])));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const rows = await sql<{ n: string }>(app, 'select count(*) as n from group_membership where group_id = any(?::uuid[])', [`{${groups.join(',')}}`]);
    expect(Number(rows[0]!.n)).toBe(20);
    for (const id of users) expect((await userEtag(id)).groups.sort()).toEqual(['Parallel 0', 'Parallel 1', 'Parallel 2', 'Parallel 3']);
  });
});

describe('SCIM /Groups preconditions and uniqueness', () => {
  it('answers 304 to a current If-None-Match and 200 once the group changed', async () => {
    const id = await scimGroup(app, acme, 'Conditional');
    const first = await app.http.get(groupUrl(id)).set(idpHeaders(acme));
    const etag = first.headers['etag'] as string;
    expect(etag).toBe(first.body.meta.version);
    expect(await conditionalStatus(groupUrl(id), etag)).toBe(304);
    expect((await patchGroup(id, [{ op: 'replace', path: 'displayName', value: 'Conditional 2' }])).status).toBe(200);
    expect(await conditionalStatus(groupUrl(id), etag)).toBe(200);
  });

  it('refuses PATCH, PUT and DELETE with a stale If-Match with 412, and changes nothing', async () => {
    const user = await scimUser(app, acme, 'v-stale@example.com');
    const id = await scimGroup(app, acme, 'Stale');
    const stale = (await app.http.get(groupUrl(id)).set(idpHeaders(acme))).headers['etag'] as string;
    const current = await patchGroup(id, [{ op: 'replace', path: 'displayName', value: 'Stale Once' }]);
    expect(current.headers['etag']).not.toBe(stale);

    expectScimError(await patchGroup(id, [{ op: 'add', path: 'members', value: [{ value: user }] }], { 'If-Match': stale }), 412);
    expectScimError(await app.http.put(groupUrl(id)).set({ ...idpHeaders(acme), 'If-Match': stale }).send({ schemas: [URN_GROUP], displayName: 'Stale PUT', members: [{ value: user }] }), 412);
    expectScimError(await app.http.delete(groupUrl(id)).set({ ...idpHeaders(acme), 'If-Match': stale }), 412);
    const row = await sql<{ display_name: string; member_count: number }>(app, 'select display_name, member_count from app_group where id = ?', [id]);
    expect(row[0]).toMatchObject({ display_name: 'Stale Once', member_count: 0 });

    const ok = await patchGroup(id, [{ op: 'add', path: 'members', value: [{ value: user }] }], { 'If-Match': current.headers['etag'] as string });
    expect(ok.status).toBe(200);
  });

  it('refuses a second group with the same externalId with 409 uniqueness (exact match), and keeps the first', async () => {
    const post = (displayName: string, externalId: string) =>
      app.http.post(`${acme.scimBase}/Groups`).set(idpHeaders(acme)).send({ schemas: [URN_GROUP], displayName, externalId });
    expect((await post('Ext One', 'okta-00g1')).status).toBe(201);
    expectScimError(await post('Ext Two', 'okta-00g1'), 409, 'uniqueness');
    expect((await post('Ext Three', 'OKTA-00G1')).status).toBe(201);
    const other = await scimGroup(app, acme, 'Ext Four');
    expectScimError(await patchGroup(other, [{ op: 'replace', path: 'externalId', value: 'okta-00g1' }]), 409, 'uniqueness');
    expect(await sql(app, 'select display_name from app_group where account_id = ? and external_id = ?', [acme.accountId, 'okta-00g1'])).toEqual([{ display_name: 'Ext One' }]);
  });

  it('answers 204 to a PATCH whose attributes leave members out', async () => {
    const user = await scimUser(app, acme, 'v-204@example.com');
    const id = await scimGroup(app, acme, 'No Body');
    const res = await patchGroup(id, [{ op: 'add', path: 'members', value: [{ value: user }] }], {}, '?attributes=displayName');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await sql(app, 'select user_id from group_membership where group_id = ?', [id])).toEqual([{ user_id: user }]);
  });

  it('sorts by displayName both ways and filters on meta.lastModified in SQL', async () => {
    const names = ['Sort C', 'Sort A', 'Sort B'];
    for (const name of names) await scimGroup(app, acme, name);
    const list = (query: Record<string, string>) => app.http.get(`${acme.scimBase}/Groups`).query({ filter: 'displayName sw "Sort "', ...query }).set(idpHeaders(acme));
    const ascending = await list({ sortBy: 'displayName' });
    expect(ascending.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Sort A', 'Sort B', 'Sort C']);
    const descending = await list({ sortBy: 'displayName', sortOrder: 'descending' });
    expect(descending.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Sort C', 'Sort B', 'Sort A']);

    const b = ascending.body.Resources[1] as { id: string; meta: { lastModified: string } };
    await sql(app, "update app_group set updated_at = updated_at - interval '1 day' where id <> ? and display_name like 'Sort %'", [b.id]);
    const recent = await app.http
      .get(`${acme.scimBase}/Groups`)
      .query({ filter: `displayName sw "Sort " and meta.lastModified ge "${b.meta.lastModified}"` })
      .set(idpHeaders(acme));
    expect(recent.status).toBe(200);
    expect(recent.body.Resources.map((g: { id: string }) => g.id)).toEqual([b.id]);
    expectScimError(await app.http.get(`${acme.scimBase}/Groups`).query({ filter: 'meta.color eq "x"' }).set(idpHeaders(acme)), 400, 'invalidFilter');
  });
});
