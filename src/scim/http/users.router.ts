import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../commands/context';
import type { MemberRef } from '../../commands/groups/group.queries';
import { provisionUser } from '../../commands/users/create-user';
import { deleteUser } from '../../commands/users/delete-user';
import { listUsers } from '../../commands/users/list-users';
import { replaceUser } from '../../commands/users/replace-user';
import { getUser } from '../../commands/users/user.queries';
import type { User } from '../../domain/user/user.entity';
import type { Config } from '../../config/config';
import { listResponse } from '../protocol/discovery';
import { parsePatchRequest } from '../protocol/patch';
import { excludesAttribute, parseProjection } from '../protocol/projection';
import { ScimProtocolError } from '../protocol/scim-error';
import { applyUserPatch } from '../translate/apply-user-patch';
import { userListQuery } from '../translate/user-query';
import { parseUserResource, renderUser, userEtag } from '../translate/user-resource';
import { ifMatchVersion, ifNoneMatchHits } from './conditional';
import { parseListParams } from './list-params';
import { scimBaseUrl, sendScim } from './render';
import { renderUsers } from './resource-rendering';

/** RFC 7644 §3.3–3.6 for `/Users`: each route parses, calls one command, renders. */
export function usersRouter(config: Config, mailQueued: () => void = () => undefined): Router {
  const router = Router({ mergeParams: true });
  const base = (req: Request) => scimBaseUrl(config.publicBaseUrl, req);
  const ctxOf = (req: Request): Ctx => req.ctx!;
  const projectionOf = (req: Request) => parseProjection(req.query['attributes'], req.query['excludedAttributes']);

  const sendUser = async (req: Request, res: Response, status: number, user: User, knownGroups?: Map<string, MemberRef[]>) => {
    const [resource] = await renderUsers(ctxOf(req), [user], projectionOf(req), base(req), knownGroups);
    res.setHeader('ETag', userEtag(user));
    if (status === 201) res.setHeader('Location', `${base(req)}/Users/${user.id}`);
    sendScim(res, status, resource);
  };

  const list = async (req: Request, res: Response, source: Record<string, unknown>) => {
    const params = parseListParams(source);
    const withGroups = !excludesAttribute(params.projection, 'groups');
    const page = await listUsers(ctxOf(req), { ...userListQuery(params), page: params.page, withGroups });
    const resources = await renderUsers(ctxOf(req), page.users, params.projection, base(req), page.groups ?? undefined);
    sendScim(res, 200, {
      ...listResponse(resources, page.totalResults, page.startIndex),
      ...(params.page.kind === 'cursor' && page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };

  router.get('/Users', (req, res) => list(req, res, req.query as Record<string, unknown>));
  router.post('/Users/.search', (req, res) => list(req, res, searchBody(req.body)));

  router.post('/Users', async (req, res) => {
    const { user, linked } = await provisionUser(ctxOf(req), parseUserResource(req.body));
    mailQueued();
    // A user created just now belongs to no group yet; a linked one may.
    await sendUser(req, res, 201, user, linked ? undefined : new Map([[user.id, []]]));
  });

  router.get('/Users/:id', async (req, res) => {
    const user = await getUser(ctxOf(req), req.params['id']!);
    if (ifNoneMatchHits(req, userEtag(user))) {
      res.setHeader('ETag', userEtag(user));
      res.status(304).end();
      return;
    }
    await sendUser(req, res, 200, user);
  });

  router.put('/Users/:id', async (req, res) => {
    const user = await replaceUser(ctxOf(req), req.params['id']!, parseUserResource(req.body), { ifVersion: ifMatchVersion(req) });
    mailQueued();
    await sendUser(req, res, 200, user);
  });

  router.patch('/Users/:id', async (req, res) => {
    const operations = parsePatchRequest(req.body);
    const patch = (current: User) => parseUserResource(applyUserPatch(renderUser(current, { baseUrl: base(req) }), operations));
    const user = await replaceUser(ctxOf(req), req.params['id']!, patch, { ifVersion: ifMatchVersion(req) });
    mailQueued();
    await sendUser(req, res, 200, user);
  });

  router.delete('/Users/:id', async (req, res) => {
    await deleteUser(ctxOf(req), req.params['id']!, { ifVersion: ifMatchVersion(req) });
    res.status(204).end();
  });

  return router;
}

/** RFC 7644 §3.4.3: a `.search` body carries the list parameters as JSON. */
export function searchBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ScimProtocolError(400, 'invalidSyntax', 'A search request must be a JSON object');
  const { schemas: _schemas, ...params } = body as Record<string, unknown>;
  return params;
}
