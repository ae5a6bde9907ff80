import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  other = await createTestAccount(app, 'Other');
});
afterAll(() => app.close());

const SCIM = 'application/scim+json';
const auth = (account: TestAccount = acme) => ({ Authorization: `Bearer ${account.scimToken}`, 'Content-Type': SCIM });

function oktaUser(email: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    externalId: `ext-${email}`,
    groups: [],
    password: 'placeholder-Okta-password-1!',
    active: true,
    ...extra,
  };
}

describe('SCIM /Users', () => {
  it('creates a user: 201, Location, ETag, full resource without the password', async () => {
    const res = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('ada@example.com'));
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.headers['location']).toBe(`http://roster.test${acme.scimBase}/Users/${res.body.id}`);
    expect(res.headers['etag']).toBe(res.body.meta.version);
    expect(res.body).toMatchObject({
      userName: 'ada@example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      active: true,
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      meta: { resourceType: 'User', location: res.headers['location'] },
    });
    expect(JSON.stringify(res.body)).not.toContain('placeholder-Okta-password');
    const stored = await app.orm.em.fork().getConnection().execute('select * from app_user where id = ?', [res.body.id]);
    expect(JSON.stringify(stored)).not.toContain('placeholder-Okta-password');
  });

  it('finds a user by userName ignoring case, and answers an unknown one with an empty list', async () => {
    await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('grace@example.com'));
    const hit = await app.http
      .get(`${acme.scimBase}/Users`)
      .query({ filter: 'userName eq "GRACE@EXAMPLE.COM"', startIndex: 1, count: 100 })
      .set(auth());
    expect(hit.status).toBe(200);
    expect(hit.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(hit.body.Resources[0].userName).toBe('grace@example.com');
    const miss = await app.http.get(`${acme.scimBase}/Users`).query({ filter: 'userName eq "0b8f1e4e-7f6a-4a53-a1e8-3f5e2a8c9d10"' }).set(auth());
    expect(miss.status).toBe(200);
    expect(miss.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('refuses a second SCIM user with the same userName in any case: 409 uniqueness', async () => {
    await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('linus@example.com'));
    const res = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('LINUS@example.com', { emails: [{ value: 'LINUS@example.com', primary: true }], externalId: 'x2' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('refuses a userName that is not the primary email, naming both', async () => {
    const res = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('alan@example.com', { emails: [{ value: 'turing@example.com', primary: true }] }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toContain('alan@example.com');
    expect(res.body.detail).toContain('turing@example.com');
  });

  it('keeps accounts apart: another account sees neither the user nor its userName', async () => {
    const created = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('secret@example.com'));
    const get = await app.http.get(`${other.scimBase}/Users/${created.body.id}`).set(auth(other));
    expect(get.status).toBe(404);
    const list = await app.http.get(`${other.scimBase}/Users`).query({ filter: 'userName eq "secret@example.com"' }).set(auth(other));
    expect(list.body.totalResults).toBe(0);
    const same = await app.http.post(`${other.scimBase}/Users`).set(auth(other)).send(oktaUser('secret@example.com'));
    expect(same.status).toBe(201);
  });

  it('deactivates with a pathless PATCH and still returns the user by GET and filter', async () => {
    const created = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('barbara@example.com'));
    const patch = await app.http
      .patch(`${acme.scimBase}/Users/${created.body.id}`)
      .set(auth())
      .send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(patch.status).toBe(200);
    expect(patch.body.active).toBe(false);
    const get = await app.http.get(`${acme.scimBase}/Users/${created.body.id}`).set(auth());
    expect(get.body.active).toBe(false);
    const filtered = await app.http.get(`${acme.scimBase}/Users`).query({ filter: 'userName eq "barbara@example.com"' }).set(auth());
    expect(filtered.body.Resources[0].active).toBe(false);
  });

  it('deletes: 204, then 404, and deleting twice is 404', async () => {
    const created = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('edsger@example.com'));
    expect((await app.http.delete(`${acme.scimBase}/Users/${created.body.id}`).set(auth())).status).toBe(204);
    const get = await app.http.get(`${acme.scimBase}/Users/${created.body.id}`).set(auth());
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    expect((await app.http.delete(`${acme.scimBase}/Users/${created.body.id}`).set(auth())).status).toBe(404);
  });

  it('accepts If-Match with several tags when any of them is current (RFC 9110 §13.1.1)', async () => {
    const created = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send(oktaUser('tags@example.com'));
    const body = { ...oktaUser('tags@example.com'), title: 'Engineer' };
    const stale = await app.http.put(`${acme.scimBase}/Users/${created.body.id}`).set(auth()).set('If-Match', 'W/"999"').send(body);
    expect(stale.status).toBe(412);
    const res = await app.http.put(`${acme.scimBase}/Users/${created.body.id}`).set(auth()).set('If-Match', `W/"999", ${created.headers['etag']}`).send(body);
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Engineer');
  });
});
