import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../commands/context';
import { Account } from '../domain/account/account.entity';
import { ActorType } from '../domain/provisioning/provisioning-event.entity';
import { ApiToken } from '../domain/token/api-token.entity';
import type { BearerToken } from '../domain/token/bearer-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import { parseToken, secretMatches, type TokenKind } from '../domain/token/token-secret';

export interface Principal {
  account: Account;
  actor: Actor;
  /** The token as authenticated, for `recordTokenUse` once the request has passed every gate. */
  token: { kind: TokenKind; id: string; lastUsedAt: Date | null };
}

/** `lastUsedAt` is written at most once a minute per token, so requests do not all write the same row. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves a bearer token to its account and actor, or null for any token that must not pass:
 * malformed, of the other kind, unknown, wrong secret, revoked, expired, or of another account.
 */
export async function authenticateToken(
  em: EntityManager,
  raw: string,
  kind: TokenKind,
  expectedAccountId: string | null,
  now: Date,
): Promise<Principal | null> {
  const parsed = parseToken(raw);
  if (!parsed || parsed.kind !== kind) return null;
  const entity = kind === 'scim' ? ScimToken : ApiToken;
  const token: BearerToken | null = await em.findOne(entity, { lookupId: parsed.lookupId }, { populate: ['account', 'secretHash'] });
  if (!token || !secretMatches(parsed.secret, token.secretHash) || !token.isUsableAt(now)) return null;
  if (expectedAccountId !== null && token.account.id !== expectedAccountId) return null;
  return {
    account: token.account,
    actor: {
      type: kind === 'scim' ? ActorType.SCIM_TOKEN : ActorType.API_TOKEN,
      id: token.id,
      name: token.name,
      role: token instanceof ApiToken ? token.role : null,
    },
    token: { kind, id: token.id, lastUsedAt: token.lastUsedAt },
  };
}

/**
 * Writes the token's `lastUsedAt`. Called only once the request got past the IP allowlist, so a request the
 * allowlist refused does not look like use of the token; at most once a minute per token.
 */
export async function recordTokenUse(em: EntityManager, principal: Principal, now: Date): Promise<void> {
  const { kind, id, lastUsedAt } = principal.token;
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await em.nativeUpdate(kind === 'scim' ? ScimToken : ApiToken, { id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: staleBefore } }] }, { lastUsedAt: now });
}
