import {
  filterEqualities,
  matchesValueFilter,
  parseAttributePath,
  parseValueFilter,
  userResourceSchemas,
} from '../../src/scim/protocol/attribute-path';
import { userSchema, type AttributeDefinition } from '../../src/scim/protocol/schema-definitions';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';
import { URN } from '../../src/scim/protocol/urns';

const ENTERPRISE = URN.enterpriseUser;
const LICENSE = URN.licenseUser;

function errorOf(run: () => unknown): { status: number; scimType: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimProtocolError) return { status: error.status, scimType: error.scimType };
    throw error;
  }
  throw new Error('expected a ScimProtocolError');
}

describe('parseAttributePath', () => {
  const cases: Array<[string, { container: string | null; attribute: string; subAttribute: string | null; filtered: boolean }]> = [
    ['userName', { container: null, attribute: 'userName', subAttribute: null, filtered: false }],
    ['USERNAME', { container: null, attribute: 'userName', subAttribute: null, filtered: false }],
    ['externalId', { container: null, attribute: 'externalId', subAttribute: null, filtered: false }],
    ['name.givenName', { container: null, attribute: 'name', subAttribute: 'givenName', filtered: false }],
    ['Name.GivenName', { container: null, attribute: 'name', subAttribute: 'givenName', filtered: false }],
    [`${URN.user}:name.givenName`, { container: null, attribute: 'name', subAttribute: 'givenName', filtered: false }],
    [`${ENTERPRISE}:manager`, { container: ENTERPRISE, attribute: 'manager', subAttribute: null, filtered: false }],
    [`${ENTERPRISE}:manager.value`, { container: ENTERPRISE, attribute: 'manager', subAttribute: 'value', filtered: false }],
    [`${ENTERPRISE.toLowerCase()}:EmployeeNumber`, { container: ENTERPRISE, attribute: 'employeeNumber', subAttribute: null, filtered: false }],
    ['manager', { container: ENTERPRISE, attribute: 'manager', subAttribute: null, filtered: false }],
    [`${LICENSE}:licenseType`, { container: LICENSE, attribute: 'licenseType', subAttribute: null, filtered: false }],
    ['emails[type eq "work"].value', { container: null, attribute: 'emails', subAttribute: 'value', filtered: true }],
    ['emails[type eq "work" and primary eq true]', { container: null, attribute: 'emails', subAttribute: null, filtered: true }],
    ['EMAILS[TYPE EQ "work"].VALUE', { container: null, attribute: 'emails', subAttribute: 'value', filtered: true }],
    ['emails[value eq "a]b.c"].type', { container: null, attribute: 'emails', subAttribute: 'type', filtered: true }],
    ['phoneNumbers[type eq "mobile"]', { container: null, attribute: 'phoneNumbers', subAttribute: null, filtered: true }],
  ];
  it.each(cases)('parses %s', (path, expected) => {
    const parsed = parseAttributePath(path, userResourceSchemas);
    expect({ container: parsed.container, attribute: parsed.attribute, subAttribute: parsed.subAttribute, filtered: parsed.filter !== null }).toEqual(expected);
    expect(parsed.raw).toBe(path);
  });

  it('resolves filter attributes to the schema spelling', () => {
    expect(parseAttributePath('emails[TYPE eq "work" and Primary eq true]', userResourceSchemas).filter).toEqual({
      op: 'and',
      filters: [
        expect.objectContaining({ op: 'eq', attribute: 'type', value: 'work' }),
        expect.objectContaining({ op: 'eq', attribute: 'primary', value: true }),
      ],
    });
  });

  const errors: Array<[string, string]> = [
    ['nickname2', 'invalidPath'],
    ['addresses[type eq "work"].formatted', 'invalidPath'],
    ['name.nope', 'invalidPath'],
    ['active.value', 'invalidPath'],
    ['name[givenName eq "A"]', 'invalidPath'],
    ['emails[type eq "work"', 'invalidPath'],
    ['emails[type eq "work"]value', 'invalidPath'],
    ['emails..value', 'invalidPath'],
    ['', 'invalidPath'],
    [ENTERPRISE, 'invalidPath'],
    ['urn:example:custom:2.0:User:costCenter', 'invalidPath'],
    ['emails[type eq ]', 'invalidFilter'],
    ['emails[nope eq "x"]', 'invalidFilter'],
    ['emails[type[value eq "x"]]', 'invalidFilter'],
  ];
  it.each(errors)('rejects %j with 400 %s', (path, scimType) => {
    expect(errorOf(() => parseAttributePath(path, userResourceSchemas))).toEqual({ status: 400, scimType });
  });
});

describe('matchesValueFilter', () => {
  const emails = userSchema.attributes.find((a) => a.name === 'emails') as AttributeDefinition;
  const element = { value: 'Ada@Example.com', type: 'work', primary: true, display: 'b' };
  const cases: Array<[string, boolean]> = [
    ['type eq "work"', true],
    ['type eq "WORK"', true],
    ['type eq "home"', false],
    ['type ne "home"', true],
    ['value co "example"', true],
    ['value sw "ada@"', true],
    ['value ew ".COM"', true],
    ['value ew ".org"', false],
    ['display pr', true],
    ['type pr and display pr', true],
    ['type eq "home" or primary eq true', true],
    ['not (type eq "work")', false],
    ['primary eq "True"', true],
    ['primary eq false', false],
    ['display gt "a"', true],
    ['display lt "a"', false],
    ['display ge "b"', true],
    ['display le "a"', false],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(matchesValueFilter(element, parseValueFilter(text, emails))).toBe(expected);
  });

  it('reads literals in any case and JSON escapes in strings, like GET filters', () => {
    expect(matchesValueFilter(element, parseValueFilter('primary eq True', emails))).toBe(true);
    expect(matchesValueFilter({ value: 'a\\b' }, parseValueFilter('value eq "a\\\\b"', emails))).toBe(true);
  });

  it('treats an absent sub-attribute as not present and not equal', () => {
    expect(matchesValueFilter({ value: 'x' }, parseValueFilter('display pr', emails))).toBe(false);
    expect(matchesValueFilter({ value: 'x' }, parseValueFilter('type eq "work"', emails))).toBe(false);
    expect(matchesValueFilter({ value: 'x' }, parseValueFilter('type ne "work"', emails))).toBe(true);
  });

  it('compares case-sensitively when the sub-attribute is caseExact', () => {
    const exact: AttributeDefinition = { ...emails, subAttributes: emails.subAttributes!.map((s) => (s.name === 'value' ? { ...s, caseExact: true } : s)) };
    expect(matchesValueFilter(element, parseValueFilter('value eq "ada@example.com"', exact))).toBe(false);
    expect(matchesValueFilter(element, parseValueFilter('value eq "Ada@Example.com"', exact))).toBe(true);
  });
});

describe('filterEqualities', () => {
  const emails = userSchema.attributes.find((a) => a.name === 'emails') as AttributeDefinition;
  it.each([
    ['type eq "work"', { type: 'work' }],
    ['type eq "work" and primary eq "True"', { type: 'work', primary: true }],
    ['type eq "work" or type eq "home"', null],
    ['type co "work"', null],
    ['type eq "work" and type eq "home"', null],
  ])('%s → %j', (text, expected) => {
    expect(filterEqualities(parseValueFilter(text, emails))).toEqual(expected);
  });
});
