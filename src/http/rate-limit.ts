import type { RequestHandler } from 'express';
import { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitConfig, RateLimitRule } from '../config/config';
import type { Orm } from '../db/orm';
import { RATE_LIMIT_TABLE } from '../db/orm-config';
import { accountRateLimit } from '../domain/account/account-rate-limit';
import { RateLimitLeases } from './rate-limit-leases';

/** Over a limit: 429 with `Retry-After` in whole seconds; each transport renders it in its own error shape. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: 'token' | 'account',
  ) {
    super(`Too many requests for this ${scope}; retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

export interface RateLimiter {
  /**
   * Counts one request of the authenticated principal; throws RateLimitedError when over a limit. `accountRule`
   * is the account's own limit, which replaces both configured defaults; null keeps them.
   */
  consume(tokenId: string, accountId: string, accountRule: RateLimitRule | null): Promise<void>;
  close(): Promise<void>;
}

/**
 * Counters live in rate-limiter-flexible's PostgreSQL store on the UNLOGGED table `rate_limit` rather than in
 * each process's memory with the budget shared out: every process counts against the same row, so a limit holds
 * however many processes run and however a balancer spreads a token's requests, with no membership to track or
 * budgets to reconcile; the upsert writes no WAL (a crash merely resets the windows), and once a key is over its
 * limit a process refuses it from memory until the window ends, so a flood costs no database work. Requests are
 * counted in leases of several at a time (RateLimitLeases), not with one upsert each.
 * The counters have a small pool of their own: counting never waits behind commands for a connection.
 */
export function createRateLimiter(orm: Orm, config: RateLimitConfig): RateLimiter {
  const pool = new Pool({ connectionString: orm.config.get('clientUrl'), max: 4, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 10_000 });
  // An idle connection the server drops (restart, pg_terminate_backend) is replaced on the next use.
  pool.on('error', () => undefined);
  const limiters = new Map<string, RateLimiterPostgres>();
  const leases = new RateLimitLeases();
  const limiterFor = (rule: RateLimitRule): RateLimiterPostgres => {
    const name = `${rule.perSecond}/${rule.burst}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const options = { points: rule.burst, duration: rule.burst / rule.perSecond, keyPrefix: 'roster' };
      limiter = new RateLimiterPostgres({
        ...options,
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        // Expired rows are swept by one limiter per process; the others would only repeat its DELETE.
        clearExpiredByTimeout: limiters.size === 0,
        inMemoryBlockOnConsumed: rule.burst,
        // While the database cannot count, each process limits on its own rather than letting everything through.
        insuranceLimiter: new RateLimiterMemory(options),
      });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return {
    async consume(tokenId, accountId, custom) {
      const tokenRule = custom ?? config.token;
      const accountRule = custom ?? config.account;
      // Every request of a token is one of its account, so a token rule no stricter than the account's is implied
      // by it (up to where the fixed windows start), so it is counted only when stricter.
      const checks: { scope: 'token' | 'account'; key: string; rule: RateLimitRule }[] = [{ scope: 'account', key: `a:${accountId}`, rule: accountRule }];
      if (tokenRule.burst < accountRule.burst || tokenRule.perSecond < accountRule.perSecond) checks.push({ scope: 'token', key: `t:${tokenId}`, rule: tokenRule });
      const results = await Promise.allSettled(checks.map((c) => leases.take(limiterFor(c.rule), c.key)));
      let refused: RateLimitedError | null = null;
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        const seconds = Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000));
        if (!refused || seconds > refused.retryAfterSeconds) refused = new RateLimitedError(seconds, checks[i]!.scope);
      }
      if (refused) throw refused;
    },
    close: () => pool.end(),
  };
}

/** After authentication: counts the request against its token and its account. */
export function rateLimit(limiter: RateLimiter | null): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!limiter || !principal?.actor.id) {
      next();
      return;
    }
    limiter.consume(principal.actor.id, principal.account.id, accountRateLimit(principal.account)).then(() => next(), next);
  };
}
