import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../domain/ids';
import { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { manualUpdatePolicy } from '../manual-update-policy';
import { userNotFound } from './user.queries';

/**
 * Loads a user for an admin's change under its row lock (emails too), then applies the manual-update policy:
 * a SCIM-managed user is read-only to admins unless the account allows manual updates.
 */
export async function lockUserForChange(em: EntityManager, ctx: Omit<Ctx, 'em'>, id: string): Promise<{ user: User; manual: boolean }> {
  const user = isUuid(id)
    ? await em.findOne(User, { id, account: ctx.accountId }, { populate: ['emails'], strategy: 'select-in', lockMode: LockMode.PESSIMISTIC_WRITE })
    : null;
  if (!user) throw userNotFound(id);
  const { manual } = await manualUpdatePolicy(em, ctx, { managedBy: user.managedBy, kind: 'user', id: user.id });
  return { user, manual };
}
