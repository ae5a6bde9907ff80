import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../commands/context';
import { changeGroup } from '../../commands/groups/change-group';
import { deleteGroup } from '../../commands/groups/delete-group';
import { getGroup, listGroups } from '../../commands/groups/group.queries';
import { provisionGroup } from '../../commands/groups/provision-group';
import type { Config } from '../../config/config';
import type { Group } from '../../domain/group/group.entity';
import { groupResourceSchemas } from '../protocol/attribute-path';
import { listResponse } from '../protocol/discovery';
import { parsePatchRequest } from '../protocol/patch';
import { excludesAttribute, parseProjection, type Projection } from '../protocol/projection';
import { groupListQuery } from '../translate/group-query';
import { groupPatchToChange } from '../translate/group-patch';
import { groupEtag, parseGroupResource } from '../translate/group-resource';
import { ifMatchVersion, ifNoneMatchHits } from './conditional';
import { parseListParams } from './list-params';
import { ScimProtocolError } from '../protocol/scim-error';
import { scimBaseUrl, sendScim } from './render';
import { renderGroups } from './resource-rendering';
import { searchBody } from './users.router';

/**
 * The most member values one list reply may carry. Where `tooMany` applies (RFC 7644 §3.12): a filter matching
 * more resources than a page holds is answered with a page (§3.4.2.4 caps `count` at the maximum page size), so
 * the only unbounded list reply is a page of groups with their members. Past this it is refused with `tooMany`,
 * naming the remedy; a single group, however large, is still returned whole by GET /Groups/{id}.
 */
export const MAX_LISTED_MEMBERS = 100_000;

function assertMembersListable(groups: Group[], projection: Projection): void {
  if (excludesAttribute(projection, 'members')) return;
  const members = groups.reduce((sum, g) => sum + g.memberCount, 0);
  if (members > MAX_LISTED_MEMBERS)
    throw new ScimProtocolError(
      400,
      'tooMany',
      `This page of groups would list ${members} members, more than the ${MAX_LISTED_MEMBERS} one reply may hold; ` +
        'ask with excludedAttributes=members (then GET each group), or with a smaller count',
    );
}

/** RFC 7644 §3.3–3.6 for `/Groups`. Member rows are read only when the reply includes `members`. */
export function groupsRouter(config: Config): Router {
  const router = Router({ mergeParams: true });
  const base = (req: Request) => scimBaseUrl(config.publicBaseUrl, req);
  const ctxOf = (req: Request): Ctx => req.ctx!;
  const projectionOf = (req: Request) => parseProjection(req.query['attributes'], req.query['excludedAttributes']);

  const render = (req: Request, groups: Group[], projection: Projection) => renderGroups(ctxOf(req), groups, projection, base(req));

  const sendGroup = async (req: Request, res: Response, status: number, group: Group) => {
    res.setHeader('ETag', groupEtag(group));
    const [resource] = await render(req, [group], projectionOf(req));
    if (status === 201) res.setHeader('Location', `${base(req)}/Groups/${group.id}`);
    sendScim(res, status, resource);
  };

  const list = async (req: Request, res: Response, source: Record<string, unknown>) => {
    const params = parseListParams(source);
    const page = await listGroups(ctxOf(req), { ...groupListQuery(params), page: params.page });
    assertMembersListable(page.groups, params.projection);
    sendScim(res, 200, {
      ...listResponse(await render(req, page.groups, params.projection), page.totalResults, page.startIndex),
      ...(params.page.kind === 'cursor' && page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };

  router.get('/Groups', (req, res) => list(req, res, req.query as Record<string, unknown>));
  router.post('/Groups/.search', (req, res) => list(req, res, searchBody(req.body)));

  router.post('/Groups', async (req, res) => {
    const { group } = await provisionGroup(ctxOf(req), parseGroupResource(req.body));
    await sendGroup(req, res, 201, group);
  });

  router.get('/Groups/:id', async (req, res) => {
    const group = await getGroup(ctxOf(req), req.params['id']!);
    if (ifNoneMatchHits(req, groupEtag(group))) {
      res.setHeader('ETag', groupEtag(group));
      res.status(304).end();
      return;
    }
    await sendGroup(req, res, 200, group);
  });

  router.put('/Groups/:id', async (req, res) => {
    const input = parseGroupResource(req.body);
    const { group } = await changeGroup(
      ctxOf(req),
      req.params['id']!,
      { displayName: input.displayName, externalId: input.externalId, members: { replace: input.members } },
      { ifVersion: ifMatchVersion(req) },
    );
    await sendGroup(req, res, 200, group);
  });

  // 204 when the client asks for no members back (Entra's `excludedAttributes=members`): the reply then
  // needs no membership read at all; otherwise 200 with the group, as RFC 7644 §3.5.2 allows both.
  router.patch('/Groups/:id', async (req, res) => {
    const change = groupPatchToChange(parsePatchRequest(req.body, groupResourceSchemas));
    const { group } = await changeGroup(ctxOf(req), req.params['id']!, change, { ifVersion: ifMatchVersion(req) });
    if (excludesAttribute(projectionOf(req), 'members')) {
      res.setHeader('ETag', groupEtag(group));
      res.status(204).end();
      return;
    }
    await sendGroup(req, res, 200, group);
  });

  router.delete('/Groups/:id', async (req, res) => {
    await deleteGroup(ctxOf(req), req.params['id']!, { ifVersion: ifMatchVersion(req) });
    res.status(204).end();
  });

  return router;
}
