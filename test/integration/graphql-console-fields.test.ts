import {
  AddAllowlistCidrsDocument,
  CreateGroupDocument,
  DirectoryBlockReasonsDocument,
  InviteUserDocument,
  IpAllowlistSourceChangesDocument,
  ManualUpdateBlockDocument,
  RenameGroupDocument,
  ReplaceAllowlistSourceDocument,
  UpdateUserDocument,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { scimGroup, scimUser, setManualUpdates } from '../support/directory-kit';
import { capturingSql } from '../support/scim-groups-helpers';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * Fields the admin console reads instead of restating a server rule: why a manual change is blocked (the same
 * policy the mutations enforce) and when each allowlist source last changed (from the grouped count query).
 */
let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

describe('manualUpdateBlockedReason on User and Group', () => {
  let scimUserId: string;
  let scimGroupId: string;
  let manualUserId: string;
  let manualGroupId: string;

  beforeAll(async () => {
    scimUserId = await scimUser(app, acme, 'ada@example.com');
    scimGroupId = await scimGroup(app, acme, 'Engineering', [scimUserId]);
    manualUserId = dataOf(await gql(app, acme.apiToken, InviteUserDocument, { input: { userName: 'grace@example.com' } })).inviteUser.user.id;
    manualGroupId = dataOf(await gql(app, acme.apiToken, CreateGroupDocument, { input: { displayName: 'Contractors' } })).createGroup.group.id;
  });

  const reasons = async (userId: string, groupId: string, token = acme.apiToken) => {
    const data = dataOf(await gql(app, token, ManualUpdateBlockDocument, { userId, groupId }));
    return { user: data.user?.manualUpdateBlockedReason, group: data.group?.manualUpdateBlockedReason };
  };

  it('gives the reason for a SCIM-managed user and group while manual updates are off, and the mutations refuse them', async () => {
    await setManualUpdates(app, acme.accountId, false);
    const { user, group } = await reasons(scimUserId, scimGroupId);
    expect(user).toBe('This user is managed by your identity provider through SCIM; change it there, or turn on "Allow manual updates" in the account settings');
    expect(group).toBe('This group is managed by your identity provider through SCIM; change it there, or turn on "Allow manual updates" in the account settings');
    // The field and the mutation come from one rule: the refusal carries the same words.
    const refused = errorOf(await gql(app, acme.apiToken, UpdateUserDocument, { input: { id: scimUserId, givenName: 'X' } }), 'MANUAL_UPDATE_FORBIDDEN');
    expect(refused.message).toBe(user);
    expect(errorOf(await gql(app, acme.apiToken, RenameGroupDocument, { input: { id: scimGroupId, displayName: 'Eng' } }), 'MANUAL_UPDATE_FORBIDDEN').message).toBe(group);
  });

  it('is null for the SCIM-managed user and group once manual updates are on, and the mutations then succeed', async () => {
    await setManualUpdates(app, acme.accountId, true);
    expect(await reasons(scimUserId, scimGroupId)).toEqual({ user: null, group: null });
    dataOf(await gql(app, acme.apiToken, UpdateUserDocument, { input: { id: scimUserId, givenName: 'Augusta' } }));
    dataOf(await gql(app, acme.apiToken, RenameGroupDocument, { input: { id: scimGroupId, displayName: 'Engineering team' } }));
    await setManualUpdates(app, acme.accountId, false);
  });

  it('is null for a manual user and group whether the policy is on or off', async () => {
    for (const on of [false, true]) {
      await setManualUpdates(app, acme.accountId, on);
      expect(await reasons(manualUserId, manualGroupId)).toEqual({ user: null, group: null });
    }
    await setManualUpdates(app, acme.accountId, false);
  });

  it('answers a READ_ONLY token by the policy alone: its role is a separate matter', async () => {
    const readOnly = await readOnlyToken(app, acme.accountId);
    expect(await reasons(scimUserId, manualGroupId, readOnly)).toEqual({ user: expect.stringContaining('managed by your identity provider'), group: null });
  });

  it('reads the account once per request, however many users and groups the list has', async () => {
    for (let i = 0; i < 5; i += 1) await scimGroup(app, acme, `Team ${i}`, [await scimUser(app, acme, `person${i}@example.com`)]);
    const { result, statements } = await capturingSql(app, () => gql(app, acme.apiToken, DirectoryBlockReasonsDocument, {}));
    const data = dataOf(result);
    expect(data.users.edges.filter((e) => e.node.manualUpdateBlockedReason !== null)).toHaveLength(6);
    expect(data.groups.edges.filter((e) => e.node.manualUpdateBlockedReason !== null)).toHaveLength(6);
    expect(data.groups.edges.find((e) => e.node.id === manualGroupId)?.node.manualUpdateBlockedReason).toBeNull();
    expect(statements.filter((s) => /from "account"/i.test(s) && !/api_token/i.test(s))).toHaveLength(1);
  });
});

describe('IpAllowlistSourceCount.lastChangedAt', () => {
  let globex: TestAccount;
  beforeAll(async () => {
    globex = await createTestAccount(app, 'Globex');
  });

  it('is the newest entry time of each source, computed in the grouped count statement', async () => {
    dataOf(await gql(app, globex.apiToken, AddAllowlistCidrsDocument, { input: { cidrs: ['203.0.113.0/24', '198.51.100.7'] } }));
    dataOf(await gql(app, globex.apiToken, ReplaceAllowlistSourceDocument, { input: { source: 'okta', cidrs: ['192.0.2.0/25', '192.0.2.128/25', '2001:db8::/32'] } }));
    // Known times, so the answer can only be the per-source maximum.
    await sql(app, `update ip_allowlist_entry set created_at = '2026-01-05T10:00:00Z' where account_id = ? and cidr = '203.0.113.0/24'`, [globex.accountId]);
    await sql(app, `update ip_allowlist_entry set created_at = '2026-03-01T08:30:00Z' where account_id = ? and cidr = '198.51.100.7/32'`, [globex.accountId]);
    await sql(app, `update ip_allowlist_entry set created_at = '2025-12-24T00:00:00Z' where account_id = ? and source = 'okta'`, [globex.accountId]);
    await sql(app, `update ip_allowlist_entry set created_at = '2026-02-14T12:00:00Z' where account_id = ? and cidr = '2001:db8::/32'`, [globex.accountId]);

    const { result, statements } = await capturingSql(app, () => gql(app, globex.apiToken, IpAllowlistSourceChangesDocument, {}));
    expect(dataOf(result).ipAllowlist.sources).toEqual([
      { source: 'manual', count: 2, lastChangedAt: '2026-03-01T08:30:00.000Z' },
      { source: 'okta', count: 3, lastChangedAt: '2026-02-14T12:00:00.000Z' },
    ]);
    expect(statements.filter((s) => /ip_allowlist_entry/.test(s))).toEqual([expect.stringMatching(/max\(created_at\).*group by source/)]);
  });

  it('moves when a source gains an entry, and stays per account', async () => {
    const before = dataOf(await gql(app, globex.apiToken, IpAllowlistSourceChangesDocument, {})).ipAllowlist.sources;
    dataOf(await gql(app, globex.apiToken, ReplaceAllowlistSourceDocument, { input: { source: 'okta', cidrs: ['192.0.2.0/25', '192.0.2.128/25', '2001:db8::/32', '100.64.0.0/10'] } }));
    const after = dataOf(await gql(app, globex.apiToken, IpAllowlistSourceChangesDocument, {})).ipAllowlist.sources;
    expect(after.find((s) => s.source === 'manual')).toEqual(before.find((s) => s.source === 'manual'));
    const okta = after.find((s) => s.source === 'okta')!;
    expect(okta.count).toBe(4);
    expect(Date.parse(okta.lastChangedAt)).toBeGreaterThan(Date.parse('2026-02-14T12:00:00Z'));
    expect(dataOf(await gql(app, acme.apiToken, IpAllowlistSourceChangesDocument, {})).ipAllowlist.sources).toEqual([]);
  });
});
