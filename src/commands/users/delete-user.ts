import type { Ctx } from '../context';
import { manualUpdatePolicy } from '../manual-update-policy';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { findUser, userNotFound } from './user.queries';
import { assertVersion, type VersionCondition } from '../../domain/versioning';

/** Deletes the user and, by cascade, its emails, memberships and pending mails. */
export async function deleteUser(ctx: Ctx, id: string, condition: VersionCondition = {}): Promise<void> {
  await runRecorded(ctx, { action: 'user.deleted', resourceType: 'User', resourceId: id }, async (em) => {
    // Locked: of two racing DELETEs the second finds no row (404) instead of deleting, recording and decrementing twice.
    const user = await findUser(em, ctx.accountId, id, { forUpdate: true });
    if (!user) throw userNotFound(id);
    assertVersion(condition, user.version);
    const { manual } = await manualUpdatePolicy(em, ctx, { managedBy: user.managedBy, kind: 'user', id: user.id });
    recordEvent(em, ctx, 'user.deleted', { resourceType: 'User', resourceId: user.id, manual, detail: { userName: user.userName } });
    // Memberships go with the user (cascade); the member counts of its groups must follow.
    await em.execute(
      `update app_group set member_count = member_count - 1, version = version + 1, updated_at = now()
        where id in (select group_id from group_membership where user_id = ?)`,
      [user.id],
    );
    em.remove(user);
    await em.flush();
  });
}
