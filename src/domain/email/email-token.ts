import { randomBytes } from 'node:crypto';
import { hashSecret, secretMatches } from '../token/token-secret';
import { EmailKind } from './email-outbox.entity';

/**
 * A one-time email link token reads `rst_<inv|eml>_<lookup>_<secret>`, like the bearer tokens of
 * `token-secret.ts`: a recognizable prefix per kind, a 64-bit lookup found by index, and a 256-bit secret
 * of which only the SHA-256 digest is stored.
 */
const PREFIX: Record<EmailKind, string> = {
  [EmailKind.INVITATION]: 'inv',
  [EmailKind.EMAIL_CHANGE]: 'eml',
};
const KIND_BY_PREFIX = new Map(Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind as EmailKind]));
const TOKEN_PATTERN = /^rst_(inv|eml)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface MintedEmailToken {
  /** The whole token, held in memory only on its way into the mail. */
  token: string;
  lookup: string;
  hash: Buffer;
}

export interface ParsedEmailToken {
  kind: EmailKind;
  lookup: string;
  secret: string;
}

export function mintEmailToken(kind: EmailKind): MintedEmailToken {
  const lookup = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `rst_${PREFIX[kind]}_${lookup}_${secret}`, lookup, hash: hashSecret(secret) };
}

export function parseEmailToken(raw: string): ParsedEmailToken | null {
  const match = TOKEN_PATTERN.exec(raw.trim());
  if (!match) return null;
  return { kind: KIND_BY_PREFIX.get(match[1]!)!, lookup: match[2]!, secret: match[3]! };
}

export function emailTokenMatches(parsed: ParsedEmailToken, storedHash: Buffer | null): boolean {
  return storedHash !== null && secretMatches(parsed.secret, storedHash);
}
