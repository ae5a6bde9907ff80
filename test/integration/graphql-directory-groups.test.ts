import {
  AddGroupMembersDocument,
  CreateGroupDocument,
  DeleteGroupDocument,
  DirectoryGroupDocument,
  DirectoryGroupsDocument,
  InviteUserDocument,
  RemoveGroupMembersDocument,
  RenameGroupDocument,
  type DirectoryGroupsQuery,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { memberIds, scimGroup, scimUser, setManualUpdates, successEvents } from '../support/directory-kit';
import { idpHeaders, sql, URN_PATCH } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let globex: TestAccount;
let readOnly: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  app = await startTestApp();
  [acme, globex] = await Promise.all([createTestAccount(app, 'Acme'), createTestAccount(app, 'Globex')]);
  readOnly = await readOnlyToken(app, acme.accountId);
});
afterAll(() => app.close());

const admin = () => acme.apiToken;

async function createGroup(displayName: string, token = admin()): Promise<string> {
  return dataOf(await gql(app, token, CreateGroupDocument, { input: { displayName } })).createGroup.group.id;
}

async function invite(userName: string, account = acme): Promise<string> {
  return dataOf(await gql(app, account.apiToken, InviteUserDocument, { input: { userName } })).inviteUser.user.id;
}

describe('createGroup', () => {
  it('creates an empty MANUAL group and records the event', async () => {
    const res = dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName: '  Data Platform ' } }));
    expect(res.createGroup.group).toMatchObject({ displayName: 'Data Platform', managedBy: 'MANUAL', memberCount: 0, externalId: null });
    expect(await successEvents(app, res.createGroup.group.id)).toEqual([{ action: 'group.created', manual: false, actor_type: 'api_token' }]);
  });

  it('refuses a name taken ignoring case with GROUP_NAME_TAKEN', async () => {
    await createGroup('Finance');
    const error = errorOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName: 'FINANCE' } }), 'GROUP_NAME_TAKEN');
    expect(error.extensions['field']).toBe('displayName');
  });

  it('allows the same name in another account', async () => {
    await createGroup('Shared name');
    expect(dataOf(await gql(app, globex.apiToken, CreateGroupDocument, { input: { displayName: 'Shared name' } })).createGroup.group.displayName).toBe(
      'Shared name',
    );
  });

  it('refuses a blank name with GROUP_NAME_REQUIRED on the displayName field', async () => {
    const error = errorOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName: '   ' } }), 'GROUP_NAME_REQUIRED');
    expect(error.extensions['field']).toBe('displayName');
  });

  it('refuses a malformed input: a missing field fails validation, a value of the wrong type is BAD_USER_INPUT', async () => {
    const res = await app.http.post('/graphql').set('Authorization', `Bearer ${admin()}`).send({ query: 'mutation { createGroup(input: {}) { group { id } } }' });
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typed = await app.http
      .post('/graphql')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ query: 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }', variables: { input: { displayName: 42 } } });
    expect(typed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('renameGroup', () => {
  it('renames, and a case-only rename is allowed', async () => {
    const id = await createGroup('Old name');
    expect(dataOf(await gql(app, admin(), RenameGroupDocument, { input: { id, displayName: 'New name' } })).renameGroup.group.displayName).toBe('New name');
    expect(dataOf(await gql(app, admin(), RenameGroupDocument, { input: { id, displayName: 'NEW NAME' } })).renameGroup.group.displayName).toBe('NEW NAME');
    expect((await successEvents(app, id)).map((e) => e.action)).toEqual(['group.created', 'group.updated', 'group.updated']);
  });

  it('answers NOT_FOUND (reason GROUP_NOT_FOUND) for an unknown id, a malformed id and another account\'s group', async () => {
    const theirs = dataOf(await gql(app, globex.apiToken, CreateGroupDocument, { input: { displayName: 'Theirs' } })).createGroup.group.id;
    for (const id of [MISSING, 'not-a-uuid', theirs]) {
      const error = errorOf(await gql(app, admin(), RenameGroupDocument, { input: { id, displayName: 'x' } }), 'NOT_FOUND');
      expect(error.extensions['reason']).toBe('GROUP_NOT_FOUND');
    }
  });

  it('refuses a name another group has with GROUP_NAME_TAKEN', async () => {
    await createGroup('Taken');
    const id = await createGroup('Free');
    errorOf(await gql(app, admin(), RenameGroupDocument, { input: { id, displayName: 'taken' } }), 'GROUP_NAME_TAKEN');
  });
});

describe('addGroupMembers and removeGroupMembers', () => {
  it('adds as a set (adding again is a no-op) and removes, keeping memberCount', async () => {
    const group = await createGroup('Members');
    const [ada, bob] = [await invite('ada@acme.test'), await invite('bob@acme.test')];
    const added = dataOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [ada, bob, ada] } })).addGroupMembers;
    expect(added.addedCount).toBe(2);
    expect(added.group.memberCount).toBe(2);
    expect(added.group.members.edges.map((e) => e.node.id).sort()).toEqual([ada, bob].sort());
    expect(dataOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [ada] } })).addGroupMembers.addedCount).toBe(0);

    const removed = dataOf(await gql(app, admin(), RemoveGroupMembersDocument, { input: { groupId: group, userIds: [bob, MISSING] } })).removeGroupMembers;
    expect(removed).toEqual({ removedCount: 1, group: { id: group, memberCount: 1 } });
    expect(await memberIds(app, group)).toEqual([ada]);
    expect((await successEvents(app, group)).map((e) => e.action)).toEqual(['group.created', 'group.members_added', 'group.members_removed']);
  });

  it('refuses unknown users (also of another account) with UNKNOWN_MEMBER and adds none', async () => {
    const group = await createGroup('Strict');
    const ada = await invite('ada.strict@acme.test');
    const foreign = await invite('ada@globex.test', globex);
    for (const unknown of [MISSING, foreign]) {
      const error = errorOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [ada, unknown] } }), 'UNKNOWN_MEMBER');
      expect(error.extensions['field']).toBe('members');
    }
    expect(await memberIds(app, group)).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown group', async () => {
    errorOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: MISSING, userIds: [] } }), 'NOT_FOUND');
    errorOf(await gql(app, admin(), RemoveGroupMembersDocument, { input: { groupId: MISSING, userIds: [] } }), 'NOT_FOUND');
  });
});

describe('deleteGroup', () => {
  it('deletes the group and its memberships', async () => {
    const group = await createGroup('Doomed');
    const ada = await invite('ada.doomed@acme.test');
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [ada] } });
    expect(dataOf(await gql(app, admin(), DeleteGroupDocument, { input: { id: group } })).deleteGroup.deletedGroupId).toBe(group);
    expect(await sql(app, 'select 1 from app_group where id = ?', [group])).toEqual([]);
    expect(await memberIds(app, group)).toEqual([]);
    const error = errorOf(await gql(app, admin(), DirectoryGroupDocument, { id: group }), 'NOT_FOUND');
    expect(error.extensions['reason']).toBe('GROUP_NOT_FOUND');
  });

  it('answers NOT_FOUND for an unknown group', async () => {
    errorOf(await gql(app, admin(), DeleteGroupDocument, { input: { id: MISSING } }), 'NOT_FOUND');
  });
});

describe('groups and group(id)', () => {
  beforeAll(async () => {
    for (const n of ['C', 'a', 'B', 'd', 'E']) await createGroup(`Paging ${n}`);
  });

  it('pages by name ignoring case, with a cursor, and counts only the filtered groups', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { groups }: DirectoryGroupsQuery = dataOf(await gql(app, readOnly, DirectoryGroupsDocument, { first: 2, after, filter: { search: 'paging' } }));
      expect(groups.totalCount).toBe(5);
      seen.push(...groups.edges.map((e) => e.node.displayName));
      if (!groups.pageInfo.hasNextPage) break;
      after = groups.pageInfo.endCursor;
    }
    expect(seen).toEqual(['Paging a', 'Paging B', 'Paging C', 'Paging d', 'Paging E']);
  });

  it('filters by managedBy', async () => {
    await scimGroup(app, acme, 'Paging from the IdP');
    const scim = dataOf(await gql(app, admin(), DirectoryGroupsDocument, { filter: { search: 'paging', managedBy: 'SCIM' } })).groups;
    expect(scim.edges.map((e) => e.node.displayName)).toEqual(['Paging from the IdP']);
    expect(scim.edges[0]!.node.managedBy).toBe('SCIM');
  });

  it('finds a group by its whole name, ignoring case, however many others contain that name', async () => {
    await createGroup('Paging');
    const exact = dataOf(await gql(app, readOnly, DirectoryGroupsDocument, { first: 5, filter: { displayName: '  PAGING ' } })).groups;
    expect(exact.totalCount).toBe(1);
    expect(exact.edges.map((e) => e.node.displayName)).toEqual(['Paging']);
    // "Paging" is in the name of every group of this block; a search finds all of them.
    const contains = dataOf(await gql(app, readOnly, DirectoryGroupsDocument, { first: 1, filter: { search: 'paging' } })).groups;
    expect(contains.totalCount).toBeGreaterThan(1);
    const none = dataOf(await gql(app, readOnly, DirectoryGroupsDocument, { filter: { displayName: 'Paging a b' } })).groups;
    expect(none.totalCount).toBe(0);
  });

  it('refuses a page size over 100 and a foreign cursor with BAD_USER_INPUT', async () => {
    errorOf(await gql(app, admin(), DirectoryGroupsDocument, { first: 101 }), 'BAD_USER_INPUT');
    errorOf(await gql(app, admin(), DirectoryGroupsDocument, { first: 1, after: 'bm9wZQ' }), 'BAD_USER_INPUT');
  });

  it('pages a group\'s members and reports the stored memberCount as totalCount', async () => {
    const group = await createGroup('Big');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await invite(`member${i}@acme.test`));
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: ids } });
    const first = dataOf(await gql(app, readOnly, DirectoryGroupDocument, { id: group, membersFirst: 3 })).group!;
    expect(first.memberCount).toBe(5);
    expect(first.members.totalCount).toBe(5);
    expect(first.members.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(await gql(app, readOnly, DirectoryGroupDocument, { id: group, membersFirst: 3, membersAfter: first.members.pageInfo.endCursor })).group!;
    expect(second.members.pageInfo.hasNextPage).toBe(false);
    expect([...first.members.edges, ...second.members.edges].map((e) => e.node.id)).toEqual([...ids].sort());
  });
});

describe('roles', () => {
  it('lets a READ_ONLY token query but answers FORBIDDEN to every group mutation, changing nothing', async () => {
    const group = await createGroup('Guarded');
    expect(dataOf(await gql(app, readOnly, DirectoryGroupDocument, { id: group })).group!.displayName).toBe('Guarded');
    const attempts = [
      gql(app, readOnly, CreateGroupDocument, { input: { displayName: 'Nope' } }),
      gql(app, readOnly, RenameGroupDocument, { input: { id: group, displayName: 'Nope' } }),
      gql(app, readOnly, AddGroupMembersDocument, { input: { groupId: group, userIds: [] } }),
      gql(app, readOnly, RemoveGroupMembersDocument, { input: { groupId: group, userIds: [] } }),
      gql(app, readOnly, DeleteGroupDocument, { input: { id: group } }),
    ];
    for (const res of await Promise.all(attempts)) errorOf(res, 'FORBIDDEN');
    expect(await sql(app, 'select display_name from app_group where id = ?', [group])).toEqual([{ display_name: 'Guarded' }]);
    expect(await sql(app, `select 1 from app_group where display_name = 'Nope'`)).toEqual([]);
  });
});

describe('the "allow manual updates" policy on SCIM-managed groups', () => {
  let user: string;
  beforeAll(async () => {
    user = await invite('policy.member@acme.test');
  });
  afterEach(() => setManualUpdates(app, acme.accountId, false));

  it('while off, refuses rename, member changes and delete with MANUAL_UPDATE_FORBIDDEN and audits the refusal', async () => {
    const group = await scimGroup(app, acme, 'IdP Engineering');
    const refused = [
      await gql(app, admin(), RenameGroupDocument, { input: { id: group, displayName: 'Hijacked' } }),
      await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [user] } }),
      await gql(app, admin(), RemoveGroupMembersDocument, { input: { groupId: group, userIds: [user] } }),
      await gql(app, admin(), DeleteGroupDocument, { input: { id: group } }),
    ];
    for (const res of refused) errorOf(res, 'MANUAL_UPDATE_FORBIDDEN');
    expect(await sql(app, 'select display_name, member_count from app_group where id = ?', [group])).toEqual([{ display_name: 'IdP Engineering', member_count: 0 }]);
    const failures = await sql(app, `select action from provisioning_event where resource_id = ? and outcome = 'failure' order by occurred_at`, [group]);
    expect(failures.map((r) => r['action'])).toEqual(['group.updated', 'group.updated', 'group.updated', 'group.deleted']);
  });

  it('never blocks the IdP itself: a SCIM PATCH of the group goes through while off', async () => {
    const group = await scimGroup(app, acme, 'IdP Sales');
    const res = await app.http
      .patch(`${acme.scimBase}/Groups/${group}`)
      .set(idpHeaders(acme))
      .send(JSON.stringify({ schemas: [URN_PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user }] }] }));
    expect(res.status).toBeLessThan(300);
    expect(await memberIds(app, group)).toEqual([user]);
    expect((await successEvents(app, group)).every((e) => !e.manual && e.actor_type === 'scim_token')).toBe(true);
  });

  it('while on, lets an admin change the group, and the events say manual', async () => {
    await setManualUpdates(app, acme.accountId, true);
    const group = await scimGroup(app, acme, 'IdP Support');
    dataOf(await gql(app, admin(), RenameGroupDocument, { input: { id: group, displayName: 'IdP Support (renamed)' } }));
    dataOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [user] } }));
    dataOf(await gql(app, admin(), RemoveGroupMembersDocument, { input: { groupId: group, userIds: [user] } }));
    dataOf(await gql(app, admin(), DeleteGroupDocument, { input: { id: group } }));
    expect(await successEvents(app, group)).toEqual([
      { action: 'group.created', manual: false, actor_type: 'scim_token' },
      { action: 'group.updated', manual: true, actor_type: 'api_token' },
      { action: 'group.members_added', manual: true, actor_type: 'api_token' },
      { action: 'group.members_removed', manual: true, actor_type: 'api_token' },
      { action: 'group.deleted', manual: true, actor_type: 'api_token' },
    ]);
  });

  it('adds a SCIM-managed user to a MANUAL group whatever the setting: the group is the admin\'s', async () => {
    const scimMember = await scimUser(app, acme, 'idp.person@acme.test');
    const group = await createGroup('Admin-owned');
    expect(dataOf(await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [scimMember] } })).addGroupMembers.addedCount).toBe(1);
    expect((await successEvents(app, group)).map((e) => e.manual)).toEqual([false, false]);
  });
});
