import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, openConsole, settled, signIn } from './support/browser';
import { createAccount, gql, GraphqlError, scimGroupPush, scimUser, type CreatedAccount } from './support/roster';

/**
 * The seeds' flow (dbt's "Enable SCIM → Create SCIM token", Okta's push): an admin sets SCIM up in the console,
 * the IdP provisions with the token it was shown, and the console shows what the IdP owns and guards it.
 */
describe('SCIM setup, provisioning and the manual-updates policy, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  let scimToken = '';
  let userId = '';
  let groupId = '';

  beforeAll(async () => {
    account = await createAccount(server, 'Seeds flow');
    // `accounts create` turns SCIM on for a newcomer; here the admin starts where dbt's docs do, before "Enable SCIM".
    await gql(server, account.apiToken, 'mutation { updateAccountSettings(input: { scimEnabled: false }) { changedSettings } }');
    browser = await launchBrowser();
    page = await openConsole(browser, server);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with the pasted API token and enables SCIM', async () => {
    await signIn(page, account.apiToken);
    const scimSection = page.getByRole('region', { name: '1. SCIM provisioning' });
    await expectText(scimSection, 'Disabled');
    await page.getByRole('button', { name: 'Enable SCIM' }).click();
    await page.getByRole('button', { name: 'Disable SCIM' }).waitFor();
    await expectText(scimSection, 'Enabled');
    expect(await page.getByLabel('SCIM base URL', { exact: true }).inputValue()).toBe(account.scimBaseUrl);
  });

  it('creates a SCIM token and shows its secret once, in the dialog', async () => {
    await page.getByRole('button', { name: 'Create SCIM token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SCIM token' });
    await dialog.getByLabel('Token name').fill('Okta e2e');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const created = page.getByRole('dialog', { name: 'SCIM token “Okta e2e” created' });
    await expectText(created, 'it will not be shown again');
    scimToken = await created.getByLabel('SCIM token', { exact: true }).inputValue();
    expect(scimToken).toMatch(/^rst_scim_/);
    await created.getByRole('button', { name: 'Done, I copied it' }).click();
    await created.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Okta e2e/ });
    await expectText(row, 'never');
    expect(await page.getByText(scimToken).count()).toBe(0);
  });

  it('shows the user and the group the IdP pushed with that token, with the SCIM badge', async () => {
    userId = await scimUser(account, scimToken, { email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' });
    groupId = await scimGroupPush(account, scimToken, 'Engineering', [userId]);

    await goToPage(page, 'Users');
    const userRow = page.getByRole('row', { name: /Ada Lovelace/ });
    await expectText(userRow, 'ada@example.com');
    await expectText(userRow, 'SCIM');

    await goToPage(page, 'Groups');
    const groupRow = page.getByRole('row', { name: /Engineering/ });
    await expectText(groupRow, 'SCIM');
    await groupRow.getByRole('cell').nth(1).filter({ hasText: /^1$/ }).waitFor();

    // The IdP's requests show as the token's last use.
    await goToPage(page, 'SCIM setup');
    await page.getByRole('row', { name: /Okta e2e/ }).getByRole('cell').nth(2).filter({ hasNotText: 'never' }).waitFor();
  });

  it('refuses a manual edit of the SCIM-managed user, and says why', async () => {
    await goToPage(page, 'Users');
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByRole('heading', { level: 1, name: /Ada Lovelace/ }).waitFor();
    for (const name of ['Edit', 'Deactivate', 'Delete']) expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
    await expectText(page.locator('.blocked'), 'through SCIM');
    await expectText(page.locator('.blocked'), 'Allow manual updates');
    // The console only says what the server enforces: the same edit through the API is refused.
    await expect(gql(server, account.apiToken, 'mutation($id: ID!) { updateUser(input: { id: $id, givenName: "X" }) { user { id } } }', { id: userId })).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'MANUAL_UPDATE_FORBIDDEN' }) })],
    } satisfies Partial<GraphqlError>);
    // So is a change of the SCIM-managed group.
    await page.goto(`/admin/groups/${groupId}`);
    await page.getByRole('heading', { level: 1, name: /Engineering/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^Remove Ada Lovelace/ }).isDisabled()).toBe(true);
  });

  it('allows the edit once “Allow manual updates” is on, and the log shows it as manual', async () => {
    await goToPage(page, 'SCIM setup');
    const toggle = page.getByRole('switch', { name: 'Allow manual updates' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await toggle.isChecked()).toBe(true);

    await page.goto(`/admin/users/${userId}`);
    await page.getByRole('heading', { level: 1, name: /Ada Lovelace/ }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Edit Ada Lovelace/ });
    await dialog.getByLabel('Given name').fill('Augusta Ada');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: /Augusta Ada Lovelace/ }).waitFor();

    await goToPage(page, 'Provisioning log');
    await settled(page);
    const row = page.getByRole('row', { name: /user\.updated/ }).first();
    await expectText(row, 'manual');
    await expectText(row, 'Initial admin token');
    await row.getByRole('link', { name: /User/ }).click();
    await page.getByRole('heading', { level: 1, name: /Augusta Ada Lovelace/ }).waitFor();
  });

  async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
    await locator.filter({ hasText: text }).first().waitFor();
  }
});
