import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../domain/account/account.entity';
import { checkManualUpdate, isManualChangeOfScimResource, manualUpdateBlockedReason, type ManualChange } from '../domain/policy/manual-updates';
import type { ManagedBy } from '../domain/user/user.entity';
import type { Ctx } from './context';

/**
 * The "allow manual updates" policy for a change of `resource` by the command's actor, inside its transaction.
 * Reads the account only when the answer depends on it, so SCIM writes and changes of manual resources cost
 * no extra statement. Throws MANUAL_UPDATE_FORBIDDEN; otherwise says whether the change is a manual one.
 */
export async function manualUpdatePolicy(
  em: EntityManager,
  ctx: Omit<Ctx, 'em'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group'; id: string },
): Promise<ManualChange> {
  if (!isManualChangeOfScimResource(resource, ctx.actor)) return { manual: false };
  const account = await em.findOneOrFail(Account, { id: ctx.accountId });
  return checkManualUpdate(account, resource, ctx.actor);
}

/**
 * Why the context's actor cannot change `resource` by hand right now, or null when it can: the same rule the
 * commands enforce, for clients to disable a control before the admin tries. `loadAccount` is the caller's
 * per-request loader, so a page of resources reads the account once; it is called only when the answer depends on it.
 */
export async function findManualUpdateBlockedReason(
  ctx: Pick<Ctx, 'actor'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group' },
  loadAccount: () => Promise<Account | null>,
): Promise<string | null> {
  if (!isManualChangeOfScimResource(resource, ctx.actor)) return null;
  const account = await loadAccount();
  return account ? manualUpdateBlockedReason(account, resource, ctx.actor) : null;
}
