import { randomUUID } from 'node:crypto';
import {
  eventRows,
  expectListResponse,
  expectScimError,
  idpHeaders,
  loadFixture,
  sendFixture,
  sql,
  type Json,
} from '../../support/scim-users-helpers';
import {
  URN_GROUP,
  expectCreatedGroup,
  expectGroupResource,
  expectStoredGroup,
  groupRow,
  loadGroupFixture,
  memberValues,
  storedMemberIds,
} from '../../support/scim-groups-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../../support/test-app';

/**
 * Okta's Group Push (IDP-TRAFFIC.md; Okta's "SCIM 2.0 protocol reference", SCIM Group operations): each request sent
 * literally over HTTP, with the reply Okta needs and the groups and membership rows Roster must hold afterwards.
 */

let app: TestApp;
let okta: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  okta = await createTestAccount(app, 'Okta group push tenant');
});
afterAll(() => app.close());

const fixture = (name: string, vars: Record<string, string> = {}) => loadGroupFixture(__dirname, name, vars);
const groupsUrl = (id = '') => `${okta.scimBase}/Groups${id ? `/${id}` : ''}`;
const newGroupName = () => `Okta Push ${randomUUID().slice(0, 8)}`;

interface OktaUser {
  id: string;
  userName: string;
}

/** Users assigned to the app, created by Okta's own create request. */
async function oktaAssigns(count: number): Promise<OktaUser[]> {
  const users: OktaUser[] = [];
  for (let i = 0; i < count; i++) {
    const userName = `push.${randomUUID().slice(0, 8)}@okta.example.com`;
    const res = await sendFixture(app, okta, loadFixture(__dirname, 'create-user', { userName, externalId: `00u${randomUUID().slice(0, 12)}` }));
    expect(res.status).toBe(201);
    users.push({ id: res.body.id as string, userName });
  }
  return users;
}

/** Okta's push of a new group (always with `members: []`). */
async function oktaPushes(displayName = newGroupName()) {
  const create = fixture('create-group', { displayName });
  const res = await sendFixture(app, okta, create);
  expect(res.status).toBe(create.response.status);
  return { res, id: res.body.id as string, displayName, fixture: create };
}

/** A pushed group whose members are already `members`, added the way Okta adds them. */
async function pushedGroupWith(members: OktaUser[]) {
  const pushed = await oktaPushes();
  for (const m of members) await sendFixture(app, okta, fixture('patch-add-members', { id: pushed.id, userA: m.id, displayA: m.userName })).expect(200);
  expect(await storedMemberIds(app, pushed.id)).toEqual(members.map((m) => m.id).sort());
  return pushed;
}

const readGroup = (id: string) => sendFixture(app, okta, fixture('get-group', { id }));

describe('Okta reads the groups when the settings are saved', () => {
  it('answers GET /Groups?startIndex=1&count=100 with every group, integer paging fields and members', async () => {
    const [user] = await oktaAssigns(1);
    const pushed = [await pushedGroupWith([user!]), await oktaPushes(), await oktaPushes()];
    const res = await sendFixture(app, okta, loadFixture(__dirname, 'groups-on-save'));
    expectListResponse(res);
    expect(res.body.startIndex).toBe(1);
    const [{ n }] = await sql<{ n: number }>(app, 'select count(*)::int as n from app_group where account_id = ?', [okta.accountId]);
    expect(res.body.totalResults).toBe(n);
    expect(res.body.Resources).toHaveLength(Math.min(n!, 100));
    const byId = new Map<string, Json>(res.body.Resources.map((g: Json) => [g.id, g]));
    for (const { id, displayName } of pushed) expect(byId.get(id)).toMatchObject({ schemas: [URN_GROUP], id, displayName, meta: { resourceType: 'Group' } });
    expect(byId.get(pushed[0]!.id)!.members).toEqual([expect.objectContaining({ value: user!.id, type: 'User' })]);
    expect(byId.get(pushed[1]!.id)!.members).toEqual([]);
  });

  it('pages in a stable order: startIndex/count pages put together are the whole list, each group once', async () => {
    for (let i = 0; i < 3; i++) await oktaPushes();
    const all = await app.http.get(groupsUrl()).query({ startIndex: 1, count: 100 }).set(idpHeaders(okta));
    expectListResponse(all);
    const total = all.body.totalResults as number;
    expect(total).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    for (let start = 1; start <= total; start += 2) {
      const page = await app.http.get(groupsUrl()).query({ startIndex: start, count: 2 }).set(idpHeaders(okta));
      expectListResponse(page, total);
      expect(page.body.startIndex).toBe(start);
      expect(page.body.itemsPerPage).toBe(Math.min(2, total - start + 1));
      paged.push(...page.body.Resources.map((g: Json) => g.id as string));
    }
    expect(paged).toEqual(all.body.Resources.map((g: Json) => g.id));
    expect(new Set(paged).size).toBe(total);
  });
});

describe('Okta pushes a group', () => {
  it('creates it from {displayName, members: []}: 201 with the full resource, Location and ETag; stored SCIM-managed and empty', async () => {
    const { res, id, displayName, fixture: sent } = await oktaPushes();
    expectCreatedGroup(res);
    expect(res.body).toMatchObject({ id, displayName, members: [] });
    expect(res.body).not.toHaveProperty('externalId');
    await expectStoredGroup(app, id, sent);
    expect((await groupRow(app, id))!.display_name_key).toBe(displayName.toLowerCase());
    expect((await eventRows(app, okta.accountId, id)).map((e) => [e.action, e.outcome])).toContainEqual(['group.created', 'success']);
    const read = await readGroup(id);
    expectGroupResource(read);
    expect(read.body).toEqual(res.body);
  });

  it('links a push to the existing internal group of the same name in another case: same id, now SCIM-managed, its members kept', async () => {
    const [member] = await oktaAssigns(1);
    const internalName = `Data Team ${randomUUID().slice(0, 8)}`;
    const [internal] = await sql<{ id: string }>(
      app,
      `insert into app_group (id, account_id, display_name, display_name_key, managed_by, member_count, created_at, updated_at, version)
       values (gen_random_uuid(), ?, ?, lower(?), 'manual', 1, now() - interval '1 day', now() - interval '1 day', 1) returning id`,
      [okta.accountId, internalName, internalName],
    );
    await sql(app, 'insert into group_membership (group_id, user_id, account_id, created_at) values (?, ?, ?, now())', [internal!.id, member!.id, okta.accountId]);

    const pushedName = internalName.toUpperCase();
    const create = fixture('create-group', { displayName: pushedName });
    const res = await sendFixture(app, okta, create);
    expectCreatedGroup(res);
    expect(res.body.id).toBe(internal!.id);
    expect(res.body.displayName).toBe(pushedName);
    expect(await groupRow(app, internal!.id)).toMatchObject({ managed_by: 'scim', display_name: pushedName, display_name_key: internalName.toLowerCase(), member_count: 1 });
    expect(await storedMemberIds(app, internal!.id)).toEqual([member!.id]);
    const [{ n }] = await sql<{ n: number }>(app, 'select count(*)::int as n from app_group where account_id = ? and display_name_key = ?', [okta.accountId, internalName.toLowerCase()]);
    expect(n).toBe(1);
    expect((await eventRows(app, okta.accountId, internal!.id)).map((e) => e.action)).toContain('group.linked');

    // From now on Okta manages it: its membership pushes apply to the linked group.
    const [next] = await oktaAssigns(1);
    await sendFixture(app, okta, fixture('patch-add-members', { id: internal!.id, userA: next!.id, displayA: next!.userName })).expect(200);
    expect(await storedMemberIds(app, internal!.id)).toEqual([member!.id, next!.id].sort());
  });

  it('refuses a second push of a SCIM-managed displayName (in another case) with 409 uniqueness, and keeps one row', async () => {
    const { id, displayName } = await oktaPushes();
    const again = await sendFixture(app, okta, fixture('create-group', { displayName: displayName.toLowerCase() }));
    expectScimError(again, 409, 'uniqueness');
    const rows = await sql<{ id: string }>(app, 'select id from app_group where account_id = ? and display_name_key = ?', [okta.accountId, displayName.toLowerCase()]);
    expect(rows).toEqual([{ id }]);
    expect(await groupRow(app, id)).toMatchObject({ display_name: displayName, managed_by: 'scim' });
  });

  it('finds a group by displayName eq in any case, and answers a miss with 200 and zero results', async () => {
    const { id, displayName } = await oktaPushes();
    for (const query of [displayName, displayName.toUpperCase(), displayName.toLowerCase()]) {
      const res = await sendFixture(app, okta, fixture('lookup-group-by-name', { displayNameQuery: encodeURIComponent(query) }));
      expectListResponse(res, 1);
      expect(res.body.Resources[0]).toMatchObject({ id, displayName });
    }
    const miss = await sendFixture(app, okta, fixture('lookup-group-by-name', { displayNameQuery: encodeURIComponent(`${displayName} (no such group)`) }));
    expectListResponse(miss, 0);
    expect(miss.body.Resources).toEqual([]);
  });
});

describe('Okta pushes name and membership changes', () => {
  it('renames with the pathless replace {id, displayName}: 200 with the group, the read-only id ignored', async () => {
    const { id } = await oktaPushes();
    const before = await readGroup(id);
    const displayName = newGroupName();
    const patch = fixture('patch-group-name', { id, valueId: id, displayName });
    const res = await sendFixture(app, okta, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(res.body).toMatchObject({ id, displayName });
    expect(res.body.meta.version).not.toBe(before.body.meta.version);
    expect(res.body.meta.created).toBe(before.body.meta.created);
    await expectStoredGroup(app, id, patch);
  });

  it('ignores an id inside the replace value that names another group: that group is untouched', async () => {
    const target = await oktaPushes();
    const bystander = await oktaPushes();
    const bystanderBefore = await groupRow(app, bystander.id);
    const displayName = newGroupName();
    const patch = fixture('patch-group-name', { id: target.id, valueId: bystander.id, displayName });
    const res = await sendFixture(app, okta, patch);
    expectGroupResource(res);
    expect(res.body.id).toBe(target.id);
    await expectStoredGroup(app, target.id, patch);
    expect(await groupRow(app, bystander.id)).toEqual(bystanderBefore);
  });

  it('accepts the same name sent again with every membership change: 200, nothing changes, the version stays', async () => {
    const [member] = await oktaAssigns(1);
    const { id, displayName } = await pushedGroupWith([member!]);
    const before = await readGroup(id);
    const rowBefore = await groupRow(app, id);
    const res = await sendFixture(app, okta, fixture('patch-group-name', { id, valueId: id, displayName }));
    expectGroupResource(res);
    expect(res.headers['etag']).toBe(before.headers['etag']);
    expect(memberValues(res.body)).toEqual([member!.id]);
    expect(await groupRow(app, id)).toEqual(rowBefore);
  });

  it('adds a member with {op:add, path:members, value:[{value, display}]}: 200 listing it', async () => {
    const [a] = await oktaAssigns(1);
    const { id } = await oktaPushes();
    const patch = fixture('patch-add-members', { id, userA: a!.id, displayA: a!.userName });
    const res = await sendFixture(app, okta, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(res.body.members).toEqual([{ value: a!.id, display: 'Test User', type: 'User', $ref: `http://roster.test${okta.scimBase}/Users/${a!.id}` }]);
    await expectStoredGroup(app, id, patch);
    const user = await app.http.get(`${okta.scimBase}/Users/${a!.id}`).set(idpHeaders(okta));
    expect(user.body.groups).toEqual([expect.objectContaining({ value: id })]);
  });

  it('removes one member with {op:remove, path:members[value eq "id"]}; the others stay', async () => {
    const [a, b] = await oktaAssigns(2);
    const { id } = await pushedGroupWith([a!, b!]);
    const patch = fixture('patch-remove-member', { id, userA: a!.id, userB: b!.id });
    const res = await sendFixture(app, okta, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(memberValues(res.body)).toEqual([b!.id]);
    await expectStoredGroup(app, id, patch);
    expect((await eventRows(app, okta.accountId, id)).map((e) => e.action)).toContain('group.members_removed');
  });

  it('applies the documented remove-by-filter and add in one PATCH', async () => {
    const [a, b, c] = await oktaAssigns(3);
    const { id } = await pushedGroupWith([a!, b!]);
    const patch = fixture('patch-update-membership', { id, userA: a!.id, userB: b!.id, userC: c!.id, displayC: c!.userName });
    const res = await sendFixture(app, okta, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(memberValues(res.body)).toEqual([b!.id, c!.id].sort());
    await expectStoredGroup(app, id, patch);
  });

  it('replaces all members with {op:replace, path:members}: members not listed leave, new ones join', async () => {
    const [a, b, c] = await oktaAssigns(3);
    const { id } = await pushedGroupWith([a!, b!]);
    const patch = fixture('patch-replace-members', { id, userB: b!.id, displayB: b!.userName, userC: c!.id, displayC: c!.userName });
    const res = await sendFixture(app, okta, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(memberValues(res.body)).toEqual([b!.id, c!.id].sort());
    await expectStoredGroup(app, id, patch);
  });

  it('replaces name and members with a PUT of the whole group; read-only id and meta are ignored', async () => {
    const [a, b, c, d] = await oktaAssigns(4);
    const { id } = await pushedGroupWith([a!, b!]);
    const before = await readGroup(id);
    const displayName = newGroupName();
    const put = fixture('put-group', {
      id,
      displayName,
      userB: b!.id,
      displayB: b!.userName,
      userC: c!.id,
      displayC: c!.userName,
      userD: d!.id,
      displayD: d!.userName,
    });
    const res = await sendFixture(app, okta, put);
    expect(res.status).toBe(put.response.status);
    expectGroupResource(res);
    expect(res.body).toMatchObject({ id, displayName });
    expect(res.body.meta.created).toBe(before.body.meta.created);
    expect(res.body.meta.location).toBe(`http://roster.test${groupsUrl(id)}`);
    expect(memberValues(res.body)).toEqual([b!.id, c!.id, d!.id].sort());
    await expectStoredGroup(app, id, put);
  });

  it('refuses a member id that names no user with 400 invalidValue naming it, and changes nothing', async () => {
    const [a] = await oktaAssigns(1);
    const { id } = await pushedGroupWith([a!]);
    const rowBefore = await groupRow(app, id);
    const ghost = randomUUID();
    const res = await sendFixture(app, okta, fixture('patch-update-membership', { id, userA: a!.id, userB: a!.id, userC: ghost, displayC: 'ghost@okta.example.com' }));
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toContain(ghost);
    expect(await storedMemberIds(app, id)).toEqual([a!.id]);
    expect(await groupRow(app, id)).toEqual(rowBefore);
  });
});

describe('Okta unlinks a pushed group and deletes it in the app', () => {
  it('answers 204, then 404 for GET and for a second DELETE; the memberships are gone, the users stay', async () => {
    const [a] = await oktaAssigns(1);
    const { id } = await pushedGroupWith([a!]);
    const del = fixture('delete-group', { id });
    const res = await sendFixture(app, okta, del);
    expect(res.status).toBe(del.response.status);
    expect(res.text).toBe('');
    expect(await groupRow(app, id)).toBeUndefined();
    expect(await sql(app, 'select * from group_membership where group_id = ?', [id])).toEqual([]);
    expect(await sql(app, 'select id from app_user where id = ?', [a!.id])).toEqual([{ id: a!.id }]);
    expectScimError(await readGroup(id), 404);
    expectScimError(await sendFixture(app, okta, fixture('delete-group', { id })), 404);
  });

  it('answers GET, PATCH and PUT of an unknown group id with 404', async () => {
    const id = randomUUID();
    expectScimError(await readGroup(id), 404);
    expectScimError(await sendFixture(app, okta, fixture('patch-group-name', { id, valueId: id, displayName: newGroupName() })), 404);
    const [a] = await oktaAssigns(1);
    const put = fixture('put-group', { id, displayName: newGroupName(), userB: a!.id, displayB: '', userC: a!.id, displayC: '', userD: a!.id, displayD: '' });
    expectScimError(await sendFixture(app, okta, put), 404);
  });
});
