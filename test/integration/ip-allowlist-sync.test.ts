import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addIpAllowlistEntries } from '../../src/commands/ip-allowlist/add-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../../src/commands/ip-allowlist/set-ip-allowlist-enforced';
import { createApiToken } from '../../src/commands/manage-tokens';
import { freePort } from '../../src/db/embedded-postgres';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { operatorCtx } from '../support/ip-allowlist-kit';
import { spawnRoster, stopAllRosterProcesses, type RosterProcess } from '../support/roster-process';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * `npm run sync:ip-ranges` end to end: the built script (`node dist/scripts/sync-ip-ranges.js`) talks HTTP to
 * a real server process (`node dist/src/main.js`) on the test database, with files written here in Azure's
 * service-tags format and Okta's ip_ranges.json format.
 */
jest.setTimeout(120_000);

let app: TestApp;
let server: RosterProcess;
let apiUrl: string;
let dir: string;

beforeAll(async () => {
  app = await startTestApp();
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  server = spawnRoster('src/main.js', [], { DATABASE_URL: app.databaseUrl, PORT: String(port), PUBLIC_BASE_URL: apiUrl, LOG_LEVEL: 'warn' });
  await server.waitForLine(/Roster is ready/, 60_000);
  dir = mkdtempSync(path.join(os.tmpdir(), 'roster-sync-'));
}, 90_000);
afterAll(async () => {
  await stopAllRosterProcesses();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
function writeJson(value: unknown): string {
  const file = path.join(dir, `ranges-${++fileCount}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** Azure's published ServiceTags_Public_*.json, trimmed to what matters plus a few neighbours. */
function serviceTags(tags: Record<string, string[]>, changeNumber = 42): unknown {
  return {
    changeNumber,
    cloud: 'Public',
    values: Object.entries(tags).map(([name, addressPrefixes], i) => ({
      name,
      id: name,
      properties: { changeNumber: changeNumber + i, region: '', regionId: 0, platform: 'Azure', systemService: name.split('.')[0], addressPrefixes, networkFeatures: ['API', 'NSG'] },
    })),
  };
}

/** Okta's ip_ranges.json: an object of cells. */
function oktaRanges(cells: Record<string, string[]>): unknown {
  return Object.fromEntries(Object.entries(cells).map(([cell, ranges]) => [cell, { ip_ranges: ranges }]));
}

async function runSync(account: TestAccount | string, args: string[], envOverride: Record<string, string> = {}) {
  const token = typeof account === 'string' ? account : account.apiToken;
  const proc = spawnRoster('scripts/sync-ip-ranges.js', args, { ROSTER_API_URL: apiUrl, ROSTER_API_TOKEN: token, ...envOverride });
  const exit = await proc.waitForExit(30_000);
  return { code: exit.code, stdout: proc.stdout, stderr: proc.stderr };
}

async function entries(accountId: string): Promise<string[]> {
  const rows = await app.orm.em.fork().getConnection().execute<{ cidr: string; source: string }[]>(
    'select cidr, source from ip_allowlist_entry where account_id = ? order by source, cidr',
    [accountId],
  );
  return rows.map((r) => `${r.source} ${r.cidr}`);
}

async function version(accountId: string): Promise<number> {
  const rows = await app.orm.em.fork().getConnection().execute<{ v: number }[]>('select ip_allowlist_version as v from account where id = ?', [accountId]);
  return rows[0]!.v;
}

const AAD = ['20.190.128.0/18', '40.126.0.0/18', '2603:1006:2000::/48', '2603:1007:200::/48'];
const TAGS = {
  AzureActiveDirectory: AAD,
  'AzureActiveDirectory.ServiceEndpoint': ['20.190.130.0/24'],
  AzureCloud: ['13.64.0.0/11', '20.0.0.0/11'],
};

describe('--provider entra', () => {
  it('replaces the AzureActiveDirectory source with the tag\'s prefixes, then finds nothing to change', async () => {
    const acme = await createTestAccount(app);
    await addIpAllowlistEntries(operatorCtx(app, acme.accountId), { cidrs: ['127.0.0.1'] });
    const file = writeJson(serviceTags(TAGS));

    const first = await runSync(acme, ['--provider', 'entra', '--source', file]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Source "AzureActiveDirectory": 4 added, 0 removed, 0 unchanged (Azure service tag AzureActiveDirectory (change 42)).');
    for (const cidr of AAD) expect(first.stdout).toContain(`+ ${cidr}`);
    expect(await entries(acme.accountId)).toEqual([...AAD.map((c) => `AzureActiveDirectory ${c}`).sort(), 'manual 127.0.0.1/32']);

    const v = await version(acme.accountId);
    const second = await runSync(acme, ['--provider', 'entra', '--source', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^No change: source "AzureActiveDirectory" already holds exactly the 4 prefixes/m);
    expect(second.stdout).not.toMatch(/^[+-] /m);
    expect(await version(acme.accountId)).toBe(v);
  });

  it('applies a rotation as the added and removed prefixes it prints; --dry-run prints them and changes nothing', async () => {
    const acme = await createTestAccount(app);
    await runSync(acme, ['--provider', 'entra', '--source', writeJson(serviceTags(TAGS))]);
    const rotated = writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: [...AAD.slice(1), '52.126.194.0/23'] }, 43));

    const dry = await runSync(acme, ['--provider', 'entra', '--source', rotated, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run, nothing changed: source "AzureActiveDirectory" would get 1 added, 1 removed, 3 unchanged');
    expect(await entries(acme.accountId)).toContain('AzureActiveDirectory 20.190.128.0/18');

    const real = await runSync(acme, ['--provider', 'entra', '--source', rotated]);
    expect(real.code).toBe(0);
    expect(real.stdout.split('\n').filter((l) => /^[+-] /.test(l))).toEqual(['+ 52.126.194.0/23', '- 20.190.128.0/18']);
    expect(await entries(acme.accountId)).toEqual([...AAD.slice(1), '52.126.194.0/23'].map((c) => `AzureActiveDirectory ${c}`).sort());
  });

  it('takes another tag with --tag, under the source named by --as', async () => {
    const acme = await createTestAccount(app);
    const result = await runSync(acme, ['--provider', 'entra', '--source', writeJson(serviceTags(TAGS)), '--tag', 'AzureCloud', '--as', 'azure-cloud']);
    expect(result.code).toBe(0);
    expect(await entries(acme.accountId)).toEqual(['azure-cloud 13.64.0.0/11', 'azure-cloud 20.0.0.0/11']);
  });

  it('writes a --tag without --as under AzureActiveDirectory, so a regional tag replaces the Entra entries', async () => {
    const acme = await createTestAccount(app);
    const file = writeJson(serviceTags(TAGS));
    await runSync(acme, ['--provider', 'entra', '--source', file]);
    const result = await runSync(acme, ['--provider', 'entra', '--source', file, '--tag', 'AzureActiveDirectory.ServiceEndpoint']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Source "AzureActiveDirectory": 1 added, 4 removed, 0 unchanged (Azure service tag AzureActiveDirectory.ServiceEndpoint');
    expect(await entries(acme.accountId)).toEqual(['AzureActiveDirectory 20.190.130.0/24']);
  });

  it('documents the source name defaults in --help, and exits 0', async () => {
    const help = await runSync('unused', ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/--as <source name>/);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('default AzureActiveDirectory for entra, whatever --tag is, and okta for okta');
  });

  it('keeps working for an account that enforces its allowlist, and refuses to drop the address it runs from', async () => {
    const acme = await createTestAccount(app);
    // The script runs from 127.0.0.1, admitted here only by the Entra source: a new list without it would lock it out.
    const file = writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: [...AAD, '127.0.0.0/8'] }));
    expect((await runSync(acme, ['--provider', 'entra', '--source', file])).code).toBe(0);
    await setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: true, requestAddress: null });
    const before = await entries(acme.accountId);

    const result = await runSync(acme, ['--provider', 'entra', '--source', writeJson(serviceTags(TAGS))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/IP_ALLOWLIST_LOCKOUT/);
    expect(await entries(acme.accountId)).toEqual(before);
  });

  describe('fails loudly, exits non-zero and changes nothing', () => {
    let acme: TestAccount;
    let before: string[];
    beforeAll(async () => {
      acme = await createTestAccount(app);
      await runSync(acme, ['--provider', 'entra', '--source', writeJson(serviceTags(TAGS))]);
      before = await entries(acme.accountId);
    });
    afterEach(async () => {
      expect(await entries(acme.accountId)).toEqual(before);
    });

    it.each([
      ['a file that is not JSON', () => writeJson('{"values": ['), /is not JSON/],
      ['JSON that is not a service tags file', () => writeJson({ hello: 'world' }), /not an Azure service tags file/],
      ['a tag that is not in the file', () => writeJson(serviceTags({ AzureCloud: ['13.64.0.0/11'] })), /Unknown service tag "AzureActiveDirectory"/],
      ['an empty prefix list', () => writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: [] })), /No prefixes found .*refusing to empty/],
      ['an invalid prefix', () => writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: [...AAD, '20.190.128.0/33', 'bogus'] })), /Invalid prefix\(es\) .*20\.190\.128\.0\/33, bogus/],
      ['prefixes that are not strings', () => writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: [42 as unknown as string] })), /not a list of strings/],
      ['a file that does not exist', () => path.join(dir, 'missing.json'), /Could not read .*ENOENT/],
    ])('for %s', async (_name, makeFile, message) => {
      const result = await runSync(acme, ['--provider', 'entra', '--source', makeFile()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });

    it('for a READ_ONLY token, which the API refuses', async () => {
      const ro = await createApiToken(operatorCtx(app, acme.accountId), { name: 'reader', role: ApiRole.READ_ONLY, expiresAt: null });
      const result = await runSync(ro.secret, ['--provider', 'entra', '--source', writeJson(serviceTags({ ...TAGS, AzureActiveDirectory: ['1.2.3.0/24'] }))]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/FORBIDDEN/);
    });

    it('for a plain http:// source, a missing environment or a misused option (exit 2)', async () => {
      const file = writeJson(serviceTags(TAGS));
      expect(await runSync(acme, ['--provider', 'entra', '--source', 'http://example.invalid/tags.json'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/https/) });
      expect(await runSync(acme, ['--provider', 'entra', '--source', file], { ROSTER_API_TOKEN: '' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/ROSTER_API_TOKEN/) });
      expect(await runSync(acme, ['--provider', 'entra', '--source', file, '--cells', 'us_cell_1'])).toMatchObject({ code: 2 });
      expect(await runSync(acme, ['--provider', 'azure', '--source', file])).toMatchObject({ code: 2 });
    });
  });
});

describe('--provider okta', () => {
  const CELLS = {
    us_cell_1: ['3.209.71.0/24', '3.210.61.112/29'],
    us_cell_2: ['34.198.0.0/25', '3.209.71.0/24'],
    emea_cell_1: ['18.184.0.0/26', '2a05:d014:800::/56'],
  };

  it('takes the named cells, deduplicated, under the source okta; a second run changes nothing', async () => {
    const acme = await createTestAccount(app);
    const file = writeJson(oktaRanges(CELLS));
    const first = await runSync(acme, ['--provider', 'okta', '--source', file, '--cells', 'us_cell_1,us_cell_2']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Source "okta": 3 added, 0 removed, 0 unchanged (Okta cells us_cell_1, us_cell_2).');
    expect(await entries(acme.accountId)).toEqual(['okta 3.209.71.0/24', 'okta 3.210.61.112/29', 'okta 34.198.0.0/25']);

    const second = await runSync(acme, ['--provider', 'okta', '--source', file, '--cells', 'us_cell_1,us_cell_2']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^No change: source "okta" already holds exactly the 3 prefixes/m);
  });

  it('takes every cell with --cells all, and an IPv6 range among them', async () => {
    const acme = await createTestAccount(app);
    const result = await runSync(acme, ['--provider', 'okta', '--source', writeJson(oktaRanges(CELLS)), '--cells', 'all']);
    expect(result.code).toBe(0);
    expect(await entries(acme.accountId)).toHaveLength(5);
    expect(await entries(acme.accountId)).toContain('okta 2a05:d014:800::/56');
  });

  it('fails and changes nothing for an unknown cell, a missing --cells, an empty cell, a malformed cell or an invalid range', async () => {
    const acme = await createTestAccount(app);
    await runSync(acme, ['--provider', 'okta', '--source', writeJson(oktaRanges(CELLS)), '--cells', 'us_cell_1']);
    const before = await entries(acme.accountId);
    const file = writeJson(oktaRanges(CELLS));

    const unknown = await runSync(acme, ['--provider', 'okta', '--source', file, '--cells', 'us_cell_1,us_cell_9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown Okta cell\(s\) us_cell_9; the file has: us_cell_1, us_cell_2, emea_cell_1/);

    expect((await runSync(acme, ['--provider', 'okta', '--source', file])).code).toBe(2);
    expect((await runSync(acme, ['--provider', 'okta', '--source', file, '--cells', 'us_cell_1', '--tag', 'x'])).code).toBe(2);

    const empty = await runSync(acme, ['--provider', 'okta', '--source', writeJson(oktaRanges({ ...CELLS, us_cell_1: [] })), '--cells', 'us_cell_1']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/No prefixes found/);

    const malformed = await runSync(acme, ['--provider', 'okta', '--source', writeJson({ us_cell_1: ['3.209.71.0/24'] }), '--cells', 'us_cell_1']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/cell "us_cell_1" has no "ip_ranges" list/);

    const invalid = await runSync(acme, ['--provider', 'okta', '--source', writeJson(oktaRanges({ us_cell_1: ['3.209.71.0/24', '3.209.300.0/24'] })), '--cells', 'us_cell_1']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/3\.209\.300\.0\/24/);

    expect(await entries(acme.accountId)).toEqual(before);
  });
});

describe('an https:// source', () => {
  // A server in this process with a certificate made here for 127.0.0.1; the script trusts it through
  // NODE_EXTRA_CA_CERTS, as an operator would for a mirror with a private CA. No network is involved.
  let https: Server;
  let base: string;
  let caFile: string;
  const routes: Record<string, { status: number; type: string; body: string }> = {};

  beforeAll(async () => {
    const key = path.join(dir, 'tls-key.pem');
    caFile = path.join(dir, 'tls-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', caFile], {
      stdio: 'pipe',
    });
    https = createHttpsServer({ key: readFileSync(key), cert: readFileSync(caFile) }, (req, res) => {
      const route = routes[req.url ?? ''];
      res.writeHead(route?.status ?? 404, { 'Content-Type': route?.type ?? 'text/plain' });
      res.end(route?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => https.close(() => resolve())));

  const trusted = () => ({ NODE_EXTRA_CA_CERTS: caFile });

  it('downloads Azure\'s service tags and Okta\'s ranges, and the entries land', async () => {
    routes['/ServiceTags_Public.json'] = { status: 200, type: 'application/json', body: JSON.stringify(serviceTags(TAGS)) };
    routes['/ip_ranges.json'] = { status: 200, type: 'application/json', body: JSON.stringify(oktaRanges({ us_cell_1: ['3.209.71.0/24'] })) };
    const acme = await createTestAccount(app);
    const entra = await runSync(acme, ['--provider', 'entra', '--source', `${base}/ServiceTags_Public.json`], trusted());
    expect(entra).toMatchObject({ code: 0, stderr: '' });
    expect(entra.stdout).toContain('Source "AzureActiveDirectory": 4 added');
    const okta = await runSync(acme, ['--provider', 'okta', '--source', `${base}/ip_ranges.json`, '--cells', 'us_cell_1'], trusted());
    expect(okta).toMatchObject({ code: 0, stderr: '' });
    expect(await entries(acme.accountId)).toEqual([...AAD.map((c) => `AzureActiveDirectory ${c}`).sort(), 'okta 3.209.71.0/24']);
  });

  describe('fails loudly, exits 1 and changes nothing', () => {
    let acme: TestAccount;
    let before: string[];
    beforeAll(async () => {
      acme = await createTestAccount(app);
      await runSync(acme, ['--provider', 'entra', '--source', writeJson(serviceTags(TAGS))]);
      before = await entries(acme.accountId);
      routes['/rotated.json'] = { status: 200, type: 'application/json', body: JSON.stringify(serviceTags({ ...TAGS, AzureActiveDirectory: ['52.126.194.0/23'] })) };
      routes['/gone.json'] = { status: 503, type: 'application/json', body: JSON.stringify(serviceTags({ ...TAGS, AzureActiveDirectory: ['52.126.194.0/23'] })) };
      routes['/moved.json'] = { status: 404, type: 'text/html', body: '<html>Not here</html>' };
      routes['/login.html'] = { status: 200, type: 'text/html', body: '<html><form>Sign in</form></html>' };
    });
    afterEach(async () => {
      expect(await entries(acme.accountId)).toEqual(before);
    });

    it.each([
      ['a 503 answer, even with a JSON body', '/gone.json', /answered HTTP 503/],
      ['a 404 answer', '/moved.json', /answered HTTP 404/],
      ['a 200 answer that is not JSON', '/login.html', /is not JSON/],
    ])('for %s', async (_name, route, message) => {
      const result = await runSync(acme, ['--provider', 'entra', '--source', `${base}${route}`], trusted());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });

    it('for a certificate the script does not trust', async () => {
      const result = await runSync(acme, ['--provider', 'entra', '--source', `${base}/rotated.json`]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Could not fetch/);
    });
  });
});
