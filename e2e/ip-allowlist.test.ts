import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gql } from './support/roster';

describe('the IP allowlist page and its lock-out guard', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;

  beforeAll(async () => {
    account = await createAccount(server, 'Allowlist');
    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
    await goToPage(page, 'IP allowlist');
  });
  afterAll(async () => {
    // Never leave an account locked: the server may be shared with other test files.
    await gql(server, account.apiToken, 'mutation { setIpAllowlistEnforced(input: { enforced: false, force: true }) { ipAllowlist { enforced } } }').catch(() => undefined);
    await browser?.close();
  });

  /** The address the server sees for the browser (Chromium may reach localhost over ::1 where Node used 127.0.0.1). */
  const browserAddress = () =>
    page.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem('roster.apiToken')}` },
        body: JSON.stringify({ query: '{ viewer { requestAddress } }' }),
      });
      return ((await response.json()) as { data: { viewer: { requestAddress: string } } }).data.viewer.requestAddress;
    });
  /** The sources table's "Last change" cell of one source; its time element carries the instant shown. */
  const lastChangeShown = (source: string, at: string) =>
    page
      .getByRole('region', { name: 'Allowlist sources' })
      .getByRole('row', { name: new RegExp(`^${source}\\b`) })
      .getByRole('cell')
      .nth(1)
      .locator(`time[datetime="${at}"]`)
      .waitFor();
  let firstChange = '';
  const lastChangedAt = async (source: string): Promise<string> => {
    const { ipAllowlist } = await gql(server, account.apiToken, '{ ipAllowlist { sources { source lastChangedAt } } }');
    return (ipAllowlist.sources as { source: string; lastChangedAt: string }[]).find((s) => s.source === source)!.lastChangedAt;
  };
  const enforcement = () => page.getByRole('switch', { name: 'Enforce the IP allowlist' });
  const guardAlert = () => page.getByRole('alert').filter({ hasText: 'IP_ALLOWLIST_LOCKOUT' });

  it('shows the address the server sees for this browser, and refuses enforcement on an empty list with the guard’s message', async () => {
    const address = await browserAddress();
    expect(['127.0.0.1', '::1']).toContain(address);
    await page.getByRole('region', { name: 'Enforcement' }).getByText(address, { exact: true }).waitFor();
    await page.getByText('The allowlist is empty.').waitFor();
    await page.getByText('Lock-out guard:').waitFor();

    await enforcement().click();
    await guardAlert().waitFor();
    await guardAlert().getByText('Enforcement was not turned on').waitFor();
    expect(await enforcement().isChecked()).toBe(false);
  });

  it('refuses enforcement while the list misses this browser’s address, and offers to force it', async () => {
    await page.getByLabel(/Addresses or CIDRs/).fill('203.0.113.0/24');
    await page.getByLabel('Description (optional)').fill('Office');
    await page.getByRole('button', { name: 'Add to allowlist' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 1 entry.' }).waitFor();
    await page.getByRole('row', { name: /203\.0\.113\.0\/24/ }).filter({ hasText: 'Office' }).waitFor();
    // The sources table says when the source last changed, as the API has it.
    firstChange = await lastChangedAt('manual');
    expect(Math.abs(Date.parse(firstChange) - Date.now())).toBeLessThan(60_000);
    await lastChangeShown('manual', firstChange);

    await enforcement().click();
    await guardAlert().waitFor();
    await guardAlert().getByRole('button', { name: 'Turn on anyway' }).waitFor();
    expect(await enforcement().isChecked()).toBe(false);
  });

  it('turns enforcement on once the address is listed, and guards the removal of that entry', async () => {
    await page.getByLabel(/Addresses or CIDRs/).fill('127.0.0.1\n::1');
    await page.getByRole('button', { name: 'Add to allowlist' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 2 entries.' }).waitFor();
    await page.getByRole('row', { name: /127\.0\.0\.1\/32/ }).waitFor();
    // Adding to the source moves its last change.
    const latest = await lastChangedAt('manual');
    expect(Date.parse(latest)).toBeGreaterThan(Date.parse(firstChange));
    await lastChangeShown('manual', latest);

    await enforcement().click();
    await page.getByRole('status').filter({ hasText: 'Enforcement is on.' }).waitFor();
    expect(await enforcement().isChecked()).toBe(true);

    const own = (await browserAddress()) === '::1' ? '::1/128' : '127.0.0.1/32';
    await page.getByRole('button', { name: `Remove ${own}` }).click();
    await guardAlert().getByRole('button', { name: 'Remove anyway' }).waitFor();
    await page.getByRole('row', { name: new RegExp(own.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) }).waitFor();

    await enforcement().click();
    await page.getByRole('status').filter({ hasText: 'Enforcement is off.' }).waitFor();
  });

  it('shows the sync:ip-ranges commands for Entra and Okta to copy', async () => {
    expect(await page.getByLabel('Microsoft Entra ID', { exact: true }).inputValue()).toContain('npm run sync:ip-ranges -- --provider entra');
    expect(await page.getByLabel('Okta', { exact: true }).inputValue()).toContain('npm run sync:ip-ranges -- --provider okta');
    await page.getByRole('button', { name: 'Copy Okta' }).waitFor();
  });
});
