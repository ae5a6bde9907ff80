import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, settled, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gqlAs, scimUser } from './support/roster';

const LABELS: Record<string, string> = { DEVELOPER: 'Developer', ANALYST: 'Analyst', IT: 'IT', READ_ONLY: 'Read-only' };

describe('license mappings and SSO mapping rules, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  const call = gqlAs(server, () => account.apiToken);

  beforeAll(async () => {
    account = await createAccount(server, 'Licenses and SSO');
    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('changes the license shown for a group’s members when a mapping is added', async () => {
    const { createGroup } = await call('mutation { createGroup(input: { displayName: "Analysts" }) { group { id } } }');
    const groupId = createGroup.group.id as string;
    const userIds: string[] = [];
    for (const userName of ['mary.jackson@example.com', 'dorothy.vaughan@example.com']) {
      const { inviteUser } = await call('mutation($u: String!) { inviteUser(input: { userName: $u }) { user { id } } }', { u: userName });
      userIds.push(inviteUser.user.id);
    }
    await call('mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { addedCount } }', { g: groupId, u: userIds });

    await page.goto(`/admin/groups/${groupId}`);
    const members = page.getByRole('region', { name: 'Members' }).getByRole('table');
    await members.getByRole('row', { name: /mary\.jackson/ }).getByRole('cell').nth(3).filter({ hasText: /^None$/ }).waitFor();
    await page.getByText('License mapping: none for this name.').waitFor();

    await goToPage(page, 'License mappings');
    await page.getByText('No license mappings yet').waitFor();
    await page.getByLabel('Group name').fill('analysts');
    await page.getByLabel('License', { exact: true }).selectOption('ANALYST');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByRole('status').filter({ hasText: '2 users’ licenses changed.' }).waitFor();
    await page.getByRole('row', { name: /analysts/ }).filter({ hasText: 'Analyst' }).waitFor();

    await page.goto(`/admin/groups/${groupId}`);
    for (const name of [/mary\.jackson/, /dorothy\.vaughan/]) {
      await members.getByRole('row', { name }).getByRole('cell').nth(3).filter({ hasText: /^Analyst/ }).waitFor();
    }
    await page.getByRole('row', { name: /mary\.jackson/ }).getByRole('link').click();
    await page.getByRole('region', { name: 'License' }).filter({ hasText: 'From a license mapping through group Analysts.' }).waitFor();

    // With SCIM license management on, the mappings page says they do not apply.
    await call('mutation { updateAccountSettings(input: { scimLicenseManagement: true }) { changedSettings } }');
    await page.goto('/admin/license-mappings');
    await page.getByRole('note').filter({ hasText: 'These mappings are inactive' }).waitFor();
    await call('mutation { updateAccountSettings(input: { scimLicenseManagement: false }) { changedSettings } }');
  });

  it('answers a dry-run sign-in in the panel exactly as the real sign-in afterwards', async () => {
    const { createGroup } = await call('mutation { createGroup(input: { displayName: "Platform" }) { group { id } } }');
    await call('mutation { createLicenseMapping(input: { groupName: "Platform", licenseType: DEVELOPER }) { usersChanged } }');

    await goToPage(page, 'SSO mapping rules');
    await page.getByText('No SSO mapping rules yet').waitFor();
    await page.getByLabel('Claim value').fill('eng-*');
    await page.getByLabel('Match', { exact: true }).selectOption('PATTERN');
    await page.getByLabel('Adds to group').fill('Platform');
    await page.getByText('Chosen: Platform.').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('row', { name: /eng-\*/ }).filter({ hasText: 'Platform' }).waitFor();

    const panel = page.getByRole('region', { name: 'Try a sign-in' });
    await panel.getByLabel('Email').fill('Katherine.Coleman@example.com');
    await panel.getByLabel(/Groups claim/).fill('eng-platform\nsales');
    await panel.getByRole('button', { name: 'Try sign-in' }).click();
    const result = page.getByTestId('sso-try-result');
    await result.waitFor();
    await result.getByText('would be created').waitFor();
    const shown = {
      matched: await result.getByTestId('sso-matched').textContent(),
      groups: await result.getByTestId('sso-groups').textContent(),
      license: await result.getByTestId('sso-license').textContent(),
    };
    expect(shown).toEqual({ matched: 'Platform', groups: 'Platform', license: 'Developer (from mapping)' });

    // The dry run stored nothing.
    const before = await call('{ users(filter: { search: "katherine.coleman" }) { totalCount } }');
    expect(before.users.totalCount).toBe(0);

    const { resolveSsoSignIn } = await call(
      'mutation { resolveSsoSignIn(input: { email: "Katherine.Coleman@example.com", groups: ["eng-platform", "sales"] }) { created dryRun user { id } matchedGroups { displayName } groups { displayName } licenseType licenseSource } }',
    );
    const real = {
      matched: resolveSsoSignIn.matchedGroups.map((g: { displayName: string }) => g.displayName).join(', '),
      groups: resolveSsoSignIn.groups.map((g: { displayName: string }) => g.displayName).join(', '),
      license: `${LABELS[resolveSsoSignIn.licenseType]} (from ${String(resolveSsoSignIn.licenseSource).toLowerCase()})`,
    };
    expect(resolveSsoSignIn.created).toBe(true);
    expect(real).toEqual(shown);

    // And the console shows the person the sign-in made, as the panel said.
    await page.goto(`/admin/users/${resolveSsoSignIn.user.id}`);
    await page.getByRole('region', { name: /^Groups/ }).getByRole('link', { name: 'Platform' }).waitFor();
    await page.getByRole('region', { name: 'License' }).filter({ hasText: 'Developer' }).filter({ hasText: 'through group Platform' }).waitFor();
    expect(createGroup.group.id).toBeDefined();
  });

  it('says so when the person is SCIM-managed and the rules do not apply', async () => {
    await scimUser(account, account.scimToken, { email: 'annie.easley@example.com', givenName: 'Annie', familyName: 'Easley' });
    await goToPage(page, 'SSO mapping rules');
    await settled(page);
    const panel = page.getByRole('region', { name: 'Try a sign-in' });
    await panel.getByLabel('Email').fill('annie.easley@example.com');
    await panel.getByLabel(/Groups claim/).fill('eng-platform');
    await panel.getByRole('button', { name: 'Try sign-in' }).click();
    const result = page.getByTestId('sso-try-result');
    await result.getByText('is SCIM-managed: SSO mapping rules do not apply').waitFor();
    expect(await result.getByTestId('sso-added').textContent()).toBe('none');
  });
});
