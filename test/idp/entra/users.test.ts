import { randomUUID } from 'node:crypto';
import {
  URN_ENTERPRISE,
  URN_USER,
  eventRows,
  expectCreatedUser,
  expectListResponse,
  expectScimError,
  expectScimMediaType,
  expectUserResource,
  idpHeaders,
  loadFixture,
  sendFixture,
  sql,
  userEmailRows,
  userRow,
} from '../../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../../support/test-app';

/**
 * The requests Microsoft Entra ID sends to a SCIM 2.0 app for Users (IDP-TRAFFIC.md; Microsoft's "Develop a SCIM
 * endpoint" and "Known issues for SCIM 2.0 compliance"), each sent literally over HTTP, with the reply Entra needs and
 * the state Roster must hold afterwards.
 */

let app: TestApp;
/** The account every fixture runs against, once with the userName = email rule on (the default) and once with it off. */
let entra: TestAccount;
/** An account whose Entra userNames are UPN-like names, not emails: the rule is turned off. */
let entraUpn: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  entraUpn = await createTestAccount(app, 'Entra UPN tenant');
  await sql(app, 'update account set user_name_must_match_email = false where id = ?', [entraUpn.accountId]);
});
afterAll(() => app.close());

const fixture = (name: string, vars: Record<string, string> = {}) => loadFixture(__dirname, name, vars);
const usersUrl = (account: TestAccount, id = '') => `${account.scimBase}/Users${id ? `/${id}` : ''}`;
const newUserName = () => `Test_User_${randomUUID()}@testuser.com`;

async function get(id: string, account = entra) {
  return app.http.get(usersUrl(account, id)).set(idpHeaders(account));
}

/** Entra's create request (nulls, bare-string manager); the manager is created first when not given. */
async function entraCreates(vars: { userName?: string; externalId?: string; managerId?: string } = {}) {
  const userName = vars.userName ?? newUserName();
  const externalId = vars.externalId ?? randomUUID();
  const managerId = vars.managerId ?? (await entraCreatesWithoutEmail()).id;
  const create = fixture('create-user', { userName, externalId, managerId });
  const res = await sendFixture(app, entra, create);
  expect(res.status).toBe(create.response.status);
  return { res, id: res.body.id as string, userName, externalId, managerId, fixture: create };
}

async function entraCreatesWithoutEmail(account = entra) {
  const userName = newUserName();
  const create = fixture('create-user-without-email', { userName, externalId: randomUUID() });
  const res = await sendFixture(app, account, create);
  expect(res.status).toBe(create.response.status);
  return { res, id: res.body.id as string, userName, fixture: create };
}

// Every fixture whose userName is its work email behaves the same whether the account's userName = email rule is on
// or off (issue 9); the cases that differ between the two are at the end.
describe.each([true, false])('with userNameMustMatchEmail %s', (userNameMustMatchEmail) => {
  beforeAll(async () => {
    entra = await createTestAccount(app, `Entra tenant (rule ${userNameMustMatchEmail ? 'on' : 'off'})`);
    if (!userNameMustMatchEmail) await sql(app, 'update account set user_name_must_match_email = false where id = ?', [entra.accountId]);
    const [row] = await sql(app, 'select user_name_must_match_email from account where id = ?', [entra.accountId]);
    expect(row).toEqual({ user_name_must_match_email: userNameMustMatchEmail });
  });

  describe('Entra connection test, schemas and matching', () => {
    it('answers the connection test (userName eq a random GUID) with 200 and zero results', async () => {
      const res = await sendFixture(app, entra, fixture('connection-test', { guid: randomUUID() }));
      expectListResponse(res, 0);
      expect(res.body.Resources).toEqual([]);
      expect(res.body.startIndex).toBe(1);
      expect(res.body.itemsPerPage).toBe(0);
    });

    it('serves GET /Schemas with the User and enterprise User schemas', async () => {
      const res = await sendFixture(app, entra, fixture('get-schemas'));
      expectListResponse(res);
      const ids = res.body.Resources.map((s: { id: string }) => s.id);
      expect(ids).toEqual(expect.arrayContaining([URN_USER, URN_ENTERPRISE]));
      const user = res.body.Resources.find((s: { id: string }) => s.id === URN_USER);
      expect(user.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['userName', 'active', 'emails', 'externalId']));
    });

    it('matches by userName eq', async () => {
      const { id, userName } = await entraCreates();
      const res = await sendFixture(app, entra, fixture('match-by-username', { userName: encodeURIComponent(userName) }));
      expectListResponse(res, 1);
      expect(res.body.Resources[0]).toMatchObject({ id, userName });
    });

    it('matches by externalId eq', async () => {
      const { id, externalId } = await entraCreates();
      const res = await sendFixture(app, entra, fixture('match-by-external-id', { externalId }));
      expectListResponse(res, 1);
      expect(res.body.Resources[0]).toMatchObject({ id, externalId });
      const miss = await sendFixture(app, entra, fixture('match-by-external-id', { externalId: externalId.toUpperCase() }));
      expectListResponse(miss, 0); // externalId is caseExact (RFC 7643 §3.1)
    });

    it('matches by emails[type eq "work"].value eq, ignoring the case of the address', async () => {
      const { id, userName } = await entraCreates();
      const res = await sendFixture(app, entra, fixture('match-by-work-email', { email: encodeURIComponent(userName.toUpperCase()) }));
      expectListResponse(res, 1);
      expect(res.body.Resources[0].id).toBe(id);
    });

    it('matches by userName eq and externalId eq joined by and', async () => {
      const { id, userName, externalId } = await entraCreates();
      const res = await app.http
        .get(usersUrl(entra))
        .query({ filter: `userName eq "${userName}" and externalId eq "${externalId}"` })
        .set(idpHeaders(entra));
      expectListResponse(res, 1);
      expect(res.body.Resources[0].id).toBe(id);
      const miss = await app.http
        .get(usersUrl(entra))
        .query({ filter: `userName eq "${userName}" and externalId eq "${randomUUID()}"` })
        .set(idpHeaders(entra));
      expectListResponse(miss, 0);
    });

    it('does not match a work-email filter on a user whose only address of that value is not of type work', async () => {
      const userName = newUserName();
      const created = await app.http
        .post(usersUrl(entra))
        .set(idpHeaders(entra))
        .send({ schemas: [URN_USER], userName, emails: [{ type: 'home', value: userName, primary: true }], externalId: randomUUID() });
      expect(created.status).toBe(201);
      const res = await sendFixture(app, entra, fixture('match-by-work-email', { email: encodeURIComponent(userName) }));
      expectListResponse(res, 0);
    });
  });

  describe('Entra creates a user', () => {
    it('accepts nulls and a bare-string manager: 201 with the full resource, stored as sent', async () => {
      const { res, id, userName, externalId, managerId, fixture: sent } = await entraCreates();
      expectCreatedUser(res);
      expect(res.body).toMatchObject({
        userName,
        externalId,
        active: true,
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
        emails: [{ value: userName, type: 'work', primary: true }],
        [URN_ENTERPRISE]: { employeeNumber: '701984', manager: { value: managerId } },
      });
      expect(res.body.schemas).toEqual(expect.arrayContaining([URN_USER, URN_ENTERPRISE]));
      for (const absent of ['displayName', 'title', 'phoneNumbers', 'roles']) expect(res.body).not.toHaveProperty(absent);
      expect(res.body.name).not.toHaveProperty('middleName');
      expect(res.body[URN_ENTERPRISE]).not.toHaveProperty('department');
      expect(await userRow(app, id)).toMatchObject({ ...sent.stored, user_name_key: userName.toLowerCase(), email_key: userName.toLowerCase() });
      expect(await userEmailRows(app, id)).toEqual(sent.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it("accepts the tutorial's create with a userName that is not an email when the account's rule is off", async () => {
      const userName = `Test_User_${randomUUID()}`;
      const email = `${userName}@testuser.com`;
      const create = fixture('create-user-tutorial', { userName, externalId: randomUUID(), email });
      const res = await sendFixture(app, entraUpn, create);
      expect(res.status).toBe(create.response.status);
      expectCreatedUser(res);
      expect(await userRow(app, res.body.id)).toMatchObject(create.stored!);
      expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it("accepts the validator's create whose work email has no primary flag", async () => {
      const userName = newUserName();
      const create = fixture('create-user-validator', { userName, externalId: randomUUID() });
      const res = await sendFixture(app, entra, create);
      expect(res.status).toBe(create.response.status);
      expectCreatedUser(res);
      expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
      expect(await userRow(app, res.body.id)).toMatchObject({ email: userName });
    });

    it('refuses a duplicate userName (in another case) with 409 uniqueness and keeps one row', async () => {
      const { userName } = await entraCreates();
      const again = await sendFixture(app, entra, fixture('create-user', { userName: userName.toUpperCase(), externalId: randomUUID(), managerId: randomUUID() }));
      expectScimError(again, 409, 'uniqueness');
      const rows = await sql(app, 'select id from app_user where account_id = ? and user_name_key = ?', [entra.accountId, userName.toLowerCase()]);
      expect(rows).toHaveLength(1);
    });

    it('refuses a duplicate externalId with 409 uniqueness', async () => {
      const { externalId } = await entraCreates();
      const again = await sendFixture(app, entra, fixture('create-user', { userName: newUserName(), externalId, managerId: randomUUID() }));
      expectScimError(again, 409, 'uniqueness');
    });
  });

  describe('Entra PATCHes a user', () => {
    it('disables with {"op":"Replace","path":"active","value":"False"}; GET and filters still return the user', async () => {
      const { id, userName, externalId } = await entraCreates();
      const patch = fixture('patch-disable', { id });
      const res = await sendFixture(app, entra, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body.active).toBe(false);
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
      const read = await get(id);
      expectUserResource(read);
      expect(read.body.active).toBe(false);
      for (const match of [
        fixture('match-by-username', { userName: encodeURIComponent(userName) }),
        fixture('match-by-external-id', { externalId }),
        fixture('match-by-work-email', { email: encodeURIComponent(userName) }),
      ]) {
        const found = await sendFixture(app, entra, match);
        expectListResponse(found, 1);
        expect(found.body.Resources[0]).toMatchObject({ id, active: false });
      }
      const events = await eventRows(app, entra.accountId, id);
      expect(events.map((e) => e.action)).toContain('user.deactivated');
    });

    it('enables again with "value":"True"', async () => {
      const { id } = await entraCreates();
      await sendFixture(app, entra, fixture('patch-disable', { id })).expect(200);
      const patch = fixture('patch-enable', { id });
      const res = await sendFixture(app, entra, patch);
      expectUserResource(res);
      expect(res.body.active).toBe(true);
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
    });

    it('reads "primary":"True" as a boolean and merges the re-added work email into the existing one', async () => {
      const userName = newUserName();
      const created = await sendFixture(app, entra, fixture('create-user-validator', { userName, externalId: randomUUID() }));
      expect(created.status).toBe(201);
      const patch = fixture('patch-add-primary-string', { id: created.body.id, userName });
      const res = await sendFixture(app, entra, patch);
      expectUserResource(res);
      expect(res.body.emails).toEqual([{ value: userName, type: 'work', primary: true }]);
      expect(await userEmailRows(app, created.body.id)).toEqual(patch.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it('creates the work email on Add of emails[type eq "work"].value when the user has none', async () => {
      const { id, userName } = await entraCreatesWithoutEmail();
      expect(await userEmailRows(app, id)).toEqual([]);
      const patch = fixture('patch-add-work-email', { id, email: userName });
      const res = await sendFixture(app, entra, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body.emails).toEqual([expect.objectContaining({ value: userName, type: 'work' })]);
      expect(await userEmailRows(app, id)).toEqual(patch.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it('creates the work email on Replace of emails[type eq "work"].value when the user has none', async () => {
      const { id, userName } = await entraCreatesWithoutEmail();
      const patch = fixture('patch-replace-work-email', { id, email: userName });
      const res = await sendFixture(app, entra, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(await userEmailRows(app, id)).toEqual(patch.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it("applies the tutorial's two-operation update (new work email, new family name)", async () => {
      const userName = `Test_User_${randomUUID()}`;
      const created = await sendFixture(app, entraUpn, fixture('create-user-tutorial', { userName, externalId: randomUUID(), email: `${userName}@testuser.com` }));
      expect(created.status).toBe(201);
      const email = `updated_${userName}@testuser.com`;
      const patch = fixture('patch-tutorial-update', { id: created.body.id, email });
      const res = await sendFixture(app, entraUpn, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body.name.familyName).toBe('updatedFamilyName');
      expect(await userRow(app, created.body.id)).toMatchObject(patch.stored!);
      expect(await userEmailRows(app, created.body.id)).toEqual(patch.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it('replaces on Add of single-valued attributes that already have a value', async () => {
      const { id } = await entraCreates();
      await app.http.patch(usersUrl(entra, id)).set(idpHeaders(entra)).send({ Operations: [{ op: 'Add', path: 'displayName', value: 'First Display' }] }).expect(200);
      const patch = fixture('patch-add-single-valued', { id });
      const res = await sendFixture(app, entra, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body).toMatchObject({ displayName: 'Changed Display', name: { givenName: 'Changed' }, [URN_ENTERPRISE]: { employeeNumber: '900001' } });
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
    });

    it('applies a pathless replace whose keys are dotted paths and URN-qualified names', async () => {
      const { id, userName } = await entraCreates();
      const newExternalId = randomUUID();
      const patch = fixture('patch-pathless-dotted-keys', { id, userName, newExternalId });
      const res = await sendFixture(app, entra, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body).toMatchObject({
        displayName: 'Gtfd Pkqf',
        externalId: newExternalId,
        name: { givenName: 'Gtfd', familyName: 'Pkqf' },
        [URN_ENTERPRISE]: { employeeNumber: '7' },
      });
      expect(res.body).not.toHaveProperty(['name.givenName']);
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
      expect(await userEmailRows(app, id)).toEqual(patch.storedEmails!.map((e) => expect.objectContaining(e)));
    });

    it('sets the manager by {"op":"Add","path":"manager","value":[{"value":id}]}, by URN path with a bare string, and clears it with ""', async () => {
      const { id } = await entraCreates();
      const first = (await entraCreatesWithoutEmail()).id;
      const second = (await entraCreatesWithoutEmail()).id;

      const add = fixture('patch-manager-add', { id, managerId: first });
      const added = await sendFixture(app, entra, add);
      expect(added.status).toBe(add.response.status);
      expectUserResource(added);
      expect(added.body[URN_ENTERPRISE].manager).toMatchObject({ value: first });
      expect(await userRow(app, id)).toMatchObject(add.stored!);

      const replace = fixture('patch-manager-urn-string', { id, managerId: second });
      const replaced = await sendFixture(app, entra, replace);
      expect(replaced.status).toBe(replace.response.status);
      expect(replaced.body[URN_ENTERPRISE].manager).toMatchObject({ value: second });
      expect(await userRow(app, id)).toMatchObject(replace.stored!);

      const clear = fixture('patch-manager-clear', { id });
      const cleared = await sendFixture(app, entra, clear);
      expect(cleared.status).toBe(clear.response.status);
      expectUserResource(cleared);
      expect(cleared.body[URN_ENTERPRISE]).not.toHaveProperty('manager');
      expect(cleared.body[URN_ENTERPRISE].employeeNumber).toBe('701984');
      expect(await userRow(app, id)).toMatchObject(clear.stored!);
    });

    it('treats an empty Operations array as a no-op: 200 and the version unchanged', async () => {
      const { id } = await entraCreates();
      const before = await get(id);
      const rowBefore = await userRow(app, id);
      const res = await sendFixture(app, entra, fixture('patch-empty-operations', { id }));
      expect(res.status).toBe(200);
      expectUserResource(res);
      expect(res.headers['etag']).toBe(before.headers['etag']);
      expect(res.body).toEqual(before.body);
      expect(await userRow(app, id)).toEqual(rowBefore);
    });
  });

  describe('Entra deletes a user', () => {
    it('answers 204, then 404 for GET and for a second DELETE', async () => {
      const { id } = await entraCreates();
      await sendFixture(app, entra, fixture('patch-disable', { id })).expect(200);
      const del = fixture('delete-user', { id });
      const res = await sendFixture(app, entra, del);
      expect(res.status).toBe(del.response.status);
      expect(res.text).toBe('');
      expect(await userRow(app, id)).toBeUndefined();
      expect(await userEmailRows(app, id)).toEqual([]);
      expectScimError(await get(id), 404);
      expectScimError(await sendFixture(app, entra, fixture('delete-user', { id })), 404);
    });

    it('provisions the same userName again after a hard delete, as a new user', async () => {
      const { id, userName, externalId, managerId } = await entraCreates();
      await sendFixture(app, entra, fixture('delete-user', { id })).expect(204);
      const again = await entraCreates({ userName, externalId, managerId });
      expectCreatedUser(again.res);
      expect(again.id).not.toBe(id);
      expect(await userRow(app, again.id)).toMatchObject({ user_name: userName, external_id: externalId, active: true });
    });
  });

  describe('Entra error replies', () => {
    it('answers GET of an unknown id with 404 and a SCIM error whose status is a string', async () => {
      expectScimError(await get(randomUUID()), 404);
      expectScimError(await get('not-a-uuid'), 404);
    });

    it('answers a missing or bad token with 401, WWW-Authenticate: Bearer and a SCIM error', async () => {
      const connection = fixture('connection-test', { guid: randomUUID() });
      const missing = await app.http.get(`${entra.scimBase}${connection.request.path}`);
      const bad = await app.http.get(`${entra.scimBase}${connection.request.path}`).set('Authorization', 'Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.x');
      const otherAccount = await app.http.get(`${entra.scimBase}${connection.request.path}`).set('Authorization', `Bearer ${entraUpn.scimToken}`);
      for (const res of [missing, bad, otherAccount]) {
        expectScimError(res, 401);
        expectScimMediaType(res);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
    });
  });

  describe("what depends on the account's userName rule", () => {
    // Entra tenants map userName from a non-routable userPrincipalName or mailNickname, and the work email from mail.
    const tutorialCreate = (userName: string, email: string) => fixture('create-user-tutorial', { userName, externalId: randomUUID(), email });
    const stored = (userName: string) => sql(app, 'select id from app_user where account_id = ? and user_name_key = ?', [entra.accountId, userName.toLowerCase()]);

    if (userNameMustMatchEmail) {
      it("refuses the tutorial's userName that is not an email with 400 invalidValue naming it, and stores nothing", async () => {
        const userName = `Test_User_${randomUUID()}`;
        const res = await sendFixture(app, entra, tutorialCreate(userName, `${userName}@testuser.com`));
        expectScimError(res, 400, 'invalidValue');
        expect(res.body.detail).toContain(userName);
        expect(await stored(userName)).toEqual([]);
      });

      it('refuses a UPN userName that differs from the work email with 400 invalidValue naming both, and stores nothing', async () => {
        const userName = `${randomUUID()}@testuser.onmicrosoft.com`;
        const email = `Test_User_${randomUUID()}@testuser.com`;
        const res = await sendFixture(app, entra, tutorialCreate(userName, email));
        expectScimError(res, 400, 'invalidValue');
        expect(res.body.detail).toContain(userName);
        expect(res.body.detail).toContain(email);
        expect(await stored(userName)).toEqual([]);
      });
    } else {
      it("accepts the tutorial's userName that is not an email, stored and returned exactly as sent", async () => {
        const userName = `Test_User_${randomUUID()}`;
        const email = `${userName}@testuser.com`;
        const create = tutorialCreate(userName, email);
        const res = await sendFixture(app, entra, create);
        expect(res.status).toBe(create.response.status);
        expectCreatedUser(res);
        expect(res.body.userName).toBe(userName);
        expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, email, email_key: email.toLowerCase() });
        const found = await sendFixture(app, entra, fixture('match-by-username', { userName: encodeURIComponent(userName) }));
        expectListResponse(found, 1);
        expect(found.body.Resources[0]).toMatchObject({ id: res.body.id, userName });
      });

      it('accepts a UPN userName that differs from the work email; the work email is the sign-in address', async () => {
        const userName = `${randomUUID()}@testuser.onmicrosoft.com`;
        const email = `Test_User_${randomUUID()}@testuser.com`;
        const create = tutorialCreate(userName, email);
        const res = await sendFixture(app, entra, create);
        expect(res.status).toBe(create.response.status);
        expectCreatedUser(res);
        expect(res.body).toMatchObject({ userName, emails: [{ value: email, type: 'work', primary: true }] });
        expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, email, email_key: email.toLowerCase() });
        expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
        const byEmail = await sendFixture(app, entra, fixture('match-by-work-email', { email: encodeURIComponent(email) }));
        expectListResponse(byEmail, 1);
        expect(byEmail.body.Resources[0].id).toBe(res.body.id);
      });
    }
  });
});
