/** An account's own rate limit: what the operator may set, and what an unset burst means. */

/** Without a burst of its own, an account's limit allows this many seconds' worth at once. */
export const DEFAULT_BURST_SECONDS = 4;

/** Far above what one process serves, and within a PostgreSQL integer with room for the default burst. */
export const MAX_RATE_LIMIT_PER_SECOND = 1_000_000;
export const MAX_RATE_LIMIT_BURST = 10_000_000;

export interface AccountRateLimit {
  perSecond: number;
  burst: number;
}

/** The rule an account's columns stand for; null: the server's configured defaults apply. */
export function accountRateLimit(account: { rateLimitPerSecond: number | null; rateLimitBurst: number | null }): AccountRateLimit | null {
  const perSecond = account.rateLimitPerSecond;
  if (perSecond == null) return null;
  return { perSecond, burst: account.rateLimitBurst ?? perSecond * DEFAULT_BURST_SECONDS };
}
