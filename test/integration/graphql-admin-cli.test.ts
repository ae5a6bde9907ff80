import { AccountWithSettingsDocument, UpdateAccountSettingsDocument } from '../graphql/generated';
import { dataOf, gql } from '../support/admin-graphql';
import { runCli, stopAllRosterProcesses } from '../support/roster-process';
import { idpHeaders, URN_USER } from '../support/scim-users-helpers';
import { PUBLIC_BASE_URL, startTestApp, type TestApp } from '../support/test-app';

/** `npm run roster -- accounts …` is `node dist/src/cli/roster.js accounts …`; here it shares the test app's database. */
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

interface CreatedAccount {
  accountId: string;
  scimBaseUrl: string;
  scimToken: string;
  apiToken: string;
}

interface ShownAccount {
  id: string;
  name: string;
  createdAt: string;
  scimBaseUrl: string;
  settings: Record<string, unknown>;
}

async function cliJson<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as T;
}

const postUser = (created: CreatedAccount, userName: string) =>
  app.http
    .post(`/scim/v2/accounts/${created.accountId}/Users`)
    .set(idpHeaders({ accountId: created.accountId, scimToken: created.scimToken, apiToken: created.apiToken, scimBase: '' }))
    .send(JSON.stringify({ schemas: [URN_USER], userName }));

describe('roster accounts show', () => {
  it('prints the account and every setting as one JSON object, as GraphQL sees them', async () => {
    const created = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Acme']);
    const shown = await cliJson<ShownAccount>(['accounts', 'show', '--account', created.accountId]);
    expect(shown).toEqual({
      id: created.accountId,
      name: 'Acme',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      scimBaseUrl: created.scimBaseUrl,
      settings: {
        scimEnabled: true,
        allowManualUpdates: false,
        scimLicenseManagement: false,
        defaultLicenseType: null,
        ipAllowlistEnforced: false,
        userNameMustMatchEmail: true,
      },
    });

    dataOf(await gql(app, created.apiToken, UpdateAccountSettingsDocument, { input: { allowManualUpdates: true, defaultLicenseType: 'ANALYST' } }));
    const after = await cliJson<ShownAccount>(['accounts', 'show', '--account', created.accountId]);
    expect(after.settings).toMatchObject({ allowManualUpdates: true, defaultLicenseType: 'analyst' });
  });

  it('prints readable text without --json', async () => {
    const created = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Globex']);
    const result = await runCli(['accounts', 'show', '--account', created.accountId], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Account "Globex" \\(${created.accountId}\\), created \\d{4}-`));
    expect(result.stdout).toContain(`SCIM base URL:              ${created.scimBaseUrl}\n`);
    expect(result.stdout).toContain('Allow manual updates:       off\n');
    expect(result.stdout).toContain('Default license type:       none\n');
    expect(result.stdout).toContain('userName must match email:  on\n');
  });

  it('refuses an unknown or malformed account id with exit code 1', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'acme']) {
      const result = await runCli(['accounts', 'show', '--account', id], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`roster: Account ${id} does not exist\n`);
      expect(result.stdout).toBe('');
    }
  });
});

describe('roster accounts create --allow-any-user-name', () => {
  it('creates an account whose SCIM accepts plain user names; without the flag it refuses them', async () => {
    const open = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Initech', '--allow-any-user-name']);
    expect(Object.keys(open).sort()).toEqual(['accountId', 'apiToken', 'scimBaseUrl', 'scimToken']);
    expect((await cliJson<ShownAccount>(['accounts', 'show', '--account', open.accountId])).settings['userNameMustMatchEmail']).toBe(false);
    expect(dataOf(await gql(app, open.apiToken, AccountWithSettingsDocument, {})).account.settings.userNameMustMatchEmail).toBe(false);
    const bjensen = await postUser(open, 'bjensen');
    expect(bjensen.status).toBe(201);
    expect(bjensen.body.userName).toBe('bjensen');

    const strict = await cliJson<CreatedAccount>(['accounts', 'create', '--name', 'Umbrella']);
    expect((await postUser(strict, 'bjensen')).status).toBe(400);
  });

  it('says so in the readable output', async () => {
    const result = await runCli(['accounts', 'create', '--name', 'Hooli', '--allow-any-user-name'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('userName:       any user name allowed (need not be the email address)\n');
  });
});
