import { randomUUID } from 'node:crypto';
import {
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
  tableText,
  userEmailRows,
  userRow,
  type Json,
} from '../../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../../support/test-app';

/**
 * The requests Okta sends to a SCIM 2.0 app for Users (IDP-TRAFFIC.md, Okta's "SCIM 2.0 protocol reference"), each sent
 * literally over HTTP, with the reply Okta needs and the state Roster must hold afterwards.
 */

let app: TestApp;
let okta: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

let sequence = 0;
function nextUserName(): string {
  sequence += 1;
  return `test.user${sequence}@okta.example.com`;
}

const fixture = (name: string, vars: Record<string, string> = {}) => loadFixture(__dirname, name, vars);
const usersUrl = (id = '') => `${okta.scimBase}/Users${id ? `/${id}` : ''}`;

/** Okta's own create request for a fresh userName; returns the reply and what was sent. */
async function oktaCreates(userName = nextUserName()) {
  const externalId = `00u${randomUUID().replace(/-/g, '').slice(0, 17)}`;
  const create = fixture('create-user', { userName, externalId });
  const res = await sendFixture(app, okta, create);
  expect(res.status).toBe(create.response.status);
  return { res, userName, externalId, id: res.body.id as string, fixture: create };
}

async function get(id: string) {
  return app.http.get(usersUrl(id)).set(idpHeaders(okta));
}

// Every fixture's userName is its email, so each behaves the same whether the account's userName = email rule is on
// (the default) or off (issue 9); the cases that differ between the two are at the end.
describe.each([true, false])('with userNameMustMatchEmail %s', (userNameMustMatchEmail) => {
  beforeAll(async () => {
    okta = await createTestAccount(app, `Okta tenant (rule ${userNameMustMatchEmail ? 'on' : 'off'})`);
    if (!userNameMustMatchEmail) await sql(app, 'update account set user_name_must_match_email = false where id = ?', [okta.accountId]);
    const [row] = await sql(app, 'select user_name_must_match_email from account where id = ?', [okta.accountId]);
    expect(row).toEqual({ user_name_must_match_email: userNameMustMatchEmail });
  });

  describe('Okta connection test and look-ups', () => {
    it('answers the connection test GET /Users?startIndex=1&count=2 with at most 2 users and integer paging fields', async () => {
      for (let i = 0; i < 3; i++) await oktaCreates();
      const res = await sendFixture(app, okta, fixture('connection-test'));
      expectListResponse(res);
      expect(res.body.startIndex).toBe(1);
      expect(res.body.itemsPerPage).toBeLessThanOrEqual(2);
      expect(res.body.Resources).toHaveLength(2);
      expect(res.body.totalResults).toBeGreaterThanOrEqual(3);
      for (const user of res.body.Resources) expect(user).not.toHaveProperty('password');
    });

    // Okta calls this when the provisioning settings are saved (enabled once /Groups landed).
    it('answers GET /Groups?startIndex=1&count=100 (sent when the settings are saved) with a ListResponse', async () => {
      const res = await sendFixture(app, okta, fixture('groups-on-save'));
      expectListResponse(res);
      expect(res.body.startIndex).toBe(1);
    });

    it('finds the user before creating when the userName arrives in UPPER case (Okta spec test)', async () => {
      const { id, userName } = await oktaCreates();
      const res = await sendFixture(app, okta, fixture('lookup-by-username', { userNameQuery: encodeURIComponent(userName.toUpperCase()) }));
      expectListResponse(res, 1);
      expect(res.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
      expect(res.body.Resources[0]).toMatchObject({ id, userName });
    });

    it('answers a look-up that matches nothing with 200, totalResults 0 and Resources []', async () => {
      const res = await sendFixture(app, okta, fixture('lookup-by-username', { userNameQuery: encodeURIComponent('nobody.here@okta.example.com') }));
      expectListResponse(res, 0);
      expect(res.body.Resources).toEqual([]);
    });
  });

  describe('Okta creates a user', () => {
    it('answers 201 with the full resource, Location and ETag, and stores what Okta sent', async () => {
      const { res, userName, externalId, id, fixture: sent } = await oktaCreates();
      expectCreatedUser(res);
      expect(res.body).toMatchObject({
        userName,
        externalId,
        name: { givenName: 'Test', familyName: 'User' },
        displayName: 'Test User',
        locale: 'en-US',
        active: true,
        emails: [{ value: userName, type: 'work', primary: true }],
      });
      const row = await userRow(app, id);
      expect(row).toMatchObject({ ...sent.stored, user_name_key: userName.toLowerCase(), email_key: userName.toLowerCase() });
      const emails = await userEmailRows(app, id);
      expect(emails).toEqual(sent.storedEmails!.map((e) => expect.objectContaining(e)));
      const get = await app.http.get(res.headers['location']!.replace('http://roster.test', '')).set(idpHeaders(okta));
      expectUserResource(get);
      expect(get.body).toEqual(res.body);
    });

    it('accepts application/json with a charset and answers application/scim+json', async () => {
      const userName = nextUserName();
      const create = fixture('create-user', { userName, externalId: randomUUID() });
      const res = await app.http
        .post(usersUrl())
        .set({ Authorization: `Bearer ${okta.scimToken}`, 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/scim+json, application/json' })
        .send(JSON.stringify(create.request.body));
      expectCreatedUser(res);
      expect(res.body.userName).toBe(userName);
    });

    it('never returns the placeholder password, and stores it in no column of any user, email or event row', async () => {
      const { res, id } = await oktaCreates();
      const password = '1mz050nq-okta-placeholder';
      expect(JSON.stringify(res.body)).not.toContain(password);
      expect(JSON.stringify((await get(id)).body)).not.toContain(password);
      const list = await app.http.get(usersUrl()).query({ count: 1000 }).set(idpHeaders(okta));
      expect(JSON.stringify(list.body)).not.toContain(password);
      for (const table of ['app_user', 'user_email', 'provisioning_event']) expect(await tableText(app, table)).not.toContain(password);
    });

    it('refuses a second user with the same userName: 409 uniqueness, and only one row exists', async () => {
      const { userName } = await oktaCreates();
      const again = await sendFixture(app, okta, fixture('create-user', { userName, externalId: 'another-external-id' }));
      expectScimError(again, 409, 'uniqueness');
      const rows = await app.orm.em.fork().getConnection().execute('select id from app_user where account_id = ? and user_name_key = ?', [okta.accountId, userName]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('Okta updates by GET, then PUT of the whole body', () => {
    it('accepts the body it read back (id, meta, groups, schemas included) and stores the change', async () => {
      const { id } = await oktaCreates();
      const read = await get(id);
      expectUserResource(read);
      const body: Json = { ...read.body, groups: [], password: 'another-placeholder-9', name: { ...read.body.name, givenName: 'Renamed' } };
      const put = await app.http.put(usersUrl(id)).set(idpHeaders(okta)).send(body);
      expectUserResource(put);
      expect(put.body).toMatchObject({ id, name: { givenName: 'Renamed', familyName: 'User' } });
      expect(put.body.meta.version).not.toBe(read.body.meta.version);
      expect(put.body.meta.created).toBe(read.body.meta.created);
      expect(await userRow(app, id)).toMatchObject({ id, given_name: 'Renamed', family_name: 'User', managed_by: 'scim' });
      expect(await tableText(app, 'app_user')).not.toContain('another-placeholder-9');
    });

    it("accepts Okta's literal PUT: read-only id/meta/groups and the password are ignored, empty strings clear", async () => {
      const { id, userName, externalId } = await oktaCreates();
      const put = fixture('put-user', { id, userName, externalId });
      const res = await sendFixture(app, okta, put);
      expect(res.status).toBe(put.response.status);
      expectUserResource(res);
      expect(res.body.id).toBe(id);
      expect(res.body.meta.location).toBe(`http://roster.test${usersUrl(id)}`);
      expect(res.body).not.toHaveProperty('displayName');
      expect(res.body.name).toEqual({ givenName: 'Another', familyName: 'User' });
      expect(res.body.emails).toEqual([{ value: userName, type: 'work', primary: true }]);
      expect(await userRow(app, id)).toMatchObject(put.stored!);
      expect(await userEmailRows(app, id)).toEqual([expect.objectContaining({ value: userName, display: null, primary: true })]);
    });

    it('ignores the groups of a PUT body: memberships stay as the Groups resource set them', async () => {
      const { id } = await oktaCreates();
      const group = await app.http
        .post(`${okta.scimBase}/Groups`)
        .set(idpHeaders(okta))
        .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Okta push ${randomUUID()}`, members: [{ value: id }] });
      expect(group.status).toBe(201);
      const read = await get(id);
      const put = await app.http
        .put(usersUrl(id))
        .set(idpHeaders(okta))
        .send({ ...read.body, groups: [{ value: randomUUID(), display: 'Not a real group' }], title: 'Engineer' });
      expectUserResource(put);
      expect(put.body.title).toBe('Engineer');
      const memberships = await app.orm.em.fork().getConnection().execute('select group_id from group_membership where user_id = ?', [id]);
      expect(memberships).toEqual([{ group_id: group.body.id }]);
    });

    it('updates the user of the URL even when the body names another id', async () => {
      const target = await oktaCreates();
      const bystander = await oktaCreates();
      const read = await get(target.id);
      const put = await app.http.put(usersUrl(target.id)).set(idpHeaders(okta)).send({ ...read.body, id: bystander.id, title: 'Target only' });
      expectUserResource(put);
      expect(put.body.id).toBe(target.id);
      expect(await userRow(app, target.id)).toMatchObject({ title: 'Target only' });
      expect(await userRow(app, bystander.id)).toMatchObject({ title: null, user_name: bystander.userName });
    });

    it('answers PUT and PATCH of an unknown id with 404', async () => {
      const id = randomUUID();
      expectScimError(await sendFixture(app, okta, fixture('put-user', { id, userName: nextUserName(), externalId: 'x' })), 404);
      expectScimError(await sendFixture(app, okta, fixture('deactivate-pathless-patch', { id })), 404);
    });

    it('deactivates by PUT with active false; the user is still returned by GET and by filter', async () => {
      const { id, userName } = await oktaCreates();
      const read = await get(id);
      const put = await app.http.put(usersUrl(id)).set(idpHeaders(okta)).send({ ...read.body, active: false });
      expectUserResource(put);
      expect(put.body.active).toBe(false);
      expect(await userRow(app, id)).toMatchObject({ active: false });
      const again = await get(id);
      expect(again.status).toBe(200);
      expect(again.body.active).toBe(false);
      const filtered = await sendFixture(app, okta, fixture('lookup-by-username', { userNameQuery: encodeURIComponent(userName) }));
      expectListResponse(filtered, 1);
      expect(filtered.body.Resources[0]).toMatchObject({ id, active: false });
    });

    it('reactivates by PUT with active true', async () => {
      const { id } = await oktaCreates();
      const read = await get(id);
      await app.http.put(usersUrl(id)).set(idpHeaders(okta)).send({ ...read.body, active: false }).expect(200);
      const deactivated = await get(id);
      const put = await app.http.put(usersUrl(id)).set(idpHeaders(okta)).send({ ...deactivated.body, active: true });
      expectUserResource(put);
      expect(put.body.active).toBe(true);
      expect(await userRow(app, id)).toMatchObject({ active: true });
    });
  });

  describe('Okta PATCHes a user', () => {
    it('deactivates with a pathless replace {"active":false}; GET and filter still return the user', async () => {
      const { id, userName } = await oktaCreates();
      const patch = fixture('deactivate-pathless-patch', { id });
      const res = await sendFixture(app, okta, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body).toMatchObject({ id, active: false, userName });
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
      expect((await get(id)).body.active).toBe(false);
      const filtered = await sendFixture(app, okta, fixture('lookup-by-username', { userNameQuery: encodeURIComponent(userName.toUpperCase()) }));
      expectListResponse(filtered, 1);
      expect(filtered.body.Resources[0]).toMatchObject({ id, active: false });
    });

    it('reactivates with a pathless replace {"active":true}', async () => {
      const { id } = await oktaCreates();
      await sendFixture(app, okta, fixture('deactivate-pathless-patch', { id })).expect(200);
      const patch = fixture('reactivate-pathless-patch', { id });
      const res = await sendFixture(app, okta, patch);
      expectUserResource(res);
      expect(res.body.active).toBe(true);
      expect(await userRow(app, id)).toMatchObject(patch.stored!);
    });

    it('ignores the read-only id inside a replace value and applies the rest', async () => {
      const { id } = await oktaCreates();
      const otherId = randomUUID();
      const patch = fixture('replace-with-read-only-id', { id, otherId });
      const res = await sendFixture(app, okta, patch);
      expect(res.status).toBe(patch.response.status);
      expectUserResource(res);
      expect(res.body).toMatchObject({ id, active: false });
      expect(await userRow(app, id)).toMatchObject({ id, ...patch.stored });
      expect(await userRow(app, otherId)).toBeUndefined();
      expectScimError(await get(otherId), 404);
    });

    it('accepts a password sync and stores the password nowhere', async () => {
      const { id } = await oktaCreates();
      const before = await get(id);
      const res = await sendFixture(app, okta, fixture('password-sync-patch', { id }));
      expectUserResource(res);
      expect(JSON.stringify(res.body)).not.toContain('OktaSynced-Secret-42!');
      expect(res.body.meta.version).toBe(before.body.meta.version);
      for (const table of ['app_user', 'user_email', 'provisioning_event']) expect(await tableText(app, table)).not.toContain('OktaSynced-Secret-42!');
    });

    it('deletes when asked (Okta itself never deletes): 204, then 404, twice 404', async () => {
      const { id } = await oktaCreates();
      const res = await app.http.delete(usersUrl(id)).set(idpHeaders(okta));
      expect(res.status).toBe(204);
      expect(await userRow(app, id)).toBeUndefined();
      expectScimError(await get(id), 404);
      expectScimError(await app.http.delete(usersUrl(id)).set(idpHeaders(okta)), 404);
      expect((await eventRows(app, okta.accountId, id)).map((e) => e.action)).toContain('user.deleted');
    });
  });

  describe('Okta error replies', () => {
    it('answers GET of an unknown id with 404 and a SCIM error whose status is a string', async () => {
      expectScimError(await get(randomUUID()), 404);
      expectScimError(await get('00ujl29u0le5T6Aj10h7'), 404);
    });

    it('answers a missing or bad token with 401, WWW-Authenticate: Bearer and a SCIM error', async () => {
      const missing = await app.http.get(usersUrl()).query({ startIndex: 1, count: 2 });
      const bad = await app.http.get(usersUrl()).query({ startIndex: 1, count: 2 }).set('Authorization', 'Bearer not-a-roster-token');
      const other = await app.http.post(usersUrl()).set({ ...idpHeaders(okta), Authorization: `Bearer ${okta.scimToken}x` }).send({ userName: 'x@y.com' });
      for (const res of [missing, bad, other]) {
        expectScimError(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
      expectScimMediaType(missing);
    });
  });

  describe("what depends on the account's userName rule", () => {
    const customFormat = (userName: string, email: string) => fixture('create-user-custom-username', { userName, email, externalId: randomUUID() });

    if (userNameMustMatchEmail) {
      it('refuses a custom-format userName that is not an email with 400 invalidValue naming it, and stores nothing', async () => {
        const userName = `okta_${randomUUID().slice(0, 8)}`;
        const res = await sendFixture(app, okta, customFormat(userName, `${userName}@okta.example.com`));
        expectScimError(res, 400, 'invalidValue');
        expect(res.body.detail).toContain(userName);
        expect(await sql(app, 'select id from app_user where account_id = ? and user_name_key = ?', [okta.accountId, userName])).toEqual([]);
      });

      it('refuses a work email that differs from the userName with 400 invalidValue naming both, and stores nothing', async () => {
        const userName = nextUserName();
        const email = `other.${userName}`;
        const res = await sendFixture(app, okta, customFormat(userName, email));
        expectScimError(res, 400, 'invalidValue');
        expect(res.body.detail).toContain(userName);
        expect(res.body.detail).toContain(email);
        expect(await sql(app, 'select id from app_user where account_id = ? and user_name_key = ?', [okta.accountId, userName])).toEqual([]);
      });
    } else {
      it('accepts a custom-format userName that is not an email, stored and returned exactly as sent; the work email signs in', async () => {
        const userName = `Okta_${randomUUID().slice(0, 8)}`;
        const email = `${userName.toLowerCase()}@okta.example.com`;
        const create = customFormat(userName, email);
        const res = await sendFixture(app, okta, create);
        expect(res.status).toBe(create.response.status);
        expectCreatedUser(res);
        expect(res.body.userName).toBe(userName);
        expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, user_name_key: userName.toLowerCase(), email_key: email });
        expect(await userEmailRows(app, res.body.id)).toEqual(create.storedEmails!.map((e) => expect.objectContaining(e)));
        const found = await sendFixture(app, okta, fixture('lookup-by-username', { userNameQuery: encodeURIComponent(userName.toUpperCase()) }));
        expectListResponse(found, 1);
        expect(found.body.Resources[0]).toMatchObject({ id: res.body.id, userName });
      });

      it('accepts a work email that differs from the userName; the email is the sign-in address and gets the invitation', async () => {
        const userName = nextUserName();
        const email = `other.${userName}`;
        const create = customFormat(userName, email);
        const res = await sendFixture(app, okta, create);
        expect(res.status).toBe(create.response.status);
        expectCreatedUser(res);
        expect(res.body).toMatchObject({ userName, emails: [{ value: email, type: 'work', primary: true }] });
        expect(await userRow(app, res.body.id)).toMatchObject({ ...create.stored, email_key: email });
        const invitations = await sql(app, `select to_address from email_outbox where user_id = ? and kind = 'invitation'`, [res.body.id]);
        expect(invitations).toEqual([{ to_address: email }]);
      });
    }
  });
});
