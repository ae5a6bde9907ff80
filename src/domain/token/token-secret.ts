import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'scim' | 'api';

/**
 * A bearer token reads `rst_<kind>_<lookup>_<secret>`: the prefix tells a leaked token's origin at a glance
 * (secret scanners match it), the 64-bit lookup finds the row by index, and only a SHA-256 digest of the
 * 256-bit secret is stored, so the database never holds anything that authenticates.
 */
const TOKEN_PATTERN = /^rst_(scim|api)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  /** The whole secret token, to be shown once. */
  token: string;
  lookupId: string;
  secretHash: Buffer;
  /** The non-secret part shown in listings, e.g. `rst_scim_1a2b3c4d5e6f7a8b`. */
  displayPrefix: string;
}

export interface ParsedToken {
  kind: TokenKind;
  lookupId: string;
  secret: string;
}

export function issueToken(kind: TokenKind): IssuedToken {
  const lookupId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const displayPrefix = `rst_${kind}_${lookupId}`;
  return { token: `${displayPrefix}_${secret}`, lookupId, secretHash: hashSecret(secret), displayPrefix };
}

export function parseToken(raw: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(raw);
  if (!match) return null;
  return { kind: match[1] as TokenKind, lookupId: match[2]!, secret: match[3]! };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time: both sides are 32-byte digests, so lengths never differ and nothing throws. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return storedHash.length === candidate.length && timingSafeEqual(candidate, storedHash);
}
