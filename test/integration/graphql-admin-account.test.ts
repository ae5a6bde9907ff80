import { assignUserInput } from '../../src/commands/users/assign-user-input';
import { findUserNameRuleOffenders } from '../../src/commands/users/user-name-rule-offenders';
import { replaceIpAllowlistEntries } from '../../src/commands/ip-allowlist/replace-ip-allowlist-entries';
import { inTransaction } from '../../src/db/unit-of-work';
import { Account } from '../../src/domain/account/account.entity';
import type { EmailInput, UserInput } from '../../src/domain/user/user-input';
import { userNameKey, emailKey } from '../../src/domain/user/user-name';
import { validateUserInput } from '../../src/domain/user/user-rules';
import { ManagedBy, User } from '../../src/domain/user/user.entity';
import { AccountWithSettingsDocument, UpdateAccountSettingsDocument, type AccountSettingsFieldsFragment, type UpdateAccountSettingsInput } from '../graphql/generated';
import { dataOf, errorOf, gql, operatorCtx, readOnlyToken } from '../support/admin-graphql';
import { eventRows, expectScimError, idpHeaders, sql, URN_USER } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const DEFAULTS: AccountSettingsFieldsFragment = {
  scimEnabled: true,
  allowManualUpdates: false,
  scimLicenseManagement: false,
  defaultLicenseType: null,
  ipAllowlistEnforced: false,
  userNameMustMatchEmail: true,
};

const postUser = (account: TestAccount, body: Record<string, unknown>) =>
  app.http.post(`${account.scimBase}/Users`).set(idpHeaders(account)).send(JSON.stringify({ schemas: [URN_USER], ...body }));
const accountRow = async (account: TestAccount) => (await sql(app, 'select * from account where id = ?', [account.accountId]))[0]!;
const settingsOf = async (account: TestAccount) => dataOf(await gql(app, account.apiToken, AccountWithSettingsDocument, {})).account.settings;
const update = (account: TestAccount, input: UpdateAccountSettingsInput, token = account.apiToken) => gql(app, token, UpdateAccountSettingsDocument, { input });

describe('query account', () => {
  it('answers a READ_ONLY token with the account and its settings, userNameMustMatchEmail on by default', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const res = dataOf(await gql(app, await readOnlyToken(app, acme.accountId), AccountWithSettingsDocument, {}));
    expect(res.account).toEqual({ id: acme.accountId, name: 'Acme', settings: DEFAULTS });
  });
});

describe('updateAccountSettings', () => {
  it('changes only the settings given and records one event naming the admin token, old and new values', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const payload = dataOf(await update(acme, { allowManualUpdates: true, scimEnabled: true })).updateAccountSettings;
    expect(payload).toEqual({ account: { id: acme.accountId, settings: { ...DEFAULTS, allowManualUpdates: true } }, changedSettings: ['allowManualUpdates'], licensesChanged: 0 });
    expect(await settingsOf(acme)).toEqual({ ...DEFAULTS, allowManualUpdates: true });

    const events = (await eventRows(app, acme.accountId)).filter((e) => e.action === 'account.settings_updated');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_type: 'api_token',
      actor_name: 'Initial admin token',
      resource_type: 'Account',
      resource_id: acme.accountId,
      outcome: 'success',
      detail: { changes: { allowManualUpdates: { from: false, to: true } } },
    });
  });

  it('changes nothing and records nothing when every value is already as asked', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const before = await accountRow(acme);
    const payload = dataOf(await update(acme, { scimEnabled: true, userNameMustMatchEmail: true, defaultLicenseType: null })).updateAccountSettings;
    expect(payload.changedSettings).toEqual([]);
    expect(await accountRow(acme)).toEqual(before);
    expect((await eventRows(app, acme.accountId)).filter((e) => e.action === 'account.settings_updated')).toEqual([]);
  });

  it('turns SCIM off and on again: SCIM answers 403 meanwhile', async () => {
    const acme = await createTestAccount(app, 'Acme');
    dataOf(await update(acme, { scimEnabled: false }));
    expectScimError(await app.http.get(`${acme.scimBase}/Users`).set(idpHeaders(acme)), 403);
    dataOf(await update(acme, { scimEnabled: true }));
    expect((await app.http.get(`${acme.scimBase}/Users`).set(idpHeaders(acme))).status).toBe(200);
  });

  it('re-resolves every license of the account when the default license or SCIM license management changes', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const ids: string[] = [];
    for (const name of ['ann', 'bob', 'cy']) {
      const res = await postUser(acme, { userName: `${name}@acme.test`, emails: [{ value: `${name}@acme.test`, primary: true }] });
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    await sql(app, `update app_user set scim_license_type = 'analyst' where id = ?`, [ids[0]]);
    const licenses = async () =>
      (await sql(app, 'select id, license_type, license_source from app_user where account_id = ? order by user_name', [acme.accountId])).map((r) => [r.license_type, r.license_source]);

    const withDefault = dataOf(await update(acme, { defaultLicenseType: 'DEVELOPER' })).updateAccountSettings;
    expect(withDefault).toMatchObject({ changedSettings: ['defaultLicenseType'], licensesChanged: 3 });
    expect(withDefault.account.settings.defaultLicenseType).toBe('DEVELOPER');
    expect(await licenses()).toEqual([
      ['developer', 'default'],
      ['developer', 'default'],
      ['developer', 'default'],
    ]);

    const scimManaged = dataOf(await update(acme, { scimLicenseManagement: true })).updateAccountSettings;
    expect(scimManaged).toMatchObject({ changedSettings: ['scimLicenseManagement'], licensesChanged: 1 });
    expect(await licenses()).toEqual([
      ['analyst', 'scim'],
      ['developer', 'default'],
      ['developer', 'default'],
    ]);

    const cleared = dataOf(await update(acme, { scimLicenseManagement: false, defaultLicenseType: null })).updateAccountSettings;
    expect(cleared).toMatchObject({ changedSettings: ['scimLicenseManagement', 'defaultLicenseType'], licensesChanged: 3 });
    expect(await licenses()).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    const [event] = (await eventRows(app, acme.accountId)).filter((e) => e.action === 'account.settings_updated').slice(-1);
    expect(event!.detail).toEqual({ changes: { scimLicenseManagement: { from: true, to: false }, defaultLicenseType: { from: 'developer', to: null } } });
  });

  it('refuses null for a boolean setting with BAD_USER_INPUT naming the field, and an unknown license type', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const before = await accountRow(acme);
    expect(errorOf(await update(acme, { allowManualUpdates: null }), 'BAD_USER_INPUT').extensions.field).toBe('allowManualUpdates');
    errorOf(await update(acme, { defaultLicenseType: 'PLATINUM' as 'IT' }), 'BAD_USER_INPUT');
    expect(await accountRow(acme)).toEqual(before);
  });

  it('is FORBIDDEN to a READ_ONLY token, and changes nothing', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const before = await accountRow(acme);
    const res = await update(acme, { allowManualUpdates: true, userNameMustMatchEmail: false }, await readOnlyToken(app, acme.accountId));
    expect(res.data).toBeNull();
    errorOf(res, 'FORBIDDEN');
    expect(await accountRow(acme)).toEqual(before);
  });
});

describe('updateAccountSettings(ipAllowlistEnforced) (issue 8)', () => {
  // supertest connects from 127.0.0.1; the entries are written as an operator would, without the guard.
  const allowOnly = (account: TestAccount, cidrs: string[]) =>
    replaceIpAllowlistEntries(operatorCtx(app, account.accountId), { source: 'manual', cidrs, requestAddress: null });
  const enforcementEvents = async (account: TestAccount) => (await eventRows(app, account.accountId)).filter((e) => e.action === 'ip_allowlist.enforcement_changed');

  it('turns enforcement on and off, through the same rule and event as setIpAllowlistEnforced', async () => {
    const acme = await createTestAccount(app, 'Acme');
    await allowOnly(acme, ['127.0.0.1']);
    const on = dataOf(await update(acme, { ipAllowlistEnforced: true })).updateAccountSettings;
    expect(on).toEqual({ account: { id: acme.accountId, settings: { ...DEFAULTS, ipAllowlistEnforced: true } }, changedSettings: ['ipAllowlistEnforced'], licensesChanged: 0 });
    expect(await accountRow(acme)).toMatchObject({ ip_allowlist_enforced: true, ip_allowlist_version: 2 });
    // Admitted from 127.0.0.1; refused once the list no longer holds it.
    expect((await app.http.get(`${acme.scimBase}/ServiceProviderConfig`).set(idpHeaders(acme))).status).toBe(200);

    const off = dataOf(await update(acme, { ipAllowlistEnforced: false, allowManualUpdates: true })).updateAccountSettings;
    expect(off.changedSettings).toEqual(['allowManualUpdates', 'ipAllowlistEnforced']);
    expect(off.account.settings).toEqual({ ...DEFAULTS, allowManualUpdates: true });
    expect((await enforcementEvents(acme)).map((e) => [e.outcome, e.actor_name, e.detail])).toEqual([
      ['success', 'Initial admin token', { enforced: true, entries: 1, forced: false }],
      ['success', 'Initial admin token', { enforced: false, entries: 1, forced: false }],
    ]);
    // The other settings keep their own event, without the enforcement change in it.
    const settingsEvents = (await eventRows(app, acme.accountId)).filter((e) => e.action === 'account.settings_updated');
    expect(settingsEvents.map((e) => e.detail)).toEqual([{ changes: { allowManualUpdates: { from: false, to: true } } }]);
  });

  it('refuses IP_ALLOWLIST_LOCKOUT when the list misses the caller, changing no setting of the call; force: true goes ahead', async () => {
    const acme = await createTestAccount(app, 'Acme');
    await allowOnly(acme, ['10.0.0.0/8']);
    const before = await accountRow(acme);
    const refused = errorOf(await update(acme, { ipAllowlistEnforced: true, allowManualUpdates: true }), 'IP_ALLOWLIST_LOCKOUT');
    expect(refused.extensions['requestAddress']).toBe('127.0.0.1');
    expect(refused.message).toContain('127.0.0.1');
    expect(await accountRow(acme)).toEqual(before);
    expect(await enforcementEvents(acme)).toEqual([]);

    const forced = dataOf(await update(acme, { ipAllowlistEnforced: true, force: true })).updateAccountSettings;
    expect(forced.account.settings.ipAllowlistEnforced).toBe(true);
    expect((await enforcementEvents(acme)).map((e) => e.detail)).toEqual([{ enforced: true, entries: 1, forced: true }]);
    // The admin asked for it: their next request is refused.
    const next = await update(acme, { ipAllowlistEnforced: false });
    expect(next.status).toBe(403);
    errorOf(next, 'IP_NOT_ALLOWED');
  });

  it('refuses enforcement over an empty list the same way, unless forced', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const before = await accountRow(acme);
    expect(errorOf(await update(acme, { ipAllowlistEnforced: true }), 'IP_ALLOWLIST_LOCKOUT').message).toMatch(/empty IP allowlist/);
    expect(await accountRow(acme)).toEqual(before);
    expect(dataOf(await update(acme, { ipAllowlistEnforced: true, force: true })).updateAccountSettings.account.settings.ipAllowlistEnforced).toBe(true);
  });

  it('refuses null, and is FORBIDDEN to a READ_ONLY token, changing nothing', async () => {
    const acme = await createTestAccount(app, 'Acme');
    await allowOnly(acme, ['127.0.0.1']);
    const before = await accountRow(acme);
    expect(errorOf(await update(acme, { ipAllowlistEnforced: null }), 'BAD_USER_INPUT').extensions.field).toBe('ipAllowlistEnforced');
    const res = await update(acme, { ipAllowlistEnforced: true, force: true }, await readOnlyToken(app, acme.accountId));
    expect(res.data).toBeNull();
    errorOf(res, 'FORBIDDEN');
    expect(await accountRow(acme)).toEqual(before);
  });
});

describe('userNameMustMatchEmail (issue 9)', () => {
  it('on, SCIM refuses a plain userName; off, SCIM creates bjensen as sent, without an email', async () => {
    const acme = await createTestAccount(app, 'Acme');
    expectScimError(await postUser(acme, { userName: 'bjensen' }), 400, 'invalidValue');

    const payload = dataOf(await update(acme, { userNameMustMatchEmail: false })).updateAccountSettings;
    expect(payload).toMatchObject({ changedSettings: ['userNameMustMatchEmail'], account: { settings: { userNameMustMatchEmail: false } } });
    const res = await postUser(acme, { userName: 'bjensen', name: { givenName: 'Barbara', familyName: 'Jensen' } });
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe('bjensen');
    const [row] = await sql(app, 'select user_name, email from app_user where id = ?', [res.body.id]);
    expect(row).toEqual({ user_name: 'bjensen', email: null });
    expect((await eventRows(app, acme.accountId)).find((e) => e.action === 'account.settings_updated')).toMatchObject({
      actor_name: 'Initial admin token',
      detail: { changes: { userNameMustMatchEmail: { from: true, to: false } } },
    });
  });

  it('refuses to turn the rule back on while users break it: USER_NAME_POLICY_CONFLICT with their count and ids, and nothing changes', async () => {
    const acme = await createTestAccount(app, 'Acme');
    dataOf(await update(acme, { userNameMustMatchEmail: false }));
    const offenders: string[] = [];
    for (const userName of ['bjensen', 'ajones', 'Carol.Smith@acme.test']) {
      // Carol's userName is an address, but not her primary email.
      const emails = userName.includes('@') ? [{ value: 'carol@acme.test', primary: true }] : [];
      const res = await postUser(acme, { userName, emails });
      expect(res.status).toBe(201);
      offenders.push(res.body.id as string);
    }
    expect((await postUser(acme, { userName: 'Dan@Acme.test', emails: [{ value: 'dan@acme.test', type: 'work' }] })).status).toBe(201);
    const before = await accountRow(acme);
    const usersBefore = await sql(app, 'select * from app_user where account_id = ? order by id', [acme.accountId]);

    const error = errorOf(await update(acme, { userNameMustMatchEmail: true, allowManualUpdates: true }), 'USER_NAME_POLICY_CONFLICT');
    expect(error.extensions).toMatchObject({ field: 'userNameMustMatchEmail', offendingUserCount: 3 });
    expect([...(error.extensions['offendingUserIds'] as string[])].sort()).toEqual([...offenders].sort());
    expect(error.message).toMatch(/^3 user\(s\) have a userName that is not their email address/);

    expect(await accountRow(acme)).toEqual(before);
    expect(await sql(app, 'select * from app_user where account_id = ? order by id', [acme.accountId])).toEqual(usersBefore);
    expect(await settingsOf(acme)).toMatchObject({ userNameMustMatchEmail: false, allowManualUpdates: false });
    const audit = (await eventRows(app, acme.accountId)).filter((e) => e.action === 'account.settings_updated');
    expect(audit.map((e) => e.outcome)).toEqual(['success', 'failure']);
    expect(audit[1]!.detail).toMatchObject({ code: 'USER_NAME_POLICY_CONFLICT' });

    // Once the offenders are gone, the rule goes back on.
    for (const id of offenders) expect((await app.http.delete(`${acme.scimBase}/Users/${id}`).set(idpHeaders(acme))).status).toBe(204);
    expect(dataOf(await update(acme, { userNameMustMatchEmail: true })).updateAccountSettings.changedSettings).toEqual(['userNameMustMatchEmail']);
    expectScimError(await postUser(acme, { userName: 'bjensen' }), 400, 'invalidValue');
  });

  it('counts every offender but names at most 10', async () => {
    const acme = await createTestAccount(app, 'Acme');
    dataOf(await update(acme, { userNameMustMatchEmail: false }));
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await postUser(acme, { userName: `user${i}` })).body.id as string);
    const error = errorOf(await update(acme, { userNameMustMatchEmail: true }), 'USER_NAME_POLICY_CONFLICT');
    expect(error.extensions['offendingUserCount']).toBe(12);
    const named = error.extensions['offendingUserIds'] as string[];
    expect(named).toHaveLength(10);
    for (const id of named) expect(ids.has(id)).toBe(true);
  });

  it('finds in SQL exactly the users the rule in TypeScript refuses', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const email = (value: string, options: Partial<EmailInput> = {}): EmailInput => ({ value, type: null, primary: false, display: null, ...options });
    const cases: { userName: string; emails: EmailInput[] }[] = [
      { userName: 'ann@acme.test', emails: [] },
      { userName: 'bjensen', emails: [] },
      { userName: 'cjensen', emails: [email('cjensen@acme.test', { primary: true })] },
      { userName: 'Cy@ACME.test', emails: [email('cy@acme.test')] },
      { userName: 'dee@acme.test', emails: [email('other@acme.test'), email('dee@acme.test', { primary: true })] },
      { userName: 'eve@acme.test', emails: [email('eve@acme.test'), email('eve@home.test', { primary: true })] },
      { userName: 'fay@acme.test', emails: [email('fay@home.test', { type: 'home' }), email('fay@acme.test', { type: 'Work' })] },
      { userName: 'gus@acme.test', emails: [email('gus@home.test', { type: 'home' }), email('gus@other.test', { type: 'other' })] },
      { userName: 'hal@home.test', emails: [email('hal@home.test', { type: 'home' }), email('hal@other.test', { type: 'other' })] },
      { userName: 'ida@acme', emails: [] },
      { userName: 'jo e@acme.test', emails: [] },
      { userName: 'kim@acme.test', emails: [email('KIM@Acme.Test', { type: 'work' })] },
      { userName: 'Ängel@acme.test', emails: [email('ängel@acme.test')] },
    ];
    const expected = new Set<string>();
    await inTransaction({ em: app.orm.em }, async (em) => {
      const account = em.getReference(Account, acme.accountId);
      for (const c of cases) {
        const input = userInput(c.userName, c.emails);
        const user = em.create(User, { account, userName: c.userName, userNameKey: userNameKey(c.userName), managedBy: ManagedBy.SCIM });
        assignUserInput(em, user, input);
        let refused = false;
        try {
          validateUserInput(input, { userNameMustMatchEmail: true });
        } catch {
          refused = true;
        }
        if (refused) expected.add(user.id);
      }
    });
    expect(expected.size).toBeGreaterThan(3);
    const found = await findUserNameRuleOffenders(app.orm.em.fork(), acme.accountId, 100);
    expect({ count: found.count, ids: [...found.userIds].sort() }).toEqual({ count: expected.size, ids: [...expected].sort() });
  });

  it('holds a manually invited user (no SCIM emails) to its effective email', async () => {
    const acme = await createTestAccount(app, 'Acme');
    await inTransaction({ em: app.orm.em }, async (em) => {
      const account = em.getReference(Account, acme.accountId);
      for (const [userName, address] of [
        ['pat@acme.test', 'pat@acme.test'],
        ['quinn@acme.test', 'q@acme.test'],
      ] as const)
        em.persist(em.create(User, { account, userName, userNameKey: userNameKey(userName), email: address, emailKey: emailKey(address), managedBy: ManagedBy.MANUAL }));
    });
    const [quinn] = await sql<{ id: string }>(app, `select id from app_user where user_name = 'quinn@acme.test'`);
    expect(await findUserNameRuleOffenders(app.orm.em.fork(), acme.accountId, 10)).toEqual({ count: 1, userIds: [quinn!.id] });
  });
});

describe('/Schemas describes userName by the account\'s rule', () => {
  const userNameDescription = async (account: TestAccount) => {
    const one = await app.http.get(`${account.scimBase}/Schemas/${URN_USER}`).set(idpHeaders(account));
    const all = await app.http.get(`${account.scimBase}/Schemas`).set(idpHeaders(account));
    const fromOne = (one.body.attributes as { name: string; description: string }[]).find((a) => a.name === 'userName')!;
    const fromAll = (all.body.Resources as { id: string; attributes: { name: string; description: string }[] }[])
      .find((s) => s.id === URN_USER)!
      .attributes.find((a) => a.name === 'userName')!;
    expect(fromAll).toEqual(fromOne);
    return fromOne;
  };

  it('says userName must be the email while the rule is on, and that any user name goes while it is off', async () => {
    const acme = await createTestAccount(app, 'Acme');
    const on = await userNameDescription(acme);
    expect(on.description).toMatch(/must equal the user's primary email address/);
    dataOf(await update(acme, { userNameMustMatchEmail: false }));
    const off = await userNameDescription(acme);
    expect(off.description).toMatch(/does not require it to be an email address/);
    expect(off.description).not.toMatch(/must equal/);
    expect({ ...off, description: '' }).toEqual({ ...on, description: '' });

    const other = await createTestAccount(app, 'Globex');
    expect((await userNameDescription(other)).description).toBe(on.description);
  });
});

function userInput(userName: string, emails: EmailInput[]): UserInput {
  return {
    userName,
    externalId: null,
    formattedName: null,
    familyName: null,
    givenName: null,
    middleName: null,
    honorificPrefix: null,
    honorificSuffix: null,
    displayName: null,
    nickName: null,
    title: null,
    userType: null,
    preferredLanguage: null,
    locale: null,
    timezone: null,
    active: true,
    emails,
    phoneNumbers: [],
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    managerValue: null,
    scimLicenseType: null,
  };
}
