import { randomUUID } from 'node:crypto';
import { expectListResponse, expectScimError, idpHeaders, loadFixture, sendFixture, sql, type Json } from '../../support/scim-users-helpers';
import {
  URN_GROUP,
  capturingSql,
  expectCreatedGroup,
  expectGroupResource,
  expectStoredGroup,
  groupRow,
  loadGroupFixture,
  memberValues,
  membershipStatements,
  seedUsers,
  storedMemberIds,
} from '../../support/scim-groups-helpers';
import { createTestAccount, liftRateLimit, startTestApp, type TestAccount, type TestApp } from '../../support/test-app';

/**
 * Microsoft Entra ID's group provisioning (IDP-TRAFFIC.md; Microsoft's "Develop a SCIM endpoint", Group operations):
 * each request sent literally over HTTP, with the reply Entra needs and the groups and membership rows Roster must
 * hold afterwards. Entra reads groups without members and changes members one PATCH at a time, often in parallel.
 */

let app: TestApp;
let entra: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  entra = await createTestAccount(app, 'Entra group tenant');
});
afterAll(() => app.close());

const fixture = (name: string, vars: Record<string, string> = {}) => loadGroupFixture(__dirname, name, vars);
const groupsUrl = (id = '') => `${entra.scimBase}/Groups${id ? `/${id}` : ''}`;
const newGroupName = () => `Entra Group ${randomUUID().slice(0, 8)}`;

/** Users created by the request of Microsoft's validator (work email, displayName "XKWLCONOGMVT"). */
async function entraProvisionsUsers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const userName = `Test_User_${randomUUID()}@testuser.com`;
    const res = await sendFixture(app, entra, loadFixture(__dirname, 'create-user-validator', { userName, externalId: randomUUID() }));
    expect(res.status).toBe(201);
    ids.push(res.body.id as string);
  }
  return ids;
}

/** Entra's create (no members); returns the group id and what was sent. */
async function entraCreatesGroup(displayName = newGroupName(), externalId = randomUUID()) {
  const create = fixture('create-group', { displayName, externalId });
  const res = await sendFixture(app, entra, create);
  expect(res.status).toBe(create.response.status);
  return { res, id: res.body.id as string, displayName, externalId, fixture: create };
}

/** A group and its members, each added the way Entra adds them (one Add PATCH per member). */
async function groupWithMembers(memberIds: string[]) {
  const group = await entraCreatesGroup();
  for (const userId of memberIds) await sendFixture(app, entra, fixture('patch-add-member', { id: group.id, userId })).expect(204);
  expect(await storedMemberIds(app, group.id)).toEqual([...memberIds].sort());
  return group;
}

const patchGroup = (id: string, operations: Json[], query = '?excludedAttributes=members') =>
  app.http
    .patch(`${groupsUrl(id)}${query}`)
    .set(idpHeaders(entra))
    .send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });

describe('Entra creates and reads groups', () => {
  it("creates a group from the tutorial's request (extra ADSCIM schema, meta) without members: 201, members [], externalId stored", async () => {
    const { res, id, displayName, externalId, fixture: sent } = await entraCreatesGroup();
    expectCreatedGroup(res);
    expect(res.body).toMatchObject({ id, displayName, externalId, members: [] });
    await expectStoredGroup(app, id, sent);
  });

  it('reads a group with excludedAttributes=members: no members key, and no statement touches group_membership', async () => {
    const members = await entraProvisionsUsers(2);
    const { id, displayName, externalId } = await groupWithMembers(members);

    const { result: res, statements } = await capturingSql(app, () => sendFixture(app, entra, fixture('get-group', { id })));
    expectGroupResource(res);
    expect(res.body).toMatchObject({ id, displayName, externalId });
    expect(res.body).not.toHaveProperty('members');
    expect(statements.some((s) => /from "?app_group"?/i.test(s))).toBe(true);
    expect(membershipStatements(statements)).toEqual([]);

    // The same read asking for members reads them: the capture above would have seen it.
    const { result: full, statements: fullStatements } = await capturingSql(app, () => app.http.get(groupsUrl(id)).set(idpHeaders(entra)));
    expectGroupResource(full);
    expect(memberValues(full.body)).toEqual([...members].sort());
    expect(membershipStatements(fullStatements)).toHaveLength(1);
  });

  it('matches a group by displayName eq (any case) with excludedAttributes=members, reading no membership rows', async () => {
    const [member] = await entraProvisionsUsers(1);
    const { id, displayName } = await groupWithMembers([member!]);
    for (const query of [displayName, displayName.toUpperCase()]) {
      const { result: res, statements } = await capturingSql(app, () =>
        sendFixture(app, entra, fixture('get-group-by-display-name', { displayName: encodeURIComponent(query) })),
      );
      expectListResponse(res, 1);
      expect(res.body.Resources[0]).toMatchObject({ schemas: [URN_GROUP], id, displayName });
      expect(res.body.Resources[0]).not.toHaveProperty('members');
      expect(membershipStatements(statements)).toEqual([]);
    }
    const miss = await sendFixture(app, entra, fixture('get-group-by-display-name', { displayName: encodeURIComponent(`${displayName}-none`) }));
    expectListResponse(miss, 0);
    expect(miss.body.Resources).toEqual([]);
  });

  it('matches a group by externalId eq, exactly (externalId is caseExact)', async () => {
    const { id, externalId } = await entraCreatesGroup();
    const res = await sendFixture(app, entra, fixture('match-group-by-external-id', { externalId }));
    expectListResponse(res, 1);
    expect(res.body.Resources[0]).toMatchObject({ id, externalId });
    expect(res.body.Resources[0]).not.toHaveProperty('members');
    expectListResponse(await sendFixture(app, entra, fixture('match-group-by-external-id', { externalId: externalId.toUpperCase() })), 0);
  });

  it('answers filter=members.value eq "<userId>" with exactly the groups of that user', async () => {
    const [alice, bob] = await entraProvisionsUsers(2);
    const both = await groupWithMembers([alice!, bob!]);
    const aliceOnly = await groupWithMembers([alice!]);
    await groupWithMembers([bob!]);
    const res = await sendFixture(app, entra, fixture('groups-of-member', { userId: alice! }));
    expectListResponse(res, 2);
    expect(res.body.Resources.map((g: Json) => g.id).sort()).toEqual([both.id, aliceOnly.id].sort());
    for (const group of res.body.Resources) expect(group).not.toHaveProperty('members');
    const [nobody] = await entraProvisionsUsers(1);
    expectListResponse(await sendFixture(app, entra, fixture('groups-of-member', { userId: nobody! })), 0);
  });

  it('answers a membership check (id eq … and members.value eq …) with one group or none', async () => {
    const [member, outsider] = await entraProvisionsUsers(2);
    const { id } = await groupWithMembers([member!]);
    const hit = await sendFixture(app, entra, fixture('check-membership', { id, userId: member! }));
    expectListResponse(hit, 1);
    expect(hit.body.Resources[0].id).toBe(id);
    expectListResponse(await sendFixture(app, entra, fixture('check-membership', { id, userId: outsider! })), 0);
  });

  it('answers /Users?filter=groups.value eq "<groupId>" with exactly its members', async () => {
    const [a, b, outsider] = await entraProvisionsUsers(3);
    const { id } = await groupWithMembers([a!, b!]);
    const res = await sendFixture(app, entra, fixture('users-in-group', { groupId: id }));
    expectListResponse(res, 2);
    expect(res.body.Resources.map((u: Json) => u.id).sort()).toEqual([a!, b!].sort());
    expect(res.body.Resources.map((u: Json) => u.id)).not.toContain(outsider);
    for (const user of res.body.Resources) expect(user.groups).toEqual([expect.objectContaining({ value: id })]);
  });
});

describe('Entra changes a group', () => {
  it('renames with {"op":"Replace","path":"displayName"}: 204 with no body', async () => {
    const { id } = await entraCreatesGroup();
    const displayName = `1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName-${randomUUID().slice(0, 8)}`;
    const patch = fixture('patch-group-name', { id, displayName });
    const res = await sendFixture(app, entra, patch);
    expect(res.status).toBe(patch.response.status);
    expect(res.text).toBe('');
    expect(res.headers['etag']).toBe(`W/"${(await groupRow(app, id))!.version}"`);
    await expectStoredGroup(app, id, patch);
  });

  it('adds a member with {"op":"Add","path":"members","value":[{"$ref":null,"value":id}]}: 204; without excludedAttributes, 200 with the group', async () => {
    const [a, b] = await entraProvisionsUsers(2);
    const { id } = await entraCreatesGroup();
    const patch = fixture('patch-add-member', { id, userId: a! });
    const res = await sendFixture(app, entra, patch);
    expect(res.status).toBe(patch.response.status);
    expect(res.text).toBe('');
    expect(await storedMemberIds(app, id)).toEqual([a]);

    const withBody = await patchGroup(id, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: b }] }], '');
    expectGroupResource(withBody);
    expect(memberValues(withBody.body)).toEqual([a!, b!].sort());
    expect(await groupRow(app, id)).toMatchObject({ member_count: 2 });
  });

  it('removes only the listed members on {"op":"Remove","path":"members","value":[{"value":id}]}', async () => {
    const [a, b, c] = await entraProvisionsUsers(3);
    const { id } = await groupWithMembers([a!, b!, c!]);
    const patch = fixture('patch-remove-member', { id, userId: b! });
    const res = await sendFixture(app, entra, patch);
    expect(res.status).toBe(patch.response.status);
    expect(await storedMemberIds(app, id)).toEqual([a!, c!].sort());
    expect(await groupRow(app, id)).toMatchObject({ member_count: 2 });

    const two = await patchGroup(id, [{ op: 'Remove', path: 'members', value: [{ value: a }, { value: c }] }]);
    expect(two.status).toBe(204);
    expect(await storedMemberIds(app, id)).toEqual([]);
    expect(await groupRow(app, id)).toMatchObject({ member_count: 0 });
  });

  it('succeeds removing a member that is not in the group: 204, nothing changes, the version stays', async () => {
    const [member, absent] = await entraProvisionsUsers(2);
    const { id } = await groupWithMembers([member!]);
    const before = await groupRow(app, id);
    const res = await sendFixture(app, entra, fixture('patch-remove-member', { id, userId: absent! }));
    expect(res.status).toBe(204);
    expect(await storedMemberIds(app, id)).toEqual([member]);
    expect(await groupRow(app, id)).toEqual(before);
  });

  it('succeeds adding a member that is already in the group: 204, one membership row, the version stays', async () => {
    const [member] = await entraProvisionsUsers(1);
    const { id } = await groupWithMembers([member!]);
    const before = await groupRow(app, id);
    const res = await sendFixture(app, entra, fixture('patch-add-member', { id, userId: member! }));
    expect(res.status).toBe(204);
    expect(await sql(app, 'select user_id from group_membership where group_id = ?', [id])).toEqual([{ user_id: member }]);
    expect(await groupRow(app, id)).toEqual(before);
  });

  it('treats an empty Operations array as a no-op: 200 (204 without members), the version and rows unchanged', async () => {
    const [member] = await entraProvisionsUsers(1);
    const { id } = await groupWithMembers([member!]);
    const before = await app.http.get(groupsUrl(id)).set(idpHeaders(entra));
    const rowBefore = await groupRow(app, id);
    const patch = fixture('patch-group-empty-operations', { id });
    const res = await sendFixture(app, entra, patch);
    expect(res.status).toBe(patch.response.status);
    expectGroupResource(res);
    expect(res.headers['etag']).toBe(before.headers['etag']);
    expect(res.body).toEqual(before.body);
    const quiet = await patchGroup(id, []);
    expect(quiet.status).toBe(204);
    expect(quiet.headers['etag']).toBe(before.headers['etag']);
    expect(await groupRow(app, id)).toEqual(rowBefore);
    expect(await storedMemberIds(app, id)).toEqual([member]);
  });

  it("accepts members named with displayName instead of display (Microsoft's validators), in a PATCH and in a POST", async () => {
    const [a, b, c] = await entraProvisionsUsers(3);
    const { id } = await entraCreatesGroup();
    const patch = fixture('patch-add-members-display-name', { id, userA: a!, displayA: 'XKWLCONOGMVT', userB: b!, displayB: 'Another Name' });
    const res = await sendFixture(app, entra, patch);
    expect(res.status).toBe(patch.response.status);
    await expectStoredGroup(app, id, patch);

    const create = fixture('create-group-display-name-members', { displayName: newGroupName(), externalId: randomUUID(), userA: c!, displayA: 'XKWLCONOGMVT' });
    const created = await sendFixture(app, entra, create);
    expect(created.status).toBe(create.response.status);
    expectCreatedGroup(created);
    expect(created.body.members).toEqual([expect.objectContaining({ value: c, display: 'XKWLCONOGMVT', type: 'User' })]);
    await expectStoredGroup(app, created.body.id, create);
  });

  it('refuses an unknown member id with 400 invalidValue naming it, and adds none of the request', async () => {
    const [member, known] = await entraProvisionsUsers(2);
    const { id } = await groupWithMembers([member!]);
    const before = await groupRow(app, id);
    const ghost = randomUUID();
    const res = await patchGroup(id, [{ op: 'Add', path: 'members', value: [{ value: known }, { value: ghost }] }]);
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toContain(ghost);
    expect(res.body.detail).not.toContain(known);
    expect(await storedMemberIds(app, id)).toEqual([member]);
    expect(await groupRow(app, id)).toEqual(before);
  });
});

describe('Entra sends member changes as parallel single-member PATCHes', () => {
  it('adds 50 members in 50 parallel PATCHes, then removes the same 50 in parallel: 0 errors, 50 then 0 members', async () => {
    await liftRateLimit(app, entra.accountId);
    const users = await seedUsers(app, entra.accountId, 50, `parallel-${randomUUID().slice(0, 8)}-`);
    const { id } = await entraCreatesGroup();
    const versionBefore = (await groupRow(app, id))!.version as number;

    const adds = await Promise.all(users.map((userId) => sendFixture(app, entra, fixture('patch-add-member', { id, userId }))));
    expect(adds.filter((r) => r.status !== 204).map((r) => [r.status, r.body])).toEqual([]);
    expect(await storedMemberIds(app, id)).toEqual([...users].sort());
    // Every add serialized on the group row: each bumped the version once, none was lost.
    expect(await groupRow(app, id)).toMatchObject({ member_count: 50, version: versionBefore + 50 });

    const removes = await Promise.all(users.map((userId) => sendFixture(app, entra, fixture('patch-remove-member', { id, userId }))));
    expect(removes.filter((r) => r.status !== 204).map((r) => [r.status, r.body])).toEqual([]);
    expect(await storedMemberIds(app, id)).toEqual([]);
    expect(await groupRow(app, id)).toMatchObject({ member_count: 0, version: versionBefore + 100 });
    const [events] = await sql<{ added: number; removed: number }>(
      app,
      `select count(*) filter (where action = 'group.members_added')::int as added, count(*) filter (where action = 'group.members_removed')::int as removed
         from provisioning_event where resource_id = ? and outcome = 'success'`,
      [id],
    );
    expect(events).toEqual({ added: 50, removed: 50 });
  }, 60_000);
});

describe('Entra deletes a group', () => {
  it('answers 204, then 404 for GET and for a second DELETE; the memberships are gone', async () => {
    const [member] = await entraProvisionsUsers(1);
    const { id } = await groupWithMembers([member!]);
    const del = fixture('delete-group', { id });
    const res = await sendFixture(app, entra, del);
    expect(res.status).toBe(del.response.status);
    expect(res.text).toBe('');
    expect(await groupRow(app, id)).toBeUndefined();
    expect(await storedMemberIds(app, id)).toEqual([]);
    expectScimError(await sendFixture(app, entra, fixture('get-group', { id })), 404);
    expectScimError(await sendFixture(app, entra, fixture('delete-group', { id })), 404);
    const user = await app.http.get(`${entra.scimBase}/Users/${member}`).set(idpHeaders(entra));
    expect(user.status).toBe(200);
    expect(user.body.groups ?? []).toEqual([]);
  });
});
