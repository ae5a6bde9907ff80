import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../domain/account/account.entity';
import { isUuid } from '../../domain/ids';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assertNoLockout, lockAccount, type RequestOrigin } from './ip-allowlist-guard';

export interface SetIpAllowlistEnforcedInput extends RequestOrigin {
  enforced: boolean;
}

/**
 * Turns enforcement on or off. Turning it on is refused (unless forced) while the list is empty or does not
 * admit the caller's own address; setting the value it already has changes nothing.
 */
export async function setIpAllowlistEnforced(ctx: Ctx, input: SetIpAllowlistEnforcedInput): Promise<Account> {
  return runRecorded(ctx, { action: 'ip_allowlist.enforcement_changed', resourceType: 'Account', resourceId: isUuid(ctx.accountId) ? ctx.accountId : null }, async (em) => {
    const account = await lockAccount(em, ctx);
    await applyIpAllowlistEnforced(em, ctx, account, input);
    await em.flush();
    return account;
  });
}

/**
 * The one place enforcement changes, for this command and for `updateAccountSettings`: inside the caller's
 * transaction, with `account` already locked (so no entry can change between the check and the commit).
 * Returns whether the value changed; the caller flushes.
 */
export async function applyIpAllowlistEnforced(em: EntityManager, ctx: Omit<Ctx, 'em'>, account: Account, input: SetIpAllowlistEnforcedInput): Promise<boolean> {
  if (account.ipAllowlistEnforced === input.enforced) return false;
  const rows = await em.execute<{ cidr: string }[]>('select cidr from ip_allowlist_entry where account_id = ?', [account.id]);
  assertNoLockout(input.enforced, rows.map((r) => r.cidr), input);
  account.ipAllowlistEnforced = input.enforced;
  account.ipAllowlistVersion += 1;
  account.updatedAt = ctx.clock.now();
  recordEvent(em, ctx, 'ip_allowlist.enforcement_changed', {
    resourceType: 'Account',
    resourceId: account.id,
    detail: { enforced: input.enforced, entries: rows.length, forced: !!input.force },
  });
  return true;
}
