import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, axe, e2eServer, launchBrowser, openConsole, settled, signIn, type AxeSummary } from './support/browser';
import { consolePages } from './support/pages';
import { createAccount, ROOT } from './support/roster';
import { seedDemo, type Demo } from './support/seed';

const BLOCKING = new Set(['serious', 'critical']);

/** axe-core (WCAG 2.1 A and AA, and best practices) on every page at 1280 and at 390 px: nothing serious or critical. */
describe('accessibility of every page', () => {
  const server = e2eServer();
  let browser: Browser;
  let demo: Demo;
  let adminToken = '';
  const results: Record<string, Record<string, { serious: number; critical: number; moderate: number; minor: number; ids: string[] }>> = {};

  beforeAll(async () => {
    const account = await createAccount(server, 'Accessibility');
    adminToken = account.apiToken;
    demo = await seedDemo(server, account);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    const dir = path.join(ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'e2e-axe.json'), `${JSON.stringify(results, null, 2)}\n`);
  });

  function record(viewport: string, page: string, summary: AxeSummary): string[] {
    const count = (impact: string) => summary.violations.filter((v) => v.impact === impact).length;
    (results[viewport] ??= {})[page] = {
      critical: count('critical'),
      serious: count('serious'),
      moderate: count('moderate'),
      minor: count('minor'),
      ids: summary.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`),
    };
    return summary.violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => `${v.id}: ${v.help} (${v.nodes} nodes)`);
  }

  async function noHorizontalScroll(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  }

  for (const [label, viewport] of [
    ['1280 px', DESKTOP],
    ['390 px', PHONE],
  ] as const) {
    it(`has no serious or critical violation at ${label}, and no page scrolls sideways`, async () => {
      const page = await openConsole(browser, server, viewport);
      const blocking: Record<string, string[]> = {};
      const overflowing: string[] = [];

      await page.goto('/admin/');
      await page.getByLabel('API token').waitFor();
      blocking['Sign in'] = record(label, 'Sign in', await axe(page));

      await signIn(page, adminToken);
      for (const { name, path: url, heading } of [...consolePages(demo, 'scim'), ...consolePages(demo, 'manual').filter((p) => p.name === 'User' || p.name === 'Group')]) {
        const key = blocking[name] ? `${name} (manual)` : name;
        await page.goto(url);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await settled(page);
        await page.locator('main table, main .empty').first().waitFor();
        blocking[key] = record(label, key, await axe(page));
        if (!(await noHorizontalScroll(page))) overflowing.push(key);
      }

      await page.goto('/admin/scim');
      await page.getByRole('button', { name: 'Create SCIM token' }).click();
      await page.getByRole('dialog', { name: 'Create SCIM token' }).waitFor();
      blocking['Create SCIM token dialog'] = record(label, 'Create SCIM token dialog', await axe(page));

      expect(blocking).toEqual(Object.fromEntries(Object.keys(blocking).map((k) => [k, []])));
      expect(overflowing).toEqual([]);
      await page.context().close();
    });
  }
});
