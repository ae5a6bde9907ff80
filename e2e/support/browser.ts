import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RosterServer } from './roster';

/** Debian's Chromium (apt-get install chromium): Playwright's own browser download cannot work here. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps calling home, and a closed network refuses it. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The server the global setup started for this run. */
export function e2eServer(): RosterServer {
  const file = process.env['ROSTER_E2E_STATE'];
  if (!file) throw new Error('ROSTER_E2E_STATE is not set: run the browser tests with npm run test:e2e');
  return JSON.parse(readFileSync(file, 'utf8')) as RosterServer;
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function openConsole(browser: Browser, server: RosterServer, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: server.baseUrl, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/admin/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'SCIM setup' }).waitFor();
}

/** A console page signed in with `token`, on its first page. */
export async function signedInConsole(browser: Browser, server: RosterServer, token: string, viewport = DESKTOP): Promise<Page> {
  const page = await openConsole(browser, server, viewport);
  await signIn(page, token);
  return page;
}

/** Navigates with the console's own links, as a person would. */
export async function goToPage(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Waits until no "Loading …" status is left on the page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((el) => /^Loading\b/.test(el.textContent ?? '')));
}

export interface AxeSummary {
  violations: { id: string; impact: string | null; help: string; nodes: number }[];
}

/** axe-core over WCAG 2.1 A and AA. */
export async function axe(page: Page): Promise<AxeSummary> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return { violations: result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.length })) };
}

/** Every enabled control that would change something: anything not marked data-read (filters, copy, paging, sign out). */
export async function enabledWriteControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea')]
      .filter((el) => !(el as HTMLButtonElement).disabled && !el.hasAttribute('data-read') && !el.closest('[data-read]'))
      .map((el) => `${el.tagName.toLowerCase()} “${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim() || el.id}”`),
  );
}
