import type { Account } from '../../domain/account/account.entity';
import { isUuid } from '../../domain/ids';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assertNoLockout, lockAllowlist, type RequestOrigin } from './ip-allowlist-guard';

export interface SetIpAllowlistEnforcedInput extends RequestOrigin {
  enforced: boolean;
}

/**
 * Turns enforcement on or off. Turning it on is refused (unless forced) while the list is empty or does not
 * admit the caller's own address; setting the value it already has changes nothing.
 */
export async function setIpAllowlistEnforced(ctx: Ctx, input: SetIpAllowlistEnforcedInput): Promise<Account> {
  return runRecorded(ctx, { action: 'ip_allowlist.enforcement_changed', resourceType: 'Account', resourceId: isUuid(ctx.accountId) ? ctx.accountId : null }, async (em) => {
    const { account, entries } = await lockAllowlist(em, ctx);
    if (account.ipAllowlistEnforced === input.enforced) return account;
    assertNoLockout(input.enforced, entries.map((e) => e.cidr), input);
    account.ipAllowlistEnforced = input.enforced;
    account.ipAllowlistVersion += 1;
    account.updatedAt = ctx.clock.now();
    recordEvent(em, ctx, 'ip_allowlist.enforcement_changed', {
      resourceType: 'Account',
      resourceId: account.id,
      detail: { enforced: input.enforced, entries: entries.length, forced: !!input.force },
    });
    await em.flush();
    return account;
  });
}
