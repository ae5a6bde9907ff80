import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DESKTOP, PHONE, launchBrowser, openConsole, settled, signIn } from './support/browser';
import { consolePages } from './support/pages';
import { createAccount, startRoster, stopRoster } from './support/roster';
import { seedDemo } from './support/seed';

/**
 * `npm run screenshots`: a real Roster on a fresh database, a demo account, and a picture of every page of the
 * console at 1280 px (and the users page at 390 px) in docs/screenshots/.
 */
async function main(): Promise<void> {
  const project = path.resolve(__dirname, '..', '..');
  const out = path.join(project, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const { server, process: child } = await startRoster();
  const browser = await launchBrowser();
  try {
    const account = await createAccount(server, 'Acme Analytics');
    const demo = await seedDemo(server, account);
    const shots: [string, ReturnType<typeof consolePages>[number], typeof DESKTOP][] = [
      ...consolePages(demo, 'scim').map((p) => [`${slug(p.name)}.png`, p, DESKTOP] as [string, (typeof p), typeof DESKTOP]),
      ['users-390.png', consolePages(demo, 'scim')[1]!, PHONE],
    ];
    for (const [file, page, viewport] of shots) {
      const tab = await openConsole(browser, server, viewport);
      await signIn(tab, account.apiToken);
      await tab.goto(page.path);
      await tab.getByRole('heading', { level: 1, name: page.heading }).waitFor();
      await settled(tab);
      await tab.locator('main table, main .empty').first().waitFor();
      if (page.name === 'SSO mapping rules') {
        const panel = tab.getByRole('region', { name: 'Try a sign-in' });
        await panel.getByLabel('Email').fill('new.hire@example.com');
        await panel.getByLabel(/Groups claim/).fill('contractors-emea, analysts');
        await panel.getByRole('button', { name: 'Try sign-in' }).click();
        await tab.getByTestId('sso-try-result').waitFor();
      }
      await tab.screenshot({ path: path.join(out, file), fullPage: true });
      process.stdout.write(`docs/screenshots/${file}\n`);
      await tab.context().close();
    }
  } finally {
    await browser.close();
    await stopRoster(child, server.dataDir);
  }
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
