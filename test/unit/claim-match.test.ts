import { claimKey, ruleMatches, validateClaimValue } from '../../src/domain/sso/claim-match';
import { SsoMatchType } from '../../src/domain/sso/sso-mapping-rule.entity';

const { EXACT, PATTERN } = SsoMatchType;

/** [rule value, match type, claim value, matches] */
const TABLE: [string, SsoMatchType, string, boolean][] = [
  ['Engineering', EXACT, 'engineering', true],
  ['Engineering', EXACT, 'ENGINEERING', true],
  ['Engineering', EXACT, ' Engineering ', true],
  ['Engineering', EXACT, 'Engineering-EU', false],
  ['eng-*', EXACT, 'eng-platform', false],
  ['eng-*', EXACT, 'eng-*', true],
  ['eng-*', PATTERN, 'eng-platform', true],
  ['eng-*', PATTERN, 'ENG-Platform', true],
  ['eng-*', PATTERN, 'eng-', true],
  ['eng-*', PATTERN, 'eng', false],
  ['eng-*', PATTERN, 'xeng-platform', false],
  ['*-admins', PATTERN, 'okta-admins', true],
  ['*-admins', PATTERN, 'okta-admins-eu', false],
  ['team-?', PATTERN, 'team-a', true],
  ['team-?', PATTERN, 'team-ab', false],
  ['a.b*', PATTERN, 'a.bc', true],
  ['a.b*', PATTERN, 'axbc', false],
  ['(x)+[y]*', PATTERN, '(x)+[y]z', true],
  ['(x)+[y]*', PATTERN, 'xx[y]z', false],
  ['*', PATTERN, 'anything at all', true],
  ['Straße-*', PATTERN, 'STRASSE-1', false],
  ['é-*', PATTERN, 'e\u0301-1', true],
];

describe('SSO rule matching (case-insensitive, NFC)', () => {
  it.each(TABLE)('%s (%s) against %j → %s', (value, matchType, claim, expected) => {
    expect(ruleMatches({ claimKey: claimKey(value), matchType }, claim)).toBe(expected);
  });
});

describe('claim values', () => {
  it.each([
    ['', EXACT, 'CLAIM_VALUE_REQUIRED'],
    ['   ', PATTERN, 'CLAIM_VALUE_REQUIRED'],
    ['no-wildcard', PATTERN, 'INVALID_CLAIM_PATTERN'],
    ['bad\u0000value', EXACT, 'INVALID_CLAIM_VALUE'],
    ['x'.repeat(257), EXACT, 'INVALID_CLAIM_VALUE'],
  ])('refuses %j as %s with %s', (value, matchType, code) => {
    expect(() => validateClaimValue(value, matchType as SsoMatchType)).toThrow(expect.objectContaining({ code }));
  });

  it('keeps a valid value trimmed', () => {
    expect(validateClaimValue('  eng-*  ', PATTERN)).toBe('eng-*');
  });
});
