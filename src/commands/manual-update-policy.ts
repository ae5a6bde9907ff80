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

/** One account read per request (per forked EntityManager), however many users or groups a query asks about. */
const accounts = new WeakMap<EntityManager, Promise<Account | null>>();

/**
 * Why the context's actor cannot change `resource` by hand right now, or null when it can: the same rule the
 * commands enforce, for clients to disable a control before the admin tries.
 */
export async function findManualUpdateBlockedReason(
  ctx: Pick<Ctx, 'em' | 'accountId' | 'actor'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group' },
): Promise<string | null> {
  if (!isManualChangeOfScimResource(resource, ctx.actor)) return null;
  let account = accounts.get(ctx.em);
  if (!account) {
    account = ctx.em.findOne(Account, { id: ctx.accountId });
    accounts.set(ctx.em, account);
  }
  const found = await account;
  return found ? manualUpdateBlockedReason(found, resource, ctx.actor) : null;
}
