import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { lockUserForChange } from './lock-user';

/** Sets `active`; doing it twice is a no-op. Deactivating keeps the user, its groups and its license. */
export async function setUserActive(ctx: Ctx, id: string, active: boolean): Promise<User> {
  const action = active ? 'user.reactivated' : 'user.deactivated';
  return runRecorded(ctx, { action, resourceType: 'User', resourceId: id }, async (em) => {
    const { user, manual } = await lockUserForChange(em, ctx, id);
    if (user.active !== active) {
      user.active = active;
      user.updatedAt = ctx.clock.now();
      recordEvent(em, ctx, action, { resourceType: 'User', resourceId: user.id, manual, detail: { userName: user.userName } });
    }
    await em.flush();
    return user;
  });
}

/** Deactivates a user: it can no longer sign in, but stays with its groups (deactivate ≠ delete). */
export function deactivateUser(ctx: Ctx, input: { id: string }): Promise<User> {
  return setUserActive(ctx, input.id, false);
}
