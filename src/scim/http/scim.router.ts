import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { Authenticator } from '../../auth/bearer-strategies';
import { SCIM_STRATEGY } from '../../auth/bearer-strategies';
import type { Config } from '../../config/config';
import type { Orm } from '../../db/orm';
import { ForbiddenError } from '../../domain/errors';
import { authenticate, markTokenUsed } from '../../http/authenticate';
import { rateLimit, type RateLimiter } from '../../http/rate-limit';
import { requestTimeout } from '../../http/request-timeout';
import { wellFormedBody } from '../../http/well-formed-body';
import { enforceIpAllowlist } from '../../http/ip-allowlist';
import { SCIM_MEDIA_TYPE } from '../protocol/urns';
import { discoveryRouter } from './discovery.router';
import { groupsRouter } from './groups.router';
import { searchRouter } from './search.router';
import { usersRouter } from './users.router';
import { scimErrorHandler, scimNotFound } from './error-middleware';
import { recordRefusedWrites } from './record-refused-writes';

export interface ScimDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  passport: Authenticator;
  bodyLimit: string | number;
  rateLimiter?: RateLimiter | null;
  email?: { kick(): void };
}

/** Everything under `/scim/v2/accounts/:accountId`: auth for that account, then the SCIM resources. */
export function scimRouter(deps: ScimDeps): Router {
  const router = Router({ mergeParams: true });
  router.use(requestTimeout(deps.config.requestTimeoutMs, scimErrorHandler(deps.logger)));
  router.use(authenticate(deps.passport, SCIM_STRATEGY, deps.orm));
  router.use(enforceIpAllowlist(deps.orm, 'scim', deps.logger));
  router.use(markTokenUsed(deps.orm));
  router.use((req, _res, next) => {
    if (!req.principal?.account.scimEnabled) next(new ForbiddenError('SCIM_DISABLED', 'SCIM is disabled for this account; enable it in the account settings'));
    else next();
  });
  router.use(rateLimit(deps.rateLimiter ?? null));
  router.use(express.json({ type: ['application/json', SCIM_MEDIA_TYPE, 'application/*+json'], limit: deps.bodyLimit, strict: false }));
  router.use(wellFormedBody);
  router.use(discoveryRouter(deps.config));
  router.use(usersRouter(deps.config, () => deps.email?.kick()));
  router.use(groupsRouter(deps.config));
  router.use(searchRouter(deps.config));
  router.use(scimNotFound);
  router.use(recordRefusedWrites);
  router.use(scimErrorHandler(deps.logger));
  return router;
}
