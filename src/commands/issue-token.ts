import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../domain/account/account.entity';
import { InvalidInputError } from '../domain/errors';
import { ApiRole, ApiToken } from '../domain/token/api-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import { issueToken } from '../domain/token/token-secret';
import type { Ctx } from './context';
import { recordEvent } from './record-event';

export interface TokenInput {
  name: string;
  expiresAt?: Date | null;
}

export interface IssuedTokenResult<T> {
  token: T;
  /** The whole bearer token: only ever held in memory on its way to the caller. */
  secret: string;
}

function validate(ctx: Omit<Ctx, 'em'>, input: TokenInput): string {
  const name = input.name.trim();
  if (!name) throw new InvalidInputError('BAD_USER_INPUT', 'A token needs a name', { field: 'name' });
  if (name.length > 200) throw new InvalidInputError('BAD_USER_INPUT', 'A token name has at most 200 characters', { field: 'name' });
  if (input.expiresAt && input.expiresAt <= ctx.clock.now())
    throw new InvalidInputError('BAD_USER_INPUT', 'A token cannot expire in the past', { field: 'expiresAt' });
  return name;
}

/** Adds a new SCIM token to the unit of work; the caller's transaction commits it. */
export function issueScimToken(em: EntityManager, ctx: Omit<Ctx, 'em'>, input: TokenInput): IssuedTokenResult<ScimToken> {
  const name = validate(ctx, input);
  const issued = issueToken('scim');
  const token = em.create(ScimToken, {
    account: em.getReference(Account, ctx.accountId),
    name,
    lookupId: issued.lookupId,
    displayPrefix: issued.displayPrefix,
    secretHash: issued.secretHash,
    createdAt: ctx.clock.now(),
    expiresAt: input.expiresAt ?? null,
  });
  recordEvent(em, ctx, 'scim_token.created', { resourceType: 'ScimToken', resourceId: token.id, detail: { name, prefix: issued.displayPrefix } });
  return { token, secret: issued.token };
}

export function issueApiToken(em: EntityManager, ctx: Omit<Ctx, 'em'>, input: TokenInput & { role: ApiRole }): IssuedTokenResult<ApiToken> {
  const name = validate(ctx, input);
  const issued = issueToken('api');
  const token = em.create(ApiToken, {
    account: em.getReference(Account, ctx.accountId),
    name,
    role: input.role,
    lookupId: issued.lookupId,
    displayPrefix: issued.displayPrefix,
    secretHash: issued.secretHash,
    createdAt: ctx.clock.now(),
    expiresAt: input.expiresAt ?? null,
  });
  recordEvent(em, ctx, 'api_token.created', { resourceType: 'ApiToken', resourceId: token.id, detail: { name, role: input.role, prefix: issued.displayPrefix } });
  return { token, secret: issued.token };
}
