import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, settled, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gqlAs } from './support/roster';

const GROUPS = 160;
const name = (n: number) => `Team ${String(n).padStart(3, '0')}`;

/** An account with more groups than one page of the API (100): every group picker reaches all of them. */
describe('group pickers in an account with many groups', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  const groupIds = new Map<string, string>();
  let manyGroupsUser = '';
  let team142User = '';
  const call = gqlAs(server, () => account.apiToken);

  beforeAll(async () => {
    account = await createAccount(server, 'Many groups');
    // One request per bulk step (aliased mutations), so the seeding stays well inside the rate limit.
    const numbers = Array.from({ length: GROUPS }, (_, i) => i + 1);
    const created = await call(`mutation { ${numbers.map((n) => `g${n}: createGroup(input: { displayName: "${name(n)}" }) { group { id displayName } }`).join(' ')} }`);
    for (const n of numbers) groupIds.set(name(n), created[`g${n}`].group.id as string);
    const { a, b } = await call(
      'mutation { a: inviteUser(input: { userName: "many.groups@example.com" }) { user { id } } b: inviteUser(input: { userName: "team.142@example.com" }) { user { id } } }',
    );
    manyGroupsUser = a.user.id as string;
    team142User = b.user.id as string;
    const memberships = numbers.slice(0, 120).map((n) => `m${n}: addGroupMembers(input: { groupId: "${groupIds.get(name(n))}", userIds: ["${manyGroupsUser}"] }) { addedCount }`);
    memberships.push(`m142: addGroupMembers(input: { groupId: "${groupIds.get(name(142))}", userIds: ["${team142User}"] }) { addedCount }`);
    await call(`mutation { ${memberships.join(' ')} }`);
    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('suggests and maps a group beyond the first 100 in the license mapping form', async () => {
    await goToPage(page, 'License mappings');
    const input = page.getByLabel('Group name');
    await page.getByText(`Showing the first 25 of ${GROUPS} groups: type to narrow.`).waitFor();
    await input.fill('team 14');
    // The suggestions come from a search on the server, not from the first page of groups.
    await page.locator('datalist option[value="Team 142"]').waitFor({ state: 'attached' });
    expect(await page.locator('datalist option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(
      [140, 141, 142, 143, 144, 145, 146, 147, 148, 149].map(name),
    );
    await input.fill('Team 142');
    await page.getByLabel('License', { exact: true }).selectOption('IT');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByRole('status').filter({ hasText: 'Mapping for “Team 142” added. 1 user’s license changed.' }).waitFor();
    const { user } = await call('query($id: ID!) { user(id: $id) { licenseType licenseSourceGroup { displayName } } }', { id: team142User });
    expect(user).toEqual({ licenseType: 'IT', licenseSourceGroup: { displayName: 'Team 142' } });
  });

  it('chooses a group beyond the first 100 for an SSO mapping rule', async () => {
    await goToPage(page, 'SSO mapping rules');
    await page.getByLabel('Claim value').fill('team-142');
    await page.getByLabel('Adds to group').fill('Team 14');
    await page.getByText('Choose one of the suggested groups.').waitFor();
    expect(await page.getByRole('button', { name: 'Add rule' }).isDisabled()).toBe(true);
    await page.getByLabel('Adds to group').fill('Team 142');
    await page.getByText('Chosen: Team 142.').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('row', { name: /team-142/ }).getByRole('link', { name: 'Team 142' }).waitFor();
    const { ssoMappingRules } = await call('{ ssoMappingRules { claimValue group { id } } }');
    expect(ssoMappingRules).toEqual([{ claimValue: 'team-142', group: { id: groupIds.get('Team 142') } }]);
  });

  it('filters the users by a group beyond the first 100', async () => {
    await goToPage(page, 'Users');
    await page.getByRole('status').filter({ hasText: /^2 users\.$/ }).waitFor();
    await page.getByLabel('Group', { exact: true }).fill('Team 142');
    await page.getByRole('status').filter({ hasText: '1 user match these filters.' }).waitFor();
    await page.getByRole('row', { name: /team\.142@example\.com/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('group')).toBe(groupIds.get('Team 142'));

    // A link with the group's id (from a group page) shows the group's name in the picker.
    await page.goto(`/admin/users?group=${groupIds.get('Team 150')}`);
    await page.getByRole('status').filter({ hasText: '0 users match these filters.' }).waitFor();
    await expect(page.getByLabel('Group', { exact: true }).inputValue()).resolves.toBe('Team 150');
  });

  it('shows every one of a user’s 120 groups on the user page, a page at a time', async () => {
    await page.goto(`/admin/users/${manyGroupsUser}`);
    const section = page.getByRole('region', { name: 'Groups (120)' });
    await section.waitFor();
    await settled(page);
    const chips = section.getByRole('list', { name: 'Groups of this user' }).getByRole('link');
    await section.getByRole('status').filter({ hasText: 'Showing 50 of 120 groups.' }).waitFor();
    expect(await chips.count()).toBe(50);
    await section.getByRole('button', { name: 'Show more groups' }).click();
    await section.getByRole('link', { name: 'Team 120' }).waitFor();
    expect(await chips.allTextContents()).toEqual(Array.from({ length: 120 }, (_, i) => name(i + 1)));
    expect(await section.getByRole('button', { name: 'Show more groups' }).count()).toBe(0);
  });

  it('chooses a group by its whole name when more than 25 other names contain it and sort before it', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, '0'));
    await call(`mutation { ops: createGroup(input: { displayName: "Ops" }) { group { id } } ${numbers.map((n) => `d${n}: createGroup(input: { displayName: "DevOps ${n}" }) { group { id } }`).join(' ')} }`);
    await goToPage(page, 'SSO mapping rules');
    await page.getByLabel('Claim value').fill('ops');
    await page.getByLabel('Adds to group').fill('ops');
    // "devops 01" … "devops 30" all contain "ops" and sort before it: the first 25 suggestions are theirs.
    await page.getByText('Chosen: Ops.').waitFor();
    const suggested = await page.locator('datalist option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(suggested[0]).toBe('Ops');
    expect(suggested).toHaveLength(26);
    expect(await page.getByRole('button', { name: 'Add rule' }).isDisabled()).toBe(false);
  });
});
