import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, settled, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gqlAs, scim, scimGroupPush, scimUser } from './support/roster';

/** The console's page size on the Users page. */
const PAGE_SIZE = 25;
const SCIM_USERS = 52;
const pad = (n: number) => String(n).padStart(2, '0');
const scimEmail = (n: number) => `s${pad(n)}.scim@example.com`;
const manualEmail = (n: number) => `m${pad(n)}.manual@example.com`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * A directory of 57 users, more than two pages: 52 from the IdP over SCIM (s01–s06 in the mapped group "Paging
 * Engineering", s07 and s08 deactivated, s09 named Zebedee) and 5 invited by hand (m01–m03 in the mapped group
 * "Paging Contractors", m01 signed in through SSO so their license is no longer pending).
 */
describe('the Users page: search, filters and cursor paging, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  let engineeringId = '';
  const all = [...range(1, SCIM_USERS).map(scimEmail), ...range(1, 5).map(manualEmail)];
  const call = gqlAs(server, () => account.apiToken);

  beforeAll(async () => {
    account = await createAccount(server, 'Users paging');
    const ids: string[] = [];
    // A few at a time: an IdP's first sync sends requests in parallel too.
    for (let start = 1; start <= SCIM_USERS; start += 8) {
      const batch = range(start, Math.min(start + 7, SCIM_USERS));
      ids.push(
        ...(await Promise.all(
          batch.map((n) => scimUser(account, account.scimToken, { email: scimEmail(n), givenName: n === 9 ? 'Zebedee' : 'Scim', familyName: n === 9 ? 'Quimby' : `Person ${pad(n)}` })),
        )),
      );
    }
    engineeringId = await scimGroupPush(account, account.scimToken, 'Paging Engineering', ids.slice(0, 6));
    for (const id of [ids[6], ids[7]]) {
      const patched = await scim(account, account.scimToken, 'PATCH', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      expect(patched.status).toBe(200);
    }
    const invited: string[] = [];
    for (const n of range(1, 5)) {
      const { inviteUser } = await call('mutation($u: String!) { inviteUser(input: { userName: $u }) { user { id } } }', { u: manualEmail(n) });
      invited.push(inviteUser.user.id);
    }
    const { createGroup } = await call('mutation { createGroup(input: { displayName: "Paging Contractors" }) { group { id } } }');
    await call('mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { addedCount } }', { g: createGroup.group.id, u: invited.slice(0, 3) });
    await call('mutation { createLicenseMapping(input: { groupName: "Paging Engineering", licenseType: DEVELOPER }) { usersChanged } }');
    await call('mutation { createLicenseMapping(input: { groupName: "Paging Contractors", licenseType: READ_ONLY }) { usersChanged } }');
    await call('mutation($e: String!) { resolveSsoSignIn(input: { email: $e, groups: [] }) { created } }', { e: manualEmail(1) });
    const { users } = await call('{ users { totalCount } }');
    expect(users.totalCount).toBe(all.length);

    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
    await goToPage(page, 'Users');
  });
  afterAll(async () => {
    await browser?.close();
  });

  const table = () => page.getByRole('region', { name: 'Users', exact: true });
  /** The Email column of the rows shown, in order. */
  const shownEmails = () => table().locator('tbody tr > :nth-child(2)').allTextContents();
  const count = (n: number, filtered: boolean) =>
    page
      .getByRole('status')
      .filter({ hasText: `${n} ${n === 1 ? 'user' : 'users'}${filtered ? ' match these filters' : ''}.` })
      .waitFor();

  /** Waits until the table shows exactly these users (in any order), then checks the count above it. */
  async function expectRows(expected: string[], total = expected.length): Promise<void> {
    const want = [...expected].sort();
    let shown: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      await settled(page);
      shown = (await shownEmails()).sort();
      if (JSON.stringify(shown) === JSON.stringify(want)) break;
    }
    expect(shown).toEqual(want);
    await count(total, total !== all.length);
  }

  it('walks the directory page by page with the cursor, no user repeated or skipped, and back', async () => {
    await count(all.length, false);
    const pager = page.getByRole('navigation', { name: 'Users pages' });
    const pages: string[][] = [];
    for (let n = 1; ; n++) {
      await pager.getByText(`Page ${n}`, { exact: true }).waitFor();
      // The rows of the new page, not those of the one before (urql keeps showing them until the next page arrives).
      await page.waitForFunction(
        ([previous]) => {
          const first = document.querySelector('[aria-label="Users"] tbody tr > :nth-child(2)')?.textContent;
          return !!first && first !== previous;
        },
        [pages.at(-1)?.[0] ?? ''],
      );
      await settled(page);
      pages.push(await shownEmails());
      if (await pager.getByRole('button', { name: 'Next page' }).isDisabled()) break;
      await pager.getByRole('button', { name: 'Next page' }).click();
    }
    expect(pages.map((p) => p.length)).toEqual([PAGE_SIZE, PAGE_SIZE, all.length - 2 * PAGE_SIZE]);
    const walked = pages.flat();
    expect(new Set(walked).size).toBe(walked.length);
    expect([...walked].sort()).toEqual([...all].sort());

    // Previous returns to the very same rows.
    for (const n of [2, 1]) {
      await pager.getByRole('button', { name: 'Previous page' }).click();
      await pager.getByText(`Page ${n}`, { exact: true }).waitFor();
      await page.waitForFunction(([first]) => document.querySelector('[aria-label="Users"] tbody tr > :nth-child(2)')?.textContent === first, [pages[n - 1]![0]]);
      expect(await shownEmails()).toEqual(pages[n - 1]);
    }
    expect(await pager.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
  });

  it('narrows the table with the text search, by name and by part of the email', async () => {
    await page.getByLabel('Search', { exact: true }).fill('zebedee');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectRows([scimEmail(9)]);
    await table().getByRole('link', { name: 'Zebedee Quimby' }).waitFor();
    // A search fits on one page: no pager.
    expect(await page.getByRole('navigation', { name: 'Users pages' }).count()).toBe(0);

    await page.getByLabel('Search', { exact: true }).fill('.MANUAL@');
    await page.getByLabel('Search', { exact: true }).press('Enter');
    await expectRows(range(1, 5).map(manualEmail));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectRows(await firstPageOfAll(), all.length);
  });

  it('narrows the table with the state, managed-by, license and license-pending filters, alone and together', async () => {
    const state = page.getByLabel('State', { exact: true });
    const managedBy = page.getByLabel('Managed by', { exact: true });
    const license = page.getByLabel('License', { exact: true });
    const pending = page.getByLabel('License pending', { exact: true });

    await state.selectOption('false');
    await expectRows([scimEmail(7), scimEmail(8)]);
    for (const email of [scimEmail(7), scimEmail(8)]) await table().getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) }).filter({ hasText: 'Deactivated' }).waitFor();
    await state.selectOption('');

    await managedBy.selectOption('MANUAL');
    await expectRows(range(1, 5).map(manualEmail));
    await state.selectOption('true');
    await expectRows(range(1, 5).map(manualEmail));
    await managedBy.selectOption('');
    await state.selectOption('');

    await license.selectOption('DEVELOPER');
    await expectRows(range(1, 6).map(scimEmail));
    await license.selectOption('READ_ONLY');
    await expectRows(range(1, 3).map(manualEmail));
    // m01 signed in through SSO: licensed and no longer pending; m02 and m03 have not accepted their invitation.
    await pending.selectOption('true');
    await expectRows([manualEmail(2), manualEmail(3)]);
    for (const email of [manualEmail(2), manualEmail(3)]) await table().getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) }).filter({ hasText: /Read-only\s*pending/ }).waitFor();
    await pending.selectOption('false');
    await expectRows([manualEmail(1)]);
    await table().getByRole('row', { name: /m01\.manual/ }).filter({ hasNotText: 'pending' }).filter({ hasText: 'Read-only' }).waitFor();
    await license.selectOption('');
    await pending.selectOption('true');
    await expectRows([...range(1, 6).map(scimEmail), manualEmail(2), manualEmail(3)]);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectRows(await firstPageOfAll(), all.length);
    for (const control of [state, managedBy, license, pending]) expect(await control.inputValue()).toBe('');
  });

  it('narrows the table to the members of a group', async () => {
    // The group control itself is another change's; the filter it sets (the URL's group) is what is checked here.
    await page.goto(`/admin/users?group=${engineeringId}`);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await expectRows(range(1, 6).map(scimEmail));
    await page.getByLabel('License', { exact: true }).selectOption('DEVELOPER');
    await expectRows(range(1, 6).map(scimEmail));
    await page.getByLabel('Search', { exact: true }).fill('s02.');
    await page.getByLabel('Search', { exact: true }).press('Enter');
    await expectRows([scimEmail(2)]);
  });

  /** The first page of the unfiltered directory, as the API orders it. */
  async function firstPageOfAll(): Promise<string[]> {
    const { users } = await call('query($n: Int!) { users(first: $n) { edges { node { email } } } }', { n: PAGE_SIZE });
    return users.edges.map((e: { node: { email: string } }) => e.node.email);
  }
});
