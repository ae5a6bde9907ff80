import type { Browser, Locator, Page } from 'playwright-core';
import { e2eServer, launchBrowser, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, scim } from './support/roster';

const HOUR = 3600_000;

/** Rotating and revoking SCIM tokens on the SCIM setup page, checked where it matters: what an IdP gets over SCIM. */
describe('SCIM tokens: rotate with an overlap and revoke with a confirmation, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  let oldToken = '';
  let newToken = '';

  beforeAll(async () => {
    account = await createAccount(server, 'SCIM tokens');
    oldToken = account.scimToken;
    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** What an IdP's first request of a sync gets with this token. */
  const scimStatus = async (token: string) => (await scim(account, token, 'GET', '/Users?count=1')).status;
  const tokens = () => page.getByRole('region', { name: 'SCIM tokens' });
  const row = (name: string): Locator => tokens().getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  /** The Expires and State cells (the name is the row header, so the cells are prefix, created, last used, expires, state). */
  const expires = (name: string) => row(name).getByRole('cell').nth(3);
  const state = (name: string) => row(name).getByRole('cell').nth(4);

  it('rotates a token with an overlap: the new secret is shown once, and the old token keeps working over SCIM', async () => {
    expect(await scimStatus(oldToken)).toBe(200);
    await state('Initial SCIM token').filter({ hasText: /^active$/ }).waitFor();
    await expires('Initial SCIM token').filter({ hasText: /^never$/ }).waitFor();

    await page.getByRole('button', { name: 'Rotate Initial SCIM token' }).click();
    const ask = page.getByRole('dialog', { name: 'Rotate “Initial SCIM token”' });
    await ask.getByLabel('Old token keeps working').selectOption({ label: '1 hour' });
    const rotatedAt = Date.now();
    await ask.getByRole('button', { name: 'Rotate', exact: true }).click();

    const done = page.getByRole('dialog', { name: 'New token for “Initial SCIM token”' });
    await done.getByText('it will not be shown again').waitFor();
    newToken = await done.getByLabel('SCIM token', { exact: true }).inputValue();
    expect(newToken).toMatch(/^rst_scim_/);
    expect(newToken).not.toBe(oldToken);
    // The dialog says until when the old token works: the end of the hour's overlap.
    const until = Date.parse((await done.locator('time').getAttribute('datetime'))!);
    expect(Math.abs(until - (rotatedAt + HOUR))).toBeLessThan(60_000);
    await done.getByRole('button', { name: 'Done, I copied it' }).click();
    await done.waitFor({ state: 'detached' });

    // Shown once: the secret is nowhere on the page any more.
    expect(await page.content()).not.toContain(newToken);

    // Both work during the overlap.
    expect(await scimStatus(newToken)).toBe(200);
    expect(await scimStatus(oldToken)).toBe(200);

    // The table lists the successor, and the old token with its expiry brought forward to the overlap's end.
    await state('Initial SCIM token (rotated)').filter({ hasText: /^active$/ }).waitFor();
    await expires('Initial SCIM token (rotated)').filter({ hasText: /^never$/ }).waitFor();
    await state('Initial SCIM token').filter({ hasText: /^active$/ }).waitFor();
    const shownExpiry = Date.parse((await expires('Initial SCIM token').locator('time').getAttribute('datetime'))!);
    expect(shownExpiry).toBe(until);
  });

  it('asks before revoking, does nothing on Cancel, and once confirmed the token gets 401 over SCIM and shows revoked', async () => {
    await page.getByRole('button', { name: 'Revoke Initial SCIM token', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Initial SCIM token”?' });
    await confirm.getByText('get 401 at once').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await scimStatus(oldToken)).toBe(200);
    await state('Initial SCIM token').filter({ hasText: /^active$/ }).waitFor();

    await page.getByRole('button', { name: 'Revoke Initial SCIM token', exact: true }).click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });

    await state('Initial SCIM token').filter({ hasText: /^revoked$/ }).waitFor();
    // A revoked token has nothing left to rotate or revoke.
    expect(await row('Initial SCIM token').getByRole('button').count()).toBe(0);
    expect(await scimStatus(oldToken)).toBe(401);
    // The successor is untouched.
    expect(await scimStatus(newToken)).toBe(200);
    await state('Initial SCIM token (rotated)').filter({ hasText: /^active$/ }).waitFor();

    // After a reload too: the state comes from the server, not from the page's memory.
    await page.reload();
    await state('Initial SCIM token').filter({ hasText: /^revoked$/ }).waitFor();
  });
});
