import { StaleVersionError } from '../../domain/errors';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import type { VersionCondition } from './replace-user';
import { findUser, userNotFound } from './user.queries';

/** Deletes the user and, by cascade, its emails, memberships and pending mails. */
export async function deleteUser(ctx: Ctx, id: string, condition: VersionCondition = {}): Promise<void> {
  await runRecorded(ctx, { action: 'user.deleted', resourceType: 'User', resourceId: id }, async (em) => {
    const user = await findUser(em, ctx.accountId, id);
    if (!user) throw userNotFound(id);
    if (condition.ifVersion !== undefined && condition.ifVersion !== user.version) throw new StaleVersionError();
    recordEvent(em, ctx, 'user.deleted', { resourceType: 'User', resourceId: user.id, detail: { userName: user.userName } });
    em.remove(user);
    await em.flush();
  });
}
