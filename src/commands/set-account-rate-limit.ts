import { LockMode } from '@mikro-orm/core';
import { Account } from '../domain/account/account.entity';
import { accountRateLimit, MAX_RATE_LIMIT_BURST, MAX_RATE_LIMIT_PER_SECOND, type AccountRateLimit } from '../domain/account/account-rate-limit';
import { InvalidInputError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import type { Ctx } from './context';
import { recordEvent } from './record-event';
import { runRecorded } from './run-recorded';
import { accountNotFound } from './account.queries';

/** `perSecond: null` goes back to the server's defaults (and then takes no burst). */
export interface SetAccountRateLimitInput {
  perSecond: number | null;
  /** Omitted or null: four seconds' worth of `perSecond`. */
  burst?: number | null;
}

function validate(input: SetAccountRateLimitInput): void {
  const { perSecond, burst } = input;
  if (perSecond === null) {
    if (burst != null) throw new InvalidInputError('RATE_LIMIT_BURST_WITHOUT_RATE', 'A burst needs a rate per second; the server defaults have their own burst', { field: 'burst' });
    return;
  }
  if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > MAX_RATE_LIMIT_PER_SECOND)
    throw new InvalidInputError('INVALID_RATE_LIMIT', `The rate must be a whole number of requests per second from 1 to ${MAX_RATE_LIMIT_PER_SECOND}`, { field: 'perSecond' });
  if (burst == null) return;
  if (!Number.isInteger(burst) || burst < 1 || burst > MAX_RATE_LIMIT_BURST)
    throw new InvalidInputError('INVALID_RATE_LIMIT', `The burst must be a whole number of requests from 1 to ${MAX_RATE_LIMIT_BURST}`, { field: 'burst' });
  // The window is burst / perSecond seconds: under one second, Retry-After (whole seconds) could not say when.
  if (burst < perSecond)
    throw new InvalidInputError('RATE_LIMIT_BURST_TOO_SMALL', `The burst (${burst}) must be at least the rate per second (${perSecond})`, { field: 'burst' });
}

/**
 * The operator's override of the rate limit for one account (all its tokens together, and each token alone).
 * It is read with the token on every request, so every server process applies it from the next request on.
 */
export async function setAccountRateLimit(ctx: Ctx, input: SetAccountRateLimitInput): Promise<{ account: Account; rateLimit: AccountRateLimit | null; changed: boolean }> {
  validate(input);
  const resourceId = isUuid(ctx.accountId) ? ctx.accountId : null;
  return runRecorded(ctx, { action: 'account.rate_limit_changed', resourceType: 'Account', resourceId }, async (em) => {
    const account = resourceId ? await em.findOne(Account, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!account) throw accountNotFound(ctx.accountId);
    const from = accountRateLimit(account);
    const burst = input.perSecond === null ? null : (input.burst ?? null);
    if (account.rateLimitPerSecond === input.perSecond && account.rateLimitBurst === burst) return { account, rateLimit: from, changed: false };
    account.rateLimitPerSecond = input.perSecond;
    account.rateLimitBurst = burst;
    account.updatedAt = ctx.clock.now();
    const to = accountRateLimit(account);
    recordEvent(em, ctx, 'account.rate_limit_changed', { resourceType: 'Account', resourceId: account.id, detail: { from, to } });
    await em.flush();
    return { account, rateLimit: to, changed: true };
  });
}
