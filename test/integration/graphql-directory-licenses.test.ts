import {
  AddGroupMembersDocument,
  CreateGroupDocument,
  CreateLicenseMappingDocument,
  DeleteLicenseMappingDocument,
  DirectoryUserDocument,
  InviteUserDocument,
  LicenseMappingsDocument,
  RenameGroupDocument,
  UpdateLicenseMappingDocument,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { scimGroup, scimUser } from '../support/directory-kit';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let readOnly: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  readOnly = await readOnlyToken(app, acme.accountId);
});
afterAll(() => app.close());

const admin = () => acme.apiToken;

async function groupWith(displayName: string, userNames: string[]): Promise<{ group: string; users: string[] }> {
  const group = dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName } })).createGroup.group.id;
  const users: string[] = [];
  for (const userName of userNames) users.push(dataOf(await gql(app, admin(), InviteUserDocument, { input: { userName } })).inviteUser.user.id);
  await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: users } });
  return { group, users };
}

const license = async (userId: string) => {
  const user = dataOf(await gql(app, readOnly, DirectoryUserDocument, { id: userId })).user!;
  return { licenseType: user.licenseType, licenseSource: user.licenseSource, group: user.licenseSourceGroup?.displayName ?? null };
};

describe('license mappings', () => {
  it('give the members of the mapped group their license at once, with MAPPING as the source and the group named', async () => {
    const { users } = await groupWith('Analysts', ['ann@acme.test', 'abe@acme.test']);
    const created = dataOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'ANALYSTS', licenseType: 'ANALYST' } })).createLicenseMapping;
    expect(created).toMatchObject({ usersChanged: 2, licenseMapping: { groupName: 'ANALYSTS', licenseType: 'ANALYST' } });
    for (const id of users) expect(await license(id)).toEqual({ licenseType: 'ANALYST', licenseSource: 'MAPPING', group: 'Analysts' });
  });

  it('follow an update of the license and of the group name, and fall back when deleted', async () => {
    const { users: devs } = await groupWith('Developers', ['dev@acme.test']);
    const { users: others } = await groupWith('Others', ['other@acme.test']);
    const mapping = dataOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Developers', licenseType: 'IT' } })).createLicenseMapping
      .licenseMapping.id;
    expect(await license(devs[0]!)).toMatchObject({ licenseType: 'IT' });

    const retyped = dataOf(await gql(app, admin(), UpdateLicenseMappingDocument, { input: { id: mapping, licenseType: 'DEVELOPER' } })).updateLicenseMapping;
    expect(retyped.usersChanged).toBe(1);
    expect(await license(devs[0]!)).toMatchObject({ licenseType: 'DEVELOPER', licenseSource: 'MAPPING' });

    const moved = dataOf(await gql(app, admin(), UpdateLicenseMappingDocument, { input: { id: mapping, groupName: 'others' } })).updateLicenseMapping;
    expect(moved.usersChanged).toBe(2);
    expect(await license(devs[0]!)).toEqual({ licenseType: null, licenseSource: null, group: null });
    expect(await license(others[0]!)).toEqual({ licenseType: 'DEVELOPER', licenseSource: 'MAPPING', group: 'Others' });

    await sql(app, `update account set default_license_type = 'read_only' where id = ?`, [acme.accountId]);
    const deleted = dataOf(await gql(app, admin(), DeleteLicenseMappingDocument, { input: { id: mapping } })).deleteLicenseMapping;
    expect(deleted).toEqual({ deletedLicenseMappingId: mapping, usersChanged: 1 });
    expect(await license(others[0]!)).toEqual({ licenseType: 'READ_ONLY', licenseSource: 'DEFAULT', group: null });
    await sql(app, `update account set default_license_type = null where id = ?`, [acme.accountId]);
  });

  it('pick the best-ranked license for a member of several mapped groups, and follow a group rename', async () => {
    const { group: itGroup, users } = await groupWith('Helpdesk', ['multi@acme.test']);
    const { group: devGroup } = await groupWith('Builders', []);
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: devGroup, userIds: users } });
    await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Helpdesk', licenseType: 'IT' } });
    await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Builders', licenseType: 'DEVELOPER' } });
    expect(await license(users[0]!)).toEqual({ licenseType: 'DEVELOPER', licenseSource: 'MAPPING', group: 'Builders' });
    await gql(app, admin(), RenameGroupDocument, { input: { id: devGroup, displayName: 'Makers' } });
    expect(await license(users[0]!)).toEqual({ licenseType: 'IT', licenseSource: 'MAPPING', group: 'Helpdesk' });
    expect(itGroup).toBeDefined();
  });

  it('apply to SCIM-provisioned groups and users alike', async () => {
    const member = await scimUser(app, acme, 'idp.member@acme.test');
    await scimGroup(app, acme, 'IdP Analysts', [member]);
    await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'IdP Analysts', licenseType: 'ANALYST' } });
    expect(await license(member)).toEqual({ licenseType: 'ANALYST', licenseSource: 'MAPPING', group: 'IdP Analysts' });
  });

  it('give a user created through SCIM the license that resolving it again keeps, in every account setting', async () => {
    // The create sets an ungrouped user's license in memory (licenseOfUngroupedUser) to spare a statement;
    // joining an unmapped group then resolves it in SQL (resolveLicenses). The two must agree everywhere.
    const account = await createTestAccount(app, 'License rule');
    const { group } = dataOf(await gql(app, account.apiToken, CreateGroupDocument, { input: { displayName: 'Unmapped' } })).createGroup;
    const seen: string[] = [];
    for (const scimManagement of [false, true])
      for (const defaultType of [null, 'developer'])
        for (const sent of [null, 'analyst']) {
          await sql(app, 'update account set scim_license_management = ?, default_license_type = ? where id = ?', [scimManagement, defaultType, account.accountId]);
          const extra = sent ? { 'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User': { licenseType: sent } } : {};
          const id = await scimUser(app, account, `rule.${seen.length}@acme.test`, extra);
          const stored = () => sql(app, 'select license_type, license_source from app_user where id = ?', [id]);
          const created = await stored();
          await gql(app, account.apiToken, AddGroupMembersDocument, { input: { groupId: group.id, userIds: [id] } });
          expect(await stored()).toEqual(created);
          seen.push(`${scimManagement}/${defaultType}/${sent}: ${created[0]!['license_type']}/${created[0]!['license_source']}`);
        }
    expect(seen).toEqual([
      'false/null/null: null/null',
      'false/null/analyst: null/null',
      'false/developer/null: developer/default',
      'false/developer/analyst: developer/default',
      'true/null/null: null/null',
      'true/null/analyst: analyst/scim',
      'true/developer/null: developer/default',
      'true/developer/analyst: analyst/scim',
    ]);
  });

  it('are listed by group name, to a READ_ONLY token too', async () => {
    const names = dataOf(await gql(app, readOnly, LicenseMappingsDocument, {})).licenseMappings.map((m) => m.groupName);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toContain('ANALYSTS');
  });

  it('answer LICENSE_MAPPING_EXISTS for a name mapped already (ignoring case), NOT_FOUND, and GROUP_NAME_REQUIRED', async () => {
    await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Unique', licenseType: 'IT' } });
    const dup = errorOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'UNIQUE', licenseType: 'ANALYST' } }), 'LICENSE_MAPPING_EXISTS');
    expect(dup.extensions['field']).toBe('groupName');
    const other = dataOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Another', licenseType: 'IT' } })).createLicenseMapping.licenseMapping.id;
    errorOf(await gql(app, admin(), UpdateLicenseMappingDocument, { input: { id: other, groupName: 'unique' } }), 'LICENSE_MAPPING_EXISTS');
    const missing = errorOf(await gql(app, admin(), UpdateLicenseMappingDocument, { input: { id: MISSING, licenseType: 'IT' } }), 'NOT_FOUND');
    expect(missing.extensions['reason']).toBe('LICENSE_MAPPING_NOT_FOUND');
    errorOf(await gql(app, admin(), DeleteLicenseMappingDocument, { input: { id: MISSING } }), 'NOT_FOUND');
    const blank = errorOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: ' ', licenseType: 'IT' } }), 'GROUP_NAME_REQUIRED');
    expect(blank.extensions['field']).toBe('groupName');
  });

  it('answer FORBIDDEN to a READ_ONLY token on every mapping mutation', async () => {
    const id = dataOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Guarded', licenseType: 'IT' } })).createLicenseMapping.licenseMapping.id;
    errorOf(await gql(app, readOnly, CreateLicenseMappingDocument, { input: { groupName: 'Nope', licenseType: 'IT' } }), 'FORBIDDEN');
    errorOf(await gql(app, readOnly, UpdateLicenseMappingDocument, { input: { id, licenseType: 'ANALYST' } }), 'FORBIDDEN');
    errorOf(await gql(app, readOnly, DeleteLicenseMappingDocument, { input: { id } }), 'FORBIDDEN');
    expect(await sql(app, 'select license_type from license_mapping where id = ?', [id])).toEqual([{ license_type: 'it' }]);
  });
});
