import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, settled, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gqlAs, scim, scimGroupPush, scimUser } from './support/roster';

interface Row {
  at: string;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
}

/** The provisioning log page: filters, newest first, auto-refresh and the links to what an event is about. */
describe('the provisioning log, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  let oktaB = '';
  let userId = '';
  let groupId = '';
  let middle = '';
  const call = gqlAs(server, () => account.apiToken);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    account = await createAccount(server, 'Provisioning log');
    const { createScimToken } = await call('mutation { createScimToken(input: { name: "Okta B" }) { token } }');
    oktaB = createScimToken.token;
    // First batch: the initial SCIM token creates a user, then an IdP retry of the same create fails (409).
    userId = await scimUser(account, account.scimToken, { email: 'hedy.lamarr@example.com', givenName: 'Hedy', familyName: 'Lamarr' });
    const retry = await scim(account, account.scimToken, 'POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'hedy.lamarr@example.com',
      emails: [{ value: 'hedy.lamarr@example.com', primary: true }],
    });
    expect(retry.status).toBe(409);
    await sleep(50);
    middle = new Date().toISOString();
    await sleep(50);
    // Second batch: another token pushes a group with the user in it; an admin invites someone.
    groupId = await scimGroupPush(account, oktaB, 'Radio Engineers', [userId]);
    await call('mutation { inviteUser(input: { userName: "joan.clarke@example.com" }) { user { id } } }');

    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
    await goToPage(page, 'Provisioning log');
    // The tests below filter by hand; the auto-refresh has a test of its own.
    await page.getByLabel('Refresh every 5 seconds').uncheck();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const table = () => page.getByRole('region', { name: 'Provisioning events' });
  const shown = (): Promise<Row[]> =>
    page.evaluate(() =>
      [...document.querySelectorAll('[aria-label="Provisioning events"] tbody tr')].map((tr) => {
        const cells = [...tr.children].map((c) => c.textContent?.trim() ?? '');
        return { at: tr.querySelector('time')?.getAttribute('datetime') ?? '', actor: cells[1]!, action: cells[2]!, resource: cells[3]!, outcome: cells[4]! };
      }),
    );
  /** The events the API has for a filter, newest first, as the table shows them. */
  async function expected(filter: Record<string, unknown>): Promise<Pick<Row, 'at' | 'action'>[]> {
    const { provisioningEvents } = await call('query($f: ProvisioningEventFilter) { provisioningEvents(first: 50, filter: $f) { edges { node { occurredAt action } } } }', { f: filter });
    return provisioningEvents.edges.map((e: { node: { occurredAt: string; action: string } }) => ({ at: e.node.occurredAt, action: e.node.action }));
  }
  /** Waits until the table shows exactly these events, in this order. */
  async function expectEvents(want: Pick<Row, 'at' | 'action'>[]): Promise<Row[]> {
    let rows: Row[] = [];
    const key = (list: Pick<Row, 'at' | 'action'>[]) => JSON.stringify(list.map((r) => [r.at, r.action]));
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      await settled(page);
      rows = await shown();
      if (key(rows) === key(want)) break;
    }
    expect(rows.map((r) => [r.at, r.action])).toEqual(want.map((r) => [r.at, r.action]));
    return rows;
  }
  async function applyFilters(values: { actor?: string; resourceType?: string; outcome?: string; from?: string; to?: string }): Promise<void> {
    await page.getByLabel('Actor (token name)').fill(values.actor ?? '');
    await page.getByLabel('Resource type').selectOption(values.resourceType ?? '');
    await page.getByLabel('Outcome').selectOption(values.outcome ?? '');
    await page.getByLabel('From').fill(values.from ?? '');
    await page.getByLabel('Before').fill(values.to ?? '');
    await page.getByRole('button', { name: 'Apply filters' }).click();
  }

  it('lists every event newest first', async () => {
    const rows = await expectEvents(await expected({}));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const times = rows.map((r) => Date.parse(r.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(rows[0]!.action).toBe('user.invited');
  });

  it('narrows the events by actor, resource type and outcome', async () => {
    await applyFilters({ actor: 'Okta B' });
    let rows = await expectEvents(await expected({ actorName: 'Okta B' }));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.actor).toBe('Okta B (SCIM token)');
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['group.created']));

    await applyFilters({ resourceType: 'Group' });
    rows = await expectEvents(await expected({ resourceType: 'Group' }));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.resource).toBe(`Group ${groupId.slice(0, 8)}`);

    await applyFilters({ outcome: 'FAILURE' });
    rows = await expectEvents(await expected({ outcome: 'FAILURE' }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'Initial SCIM token (SCIM token)', outcome: 'failure' });

    // Together: the initial SCIM token's successful events are the user's creation only.
    await applyFilters({ actor: 'Initial SCIM token', outcome: 'SUCCESS', resourceType: 'User' });
    rows = await expectEvents(await expected({ actorName: 'Initial SCIM token', outcome: 'SUCCESS', resourceType: 'User' }));
    expect(rows.map((r) => r.action)).toEqual(['user.created']);
  });

  it('narrows the events to a time range', async () => {
    // The fields take minutes: a range that ends before this account existed has nothing in it.
    const minute = (offset: number) => {
      const d = new Date(Date.now() + offset * 60_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    };
    await applyFilters({ to: minute(-10) });
    await page.getByText('No events match these filters.').waitFor();
    await applyFilters({ from: minute(-10), to: minute(2) });
    await expectEvents(await expected({}));
    await applyFilters({ from: minute(2) });
    await page.getByText('No events match these filters.').waitFor();

    // A range to the millisecond, as a link to the log carries it: the two batches apart.
    await page.goto(`/admin/log?to=${encodeURIComponent(middle)}`);
    await page.getByLabel('Refresh every 5 seconds').uncheck();
    const before = await expectEvents(await expected({ to: middle }));
    expect(before.map((r) => r.action)).toEqual(expect.arrayContaining(['user.created']));
    expect(before.map((r) => r.action)).not.toContain('group.created');
    await page.goto(`/admin/log?from=${encodeURIComponent(middle)}`);
    await page.getByLabel('Refresh every 5 seconds').uncheck();
    const after = await expectEvents(await expected({ from: middle }));
    expect(after.map((r) => r.action)).toEqual(expect.arrayContaining(['group.created', 'user.invited']));
    expect(after.map((r) => r.action)).not.toContain('user.created');
  });

  it('links each event to its user or group', async () => {
    await page.goto('/admin/log?resourceType=Group');
    await table().getByRole('link', { name: `Group ${groupId.slice(0, 8)}` }).first().click();
    await page.getByRole('heading', { level: 1, name: /Radio Engineers/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/groups/${groupId}`);

    await page.goto('/admin/log?resourceType=User&outcome=SUCCESS&actorName=Initial%20SCIM%20token');
    await table().getByRole('link', { name: `User ${userId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { level: 1, name: /Hedy Lamarr/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/users/${userId}`);
  });

  it('shows an event made over SCIM while the page is open, without a click, within seconds', async () => {
    await goToPage(page, 'Provisioning log');
    expect(await page.getByLabel('Refresh every 5 seconds').isChecked()).toBe(true);
    await settled(page);
    const count = (await shown()).length;
    const started = Date.now();
    const newId = await scimUser(account, oktaB, { email: 'grace.murray@example.com', givenName: 'Grace', familyName: 'Murray' });
    const link = table().getByRole('link', { name: `User ${newId.slice(0, 8)}` });
    await link.waitFor({ timeout: 12_000 });
    expect(Date.now() - started).toBeLessThan(12_000);
    const rows = await shown();
    expect(rows).toHaveLength(count + 1);
    // On top: it is the newest.
    expect(rows[0]).toMatchObject({ actor: 'Okta B (SCIM token)', action: 'user.created', resource: `User ${newId.slice(0, 8)}`, outcome: 'success' });
  });
});
