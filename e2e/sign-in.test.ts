import type { Browser, Request } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, openConsole, signedInConsole, signIn } from './support/browser';
import { createAccount, type CreatedAccount, gql } from './support/roster';

describe('signing in with an API token', () => {
  const server = e2eServer();
  let browser: Browser;
  let account: CreatedAccount;

  beforeAll(async () => {
    account = await createAccount(server, 'Sign-in');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the token in sessionStorage only, sends it as a bearer header, and forgets it on Sign out', async () => {
    const page = await openConsole(browser, server);
    const graphqlRequests: Request[] = [];
    page.on('request', (r) => r.url().endsWith('/graphql') && graphqlRequests.push(r));
    await signIn(page, account.apiToken);

    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('roster.apiToken'),
      localKeys: localStorage.length,
      cookie: document.cookie,
      url: location.href,
    }));
    expect(stored).toEqual({ session: account.apiToken, localKeys: 0, cookie: '', url: `${server.baseUrl}/admin/scim` });
    expect((await page.context().cookies()).length).toBe(0);
    expect(graphqlRequests.length).toBeGreaterThan(0);
    for (const r of graphqlRequests) {
      expect(await r.headerValue('authorization')).toBe(`Bearer ${account.apiToken}`);
      expect(r.url()).not.toContain(account.apiToken);
    }

    // A reload, or a link opened at a client route, keeps the tab signed in.
    await page.goto('/admin/groups');
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('roster.apiToken'))).toBeNull();
    await page.context().close();
  });

  it('says why a token is refused, and keeps nothing of it', async () => {
    const page = await openConsole(browser, server);
    await page.goto('/admin/');
    await page.getByLabel('API token').fill('rst_api_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('roster.apiToken'))).toBeNull();
    await page.context().close();
  });

  it('signs out on a 401 in the middle of a session (the token was revoked)', async () => {
    const { createApiToken } = await gql(server, account.apiToken, 'mutation { createApiToken(input: { name: "Short-lived", role: ADMIN }) { token apiToken { id } } }');
    const page = await signedInConsole(browser, server, createApiToken.token);
    await gql(server, account.apiToken, 'mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { state } } }', { id: createApiToken.apiToken.id });
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();
    await page.getByLabel('API token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('roster.apiToken'))).toBeNull();
    await page.context().close();
  });

  it('moves the focus to the new page’s heading on navigation, and shows where the focus is', async () => {
    const page = await signedInConsole(browser, server, account.apiToken);
    await goToPage(page, 'Provisioning log');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Provisioning log');
    const focusedControl = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { label: el.getAttribute('aria-label') ?? el.textContent ?? '', id: el.id, outline: style.outlineStyle, width: style.outlineWidth, top: el.getBoundingClientRect().top };
      });
    // From the heading, Tab goes on into the page, and the focused control has a visible outline.
    await page.keyboard.press('Tab');
    const next = await focusedControl();
    expect(next.id).toBe('log-from');
    expect([next.outline, next.width]).not.toEqual(['none', '0px']);
    // A fresh load: the first Tab reaches the skip link, which shows itself when focused.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Provisioning log' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = await focusedControl();
    expect(skip.label).toBe('Skip to content');
    expect(skip.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});
