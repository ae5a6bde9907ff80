import { InvalidInputError } from '../errors';
import { hasControlCharacters } from '../user/user-name';
import { SsoMatchType } from './sso-mapping-rule.entity';

/** Claim values compare like group names: NFC, ignoring case. */
export function claimKey(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

export function validateClaimValue(value: string, matchType: SsoMatchType): string {
  const trimmed = value.trim();
  if (!trimmed) throw new InvalidInputError('CLAIM_VALUE_REQUIRED', 'claimValue is required and must not be blank', { field: 'claimValue' });
  if (trimmed.length > 256) throw new InvalidInputError('INVALID_CLAIM_VALUE', 'claimValue has at most 256 characters', { field: 'claimValue' });
  if (hasControlCharacters(trimmed)) throw new InvalidInputError('INVALID_CLAIM_VALUE', 'claimValue must not contain control characters', { field: 'claimValue' });
  if (matchType === SsoMatchType.PATTERN && !/[*?]/.test(trimmed))
    throw new InvalidInputError('INVALID_CLAIM_PATTERN', 'A PATTERN rule needs a wildcard (* or ?); use EXACT for a plain value', { field: 'claimValue' });
  return trimmed;
}

/** A glob as a regular expression: `*` any run of characters (also none), `?` exactly one; everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}

export interface ClaimRule {
  claimKey: string;
  matchType: SsoMatchType;
}

/** Whether a rule matches one claim value of an assertion; both sides compare as `claimKey`s. */
export function ruleMatches(rule: ClaimRule, claimValue: string): boolean {
  const key = claimKey(claimValue);
  return rule.matchType === SsoMatchType.EXACT ? rule.claimKey === key : globToRegExp(rule.claimKey).test(key);
}
