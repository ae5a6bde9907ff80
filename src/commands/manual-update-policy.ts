import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../domain/account/account.entity';
import { checkManualUpdate, type ManualChange } from '../domain/policy/manual-updates';
import { ActorType } from '../domain/provisioning/provisioning-event.entity';
import { ManagedBy } from '../domain/user/user.entity';
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
  if (ctx.actor.type === ActorType.SCIM_TOKEN || resource.managedBy !== ManagedBy.SCIM) return { manual: false };
  const account = await em.findOneOrFail(Account, { id: ctx.accountId });
  return checkManualUpdate(account, resource, ctx.actor);
}
