import type { Ctx } from '../context';
import { manualUpdatePolicy } from '../manual-update-policy';
import { membershipsChanged } from '../licenses/resolve-licenses';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { lockGroup } from './change-group';
import { assertVersion, type VersionCondition } from '../../domain/versioning';

/** Deletes a group and its memberships; its former members' licenses are resolved again, in SQL. */
export async function deleteGroup(ctx: Ctx, id: string, condition: VersionCondition = {}): Promise<void> {
  await runRecorded(ctx, { action: 'group.deleted', resourceType: 'Group', resourceId: id }, async (em) => {
    const group = await lockGroup(em, ctx.accountId, id);
    assertVersion(condition, group.version);
    const { manual } = await manualUpdatePolicy(em, ctx, { managedBy: group.managedBy, kind: 'group', id: group.id });
    // The former members are kept for the license statement in a table that lives until commit.
    await em.execute('create temporary table former_members on commit drop as select user_id from group_membership where group_id = ?', [group.id]);
    recordEvent(em, ctx, 'group.deleted', { resourceType: 'Group', resourceId: group.id, manual, detail: { displayName: group.displayName, memberCount: group.memberCount } });
    em.remove(group);
    await em.flush();
    await membershipsChanged(em, ctx.accountId, { formerMembersTable: 'former_members' }, ctx.clock.now());
  });
}
