import { parsePatchRequest } from '../../src/scim/protocol/patch';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';
import { URN } from '../../src/scim/protocol/urns';
import { applyUserPatch, applyUserPatchWithReport, type ScimUserJson } from '../../src/scim/translate/apply-user-patch';

const ENT = URN.enterpriseUser;
const LIC = URN.licenseUser;

const base: ScimUserJson = {
  schemas: [URN.user, ENT],
  id: 'u1',
  externalId: 'ext-1',
  meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', version: 'W/"1"' },
  userName: 'ada@example.com',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  displayName: 'Ada Lovelace',
  title: 'Engineer',
  active: true,
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
  [ENT]: { department: 'R&D', manager: { value: 'm1', $ref: 'https://x/Users/m1', displayName: 'Boss' } },
};

/** Only core attributes: no extension, no emails. */
const bare: ScimUserJson = { schemas: [URN.user], id: 'u2', userName: 'bob@example.com', active: true };

function run(resource: ScimUserJson, operations: unknown[]): ScimUserJson {
  return applyUserPatch(resource, parsePatchRequest({ schemas: [URN.patchOp], Operations: operations }));
}

function errorOf(action: () => unknown): { status: number; scimType: string | undefined; detail: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimProtocolError) return { status: error.status, scimType: error.scimType, detail: error.message };
    throw error;
  }
  throw new Error('expected a ScimProtocolError');
}

interface Case {
  name: string;
  resource?: ScimUserJson;
  ops: unknown[];
  /** The whole resulting document, or a function of the input for a few changed keys. */
  expected: ScimUserJson | ((before: ScimUserJson) => ScimUserJson);
}

const change = (changes: Record<string, unknown>, remove: string[] = []) => (before: ScimUserJson) => {
  const after = { ...(structuredClone(before) as Record<string, unknown>), ...changes };
  for (const key of remove) delete after[key];
  return after as ScimUserJson;
};
const changeEnterprise = (changes: Record<string, unknown>, remove: string[] = []) => (before: ScimUserJson) => {
  const ext = { ...(structuredClone(before[ENT]) as Record<string, unknown>), ...changes };
  for (const key of remove) delete ext[key];
  return { ...structuredClone(before), [ENT]: ext } as ScimUserJson;
};

const cases: Case[] = [
  // Simple attributes
  { name: 'replace sets a single-valued attribute', ops: [{ op: 'replace', path: 'title', value: 'CTO' }], expected: change({ title: 'CTO' }) },
  { name: 'add on an existing single value replaces it (Entra)', ops: [{ op: 'Add', path: 'userName', value: 'ada2@example.com' }], expected: change({ userName: 'ada2@example.com' }) },
  { name: 'add sets an absent single-valued attribute', ops: [{ op: 'add', path: 'nickName', value: 'Ada' }], expected: change({ nickName: 'Ada' }) },
  { name: 'replace with null clears the attribute', ops: [{ op: 'replace', path: 'displayName', value: null }], expected: change({}, ['displayName']) },
  { name: 'replace with "" clears the attribute', ops: [{ op: 'replace', path: 'title', value: '' }], expected: change({}, ['title']) },
  { name: 'remove clears a single-valued attribute', ops: [{ op: 'remove', path: 'title' }], expected: change({}, ['title']) },
  { name: 'remove of an absent attribute is a no-op', ops: [{ op: 'remove', path: 'nickName' }], expected: base },
  { name: 'replace externalId', ops: [{ op: 'replace', path: 'externalId', value: 'ext-2' }], expected: change({ externalId: 'ext-2' }) },
  { name: 'attribute names in any case land in the schema spelling', ops: [{ op: 'replace', path: 'DisplayName', value: 'A' }], expected: change({ displayName: 'A' }) },
  { name: 'a number for a string attribute becomes a string', ops: [{ op: 'replace', path: 'employeeNumber', value: 7 }], expected: changeEnterprise({ employeeNumber: '7' }) },
  { name: 'a canonical value in another case takes the canonical spelling', ops: [{ op: 'add', path: `${LIC}:licenseType`, value: 'Developer' }], expected: change({ schemas: [URN.user, ENT, LIC], [LIC]: { licenseType: 'developer' } }) },
  { name: 'password is accepted and dropped', ops: [{ op: 'replace', path: 'password', value: 'secret' }], expected: base },

  // Booleans
  { name: 'active "False" becomes false', ops: [{ op: 'Replace', path: 'active', value: 'False' }], expected: change({ active: false }) },
  { name: 'active "TRUE" becomes true', resource: { ...base, active: false }, ops: [{ op: 'replace', path: 'active', value: 'TRUE' }], expected: change({ active: true }) },
  { name: 'active false stays false', ops: [{ op: 'replace', path: 'active', value: false }], expected: change({ active: false }) },
  { name: 'emails[].primary "True" becomes true', resource: bare, ops: [{ op: 'add', path: 'emails', value: [{ value: 'b@x.io', primary: 'True' }] }], expected: change({ emails: [{ value: 'b@x.io', primary: true }] }) },

  // Complex attributes
  { name: 'add on a complex attribute merges sub-attributes', ops: [{ op: 'add', path: 'name', value: { middleName: 'King' } }], expected: change({ name: { givenName: 'Ada', familyName: 'Lovelace', middleName: 'King' } }) },
  { name: 'replace on a complex attribute merges sub-attributes (RFC 7644 §3.5.2.3)', ops: [{ op: 'replace', path: 'name', value: { givenName: 'Augusta' } }], expected: change({ name: { givenName: 'Augusta', familyName: 'Lovelace' } }) },
  { name: 'a null sub-attribute inside a complex value clears it', ops: [{ op: 'replace', path: 'name', value: { familyName: null } }], expected: change({ name: { givenName: 'Ada' } }) },
  { name: 'sub-attribute names in any case', ops: [{ op: 'replace', path: 'name', value: { GIVENNAME: 'A' } }], expected: change({ name: { givenName: 'A', familyName: 'Lovelace' } }) },
  { name: 'replace name.givenName', ops: [{ op: 'replace', path: 'name.givenName', value: 'Augusta' }], expected: change({ name: { givenName: 'Augusta', familyName: 'Lovelace' } }) },
  { name: 'add name.givenName on a user without name creates it', resource: bare, ops: [{ op: 'add', path: 'name.givenName', value: 'Bob' }], expected: change({ name: { givenName: 'Bob' } }) },
  { name: 'a URN-qualified core path', ops: [{ op: 'replace', path: `${URN.user}:name.givenName`, value: 'A' }], expected: change({ name: { givenName: 'A', familyName: 'Lovelace' } }) },
  { name: 'remove name.givenName clears it', ops: [{ op: 'remove', path: 'name.givenName' }], expected: change({ name: { familyName: 'Lovelace' } }) },
  { name: 'removing the last sub-attribute removes the complex attribute', resource: { ...bare, name: { givenName: 'B' } }, ops: [{ op: 'remove', path: 'name.givenName' }], expected: bare },

  // Multi-valued attributes
  { name: 'add appends to a multi-valued attribute', ops: [{ op: 'add', path: 'emails', value: [{ value: 'ada@home.net', type: 'home' }] }], expected: change({ emails: [base.emails![0], { value: 'ada@home.net', type: 'home' }] }) },
  { name: 'add skips an exact duplicate', ops: [{ op: 'add', path: 'emails', value: [{ value: 'ada@example.com', type: 'work', primary: true }] }], expected: base },
  { name: 'add merges a value equal but for case into the existing one, taking its spelling', ops: [{ op: 'add', path: 'emails', value: [{ value: 'ADA@example.com', type: 'work', display: 'Ada' }] }], expected: change({ emails: [{ value: 'ADA@example.com', type: 'work', primary: true, display: 'Ada' }] }) },
  { name: 'add with primary true clears primary on the others', ops: [{ op: 'add', path: 'emails', value: [{ value: 'ada@home.net', type: 'home', primary: true }] }], expected: change({ emails: [{ value: 'ada@example.com', type: 'work', primary: false }, { value: 'ada@home.net', type: 'home', primary: true }] }) },
  { name: 'add of a single object to a multi-valued attribute', resource: bare, ops: [{ op: 'add', path: 'emails', value: { value: 'b@x.io', type: 'work' } }], expected: change({ emails: [{ value: 'b@x.io', type: 'work' }] }) },
  { name: 'a bare string element becomes {value}', resource: bare, ops: [{ op: 'add', path: 'emails', value: ['b@x.io'] }], expected: change({ emails: [{ value: 'b@x.io' }] }) },
  { name: 'add of null to a multi-valued attribute adds nothing', ops: [{ op: 'add', path: 'emails', value: null }], expected: base },
  { name: 'replace emails with an array replaces the whole array', ops: [{ op: 'replace', path: 'emails', value: [{ value: 'new@example.com', type: 'work' }] }], expected: change({ emails: [{ value: 'new@example.com', type: 'work' }] }) },
  { name: 'replace emails with [] removes them', ops: [{ op: 'replace', path: 'emails', value: [] }], expected: change({}, ['emails']) },
  { name: 'replace emails[type eq "work"].value changes the matching value', ops: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }], expected: change({ emails: [{ value: 'new@example.com', type: 'work', primary: true }] }) },
  { name: 'replace emails[type eq "work"] replaces the element and keeps the filter values', ops: [{ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'new@example.com' } }], expected: change({ emails: [{ type: 'work', value: 'new@example.com' }] }) },
  { name: 'add emails[type eq "work"] merges into the element', ops: [{ op: 'add', path: 'emails[type eq "work"]', value: { display: 'Work' } }], expected: change({ emails: [{ value: 'ada@example.com', type: 'work', primary: true, display: 'Work' }] }) },
  { name: 'add emails[type eq "work"].value with no work email creates it', resource: bare, ops: [{ op: 'add', path: 'emails[type eq "work"].value', value: 'b@x.io' }], expected: change({ emails: [{ type: 'work', value: 'b@x.io' }] }) },
  { name: 'replace emails[type eq "home"].value with no home email creates it', ops: [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'ada@home.net' }], expected: change({ emails: [base.emails![0], { type: 'home', value: 'ada@home.net' }] }) },
  { name: 'a created element takes every eq condition and clears other primaries', ops: [{ op: 'add', path: 'emails[type eq "home" and primary eq true].value', value: 'ada@home.net' }], expected: change({ emails: [{ value: 'ada@example.com', type: 'work', primary: false }, { type: 'home', primary: true, value: 'ada@home.net' }] }) },
  { name: 'filtered replace of primary "True" clears the other primaries', resource: { ...base, emails: [{ value: 'a@x.io', type: 'work', primary: true }, { value: 'a@h.io', type: 'home' }] }, ops: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' }], expected: change({ emails: [{ value: 'a@x.io', type: 'work', primary: false }, { value: 'a@h.io', type: 'home', primary: true }] }) },
  { name: 'a filtered add with null creates nothing', resource: bare, ops: [{ op: 'add', path: 'emails[type eq "work"].value', value: null }], expected: bare },
  { name: 'replace of a sub-attribute without filter sets it on every value', resource: { ...bare, emails: [{ value: 'a@x.io' }, { value: 'b@x.io' }] }, ops: [{ op: 'replace', path: 'emails.type', value: 'work' }], expected: change({ emails: [{ value: 'a@x.io', type: 'work' }, { value: 'b@x.io', type: 'work' }] }) },
  { name: 'add phoneNumbers[type eq "mobile"].value creates a phone number', resource: bare, ops: [{ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }], expected: change({ phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }] }) },
  { name: 'remove emails[type eq "work"] removes the matching values', resource: { ...base, emails: [{ value: 'a@x.io', type: 'work' }, { value: 'a@h.io', type: 'home' }] }, ops: [{ op: 'remove', path: 'emails[type eq "work"]' }], expected: change({ emails: [{ value: 'a@h.io', type: 'home' }] }) },
  { name: 'remove with a filter matching nothing is a no-op', ops: [{ op: 'remove', path: 'emails[type eq "home"]' }], expected: base },
  { name: 'remove with a not filter', resource: { ...base, emails: [{ value: 'a@x.io', type: 'work' }, { value: 'a@h.io', type: 'home' }] }, ops: [{ op: 'remove', path: 'emails[not (type eq "work")]' }], expected: change({ emails: [{ value: 'a@x.io', type: 'work' }] }) },
  { name: 'remove of a filtered sub-attribute clears it on the matching values', ops: [{ op: 'remove', path: 'emails[type eq "work"].primary' }], expected: change({ emails: [{ value: 'ada@example.com', type: 'work' }] }) },
  { name: 'remove emails removes all values', ops: [{ op: 'remove', path: 'emails' }], expected: change({}, ['emails']) },
  { name: 'remove emails with a value list removes only those, ignoring case', resource: { ...base, emails: [{ value: 'a@x.io', type: 'work' }, { value: 'b@x.io', type: 'home' }] }, ops: [{ op: 'Remove', path: 'emails', value: [{ value: 'A@X.IO' }] }], expected: change({ emails: [{ value: 'b@x.io', type: 'home' }] }) },
  { name: 'remove of an absent value from a value list is a no-op', ops: [{ op: 'remove', path: 'emails', value: [{ value: 'nobody@x.io' }] }], expected: base },

  // Pathless values
  { name: 'pathless replace of active (Okta deactivation)', ops: [{ op: 'replace', value: { active: false } }], expected: change({ active: false }) },
  { name: 'pathless replace ignores id, meta, schemas and groups', ops: [{ op: 'replace', value: { id: 'other', meta: { version: 'x' }, schemas: [], groups: [{ value: 'g' }], active: false } }], expected: change({ active: false }) },
  { name: 'pathless add with a complex value merges it', ops: [{ op: 'add', value: { name: { middleName: 'K' } } }], expected: change({ name: { givenName: 'Ada', familyName: 'Lovelace', middleName: 'K' } }) },
  { name: 'pathless keys may be dotted and URN-qualified', ops: [{ op: 'Replace', value: { 'name.givenName': 'A', [`${ENT}:employeeNumber`]: '7', [`${ENT}:manager`]: 'm2' } }], expected: (b) => ({ ...change({ name: { givenName: 'A', familyName: 'Lovelace' } })(b), [ENT]: { department: 'R&D', manager: { value: 'm2' }, employeeNumber: '7' } }) },
  { name: 'pathless value with a whole extension object', resource: bare, ops: [{ op: 'add', value: { [ENT]: { department: 'Ops', costCenter: 'C1' } } }], expected: change({ schemas: [URN.user, ENT], [ENT]: { department: 'Ops', costCenter: 'C1' } }) },
  { name: 'pathless null for a sub-attribute clears it', ops: [{ op: 'replace', value: { 'name.givenName': null } }], expected: change({ name: { familyName: 'Lovelace' } }) },
  { name: 'pathless replace of an extension with null removes it', ops: [{ op: 'replace', value: { [ENT]: null } }], expected: change({ schemas: [URN.user] }, [ENT]) },
  { name: 'pathless password is dropped', ops: [{ op: 'replace', value: { password: 'p', title: 'CTO' } }], expected: change({ title: 'CTO' }) },

  // Manager and extensions
  { name: 'manager Add with an array (Entra)', ops: [{ op: 'Add', path: 'manager', value: [{ value: 'm2' }] }], expected: changeEnterprise({ manager: { value: 'm2' } }) },
  { name: 'manager URN path with a bare string', ops: [{ op: 'replace', path: `${ENT}:manager`, value: '123' }], expected: changeEnterprise({ manager: { value: '123' } }) },
  { name: 'manager "" clears it', ops: [{ op: 'Replace', path: `${ENT}:manager`, value: '' }], expected: changeEnterprise({}, ['manager']) },
  { name: 'manager null clears it', ops: [{ op: 'replace', path: 'manager', value: null }], expected: changeEnterprise({}, ['manager']) },
  { name: 'manager {value: ""} clears it', ops: [{ op: 'replace', path: 'manager', value: { value: '' } }], expected: changeEnterprise({}, ['manager']) },
  { name: 'manager.value sets a new manager, dropping the old $ref and displayName', ops: [{ op: 'replace', path: `${ENT}:manager.value`, value: 'm2' }], expected: changeEnterprise({ manager: { value: 'm2' } }) },
  { name: 'manager.value with the same id keeps the rest', ops: [{ op: 'replace', path: 'manager.value', value: 'm1' }], expected: base },
  { name: 'remove manager.value removes the manager', ops: [{ op: 'remove', path: 'manager.value' }], expected: changeEnterprise({}, ['manager']) },
  { name: 'manager object drops its read-only displayName', ops: [{ op: 'replace', path: 'manager', value: { value: 'm2', displayName: 'Someone' } }], expected: changeEnterprise({ manager: { value: 'm2' } }) },
  { name: 'manager on a user without the extension adds it to schemas', resource: bare, ops: [{ op: 'add', path: 'manager', value: 'm9' }], expected: change({ schemas: [URN.user, ENT], [ENT]: { manager: { value: 'm9' } } }) },
  { name: 'removing the last enterprise attribute removes the extension from schemas', resource: { ...bare, schemas: [URN.user, ENT], [ENT]: { department: 'D' } }, ops: [{ op: 'remove', path: 'department' }], expected: bare },
  { name: 'remove on the extension URN removes every attribute', ops: [{ op: 'remove', path: ENT }], expected: change({ schemas: [URN.user] }, [ENT]) },
  { name: 'add on the extension URN merges its attributes', ops: [{ op: 'add', path: ENT, value: { division: 'North' } }], expected: changeEnterprise({ division: 'North' }) },

  // Sequences
  { name: 'operations apply in order', ops: [{ op: 'replace', path: 'title', value: 'A' }, { op: 'replace', path: 'title', value: 'B' }, { op: 'remove', path: 'nickName' }], expected: change({ title: 'B' }) },
  { name: 'no operations change nothing', ops: [], expected: base },
];

describe('applyUserPatch', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const resource = c.resource ?? base;
    const expected = typeof c.expected === 'function' ? c.expected(resource) : c.expected;
    expect(run(resource, c.ops)).toEqual(expected);
  });

  // Every row has five entries: jest would pass a callback in place of a missing one.
  const failures: Array<[string, unknown[], number, string, string]> = [
    ['a non-boolean string for active', [{ op: 'replace', path: 'active', value: 'nope' }], 400, 'invalidValue', 'active'],
    ['an object for a string attribute', [{ op: 'replace', path: 'displayName', value: { a: 1 } }], 400, 'invalidValue', 'displayName'],
    ['an object for a string in a pathless value', [{ op: 'replace', value: { title: { a: 1 } } }], 400, 'invalidValue', 'title'],
    ['a boolean for a string attribute', [{ op: 'replace', path: 'title', value: true }], 400, 'invalidValue', 'title'],
    ['a string for a complex attribute', [{ op: 'replace', path: 'name', value: 'Ada' }], 400, 'invalidValue', 'name'],
    ['two values for a single-valued attribute', [{ op: 'add', path: 'manager', value: [{ value: 'a' }, { value: 'b' }] }], 400, 'invalidValue', 'manager'],
    ['two primary values added', [{ op: 'add', path: 'emails', value: [{ value: 'a@x.io', primary: true }, { value: 'b@x.io', primary: true }] }], 400, 'invalidValue', 'primary'],
    ['two primary values replaced', [{ op: 'replace', path: 'emails', value: [{ value: 'a@x.io', primary: true }, { value: 'b@x.io', primary: 'True' }] }], 400, 'invalidValue', 'primary'],
    ['a filter matching nothing that says nothing to create', [{ op: 'replace', path: 'emails[value co "nobody"].type', value: 'work' }], 400, 'noTarget', 'emails'],
    ['a value list entry without value', [{ op: 'remove', path: 'emails', value: [{ type: 'work' }] }], 400, 'invalidValue', 'emails'],
    ['remove of an unknown attribute', [{ op: 'remove', path: 'shoeSize' }], 400, 'invalidPath', 'shoeSize'],
    ['remove with an unknown attribute in a filter', [{ op: 'remove', path: 'emails[kind eq "work"]' }], 400, 'invalidFilter', 'kind'],
    ['an explicit path to id', [{ op: 'replace', path: 'id', value: 'x' }], 400, 'mutability', 'id'],
    ['an explicit remove of meta', [{ op: 'remove', path: 'meta' }], 400, 'mutability', 'meta'],
  ];
  it.each(failures)('rejects %s', (_name, ops, status, scimType, mentions) => {
    const error = errorOf(() => run(base, ops));
    expect(error).toMatchObject({ status, scimType });
    expect(error.detail).toContain(mentions);
  });

  it('does not mutate its input', () => {
    const input = structuredClone(base);
    run(input, [
      { op: 'add', path: 'emails', value: [{ value: 'x@y.z', primary: true }] },
      { op: 'replace', path: 'manager.value', value: 'm2' },
      { op: 'remove', path: 'name.givenName' },
    ]);
    expect(input).toEqual(base);
  });

  it('fails whole when a later operation fails', () => {
    const input = structuredClone(base);
    expect(() => run(input, [{ op: 'replace', path: 'title', value: 'CTO' }, { op: 'replace', path: 'active', value: 'maybe' }])).toThrow(ScimProtocolError);
    expect(input).toEqual(base);
  });
});

describe('applyUserPatchWithReport', () => {
  const report = (ops: unknown[], resource: ScimUserJson = base) =>
    applyUserPatchWithReport(resource, parsePatchRequest({ schemas: [URN.patchOp], Operations: ops }));

  it('lists the attributes that changed', () => {
    expect(report([{ op: 'replace', value: { active: false, title: 'Engineer', 'name.givenName': 'A', [`${ENT}:manager`]: 'm2' } }]).changed).toEqual([
      'name',
      'active',
      `${ENT}:manager`,
    ]);
  });

  it('lists nothing when nothing changed', () => {
    expect(report([{ op: 'add', path: 'emails', value: [{ value: 'ada@example.com' }] }]).changed).toEqual([]);
  });

  it('ignores and reports unknown attributes in pathless values and unknown sub-attributes', () => {
    const result = report([
      { op: 'replace', value: { addresses: [{ formatted: 'x' }], 'urn:example:custom:2.0:User': { shoe: 42 }, [`${ENT}:badge`]: 'b', title: 'CTO' } },
      { op: 'add', path: 'emails', value: [{ value: 'z@x.io', label: 'z' }] },
    ]);
    expect(result.ignored).toEqual(['addresses', 'urn:example:custom:2.0:User', `${ENT}:badge`, 'emails.label']);
    expect(result.resource.title).toBe('CTO');
    expect(result.resource.emails).toContainEqual({ value: 'z@x.io' });
  });
});
