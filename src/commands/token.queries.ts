import { ApiToken } from '../domain/token/api-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import type { Ctx } from './context';
import { listNewestFirst, type NewestFirstPage, type PageArgs } from './paging/newest-first';

/** The account's SCIM tokens, newest first, revoked and expired ones included: metadata only, never a digest. */
export function listScimTokens(ctx: Pick<Ctx, 'em' | 'accountId'>, page: PageArgs): Promise<NewestFirstPage<ScimToken>> {
  return listNewestFirst(ctx.em, { entity: ScimToken, table: 'scim_token', alias: 't', timeColumn: 'created_at', accountId: ctx.accountId, where: [], page });
}

export function listApiTokens(ctx: Pick<Ctx, 'em' | 'accountId'>, page: PageArgs): Promise<NewestFirstPage<ApiToken>> {
  return listNewestFirst(ctx.em, { entity: ApiToken, table: 'api_token', alias: 't', timeColumn: 'created_at', accountId: ctx.accountId, where: [], page });
}
