import { parsePatchRequest } from '../../src/scim/protocol/patch';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';
import { applyUserPatch, applyUserPatchWithReport, type ScimUserJson } from '../../src/scim/translate/apply-user-patch';

/**
 * PATCH bodies as Okta and Microsoft Entra ID send them (see IDP-TRAFFIC.md), kept as the literal JSON text, applied
 * to a rendered User. These are unit-level: the HTTP round trip is covered by the integration tests.
 */

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const stored: ScimUserJson = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: '6e8b2f5c-6c3f-4a1b-9c55-3f1d2a7b9e10',
  externalId: '00u1abcdEFGHijkl0h7',
  meta: { resourceType: 'User', created: '2025-01-02T03:04:05.000Z', lastModified: '2025-01-02T03:04:05.000Z', version: 'W/"3"' },
  userName: 'ada@example.com',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  displayName: 'Ada Lovelace',
  active: true,
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
  [ENT]: { department: 'R&D', manager: { value: 'b3c4d5e6-0000-4000-8000-000000000001', displayName: 'Charles Babbage' } },
};

/** A user as Entra creates it when only the userName and a personal address are mapped. */
const withoutWorkEmail: ScimUserJson = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '0f0e0d0c-1111-4222-8333-444455556666',
  userName: 'grace@example.com',
  active: true,
  emails: [{ value: 'grace@home.example', type: 'home' }],
};

function apply(resource: ScimUserJson, body: string): ScimUserJson {
  return applyUserPatch(resource, parsePatchRequest(JSON.parse(body)));
}

function failure(resource: ScimUserJson, body: string): { status: number; scimType: string | undefined } {
  try {
    apply(resource, body);
  } catch (error) {
    if (error instanceof ScimProtocolError) return { status: error.status, scimType: error.scimType };
    throw error;
  }
  throw new Error('expected a ScimProtocolError');
}

describe('Okta PATCH forms', () => {
  it('deactivates with a pathless replace', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}';
    expect(apply(stored, body)).toEqual({ ...stored, active: false });
  });

  it('ignores the read-only id inside a pathless replace value', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"6e8b2f5c-6c3f-4a1b-9c55-3f1d2a7b9e10","active":false}}]}';
    expect(apply(stored, body)).toEqual({ ...stored, active: false });
  });

  it('ignores an id that differs from the resource id as well', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"something-else","active":false}}]}';
    expect(apply(stored, body).id).toBe(stored.id);
  });

  it('updates the profile with a pathless replace of name and emails', () => {
    const body = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{
      "name":{"givenName":"Augusta","familyName":"King"},
      "emails":[{"primary":true,"value":"augusta@example.com","type":"work"}],
      "displayName":"Augusta King"}}]}`;
    expect(apply(stored, body)).toEqual({
      ...stored,
      name: { givenName: 'Augusta', familyName: 'King' },
      emails: [{ primary: true, value: 'augusta@example.com', type: 'work' }],
      displayName: 'Augusta King',
    });
  });

  it('accepts a PUT-like pathless replace carrying schemas, meta, groups and a password', () => {
    const body = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{
      "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
      "id":"6e8b2f5c-6c3f-4a1b-9c55-3f1d2a7b9e10",
      "userName":"ada@example.com",
      "password":"Placeholder-Passw0rd",
      "meta":{"resourceType":"User","version":"W/\\"2\\""},
      "groups":[{"value":"g1","display":"Engineering"}],
      "title":"Countess"}}]}`;
    const result = applyUserPatchWithReport(stored, parsePatchRequest(JSON.parse(body)));
    expect(result.resource).toEqual({ ...stored, title: 'Countess' });
    expect(result.changed).toEqual(['title']);
    expect(result.ignored).toEqual([]);
  });

  it('adds an email with a lowercase add and a path', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"emails","value":[{"value":"ada@home.example","type":"home"}]}]}';
    expect(apply(stored, body).emails).toEqual([...stored.emails!, { value: 'ada@home.example', type: 'home' }]);
  });
});

describe('Microsoft Entra ID PATCH forms', () => {
  it('disables with a capitalized Replace and a string boolean', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}';
    expect(apply(stored, body)).toEqual({ ...stored, active: false });
  });

  it('re-enables with "True"', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}';
    expect(apply({ ...stored, active: false }, body).active).toBe(true);
  });

  it('creates the work email on Add emails[type eq "work"].value when there is none', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"grace@example.com"}]}';
    expect(apply(withoutWorkEmail, body).emails).toEqual([
      { value: 'grace@home.example', type: 'home' },
      { type: 'work', value: 'grace@example.com' },
    ]);
  });

  it('changes the work email on Replace emails[type eq "work"].value', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"ada.lovelace@example.com"}]}';
    expect(apply(stored, body).emails).toEqual([{ value: 'ada.lovelace@example.com', type: 'work', primary: true }]);
  });

  it('sets primary from a "True" string in an added email', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"emails","value":[{"value":"grace@example.com","type":"work","primary":"True"}]}]}';
    expect(apply(withoutWorkEmail, body).emails).toEqual([
      { value: 'grace@home.example', type: 'home' },
      { value: 'grace@example.com', type: 'work', primary: true },
    ]);
  });

  it('applies a pathless replace with dotted and URN-qualified keys', () => {
    const body = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{
      "name.givenName":"Augusta",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}}]}`;
    expect(apply(stored, body)).toEqual({
      ...stored,
      name: { givenName: 'Augusta', familyName: 'Lovelace' },
      [ENT]: { ...stored[ENT], employeeNumber: '7' },
    });
  });

  it('applies several capitalized operations in one request', () => {
    const body = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
      {"op":"Add","path":"displayName","value":"Ada King"},
      {"op":"Replace","path":"name.familyName","value":"King"},
      {"op":"Add","path":"title","value":"Countess"},
      {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Analytical Engines"}]}`;
    expect(apply(stored, body)).toEqual({
      ...stored,
      displayName: 'Ada King',
      name: { givenName: 'Ada', familyName: 'King' },
      title: 'Countess',
      [ENT]: { ...stored[ENT], department: 'Analytical Engines' },
    });
  });

  it('sets the manager from Add manager with an array of one', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"manager","value":[{"value":"b3c4d5e6-0000-4000-8000-000000000002"}]}]}';
    expect(apply(stored, body)[ENT]).toEqual({ department: 'R&D', manager: { value: 'b3c4d5e6-0000-4000-8000-000000000002' } });
  });

  it('sets the manager from a URN path and a bare string', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"123"}]}';
    expect(apply(stored, body)[ENT]).toEqual({ department: 'R&D', manager: { value: '123' } });
  });

  it('clears the manager with ""', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]}';
    expect(apply(stored, body)[ENT]).toEqual({ department: 'R&D' });
  });

  it('clears the manager with Remove and a value list', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"manager","value":[{"value":"b3c4d5e6-0000-4000-8000-000000000001"}]}]}';
    expect(apply(stored, body)[ENT]).toEqual({ department: 'R&D' });
  });

  it('clears an attribute replaced with null', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":null}]}';
    const { displayName: _dropped, ...rest } = stored;
    expect(apply(stored, body)).toEqual(rest);
  });

  it('treats an empty Operations array as a no-op (Microsoft validator)', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}';
    expect(apply(stored, body)).toEqual(stored);
  });

  it('removes only the listed emails on Remove emails with a value array', () => {
    const twoEmails: ScimUserJson = { ...stored, emails: [...stored.emails!, { value: 'ada@home.example', type: 'home' }] };
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"emails","value":[{"value":"Ada@Home.Example"}]}]}';
    expect(apply(twoEmails, body).emails).toEqual(stored.emails);
  });

  it('adds a mobile number on Add phoneNumbers[type eq "mobile"].value', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"}]}';
    expect(apply(stored, body).phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
  });

  it('accepts and drops Entra\'s default addresses mapping, which Roster does not keep', () => {
    const body =
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"addresses[type eq \\"work\\"].formatted","value":"1 Main St"},{"op":"Replace","path":"title","value":"CTO"}]}';
    const result = apply(stored, body);
    expect(result.title).toBe('CTO');
    expect(JSON.stringify(result)).not.toContain('1 Main St');
  });

  it('rejects a path to an attribute no SCIM schema defines with 400 invalidPath', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"shoeSize","value":"42"}]}';
    expect(failure(stored, body)).toEqual({ status: 400, scimType: 'invalidPath' });
  });

  it('rejects a boolean it cannot read with 400 invalidValue', () => {
    const body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"Disabled"}]}';
    expect(failure(stored, body)).toEqual({ status: 400, scimType: 'invalidValue' });
  });
});
