import { inTransaction } from '../db/unit-of-work';
import { Account } from '../domain/account/account.entity';
import { NotFoundError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { ApiToken, type ApiRole } from '../domain/token/api-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import type { Ctx } from './context';
import { issueApiToken, issueScimToken, type IssuedTokenResult, type TokenInput } from './issue-token';
import { recordEvent } from './record-event';
import { accountNotFound } from './account.queries';

async function requireAccount(em: Ctx['em'], accountId: string): Promise<void> {
  if (!isUuid(accountId) || !(await em.count(Account, { id: accountId })))
    throw accountNotFound(accountId);
}

export async function createScimToken(ctx: Ctx, input: TokenInput): Promise<IssuedTokenResult<ScimToken>> {
  return inTransaction(ctx, async (em) => {
    await requireAccount(em, ctx.accountId);
    return issueScimToken(em, ctx, input);
  });
}

export async function createApiToken(ctx: Ctx, input: TokenInput & { role: ApiRole }): Promise<IssuedTokenResult<ApiToken>> {
  return inTransaction(ctx, async (em) => {
    await requireAccount(em, ctx.accountId);
    return issueApiToken(em, ctx, input);
  });
}

/** Revoking is immediate and final; revoking a revoked token is a no-op that still answers with it. */
export async function revokeScimToken(ctx: Ctx, input: { id: string }): Promise<ScimToken> {
  return inTransaction(ctx, async (em) => {
    const token = isUuid(input.id) ? await em.findOne(ScimToken, { id: input.id, account: ctx.accountId }) : null;
    if (!token) throw new NotFoundError('TOKEN_NOT_FOUND', `SCIM token ${input.id} does not exist`);
    if (!token.revokedAt) {
      token.revokedAt = ctx.clock.now();
      recordEvent(em, ctx, 'scim_token.revoked', { resourceType: 'ScimToken', resourceId: token.id, detail: { name: token.name } });
    }
    return token;
  });
}

export async function revokeApiToken(ctx: Ctx, input: { id: string }): Promise<ApiToken> {
  return inTransaction(ctx, async (em) => {
    const token = isUuid(input.id) ? await em.findOne(ApiToken, { id: input.id, account: ctx.accountId }) : null;
    if (!token) throw new NotFoundError('TOKEN_NOT_FOUND', `API token ${input.id} does not exist`);
    if (!token.revokedAt) {
      token.revokedAt = ctx.clock.now();
      recordEvent(em, ctx, 'api_token.revoked', { resourceType: 'ApiToken', resourceId: token.id, detail: { name: token.name } });
    }
    return token;
  });
}
