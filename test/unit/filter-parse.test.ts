import { parseFilter, type ScimFilter } from '../../src/scim/protocol/filter';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** filter text → the tree parseFilter returns (RFC 7644 §3.4.2.2 grammar, through scim2-parse-filter). */
const PARSES: [string, ScimFilter][] = [
  ['userName eq "bjensen"', { op: 'eq', attrPath: 'userName', compValue: 'bjensen' }],
  ['USERNAME EQ "x"', { op: 'eq', attrPath: 'USERNAME', compValue: 'x' }],
  ['title pr', { op: 'pr', attrPath: 'title' }],
  ['title PR', { op: 'pr', attrPath: 'title' }],
  ['name.familyName co "O\'Malley"', { op: 'co', attrPath: 'name.familyName', compValue: "O'Malley" }],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', { op: 'gt', attrPath: 'meta.lastModified', compValue: '2011-05-13T04:42:34Z' }],
  ['active eq true', { op: 'eq', attrPath: 'active', compValue: true }],
  ['active eq False', { op: 'eq', attrPath: 'active', compValue: false }],
  ['title eq NULL', { op: 'eq', attrPath: 'title', compValue: null }],
  ['x ge 42', { op: 'ge', attrPath: 'x', compValue: 42 }],
  ['x lt 1.5e3', { op: 'lt', attrPath: 'x', compValue: 1500 }],
  ['x le -3', { op: 'le', attrPath: 'x', compValue: -3 }],
  ['(x eq 5)', { op: 'eq', attrPath: 'x', compValue: 5 }],
  ['title eq "a\\"b"', { op: 'eq', attrPath: 'title', compValue: 'a"b' }],
  ['title eq "a\\\\b"', { op: 'eq', attrPath: 'title', compValue: 'a\\b' }],
  ['title eq "C:\\\\"', { op: 'eq', attrPath: 'title', compValue: 'C:\\' }],
  ['title eq "\\u00e9t\\u00E9\\n\\t\\/"', { op: 'eq', attrPath: 'title', compValue: 'été\n\t/' }],
  ['displayName eq "Zoë Ünal"', { op: 'eq', attrPath: 'displayName', compValue: 'Zoë Ünal' }],
  ['userName eq "a b" and title sw "x"', { op: 'and', filters: [{ op: 'eq', attrPath: 'userName', compValue: 'a b' }, { op: 'sw', attrPath: 'title', compValue: 'x' }] }],
  ['a pr OR b pr', { op: 'or', filters: [{ op: 'pr', attrPath: 'a' }, { op: 'pr', attrPath: 'b' }] }],
  [
    'a pr or b pr and c pr',
    { op: 'or', filters: [{ op: 'pr', attrPath: 'a' }, { op: 'and', filters: [{ op: 'pr', attrPath: 'b' }, { op: 'pr', attrPath: 'c' }] }] },
  ],
  [
    'a pr and b pr or c pr',
    { op: 'or', filters: [{ op: 'and', filters: [{ op: 'pr', attrPath: 'a' }, { op: 'pr', attrPath: 'b' }] }, { op: 'pr', attrPath: 'c' }] },
  ],
  [
    'a pr and (b pr or c pr)',
    { op: 'and', filters: [{ op: 'pr', attrPath: 'a' }, { op: 'or', filters: [{ op: 'pr', attrPath: 'b' }, { op: 'pr', attrPath: 'c' }] }] },
  ],
  ['not (a pr)', { op: 'not', filter: { op: 'pr', attrPath: 'a' } }],
  ['NOT(a pr) and b pr', { op: 'and', filters: [{ op: 'not', filter: { op: 'pr', attrPath: 'a' } }, { op: 'pr', attrPath: 'b' }] }],
  [
    'emails[type eq "work" and primary eq true]',
    {
      op: '[]',
      attrPath: 'emails',
      valFilter: { op: 'and', filters: [{ op: 'eq', attrPath: 'type', compValue: 'work' }, { op: 'eq', attrPath: 'primary', compValue: true }] },
    },
  ],
  // Entra: the sub-attribute after the brackets joins the value filter, so both apply to the same email.
  [
    'emails[type eq "work"].value eq "a@b.c"',
    {
      op: '[]',
      attrPath: 'emails',
      valFilter: { op: 'and', filters: [{ op: 'eq', attrPath: 'type', compValue: 'work' }, { op: 'eq', attrPath: 'value', compValue: 'a@b.c' }] },
    },
  ],
  [
    'emails[type eq "work" or type eq "home"].value pr and active eq true',
    {
      op: 'and',
      filters: [
        {
          op: '[]',
          attrPath: 'emails',
          valFilter: {
            op: 'and',
            filters: [
              { op: 'or', filters: [{ op: 'eq', attrPath: 'type', compValue: 'work' }, { op: 'eq', attrPath: 'type', compValue: 'home' }] },
              { op: 'pr', attrPath: 'value' },
            ],
          },
        },
        { op: 'eq', attrPath: 'active', compValue: true },
      ],
    },
  ],
  [
    'emails[type eq "work"].value eq "a" or emails[type eq "home"].value eq "b"',
    {
      op: 'or',
      filters: [
        { op: '[]', attrPath: 'emails', valFilter: { op: 'and', filters: [{ op: 'eq', attrPath: 'type', compValue: 'work' }, { op: 'eq', attrPath: 'value', compValue: 'a' }] } },
        { op: '[]', attrPath: 'emails', valFilter: { op: 'and', filters: [{ op: 'eq', attrPath: 'type', compValue: 'home' }, { op: 'eq', attrPath: 'value', compValue: 'b' }] } },
      ],
    },
  ],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"',
    { op: 'eq', attrPath: 'urn:ietf:params:scim:schemas:core:2.0:User:userName', compValue: 'x' },
  ],
  [`${ENTERPRISE}:employeeNumber eq "701984"`, { op: 'eq', attrPath: `${ENTERPRISE}:employeeNumber`, compValue: '701984' }],
  [`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, { op: 'eq', attrPath: `${ENTERPRISE}:manager.value`, compValue: '26118915-6090-4610-87e4-49d8ca9f808d' }],
  ['  userName   eq\t"x"  ', { op: 'eq', attrPath: 'userName', compValue: 'x' }],
];

/** filter text → a fragment of the 400 invalidFilter detail. */
const REJECTS: [string, string][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['userName', 'must be followed by an operator'],
  ['userName eq', 'a comparison value is missing'],
  ['userName eq bjensen', 'expected a value'],
  ["userName eq 'bjensen'", 'double quotes'],
  ['userName foo "x"', '"foo" after "userName" is not an operator'],
  ['userName eq "x" and', 'ends where an expression was expected'],
  ['userName eq "x" userName eq "y"', 'missing "and"/"or"'],
  ['(userName eq "x"', '"(" is not closed'],
  ['emails[type eq "work"', '"[" is not closed'],
  ['userName eq "x")', 'after a complete expression'],
  ['userName eq "unterminated', 'unexpected character'],
  ['not', 'ends where an expression was expected'],
  ['title eq "bad \\x escape"', 'expected a value'],
  ['a[b eq 1][c eq 2]', 'after a complete expression'],
  [Array.from({ length: 50 }, (_, i) => `a${i} pr`).join(' and '), 'more than 50 terms'],
  [`${'not ('.repeat(10)}a pr${')'.repeat(10)}`, 'deeper than 10'],
  [`title eq "${'x'.repeat(5000)}"`, 'at most 4096'],
];

describe('parseFilter', () => {
  it.each(PARSES)('parses %s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
  it.each(REJECTS.map(([text, detail]) => [short(text), text, detail]))('rejects %j with 400 invalidFilter', (_label, text, detail) => {
    let error: unknown;
    try {
      parseFilter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimProtocolError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as Error).message).toContain(detail);
  });

  it('accepts a filter with exactly 50 terms and depth 10, and honours custom limits', () => {
    const fifty = Array.from({ length: 49 }, (_, i) => `a${i} pr`).join(' and ');
    expect(() => parseFilter(fifty)).not.toThrow();
    const deep = `${'not ('.repeat(9)}a pr${')'.repeat(9)}`;
    expect(() => parseFilter(deep)).not.toThrow();
    expect(() => parseFilter('a pr and b pr', { maxNodes: 2 })).toThrow(/more than 2 terms/);
  });
});
