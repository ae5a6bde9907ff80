import type { Browser, Page } from 'playwright-core';
import { e2eServer, enabledWriteControls, launchBrowser, settled, signedInConsole } from './support/browser';
import { consolePages } from './support/pages';
import { createAccount } from './support/roster';
import { seedDemo, type Demo } from './support/seed';

/** A READ_ONLY token sees everything and can change nothing: every control that would write is disabled. */
describe('a READ_ONLY token in the console', () => {
  const server = e2eServer();
  let browser: Browser;
  let demo: Demo;
  let adminToken = '';

  beforeAll(async () => {
    const account = await createAccount(server, 'Read-only');
    adminToken = account.apiToken;
    demo = await seedDemo(server, account);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function visit(page: Page, path: string, heading: RegExp): Promise<void> {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await settled(page);
    // Lists are loaded: a page's table or its empty state is there.
    await page.locator('main table, main .empty').first().waitFor();
  }

  it('finds no enabled write control on any page, and a line saying why on each', async () => {
    const page = await signedInConsole(browser, server, demo.readOnlyToken);
    const found: Record<string, string[]> = {};
    for (const { name, path, heading } of consolePages(demo, 'manual')) {
      await visit(page, path, heading);
      await page.getByRole('note').filter({ hasText: 'Your token is READ_ONLY: changes need an ADMIN API token.' }).waitFor();
      found[name] = await enabledWriteControls(page);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
    await page.context().close();
  });

  it('while an ADMIN token finds write controls enabled on the same pages (so the check above can see them)', async () => {
    const page = await signedInConsole(browser, server, adminToken);
    const counts: Record<string, number> = {};
    for (const { name, path, heading } of consolePages(demo, 'manual')) {
      await visit(page, path, heading);
      counts[name] = (await enabledWriteControls(page)).length;
    }
    // The provisioning log only reads.
    expect(counts['Provisioning log']).toBe(0);
    for (const [name, count] of Object.entries(counts)) if (name !== 'Provisioning log') expect([name, count > 0]).toEqual([name, true]);
    await page.context().close();
  });
});
