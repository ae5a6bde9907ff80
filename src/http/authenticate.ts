import type { RequestHandler } from 'express';
import type { Authenticator } from '../auth/bearer-strategies';
import { recordTokenUse, type Principal } from '../auth/authenticate-token';
import { systemClock } from '../commands/context';
import type { Orm } from '../db/orm';
import { translateDriverError } from '../db/unit-of-work';
import { UnauthenticatedError } from '../domain/errors';

/**
 * Authenticates with one passport strategy, then builds the request's command context
 * (a forked EntityManager, the account, the actor) once for whichever transport follows.
 */
export function authenticate(passport: Authenticator, strategy: string, orm: Orm): RequestHandler {
  return (req, res, next) => {
    if (req.query && typeof req.query === 'object' && 'access_token' in req.query) {
      next(new UnauthenticatedError('Tokens in the URL are refused; send the token in the Authorization header'));
      return;
    }
    const handler = passport.authenticate(strategy, { session: false }, (error: unknown, principal: Principal | false) => {
      // A database that cannot be reached while looking up the token is a 503, not a 500.
      if (error) return next(translateDriverError(error));
      if (!principal) return next(new UnauthenticatedError());
      req.principal = principal;
      req.ctx = { em: orm.em.fork(), accountId: principal.account.id, actor: principal.actor, requestId: req.id, clock: systemClock };
      next();
    }) as RequestHandler;
    handler(req, res, next);
  };
}

/**
 * Stamps the token's `lastUsedAt`; mounted after the IP allowlist, so only a request it admitted counts as use.
 * A database that cannot be reached is a 503, as during the token look-up.
 */
export function markTokenUsed(orm: Orm): RequestHandler {
  return async (req, _res, next) => {
    if (req.principal) await recordTokenUse(orm.em.fork(), req.principal, new Date()).catch((error: unknown) => {
      throw translateDriverError(error);
    });
    next();
  };
}
