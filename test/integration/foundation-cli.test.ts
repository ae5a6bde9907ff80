import { PUBLIC_BASE_URL, startTestApp, type TestApp } from '../support/test-app';
import { runCli, stopAllRosterProcesses } from '../support/roster-process';
import { expectScimError } from '../support/scim-users-helpers';

// Every CLI run is a fresh Node process that opens the ORM: seconds each on a loaded machine.
jest.setTimeout(120_000);

/** `npm run roster -- …` is `node dist/src/cli/roster.js …`; here it shares the test app's database. */
let app: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  env = { DATABASE_URL: app.databaseUrl, PUBLIC_BASE_URL };
});
afterAll(async () => {
  await stopAllRosterProcesses();
  await app.close();
});

async function cliJson<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as T;
}

interface CreatedAccount {
  accountId: string;
  scimBaseUrl: string;
  scimToken: string;
  apiToken: string;
}

interface CreatedToken {
  id: string;
  kind: string;
  name: string;
  role: string | null;
  prefix: string;
  expiresAt: string | null;
  token: string;
}

const scimGet = (accountId: string, token: string) =>
  app.http.get(`/scim/v2/accounts/${accountId}/ServiceProviderConfig`).set('Authorization', `Bearer ${token}`);
const viewer = (token: string) =>
  app.http.post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: '{ viewer { account { id name } token { id name role } } }' });

describe('roster accounts create', () => {
  it('prints one JSON object whose tokens work over SCIM and GraphQL', async () => {
    const created = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Acme']);
    expect(Object.keys(created).sort()).toEqual(['accountId', 'apiToken', 'scimBaseUrl', 'scimToken']);
    expect(created.scimBaseUrl).toBe(`${PUBLIC_BASE_URL}/scim/v2/accounts/${created.accountId}`);
    expect(created.scimToken).toMatch(/^rst_scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken).toMatch(/^rst_api_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    expect((await scimGet(created.accountId, created.scimToken)).status).toBe(200);
    const res = await viewer(created.apiToken);
    expect(res.status).toBe(200);
    expect(res.body.data.viewer).toMatchObject({ account: { id: created.accountId, name: 'Acme' }, token: { role: 'ADMIN' } });
  });

  it('prints readable text without --json, with tokens that work', async () => {
    const result = await runCli(['accounts', 'create', '--name', 'Globex'], env);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).toThrow();
    const id = /Created account "Globex" \(([0-9a-f-]{36})\)\./.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    expect(result.stdout).toContain(`SCIM base URL:  ${PUBLIC_BASE_URL}/scim/v2/accounts/${id}`);
    expect(result.stdout).toContain('shown this once');
    const scimToken = /SCIM token:\s+(rst_scim_\S+)/.exec(result.stdout)?.[1];
    const apiToken = /API token:\s+(rst_api_\S+)/.exec(result.stdout)?.[1];
    expect((await scimGet(id!, scimToken!)).status).toBe(200);
    expect((await viewer(apiToken!)).body.data.viewer.account.name).toBe('Globex');
  });

  it('refuses an empty name', async () => {
    const result = await runCli(['accounts', 'create', '--name', '  '], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^roster: An account needs a name/);
  });
});

describe('roster tokens', () => {
  let account: CreatedAccount;
  beforeAll(async () => {
    account = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Initech']);
  });

  it('creates a READ_ONLY API token that GraphQL sees as READ_ONLY', async () => {
    const token = await cliJson<CreatedToken>(['tokens', 'create', '--account', account.accountId, '--kind', 'api', '--name', 'Reporting', '--role', 'READ_ONLY']);
    expect(token).toMatchObject({ kind: 'api', name: 'Reporting', role: 'READ_ONLY', expiresAt: null });
    expect(token.token.startsWith(`${token.prefix}_`)).toBe(true);
    const res = await viewer(token.token);
    expect(res.body.data.viewer).toEqual({ account: { id: account.accountId, name: 'Initech' }, token: { id: token.id, name: 'Reporting', role: 'READ_ONLY' } });
  });

  it('creates a SCIM token with an expiry, and revokes it: then it gets 401', async () => {
    const token = await cliJson<CreatedToken>(['tokens', 'create', '--account', account.accountId, '--kind', 'scim', '--name', 'Okta', '--expires-at', '2099-01-31T00:00:00Z']);
    expect(token).toMatchObject({ kind: 'scim', name: 'Okta', role: null, expiresAt: '2099-01-31T00:00:00.000Z' });
    expect((await scimGet(account.accountId, token.token)).status).toBe(200);

    const revoked = await cliJson<{ id: string; revokedAt: string }>(['tokens', 'revoke', '--account', account.accountId, '--kind', 'scim', '--id', token.id]);
    expect(revoked.id).toBe(token.id);
    expect(Date.parse(revoked.revokedAt)).not.toBeNaN();
    const res = await scimGet(account.accountId, token.token);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    // The account's other SCIM token is untouched.
    expect((await scimGet(account.accountId, account.scimToken)).status).toBe(200);
  });

  it('revokes an API token: then GraphQL answers 401', async () => {
    const token = await cliJson<CreatedToken>(['tokens', 'create', '--account', account.accountId, '--kind', 'api', '--name', 'Script']);
    expect(token.role).toBe('ADMIN');
    expect((await viewer(token.token)).status).toBe(200);
    const result = await runCli(['tokens', 'revoke', '--account', account.accountId, '--kind', 'api', '--id', token.id], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Revoked API token "Script" (${token.id}).`);
    const res = await viewer(token.token);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('prints the token as readable text without --json, and stores only its prefix', async () => {
    const result = await runCli(['tokens', 'create', '--account', account.accountId, '--kind', 'scim', '--name', 'Entra'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created SCIM token "Entra" \([0-9a-f-]{36}\):\nrst_scim_\S+\nIt is shown this once: store it now\.\n$/);
    const secret = /^(rst_scim_\S+)$/m.exec(result.stdout)![1]!;
    const rows = await app.orm.em.fork().getConnection().execute<{ display_prefix: string }[]>(`select display_prefix from scim_token where name = 'Entra'`);
    expect(rows).toHaveLength(1);
    expect(secret.startsWith(`${rows[0]!.display_prefix}_`)).toBe(true);
  });

  it('refuses bad input with a message and exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['tokens', 'create', '--account', account.accountId, '--kind', 'scim', '--name', 'x', '--role', 'ADMIN'], /--role applies to API tokens only/],
      [['tokens', 'create', '--account', account.accountId, '--kind', 'ldap', '--name', 'x'], /expected scim or api/],
      [['tokens', 'create', '--account', account.accountId, '--kind', 'api', '--name', 'x', '--role', 'OWNER'], /expected ADMIN or READ_ONLY/],
      [['tokens', 'create', '--account', account.accountId, '--kind', 'api', '--name', 'x', '--expires-at', '2001-01-01T00:00:00Z'], /cannot expire in the past/],
      [['tokens', 'create', '--account', '00000000-0000-4000-8000-000000000000', '--kind', 'scim', '--name', 'x'], /Account 00000000-0000-4000-8000-000000000000 does not exist/],
      [['tokens', 'revoke', '--account', account.accountId, '--kind', 'scim', '--id', '00000000-0000-4000-8000-000000000000'], /does not exist/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, env)));
    results.forEach((result, i) => {
      expect({ args: cases[i]![0].join(' '), code: result.code }).toEqual({ args: cases[i]![0].join(' '), code: 1 });
      expect(result.stderr).toMatch(cases[i]![1]);
      expect(result.stdout).toBe('');
    });
  });
});

interface ShownRateLimit {
  accountId: string;
  rateLimit: { perSecond: number; burst: number } | null;
  effective: { token: { perSecond: number; burst: number }; account: { perSecond: number; burst: number } };
  enabled: boolean;
  changed: boolean;
}

describe('roster accounts rate-limit', () => {
  const limitRow = async (accountId: string) =>
    (await app.orm.em.fork().getConnection().execute<{ rate_limit_per_second: number | null; rate_limit_burst: number | null }[]>(
      'select rate_limit_per_second, rate_limit_burst from account where id = ?',
      [accountId],
    ))[0];

  it('sets a limit the running server applies from the next request (429 with Retry-After past the burst); --default restores the server defaults', async () => {
    const account = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Throttled']);
    const shown = await cliJson<ShownRateLimit>(['accounts', 'rate-limit', '--account', account.accountId]);
    expect(shown).toEqual({ accountId: account.accountId, rateLimit: null, effective: { token: app.config.rateLimit.token, account: app.config.rateLimit.account }, enabled: true, changed: false });

    const set = await cliJson<ShownRateLimit>(['accounts', 'rate-limit', '--account', account.accountId, '--per-second', '1', '--burst', '3']);
    expect(set).toMatchObject({ rateLimit: { perSecond: 1, burst: 3 }, effective: { token: { perSecond: 1, burst: 3 }, account: { perSecond: 1, burst: 3 } }, changed: true });
    expect(await limitRow(account.accountId)).toEqual({ rate_limit_per_second: 1, rate_limit_burst: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await scimGet(account.accountId, account.scimToken)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const over = await scimGet(account.accountId, account.scimToken);
    expectScimError(over, 429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(3);
    const events = await app.orm.em.fork().getConnection().execute<{ actor_name: string; detail: unknown }[]>(
      `select actor_name, detail from provisioning_event where account_id = ? and action = 'account.rate_limit_changed'`,
      [account.accountId],
    );
    expect(events).toEqual([{ actor_name: 'cli', detail: { from: null, to: { perSecond: 1, burst: 3 } } }]);

    const again = await cliJson<ShownRateLimit>(['accounts', 'rate-limit', '--account', account.accountId, '--per-second', '1', '--burst', '3']);
    expect(again.changed).toBe(false);
    const restored = await cliJson<ShownRateLimit>(['accounts', 'rate-limit', '--account', account.accountId, '--default']);
    expect(restored).toMatchObject({ rateLimit: null, effective: { account: app.config.rateLimit.account }, changed: true });
    expect(await limitRow(account.accountId)).toEqual({ rate_limit_per_second: null, rate_limit_burst: null });
    expect((await scimGet(account.accountId, account.scimToken)).status).toBe(200);
  });

  it('prints readable text without --json; without --burst the burst is four seconds\' worth', async () => {
    const account = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Readable']);
    const result = await runCli(['accounts', 'rate-limit', '--account', account.accountId, '--per-second', '100'], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`Rate limit of account "Readable" (${account.accountId}): 100/s, bursts of 400 for the account and for each of its tokens (set for this account).\n`);
    expect(await limitRow(account.accountId)).toEqual({ rate_limit_per_second: 100, rate_limit_burst: null });
    const shown = await runCli(['accounts', 'rate-limit', '--account', account.accountId, '--default'], env);
    expect(shown.stdout).toContain(": the server's defaults: 50/s, bursts of 200 for the account, 50/s, bursts of 200 for each token.");
  });

  it('refuses bad input with a message and exit code 1, and changes nothing', async () => {
    const account = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Guarded']);
    await cliJson<ShownRateLimit>(['accounts', 'rate-limit', '--account', account.accountId, '--per-second', '7', '--burst', '30']);
    const id = account.accountId;
    const cases: [string[], RegExp][] = [
      [['--account', id, '--per-second', '0'], /^roster: The rate must be a whole number of requests per second from 1 to 1000000\n$/],
      [['--account', id, '--per-second', '2000000'], /from 1 to 1000000/],
      [['--account', id, '--per-second', 'fast'], /expected a whole number/],
      [['--account', id, '--per-second', '2.5'], /expected a whole number/],
      [['--account', id, '--per-second', '10', '--burst', '5'], /The burst \(5\) must be at least the rate per second \(10\)/],
      [['--account', id, '--per-second', '10', '--burst', '0'], /The burst must be a whole number of requests from 1 to 10000000/],
      [['--account', id, '--burst', '50'], /--burst needs --per-second/],
      [['--account', id, '--default', '--per-second', '5'], /--default cannot be combined with --per-second or --burst/],
      [['--account', '00000000-0000-4000-8000-000000000000', '--per-second', '5'], /Account 00000000-0000-4000-8000-000000000000 does not exist/],
      [['--account', 'acme', '--default'], /Account acme does not exist/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['accounts', 'rate-limit', ...args], env)));
    results.forEach((result, i) => {
      const args = cases[i]![0].join(' ');
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(cases[i]![1]) });
      expect(result.stdout).toBe('');
    });
    expect(await limitRow(id)).toEqual({ rate_limit_per_second: 7, rate_limit_burst: 30 });
  });
});
