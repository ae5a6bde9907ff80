import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../commands/context';
import { Account } from '../domain/account/account.entity';
import { ActorType } from '../domain/provisioning/provisioning-event.entity';
import { executePrepared } from '../db/prepared-statements';
import { rowDateOrNull } from '../db/sql-rows';
import { ApiRole, ApiToken } from '../domain/token/api-token.entity';
import { tokenUsableAt } from '../domain/token/bearer-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import { parseToken, secretMatches, type TokenKind } from '../domain/token/token-secret';

export interface Principal {
  /** The account as the token look-up read it. */
  account: Readonly<Account>;
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
  const row = await findCredential(em, kind, parsed.lookupId);
  if (!row) return null;
  const { token_id: id, token_name: name, token_secret_hash: secretHash, token_role: role, token_revoked_at, token_expires_at, token_last_used_at, ...accountRow } = row;
  const token = { revokedAt: rowDateOrNull(token_revoked_at), expiresAt: rowDateOrNull(token_expires_at) };
  if (!secretMatches(parsed.secret, secretHash) || !tokenUsableAt(token, now)) return null;
  if (expectedAccountId !== null && accountRow.id !== expectedAccountId) return null;
  // A plain snapshot, not a managed entity: nothing writes it, and hydrating an entity costs more than the read.
  const account = em.getDriver().mapResult(accountRow, em.getMetadata().get(Account.name)) as Readonly<Account>;
  return {
    account,
    actor: { type: kind === 'scim' ? ActorType.SCIM_TOKEN : ActorType.API_TOKEN, id, name, role: kind === 'api' ? (role as ApiRole) : null },
    token: { kind, id, lastUsedAt: rowDateOrNull(token_last_used_at) },
  };
}

interface CredentialRow extends Record<string, unknown> {
  /** The account's own columns follow (`id` is the account's). */
  id: string;
  token_id: string;
  token_name: string;
  token_secret_hash: Buffer;
  token_role: string | null;
  token_revoked_at: unknown;
  token_expires_at: unknown;
  token_last_used_at: unknown;
}

/**
 * The token and its account in one plain statement: every request starts here, and the entity manager's
 * query building and hydration of a populated token cost more than the look-up itself.
 */
async function findCredential(em: EntityManager, kind: TokenKind, lookupId: string): Promise<CredentialRow | null> {
  const table = em.getMetadata().get(kind === 'scim' ? ScimToken.name : ApiToken.name).tableName;
  const [row] = await executePrepared<CredentialRow>(em, credentialSql(table, kind), [lookupId]);
  return row ?? null;
}

/** `findCredential`'s statement over the token table of `kind` (parameter: the lookup id); the bench's raw baseline runs it too. */
export function credentialSql(table: string, kind: TokenKind): string {
  return `select t.id as token_id, t.name as token_name, t.secret_hash as token_secret_hash, ${kind === 'api' ? 't.role' : 'null'} as token_role,
            t.revoked_at as token_revoked_at, t.expires_at as token_expires_at, t.last_used_at as token_last_used_at, a.*
       from ${table} t join account a on a.id = t.account_id
      where t.lookup_id = ?`;
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
