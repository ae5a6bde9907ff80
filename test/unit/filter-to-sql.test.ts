import { parseFilter } from '../../src/scim/protocol/filter';
import { commonAttributes, enterpriseUserSchema, licenseUserSchema, userSchema, type AttributeDefinition } from '../../src/scim/protocol/schema-definitions';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';
import { compileFilter, resolveSortColumn, type FilterAttribute, type SubAttribute } from '../../src/scim/translate/filter-to-sql';
import { USER_FILTER_ATTRIBUTES } from '../../src/scim/translate/user-attributes';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GUID = '2441309d-85a0-4c2e-9b3a-36d1c7e0cd95';

/** `exists` over the user's emails, followed by a condition on `e`. */
const E = 'exists (select 1 from user_email e where e.user_id = u.id and e.account_id = u.account_id and ';
/** `exists` over the phoneNumbers jsonb array, followed by a condition on `p.elem`. */
const P = "exists (select 1 from jsonb_array_elements(case when jsonb_typeof(u.phone_numbers) = 'array' then u.phone_numbers else '[]'::jsonb end) with ordinality as p(elem, n) where ";
const P_PRIMARY = "(case when jsonb_typeof(p.elem->'primary') = 'boolean' then (p.elem->>'primary')::boolean end)";
const LIKE = "escape '\\'";

/** filter → [SQL over `app_user u`, parameters]. */
const COMPILES: [string, string, unknown[]][] = [
  // Okta and Entra, as they send them
  ['userName eq "X@Y.COM"', 'u.user_name_key = ?', ['x@y.com']],
  [`userName eq "${GUID.toUpperCase()}"`, 'u.user_name_key = ?', [GUID]],
  ['externalId eq "00u1abcD"', 'u.external_id = ?', ['00u1abcD']],
  ['emails[type eq "work"].value eq "Bjensen@Example.com"', `${E}(lower(e.type) = lower(?) and e.value_key = ?))`, ['work', 'bjensen@example.com']],
  ['externalId eq "e1" and active eq true', '(u.external_id = ? and u.active = ?)', ['e1', true]],
  // every operator
  ['USERNAME EQ "Bjensen"', 'u.user_name_key = ?', ['bjensen']],
  ['userName eq "Cafe\u0301@x.com"', 'u.user_name_key = ?', ['caf\u00e9@x.com']],
  ['userName ne "a"', 'u.user_name_key is distinct from ?', ['a']],
  ['userName co "A_b%"', `u.user_name_key like ? ${LIKE}`, ['%a\\_b\\%%']],
  ['userName sw "J"', `u.user_name_key like ? ${LIKE}`, ['j%']],
  ['userName ew "@X.com"', `u.user_name_key like ? ${LIKE}`, ['%@x.com']],
  ['userName gt "m"', 'u.user_name_key > ?', ['m']],
  ['title ge "B"', 'lower(u.title) >= lower(?)', ['B']],
  ['title lt "B"', 'lower(u.title) < lower(?)', ['B']],
  ['title le "B"', 'lower(u.title) <= lower(?)', ['B']],
  ['title pr', "(u.title is not null and u.title <> '')", []],
  ['title eq "a\\"b\\\\c"', 'lower(u.title) = lower(?)', ['a"b\\c']],
  ['externalId co "b\\\\c"', `u.external_id like ? ${LIKE}`, ['%b\\\\c%']],
  ['title eq null', "(u.title is null or u.title = '')", []],
  ['title ne null', "(u.title is not null and u.title <> '')", []],
  // sub-attributes and names in any case
  ['name.familyName eq "O\'Malley"', 'lower(u.family_name) = lower(?)', ["O'Malley"]],
  ['NAME.GIVENNAME sw "bar"', `lower(u.given_name) like lower(?) ${LIKE}`, ['bar%']],
  ['name[givenName eq "x" or familyName eq "y"]', '(lower(u.given_name) = lower(?) or lower(u.family_name) = lower(?))', ['x', 'y']],
  // booleans, dates, constants, ids
  ['active eq true', 'u.active = ?', [true]],
  ['active ne FALSE', 'u.active is distinct from ?', [false]],
  ['active pr', 'u.active is not null', []],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', 'u.updated_at > ?::timestamptz', ['2011-05-13T04:42:34Z']],
  ['meta.created le "2024-02-29T23:59:59.999+01:00"', 'u.created_at <= ?::timestamptz', ['2024-02-29T23:59:59.999+01:00']],
  ['meta.created eq "2024-01-01T00:00:00Z"', 'u.created_at = ?::timestamptz', ['2024-01-01T00:00:00Z']],
  ['meta.resourceType eq "User"', 'true', []],
  ['meta.resourceType eq "Group"', 'false', []],
  [`id eq "${GUID.toUpperCase()}"`, 'u.id = ?::uuid', [GUID]],
  ['id eq "not-a-uuid"', 'false', []],
  ['id ne "not-a-uuid"', 'true', []],
  ['id sw "2441"', `u.id::text like ? ${LIKE}`, ['2441%']],
  // multi-valued: emails in a child table
  ['emails eq "A@B.C"', `${E}e.value_key = ?)`, ['a@b.c']],
  ['emails.value eq "A@B.C"', `${E}e.value_key = ?)`, ['a@b.c']],
  ['emails[type eq "work" and primary eq true]', `${E}(lower(e.type) = lower(?) and e."primary" = ?))`, ['work', true]],
  ['emails.type eq "work" and emails.value ew "@x.com"', `(${E}lower(e.type) = lower(?)) and ${E}e.value_key like ? ${LIKE}))`, ['work', '%@x.com']],
  ['emails pr', 'exists (select 1 from user_email e where e.user_id = u.id and e.account_id = u.account_id)', []],
  ['emails.display pr', `${E}(e.display is not null and e.display <> ''))`, []],
  ['emails ne "a@b.c"', `not ${E}e.value_key = ?)`, ['a@b.c']],
  ['emails[not (type eq "work")]', `${E}not coalesce(lower(e.type) = lower(?), false))`, ['work']],
  ['emails[value ne "a@b.c"]', `${E}e.value_key is distinct from ?)`, ['a@b.c']],
  // multi-valued: phoneNumbers in a jsonb array
  ['phoneNumbers eq "+1 555"', `${P}lower((p.elem->>'value')) = lower(?))`, ['+1 555']],
  ['phoneNumbers[type eq "mobile" and primary eq true]', `${P}(lower((p.elem->>'type')) = lower(?) and ${P_PRIMARY} = ?))`, ['mobile', true]],
  ['phoneNumbers[type eq "work"].value sw "+1"', `${P}(lower((p.elem->>'type')) = lower(?) and lower((p.elem->>'value')) like lower(?) ${LIKE}))`, ['work', '+1%']],
  // logic and precedence
  ['not (title eq "x")', 'not coalesce(lower(u.title) = lower(?), false)', ['x']],
  ['title eq "a" or title eq "b" and userType eq "c"', '(lower(u.title) = lower(?) or (lower(u.title) = lower(?) and lower(u.user_type) = lower(?)))', ['a', 'b', 'c']],
  ['(title eq "a" or title eq "b") and userType eq "c"', '((lower(u.title) = lower(?) or lower(u.title) = lower(?)) and lower(u.user_type) = lower(?))', ['a', 'b', 'c']],
  ['not (active eq true) or not (emails pr)', `(not coalesce(u.active = ?, false) or not coalesce(exists (select 1 from user_email e where e.user_id = u.id and e.account_id = u.account_id), false))`, [true]],
  // URN-qualified and extension attributes
  [`${CORE}:userName eq "x"`, 'u.user_name_key = ?', ['x']],
  [`${CORE}:name.familyName eq "x"`, 'lower(u.family_name) = lower(?)', ['x']],
  [`${ENTERPRISE}:employeeNumber eq "701984"`, 'lower(u.employee_number) = lower(?)', ['701984']],
  ['employeeNumber eq 701984', 'lower(u.employee_number) = lower(?)', ['701984']],
  [`${ENTERPRISE.toUpperCase()}:MANAGER.VALUE eq "m1"`, 'lower(u.manager_value) = lower(?)', ['m1']],
  ['department eq "R&D" and costCenter pr', "(lower(u.department) = lower(?) and (u.cost_center is not null and u.cost_center <> ''))", ['R&D']],
  [`${LICENSE}:licenseType eq "Developer"`, 'lower(u.scim_license_type::text) = lower(?)', ['Developer']],
];

/** filter → a fragment of the 400 invalidFilter detail. */
const REJECTS: [string, string][] = [
  ['foo eq "x"', '"foo" is not a filterable attribute'],
  ['groups.display eq "Admins"', '"display" is not a filterable sub-attribute of \"groups\"'],
  ['name.nope eq "x"', '"nope" is not a filterable sub-attribute of "name"'],
  ['emails.nope eq "x"', '"nope" is not a filterable sub-attribute of "emails"'],
  ['emails[nope pr]', '"nope" is not a filterable sub-attribute of "emails"'],
  ['userName.x eq "y"', '"userName" has no sub-attributes'],
  ['name.givenName.x eq "y"', 'not a supported attribute path'],
  ['urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "x"', 'not an attribute of a schema of this resource'],
  ['active gt true', 'only eq, ne and pr apply to it, not gt'],
  ['active eq "true"', 'compare it with true or false, not "true"'],
  ['title eq true', 'compare it with a "double-quoted" value, not true'],
  ['meta.created co "2024"', 'co does not apply'],
  ['meta.created gt "yesterday"', 'xsd:dateTime'],
  ['meta.created gt "2024-02-30T00:00:00Z"', 'xsd:dateTime'],
  ['meta.created gt 20240101', 'xsd:dateTime'],
  ['name eq "x"', '"name" is complex'],
  ['title gt null', 'null only goes with eq and ne'],
  ['userName[value eq "x"]', 'needs a complex attribute'],
  ['emails[value eq "a" and emails[type pr]]', 'cannot nest'],
];

describe('compileFilter over USER_FILTER_ATTRIBUTES', () => {
  it.each(COMPILES)('compiles %s', (filter, sql, params) => {
    expect(compileFilter(parseFilter(filter), USER_FILTER_ATTRIBUTES)).toEqual({ sql, params });
  });

  it.each(REJECTS)('rejects %s with 400 invalidFilter', (filter, detail) => {
    let error: unknown;
    try {
      compileFilter(parseFilter(filter), USER_FILTER_ATTRIBUTES);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimProtocolError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as Error).message).toContain(detail);
  });

  it('never puts a value into the SQL text', () => {
    const marker = "x'); drop table app_user; --";
    for (const [filter] of COMPILES) {
      const withMarker = filter.replace(/"[^"]*"/, JSON.stringify(marker));
      let compiled;
      try {
        compiled = compileFilter(parseFilter(withMarker), USER_FILTER_ATTRIBUTES);
      } catch {
        continue; // e.g. a dateTime that is no longer one
      }
      expect(compiled.sql).not.toContain('drop table');
      expect(compiled.sql.split('?').length - 1).toBe(compiled.params.length);
    }
  });

  it('enforces its own complexity limits on a tree built in code', () => {
    const ast = parseFilter('title pr and userType pr');
    expect(() => compileFilter(ast, USER_FILTER_ATTRIBUTES, { maxNodes: 2 })).toThrow(ScimProtocolError);
  });
});

/** sortBy → the `order by` expression. */
const SORTS: [string, string][] = [
  ['userName', 'u.user_name_key'],
  ['USERNAME', 'u.user_name_key'],
  [`${CORE}:userName`, 'u.user_name_key'],
  ['name.givenName', 'lower(u.given_name)'],
  ['externalId', 'u.external_id'],
  ['id', 'u.id'],
  ['active', 'u.active'],
  ['meta.lastModified', 'u.updated_at'],
  ['meta.resourceType', "'User'"],
  [`${ENTERPRISE}:manager.value`, 'lower(u.manager_value)'],
  ['employeeNumber', 'lower(u.employee_number)'],
  ['emails', '(select e.value_key from user_email e where e.user_id = u.id and e.account_id = u.account_id order by e."primary" desc, e.position limit 1)'],
  ['emails.type', '(select lower(e.type) from user_email e where e.user_id = u.id and e.account_id = u.account_id order by e."primary" desc, e.position limit 1)'],
  [
    'phoneNumbers',
    `(select lower((p.elem->>'value')) from jsonb_array_elements(case when jsonb_typeof(u.phone_numbers) = 'array' then u.phone_numbers else '[]'::jsonb end) with ordinality as p(elem, n) order by coalesce(${P_PRIMARY}, false) desc, p.n limit 1)`,
  ],
];

describe('resolveSortColumn', () => {
  it.each(SORTS)('sorts by %s as %s', (sortBy, sql) => {
    expect(resolveSortColumn(sortBy, USER_FILTER_ATTRIBUTES)).toBe(sql);
  });

  it.each([
    ['nope', 'is not a filterable attribute'],
    ['name', 'it is complex'],
    ['name.nope', 'is not a filterable sub-attribute'],
    ['', 'sortBy is empty'],
  ])('refuses sortBy %j with 400 invalidValue', (sortBy, detail) => {
    expect(() => resolveSortColumn(sortBy, USER_FILTER_ATTRIBUTES)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue', message: expect.stringContaining(detail) }));
  });
});

describe('USER_FILTER_ATTRIBUTES', () => {
  const definitions: Record<string, AttributeDefinition[]> = {
    [CORE]: [...userSchema.attributes, ...commonAttributes],
    [ENTERPRISE]: enterpriseUserSchema.attributes,
    [LICENSE]: licenseUserSchema.attributes,
  };

  const typeOf = (attribute: SubAttribute | { type: string }): string => {
    if ('kind' in attribute && attribute.kind === 'constant') return 'string';
    const type = (attribute as { type: string }).type;
    return type === 'uuid' ? 'string' : type;
  };
  const caseExactOf = (attribute: SubAttribute | { caseExact: boolean }) => attribute.caseExact;

  const rows: [string, string, FilterAttribute][] = Object.entries(USER_FILTER_ATTRIBUTES.schemas).flatMap(([urn, attrs]) =>
    Object.entries(attrs).map(([name, attribute]): [string, string, FilterAttribute] => [urn, name, attribute]),
  );

  it.each(rows)('%s:%s has the type and caseExact that /Schemas publishes', (urn, name, attribute) => {
    const definition = definitions[urn].find((d) => d.name === name);
    expect(definition).toBeDefined();
    if (attribute.kind === 'column' || attribute.kind === 'constant') {
      expect({ type: typeOf(attribute), caseExact: caseExactOf(attribute) }).toEqual({ type: definition!.type, caseExact: definition!.caseExact });
      return;
    }
    expect(definition!.type).toBe('complex');
    expect(definition!.multiValued).toBe(attribute.kind !== 'complex');
    for (const [subName, sub] of Object.entries(attribute.subAttributes)) {
      const subDefinition = definition!.subAttributes?.find((d) => d.name === subName);
      expect({ name: subName, type: typeOf(sub), caseExact: caseExactOf(sub) }).toEqual({ name: subName, type: subDefinition?.type, caseExact: subDefinition?.caseExact });
    }
  });
});
