import { runCli, stopAllRosterProcesses } from '../support/roster-process';
import { gql, VIEWER_ADDRESS } from '../support/ip-allowlist-kit';
import { createTestAccount, PUBLIC_BASE_URL, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/** `npm run roster -- ip-allowlist …` is `node dist/src/cli/roster.js ip-allowlist …`, on the test app's database. */
// Each step starts a node process; on a busy machine that takes seconds.
jest.setTimeout(120_000);

let app: TestApp;
let env: Record<string, string>;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  env = { DATABASE_URL: app.databaseUrl, PUBLIC_BASE_URL };
  acme = await createTestAccount(app);
});
afterAll(async () => {
  await stopAllRosterProcesses();
  await app.close();
});

function cli(args: string[], account: TestAccount = acme) {
  return runCli(['ip-allowlist', ...args, '--account', account.accountId], env);
}

async function cliJson<T>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout.trim()) as T;
}

interface Listing {
  enforced: boolean;
  sources: { source: string; count: number; lastChangedAt: string }[];
  entries: { cidr: string; source: string; description: string | null; createdBy: string }[];
}

describe('roster ip-allowlist', () => {
  it('adds, lists and removes entries through the same commands as the API', async () => {
    const added = await cliJson<{ source: string; added: string[]; unchanged: number }>(['add', '--cidr', '10.1.2.3/8', '--cidr', '2001:db8::1,192.0.2.0/24', '--description', 'office']);
    expect(added).toEqual({ source: 'manual', added: ['10.0.0.0/8', '2001:db8::1/128', '192.0.2.0/24'], unchanged: 0 });
    await cliJson(['add', '--cidr', '3.0.0.0/24', '--source', 'okta']);

    const listed = await cliJson<Listing>(['list']);
    expect(listed.enforced).toBe(false);
    const isoTime = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(listed.sources).toEqual([
      { source: 'manual', count: 3, lastChangedAt: isoTime },
      { source: 'okta', count: 1, lastChangedAt: isoTime },
    ]);
    expect(Date.parse(listed.sources[1]!.lastChangedAt)).toBeGreaterThanOrEqual(Date.parse(listed.sources[0]!.lastChangedAt));
    expect(listed.entries.map((e) => `${e.source} ${e.cidr}`)).toEqual(['manual 10.0.0.0/8', 'manual 192.0.2.0/24', 'manual 2001:db8::1/128', 'okta 3.0.0.0/24']);
    expect(listed.entries[0]).toMatchObject({ description: 'office', createdBy: 'cli' });
    expect((await cliJson<Listing>(['list', '--source', 'okta'])).entries).toHaveLength(1);

    const text = await cli(['list']);
    expect(text.stdout).toMatch(/not enforced; manual: 3, okta: 1/);
    expect(text.stdout).toMatch(/^10\.0\.0\.0\/8\s+manual\s+office$/m);

    const removed = await cliJson<{ removed: string[]; notFound: string[] }>(['remove', '--cidr', '10.0.0.0/8,198.51.100.0/24']);
    expect(removed).toEqual({ removed: ['10.0.0.0/8'], notFound: ['198.51.100.0/24'] });
  });

  it('fails naming the CIDRs it cannot read, and changes nothing', async () => {
    const before = await cliJson<Listing>(['list']);
    const result = await cli(['add', '--cidr', '10.0.0.0/33', '--cidr', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"10\.0\.0\.0\/33".*"nope"/);
    expect(await cliJson<Listing>(['list'])).toEqual(before);
  });

  it('turns enforcement off for an admin who locked themselves out', async () => {
    await cliJson(['add', '--cidr', '203.0.113.0/24']);
    expect((await cli(['enforcement', 'on'])).code).toBe(0);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS)).status).toBe(403);
    const off = await cli(['enforcement', 'off']);
    expect(off.stdout).toMatch(/not enforced/);
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS)).status).toBe(200);
  });

  it('refuses enforcement over an empty list without --force, changing nothing; with --force turns it on', async () => {
    const empty = await createTestAccount(app, 'Empty');
    const result = await cli(['enforcement', 'on'], empty);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/empty IP allowlist/);
    const enforced = async () => (await app.orm.em.fork().getConnection().execute('select ip_allowlist_enforced as e from account where id = ?', [empty.accountId]))[0].e;
    expect(await enforced()).toBe(false);
    expect((await gql(app, empty.apiToken, VIEWER_ADDRESS)).status).toBe(200);

    const forced = await runCli(['ip-allowlist', 'enforcement', 'on', '--force', '--account', empty.accountId, '--json'], env);
    expect({ code: forced.code, stderr: forced.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(forced.stdout.trim())).toEqual({ enforced: true });
    expect(await enforced()).toBe(true);
    expect((await gql(app, empty.apiToken, VIEWER_ADDRESS)).status).toBe(403);
  });
});
