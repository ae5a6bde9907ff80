import { Router, type Request } from 'express';
import { listGroups } from '../../commands/groups/group.queries';
import { listUsers } from '../../commands/users/list-users';
import type { Config } from '../../config/config';
import { listResponse } from '../protocol/discovery';
import { excludesAttribute } from '../protocol/projection';
import { ScimProtocolError } from '../protocol/scim-error';
import { groupListQuery } from '../translate/group-query';
import { userListQuery } from '../translate/user-query';
import { parseListParams } from './list-params';
import { scimBaseUrl, sendScim } from './render';
import { renderGroups, renderUsers } from './resource-rendering';
import { searchBody } from './users.router';

/**
 * RFC 7644 §3.4.3 `POST /.search` across resource types: Users first, then Groups, paged as one list. A
 * filter naming an attribute only one type has matches nothing of the other type; one neither has is a 400.
 */
export function searchRouter(config: Config): Router {
  const router = Router({ mergeParams: true });
  router.post('/.search', async (req: Request, res) => {
    const params = parseListParams(searchBody(req.body));
    if (params.page.kind === 'cursor')
      throw new ScimProtocolError(400, 'invalidValue', 'Cursor paging is per resource type: search /Users/.search or /Groups/.search');
    const userQuery = attempt(() => userListQuery(params));
    const groupQuery = attempt(() => groupListQuery(params));
    if ('error' in userQuery && 'error' in groupQuery) throw userQuery.error;

    const ctx = req.ctx!;
    const { startIndex, count } = params.page;
    const countOnly = { kind: 'index' as const, startIndex: 1, count: 0 };
    const userTotal = 'query' in userQuery ? (await listUsers(ctx, { ...userQuery.query, page: countOnly })).totalResults : 0;
    const groupTotal = 'query' in groupQuery ? (await listGroups(ctx, { ...groupQuery.query, page: countOnly })).totalResults : 0;

    const base = scimBaseUrl(config.publicBaseUrl, req);
    const resources = [];
    const userCount = Math.max(0, Math.min(count, userTotal - startIndex + 1));
    if ('query' in userQuery && userCount > 0) {
      const withGroups = !excludesAttribute(params.projection, 'groups');
      const page = await listUsers(ctx, { ...userQuery.query, page: { kind: 'index', startIndex, count: userCount }, withGroups });
      resources.push(...(await renderUsers(ctx, page.users, params.projection, base, page.groups ?? undefined)));
    }
    const groupCount = count - resources.length;
    if ('query' in groupQuery && groupCount > 0 && startIndex + resources.length > userTotal) {
      const groupStart = startIndex + resources.length - userTotal;
      const page = await listGroups(ctx, { ...groupQuery.query, page: { kind: 'index', startIndex: groupStart, count: groupCount } });
      resources.push(...(await renderGroups(ctx, page.groups, params.projection, base)));
    }
    sendScim(res, 200, listResponse(resources, userTotal + groupTotal, startIndex));
  });
  return router;
}

function attempt<T>(compile: () => T): { query: T } | { error: unknown } {
  try {
    return { query: compile() };
  } catch (error) {
    if (error instanceof ScimProtocolError) return { error };
    throw error;
  }
}
