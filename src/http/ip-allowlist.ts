import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { IpAllowlistMatcherCache } from '../commands/ip-allowlist/ip-allowlist-matcher-cache';
import { RefusalThrottle, recordRefusedRequest } from '../commands/ip-allowlist/record-refused-request';
import type { Orm } from '../db/orm';
import { translateDriverError } from '../db/unit-of-work';
import { displayAddress } from '../domain/ip-allowlist/cidr';
import { ForbiddenError } from '../domain/errors';

interface Enforcement {
  cache: IpAllowlistMatcherCache;
  throttle: RefusalThrottle;
}

/** One cache and one throttle per ORM, i.e. per app, shared by the SCIM and GraphQL mounts. */
const perOrm = new WeakMap<Orm, Enforcement>();

function enforcementFor(orm: Orm): Enforcement {
  let state = perOrm.get(orm);
  if (!state) {
    state = { cache: new IpAllowlistMatcherCache(() => orm.em.fork()), throttle: new RefusalThrottle() };
    perOrm.set(orm, state);
  }
  return state;
}

/** The client address the allowlist judges: Express's `req.ip`, which honours `trust proxy` (TRUST_PROXY). */
export function clientAddress(req: { ip?: string | undefined; socket?: { remoteAddress?: string | undefined } }): string | null {
  return req.ip ?? req.socket?.remoteAddress ?? null;
}

/**
 * Refuses requests of an account that enforces its IP allowlist when they come from outside it. Mounted right
 * after `authenticate`, before any other work. The matcher comes from a per-process cache keyed by the
 * account's `ipAllowlistVersion`, which arrived with the token look-up: no query per request on a hit.
 */
export function enforceIpAllowlist(orm: Orm, transport: 'scim' | 'graphql', logger: Logger): RequestHandler {
  const { cache, throttle } = enforcementFor(orm);
  return async (req, _res, next) => {
    const account = req.principal?.account;
    if (!account || !account.ipAllowlistEnforced) return next();
    const raw = clientAddress(req);
    const matcher = await cache.get(account.id, account.ipAllowlistVersion).catch((error: unknown) => {
      throw translateDriverError(error);
    });
    if (raw !== null && matcher.matches(raw)) return next();

    const address = displayAddress(raw) ?? 'unknown';
    const suppressed = throttle.admit(account.id, req.principal?.actor.id ?? null, address);
    if (suppressed !== null && req.ctx) {
      const path = req.originalUrl.split('?')[0] ?? '';
      await recordRefusedRequest(req.ctx, { address, transport, method: req.method, path, suppressed }).catch((error: unknown) =>
        logger.warn({ err: error, reqId: req.id }, 'could not record a request refused by the IP allowlist'),
      );
    }
    next(new ForbiddenError('IP_NOT_ALLOWED', `Requests from ${address} are not allowed by this account's IP allowlist`));
  };
}
