import { startTestApp, createTestAccount, type TestApp, type TestAccount } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app);
});
afterAll(() => app.close());

const auth = () => ({ Authorization: `Bearer ${acme.scimToken}` });

describe('SCIM discovery', () => {
  it('serves ServiceProviderConfig as application/scim+json with patch, filter, sort, etag and cursor paging', async () => {
    const res = await app.http.get(`${acme.scimBase}/ServiceProviderConfig`).set(auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: true },
      etag: { supported: true },
      bulk: { supported: false },
      pagination: { cursor: true, index: true },
    });
    expect(res.body.meta.location).toBe(`http://roster.test${acme.scimBase}/ServiceProviderConfig`);
  });

  it('lists the User and Group resource types and finds one by id', async () => {
    const list = await app.http.get(`${acme.scimBase}/ResourceTypes`).set(auth());
    expect(list.status).toBe(200);
    expect(list.body.totalResults).toBe(2);
    expect(list.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(['Group', 'User']);
    const user = await app.http.get(`${acme.scimBase}/ResourceTypes/User`).set(auth());
    expect(user.body.schemaExtensions.map((e: { schema: string }) => e.schema)).toEqual([
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User',
    ]);
    const missing = await app.http.get(`${acme.scimBase}/ResourceTypes/Device`).set(auth());
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });

  it('describes userName as unique and case-insensitive, and id as read-only', async () => {
    const res = await app.http.get(`${acme.scimBase}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User`).set(auth());
    expect(res.status).toBe(200);
    const userName = res.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ uniqueness: 'server', caseExact: false, required: true });
    const schemas = await app.http.get(`${acme.scimBase}/Schemas`).set(auth());
    expect(schemas.body.totalResults).toBe(4);
  });

  it('describes what the server enforces: mutability, uniqueness and caseExact of the attributes IdPs map', async () => {
    const schema = async (urn: string) => (await app.http.get(`${acme.scimBase}/Schemas/${urn}`).set(auth())).body.attributes as Record<string, unknown>[];
    const find = (attributes: Record<string, unknown>[], name: string) => attributes.find((a) => a['name'] === name);
    const user = await schema('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(find(user, 'externalId')).toMatchObject({ uniqueness: 'server', caseExact: true, mutability: 'readWrite' });
    expect(find(user, 'groups')).toMatchObject({ mutability: 'readOnly', multiValued: true });
    expect(find(user, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(find(user, 'active')).toMatchObject({ type: 'boolean', mutability: 'readWrite' });
    const emails = find(user, 'emails') as { subAttributes: Record<string, unknown>[] };
    expect(find(emails.subAttributes, 'value')).toMatchObject({ caseExact: false });
    const group = await schema('urn:ietf:params:scim:schemas:core:2.0:Group');
    expect(find(group, 'displayName')).toMatchObject({ uniqueness: 'server', required: true, caseExact: false });
    expect(find(group, 'externalId')).toMatchObject({ uniqueness: 'server', caseExact: true });
    const enterprise = await schema('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    const manager = find(enterprise, 'manager') as { subAttributes: Record<string, unknown>[] };
    expect(manager.subAttributes.map((a) => a['name']).sort()).toEqual(['$ref', 'displayName', 'value']);
    expect(find(manager.subAttributes, 'displayName')).toMatchObject({ mutability: 'readOnly' });
    const license = await schema('urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User');
    expect(find(license, 'licenseType')).toMatchObject({ canonicalValues: expect.arrayContaining(['it', 'analyst', 'developer', 'read_only']) });
  });

  it('answers an unknown SCIM path with a 404 SCIM error', async () => {
    const res = await app.http.get(`${acme.scimBase}/Devices`).set(auth());
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.status).toBe('404');
  });
});
