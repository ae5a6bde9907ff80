import { randomUUID } from 'node:crypto';
import {
  URN_USER,
  eventRows,
  expectCreatedUser,
  expectListResponse,
  expectScimError,
  expectUserResource,
  idpHeaders,
  loadFixture,
  sendFixture,
  sql,
  userEmailRows,
  userRow,
  type Json,
} from '../../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../../support/test-app';

/**
 * Generic SCIM clients and test tools (RFC 7643/7644 examples: plain userNames like `bjensen`, users without emails,
 * several emails and no primary) against an account whose userName = email rule is off (issue 9). Each request is
 * sent literally over HTTP, with the reply and the state Roster must hold afterwards.
 */

let app: TestApp;
let client: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  client = await offAccount('Generic SCIM client');
});
afterAll(() => app.close());

/** A new account with the userName = email rule turned off, as an operator does for these clients. */
async function offAccount(name: string): Promise<TestAccount> {
  const account = await createTestAccount(app, name);
  await sql(app, 'update account set user_name_must_match_email = false where id = ?', [account.accountId]);
  return account;
}

const fixture = (name: string, vars: Record<string, string> = {}) => loadFixture(__dirname, name, vars);
const usersUrl = (account: TestAccount, id = '') => `${account.scimBase}/Users${id ? `/${id}` : ''}`;
const suffix = () => randomUUID().slice(0, 8);

async function mailsTo(userId: string): Promise<Json[]> {
  return sql(app, 'select kind, to_address from email_outbox where user_id = ? order by created_at, id', [userId]);
}

async function findByUserName(account: TestAccount, userName: string) {
  return app.http.get(usersUrl(account)).query({ filter: `userName eq "${userName}"` }).set(idpHeaders(account));
}

/** A manually invited user, as an admin creates one (not through SCIM). */
async function manualUser(account: TestAccount, userName: string, email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    app,
    `insert into app_user (id, account_id, user_name, user_name_key, email, email_key, active, phone_numbers, managed_by, created_at, updated_at, version)
     values (gen_random_uuid(), ?, ?, lower(?), ?, lower(?), true, '[]'::jsonb, 'manual', now() - interval '1 day', now() - interval '1 day', 1) returning id`,
    [account.accountId, userName, userName, email, email],
  );
  return row!.id;
}

describe('plain userNames', () => {
  it("creates RFC 7644's bjensen: 201, userName exactly as sent, no email and no invitation", async () => {
    const rfc = await offAccount('RFC 7644 client');
    const create = fixture('create-user-rfc7644', { userName: 'bjensen', externalId: 'bjensen' });
    const res = await sendFixture(app, rfc, create);
    expect(res.status).toBe(create.response.status);
    expectCreatedUser(res);
    expect(res.body).toMatchObject({ schemas: [URN_USER], userName: 'bjensen', externalId: 'bjensen', name: { formatted: 'Ms. Barbara J Jensen III' } });
    expect(res.body).not.toHaveProperty('emails');
    expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, user_name_key: 'bjensen' });
    expect(await userEmailRows(app, res.body.id)).toEqual([]);
    expect(await mailsTo(res.body.id)).toEqual([]);
    const found = await findByUserName(rfc, 'bjensen');
    expectListResponse(found, 1);
    expect(found.body.Resources[0].id).toBe(res.body.id);
  });

  it('keeps the case of a plain userName as sent, finds it in any case, and refuses it again in another case (409 uniqueness)', async () => {
    const userName = `BJensen_${suffix()}`;
    const created = await sendFixture(app, client, fixture('create-user-rfc7644', { userName, externalId: randomUUID() }));
    expectCreatedUser(created);
    expect(created.body.userName).toBe(userName);
    expect(await userRow(app, created.body.id)).toMatchObject({ user_name: userName, user_name_key: userName.toLowerCase() });
    for (const query of [userName.toLowerCase(), userName.toUpperCase()]) {
      const found = await findByUserName(client, query);
      expectListResponse(found, 1);
      expect(found.body.Resources[0]).toMatchObject({ id: created.body.id, userName });
    }
    const again = await sendFixture(app, client, fixture('create-user-rfc7644', { userName: userName.toLowerCase(), externalId: randomUUID() }));
    expectScimError(again, 409, 'uniqueness');
    const rows = await sql(app, 'select id from app_user where account_id = ? and user_name_key = ?', [client.accountId, userName.toLowerCase()]);
    expect(rows).toEqual([{ id: created.body.id }]);
  });

  it('refuses a blank userName and one with control characters with 400 invalidValue, and stores nothing', async () => {
    const before = await sql(app, 'select count(*)::int as n from app_user where account_id = ?', [client.accountId]);
    for (const userName of ['', '   ', `bjensen\u0007${suffix()}`]) {
      const res = await app.http.post(usersUrl(client)).set(idpHeaders(client)).send({ schemas: [URN_USER], userName });
      expectScimError(res, 400, 'invalidValue');
    }
    expect(await sql(app, 'select count(*)::int as n from app_user where account_id = ?', [client.accountId])).toEqual(before);
  });
});

describe('users without emails and with several', () => {
  it('invites a user without email only once an email arrives: the RFC 7644 PUT with two untyped emails makes the first the sign-in email', async () => {
    const userName = `bjensen_${suffix()}`;
    const externalId = randomUUID();
    const created = await sendFixture(app, client, fixture('create-user-rfc7644', { userName, externalId }));
    expectCreatedUser(created);
    expect(await mailsTo(created.body.id)).toEqual([]);

    const firstEmail = `bjensen.${suffix()}@example.com`;
    const secondEmail = `babs.${suffix()}@jensen.org`;
    const put = fixture('put-user-rfc7644', { id: created.body.id, userName, externalId, firstEmail, secondEmail });
    const res = await sendFixture(app, client, put);
    expect(res.status).toBe(put.response.status);
    expectUserResource(res);
    expect(res.body.emails).toEqual([{ value: firstEmail }, { value: secondEmail }].map((e) => expect.objectContaining(e)));
    expect(await userRow(app, created.body.id)).toMatchObject({ ...put.stored, email_key: firstEmail });
    expect(await userEmailRows(app, created.body.id)).toEqual(put.storedEmails!.map((e) => expect.objectContaining(e)));
    expect(await mailsTo(created.body.id)).toEqual([{ kind: 'invitation', to_address: firstEmail }]);
  });

  it('takes the first work email as the sign-in email when several are sent and none is primary', async () => {
    const vars = {
      userName: `jsmith_${suffix()}`,
      homeEmail: `home.${suffix()}@example.org`,
      workEmail: `Work.${suffix()}@example.com`,
      otherWorkEmail: `second.work.${suffix()}@example.com`,
    };
    const create = fixture('create-user-several-emails', vars);
    const res = await sendFixture(app, client, create);
    expect(res.status).toBe(create.response.status);
    expectCreatedUser(res);
    expect(res.body.userName).toBe(vars.userName);
    expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, email_key: vars.workEmail.toLowerCase() });
    expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
    expect(await mailsTo(res.body.id)).toEqual([{ kind: 'invitation', to_address: vars.workEmail }]);
  });

  it('takes the first email as the sign-in email when several are sent, none primary and none of type work', async () => {
    const vars = { userName: `jdoe_${suffix()}`, homeEmail: `home.${suffix()}@example.org`, otherEmail: `other.${suffix()}@example.net` };
    const create = fixture('create-user-several-emails-no-work', vars);
    const res = await sendFixture(app, client, create);
    expect(res.status).toBe(create.response.status);
    expectCreatedUser(res);
    expect(await userRow(app, res.body.id)).toMatchObject(create.stored!);
    expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
    expect(await mailsTo(res.body.id)).toEqual([{ kind: 'invitation', to_address: vars.homeEmail }]);
  });
});

describe('linking a manually invited user by email (the rule is off)', () => {
  it('links the manual user whose email is the sign-in email, ignoring case, although the userName differs: 201, same id, now SCIM-managed', async () => {
    const email = `Barbara.Jensen.${suffix()}@Example.com`;
    const manualId = await manualUser(client, email, email);
    const userName = `bjensen_${suffix()}`;
    const create = fixture('create-user-work-email', { userName, email: email.toLowerCase() });
    const res = await sendFixture(app, client, create);
    expectCreatedUser(res);
    expect(res.body.id).toBe(manualId);
    expect(res.body.userName).toBe(userName);
    expect(await userRow(app, manualId)).toMatchObject({
      managed_by: 'scim',
      user_name: userName,
      user_name_key: userName.toLowerCase(),
      email,
      email_key: email.toLowerCase(),
      family_name: 'Jensen',
    });
    expect(await sql(app, 'select id from app_user where account_id = ? and email_key = ?', [client.accountId, email.toLowerCase()])).toEqual([{ id: manualId }]);
    expect((await eventRows(app, client.accountId, manualId)).map((e) => [e.action, e.outcome])).toEqual([['user.linked', 'success']]);
    // The address is the one the person already has: no invitation, no email change to confirm.
    expect(await mailsTo(manualId)).toEqual([]);

    const again = await sendFixture(app, client, fixture('create-user-work-email', { userName, email }));
    expectScimError(again, 409, 'uniqueness');
  });

  it('does not link on the userName alone: a manual user with that userName but another email is left alone (409)', async () => {
    const userName = `jdoe_${suffix()}`;
    const manualEmail = `john.${suffix()}@example.com`;
    const manualId = await manualUser(client, userName, manualEmail);
    const res = await sendFixture(app, client, fixture('create-user-work-email', { userName, email: `jane.${suffix()}@example.com` }));
    expectScimError(res, 409, 'uniqueness');
    expect(await userRow(app, manualId)).toMatchObject({ managed_by: 'manual', user_name: userName, email: manualEmail });
  });

  it('links nobody when the SCIM user has no email: a new user is created', async () => {
    const email = `nobody.links.${suffix()}@example.com`;
    const manualId = await manualUser(client, email, email);
    const res = await sendFixture(app, client, fixture('create-user-rfc7644', { userName: `noemail_${suffix()}`, externalId: randomUUID() }));
    expectCreatedUser(res);
    expect(res.body.id).not.toBe(manualId);
    expect(await userRow(app, manualId)).toMatchObject({ managed_by: 'manual' });
  });
});
