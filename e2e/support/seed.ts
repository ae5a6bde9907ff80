import { gql, scim, scimGroupPush, scimUser, type CreatedAccount, type RosterServer } from './roster';

export interface Demo {
  /** A SCIM-managed user in the SCIM-managed group Engineering. */
  userId: string;
  groupId: string;
  /** A manual user (invited by hand) in the manual group Contractors. */
  manualUserId: string;
  manualGroupId: string;
  scimToken: string;
  readOnlyToken: string;
}

/**
 * An account that looks used: users and groups from an IdP's SCIM pushes and by hand, license mappings, SSO rules,
 * allowlist entries from three sources, tokens and their events. For the read-only, accessibility and screenshot runs.
 */
export async function seedDemo(server: RosterServer, account: CreatedAccount): Promise<Demo> {
  const call = (query: string, variables: Record<string, unknown> = {}) => gql(server, account.apiToken, query, variables);
  const { createScimToken } = await call('mutation { createScimToken(input: { name: "Okta production" }) { token } }');
  const scimToken = createScimToken.token as string;

  const people = [
    { email: 'ada.lovelace@example.com', givenName: 'Ada', familyName: 'Lovelace' },
    { email: 'grace.hopper@example.com', givenName: 'Grace', familyName: 'Hopper' },
    { email: 'alan.turing@example.com', givenName: 'Alan', familyName: 'Turing' },
    { email: 'katherine.johnson@example.com', givenName: 'Katherine', familyName: 'Johnson' },
  ];
  const ids: string[] = [];
  for (const person of people) ids.push(await scimUser(account, scimToken, person));
  const groupId = await scimGroupPush(account, scimToken, 'Engineering', [ids[0]!, ids[1]!]);
  await scimGroupPush(account, scimToken, 'Data Science', [ids[2]!]);
  // An IdP retrying a create: refused (409) and logged as a failure.
  await scim(account, scimToken, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: people[0]!.email, emails: [{ value: people[0]!.email, primary: true }] });
  await scim(account, scimToken, 'PATCH', `/Users/${ids[3]}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: false } }],
  });

  const invited: string[] = [];
  for (const userName of ['margaret.hamilton@example.com', 'edsger.dijkstra@example.com']) {
    const { inviteUser } = await call('mutation($u: String!) { inviteUser(input: { userName: $u }) { user { id } } }', { u: userName });
    invited.push(inviteUser.user.id);
  }
  await call('mutation($id: ID!) { updateUser(input: { id: $id, givenName: "Margaret", familyName: "Hamilton" }) { user { id } } }', { id: invited[0] });
  const { createGroup } = await call('mutation { createGroup(input: { displayName: "Contractors" }) { group { id } } }');
  const manualGroupId = createGroup.group.id as string;
  await call('mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { addedCount } }', { g: manualGroupId, u: invited });
  const { createGroup: analysts } = await call('mutation { createGroup(input: { displayName: "SSO Analysts" }) { group { id } } }');

  await call('mutation { createLicenseMapping(input: { groupName: "Engineering", licenseType: DEVELOPER }) { usersChanged } }');
  await call('mutation { createLicenseMapping(input: { groupName: "Data Science", licenseType: ANALYST }) { usersChanged } }');
  await call('mutation { createLicenseMapping(input: { groupName: "Contractors", licenseType: READ_ONLY }) { usersChanged } }');
  await call('mutation($g: ID!) { createSsoMappingRule(input: { claimValue: "contractors-*", matchType: PATTERN, groupId: $g }) { ssoMappingRule { id } } }', { g: manualGroupId });
  await call('mutation($g: ID!) { createSsoMappingRule(input: { claimValue: "analysts", groupId: $g }) { ssoMappingRule { id } } }', { g: analysts.group.id });

  await call('mutation { addIpAllowlistEntries(input: { cidrs: ["127.0.0.1", "::1"], description: "This server" }) { added } }');
  await call('mutation { addIpAllowlistEntries(input: { cidrs: ["203.0.113.0/24"], description: "Office" }) { added } }');
  await call('mutation { replaceIpAllowlistEntries(input: { source: "okta", cidrs: ["198.51.100.0/24", "192.0.2.0/25"] }) { added } }');
  await call('mutation { replaceIpAllowlistEntries(input: { source: "AzureActiveDirectory", cidrs: ["20.190.128.0/18", "40.126.0.0/18"] }) { added } }');

  const { createApiToken } = await call('mutation { createApiToken(input: { name: "Reporting (read-only)", role: READ_ONLY }) { token } }');
  return { userId: ids[0]!, groupId, manualUserId: invited[0]!, manualGroupId, scimToken, readOnlyToken: createApiToken.token as string };
}
