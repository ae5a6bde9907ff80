import {
  AddGroupMembersDocument,
  CreateGroupDocument,
  CreateLicenseMappingDocument,
  CreateSsoMappingRuleDocument,
  DeleteSsoMappingRuleDocument,
  InviteUserDocument,
  ResolveSsoSignInDocument,
  SsoMappingRulesDocument,
  UpdateSsoMappingRuleDocument,
  type ResolveSsoSignInMutation,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { memberIds, scimGroup, scimUser, setManualUpdates } from '../support/directory-kit';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let readOnly: string;
const groups: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';

const admin = () => acme.apiToken;

async function createGroup(displayName: string): Promise<string> {
  return dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName } })).createGroup.group.id;
}

async function rule(claimValue: string, group: string, matchType: 'EXACT' | 'PATTERN' = 'EXACT'): Promise<string> {
  return dataOf(await gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue, matchType, groupId: group } })).createSsoMappingRule.ssoMappingRule.id;
}

async function signIn(email: string, claims: string[], dryRun: boolean) {
  return gql(app, admin(), ResolveSsoSignInDocument, { input: { email, groups: claims, dryRun } });
}

/** Every row a sign-in could write, as text: a dry run must leave it unchanged. */
async function snapshot(): Promise<string> {
  const tables = ['app_user', 'user_email', 'group_membership', 'app_group', 'provisioning_event', 'email_outbox'];
  const parts = await Promise.all(tables.map((t) => sql<{ t: string }>(app, `select coalesce(string_agg(row_to_json(x)::text, E'\\n' order by row_to_json(x)::text), '') as t from ${t} x`)));
  return parts.map((rows) => rows[0]!.t).join('\n--\n');
}

/** The payload without what differs between a dry run and a real run of the same sign-in of a new user. */
function comparable(payload: ResolveSsoSignInMutation['resolveSsoSignIn']) {
  const { dryRun: _dryRun, user, ...rest } = payload;
  const { id: _id, ...userRest } = user;
  return { ...rest, user: userRest };
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  readOnly = await readOnlyToken(app, acme.accountId);
  for (const name of ['Engineering', 'Platform', 'Admins', 'Hand-picked']) groups[name] = await createGroup(name);
  await rule('eng', groups['Engineering']!);
  await rule('ENG-*', groups['Platform']!, 'PATTERN');
  await rule('okta-admins', groups['Admins']!);
  await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Engineering', licenseType: 'DEVELOPER' } });
  await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Admins', licenseType: 'IT' } });
});
afterAll(() => app.close());

describe('SSO mapping rules', () => {
  it('are listed by claim value with their group, to a READ_ONLY token too', async () => {
    const rules = dataOf(await gql(app, readOnly, SsoMappingRulesDocument, {})).ssoMappingRules;
    expect(rules.map((r) => [r.claimValue, r.matchType, r.group.displayName])).toEqual([
      ['eng', 'EXACT', 'Engineering'],
      ['ENG-*', 'PATTERN', 'Platform'],
      ['okta-admins', 'EXACT', 'Admins'],
    ]);
  });

  it('are created, updated and deleted, with their error codes', async () => {
    const target = await createGroup('Rules target');
    const id = await rule('sales', target);
    errorOf(await gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue: 'SALES', matchType: 'EXACT', groupId: target } }), 'SSO_MAPPING_RULE_EXISTS');
    const noGroup = errorOf(await gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue: 'x', matchType: 'EXACT', groupId: MISSING } }), 'NOT_FOUND');
    expect(noGroup.extensions['reason']).toBe('GROUP_NOT_FOUND');
    errorOf(await gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue: 'plain', matchType: 'PATTERN', groupId: target } }), 'INVALID_CLAIM_PATTERN');
    errorOf(await gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue: ' ', matchType: 'EXACT', groupId: target } }), 'CLAIM_VALUE_REQUIRED');

    const updated = dataOf(await gql(app, admin(), UpdateSsoMappingRuleDocument, { input: { id, claimValue: 'sales-*', matchType: 'PATTERN' } })).updateSsoMappingRule;
    expect(updated.ssoMappingRule).toMatchObject({ id, claimValue: 'sales-*', matchType: 'PATTERN', group: { id: target } });
    errorOf(await gql(app, admin(), UpdateSsoMappingRuleDocument, { input: { id, matchType: 'PATTERN', claimValue: 'nowildcard' } }), 'INVALID_CLAIM_PATTERN');
    expect(errorOf(await gql(app, admin(), UpdateSsoMappingRuleDocument, { input: { id: MISSING, claimValue: 'x' } }), 'NOT_FOUND').extensions['reason']).toBe(
      'SSO_MAPPING_RULE_NOT_FOUND',
    );
    errorOf(await gql(app, admin(), UpdateSsoMappingRuleDocument, { input: { id, groupId: MISSING } }), 'NOT_FOUND');

    expect(dataOf(await gql(app, admin(), DeleteSsoMappingRuleDocument, { input: { id } })).deleteSsoMappingRule.deletedSsoMappingRuleId).toBe(id);
    errorOf(await gql(app, admin(), DeleteSsoMappingRuleDocument, { input: { id } }), 'NOT_FOUND');
  });

  it('go with their group when it is deleted', async () => {
    const doomed = await createGroup('Doomed');
    await rule('doomed', doomed);
    await sql(app, 'delete from app_group where id = ?', [doomed]);
    const rules = dataOf(await gql(app, admin(), SsoMappingRulesDocument, {})).ssoMappingRules;
    expect(rules.map((r) => r.claimValue)).not.toContain('doomed');
  });

  it('answer FORBIDDEN to a READ_ONLY token on every rule mutation and on resolveSsoSignIn', async () => {
    const target = await createGroup('Guarded target');
    const id = await rule('guarded', target);
    errorOf(await gql(app, readOnly, CreateSsoMappingRuleDocument, { input: { claimValue: 'x', matchType: 'EXACT', groupId: target } }), 'FORBIDDEN');
    errorOf(await gql(app, readOnly, UpdateSsoMappingRuleDocument, { input: { id, claimValue: 'y' } }), 'FORBIDDEN');
    errorOf(await gql(app, readOnly, DeleteSsoMappingRuleDocument, { input: { id } }), 'FORBIDDEN');
    errorOf(await gql(app, readOnly, ResolveSsoSignInDocument, { input: { email: 'ro@acme.test', groups: [], dryRun: true } }), 'FORBIDDEN');
    await gql(app, admin(), DeleteSsoMappingRuleDocument, { input: { id } });
  });
});

describe('resolveSsoSignIn', () => {
  it('creates a MANUAL user just in time, adds it to the matched groups and resolves its license; a dry run answers the same and writes nothing', async () => {
    const claims = ['ENG', 'eng-Platform', 'unmapped'];
    const before = await snapshot();
    const dry = dataOf(await signIn('Newcomer@Acme.test', claims, true)).resolveSsoSignIn;
    expect(await snapshot()).toBe(before);
    const real = dataOf(await signIn('Newcomer@Acme.test', claims, false)).resolveSsoSignIn;

    expect(real).toMatchObject({
      dryRun: false,
      created: true,
      appliedRules: true,
      reason: null,
      licenseType: 'DEVELOPER',
      licenseSource: 'MAPPING',
      user: { userName: 'Newcomer@Acme.test', email: 'Newcomer@Acme.test', managedBy: 'MANUAL', state: 'ACTIVE', licensePending: false },
      matchedGroups: [{ displayName: 'Engineering' }, { displayName: 'Platform' }],
      addedGroups: [{ displayName: 'Engineering' }, { displayName: 'Platform' }],
      removedGroups: [],
      skippedGroups: [],
    });
    expect(real.groups.map((g) => g.displayName)).toEqual(['Engineering', 'Platform']);
    expect(dry.dryRun).toBe(true);
    expect(comparable(dry)).toEqual(comparable(real));
    expect(await memberIds(app, groups['Engineering']!)).toContain(real.user.id);
  });

  it('matches an existing user by email ignoring case, adds matched groups and removes rule-managed groups no longer matched, leaving others alone', async () => {
    const user = dataOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'mover@acme.test' } })).inviteUser.user.id;
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: groups['Engineering']!, userIds: [user] } });
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: groups['Hand-picked']!, userIds: [user] } });
    const claims = ['okta-admins', 'marketing'];

    const before = await snapshot();
    const dry = dataOf(await signIn('MOVER@acme.test', claims, true)).resolveSsoSignIn;
    expect(await snapshot()).toBe(before);
    const real = dataOf(await signIn('MOVER@acme.test', claims, false)).resolveSsoSignIn;
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(real).toMatchObject({
      created: false,
      appliedRules: true,
      user: { id: user, state: 'ACTIVE' },
      addedGroups: [{ displayName: 'Admins' }],
      removedGroups: [{ displayName: 'Engineering' }],
      licenseType: 'IT',
      licenseSource: 'MAPPING',
    });
    expect(real.groups.map((g) => g.displayName)).toEqual(['Admins', 'Hand-picked']);

    const again = dataOf(await signIn('mover@acme.test', claims, false)).resolveSsoSignIn;
    expect(again).toMatchObject({ addedGroups: [], removedGroups: [], appliedRules: true });
  });

  it('never touches a SCIM-managed user: nothing changes and the payload says why', async () => {
    const user = await scimUser(app, acme, 'idp.person@acme.test');
    await scimGroup(app, acme, 'IdP team', [user]);
    const before = await sql(app, 'select group_id from group_membership where user_id = ? order by group_id', [user]);
    for (const dryRun of [true, false]) {
      const res = dataOf(await signIn('idp.person@acme.test', ['eng', 'okta-admins'], dryRun)).resolveSsoSignIn;
      expect(res).toMatchObject({ created: false, appliedRules: false, reason: 'SCIM_MANAGED', addedGroups: [], removedGroups: [], user: { id: user, managedBy: 'SCIM' } });
      expect(res.groups.map((g) => g.displayName)).toEqual(['IdP team']);
    }
    expect(await sql(app, 'select group_id from group_membership where user_id = ? order by group_id', [user])).toEqual(before);
    expect(await sql(app, 'select invitation_accepted_at from app_user where id = ?', [user])).toEqual([{ invitation_accepted_at: null }]);
  });

  it('changes nothing for a deactivated user', async () => {
    const user = dataOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'gone@acme.test' } })).inviteUser.user.id;
    await sql(app, 'update app_user set active = false where id = ?', [user]);
    const res = dataOf(await signIn('gone@acme.test', ['eng'], false)).resolveSsoSignIn;
    expect(res).toMatchObject({ appliedRules: false, reason: 'USER_DEACTIVATED', addedGroups: [] });
    expect(await memberIds(app, groups['Engineering']!)).not.toContain(user);
  });

  it('leaves a SCIM-managed target group alone while manual updates are off, and changes it (manual) while on', async () => {
    const idpGroup = await scimGroup(app, acme, 'IdP Leads');
    await rule('leads', idpGroup);
    const off = dataOf(await signIn('lead@acme.test', ['leads'], false)).resolveSsoSignIn;
    expect(off).toMatchObject({ appliedRules: true, matchedGroups: [{ displayName: 'IdP Leads' }], addedGroups: [], skippedGroups: [{ displayName: 'IdP Leads' }] });
    expect(await memberIds(app, idpGroup)).toEqual([]);

    await setManualUpdates(app, acme.accountId, true);
    const on = dataOf(await signIn('lead@acme.test', ['leads'], false)).resolveSsoSignIn;
    expect(on).toMatchObject({ addedGroups: [{ displayName: 'IdP Leads' }], skippedGroups: [] });
    const [event] = await sql(app, `select manual from provisioning_event where resource_id = ? and action = 'group.members_added'`, [idpGroup]);
    expect(event).toEqual({ manual: true });
    await setManualUpdates(app, acme.accountId, false);
  });

  it('answers INVALID_EMAIL for an address that is not one, and BAD_USER_INPUT without groups', async () => {
    errorOf(await signIn('not an address', [], false), 'INVALID_EMAIL');
    const res = await app.http
      .post('/graphql')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ query: 'mutation($input: ResolveSsoSignInInput!) { resolveSsoSignIn(input: $input) { created } }', variables: { input: { email: 'x@acme.test' } } });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
