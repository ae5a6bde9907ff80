import { Account } from '../../domain/account/account.entity';
import { groupNameKey, validateGroupName } from '../../domain/group/group-name';
import { Group } from '../../domain/group/group.entity';
import { ManagedBy } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';

export interface CreateGroupInput {
  displayName: string;
}

/** Creates an empty manual group; a name taken ignoring case fails on the unique constraint (GROUP_NAME_TAKEN). */
export async function createGroup(ctx: Ctx, input: CreateGroupInput): Promise<Group> {
  return runRecorded(ctx, { action: 'group.created', resourceType: 'Group' }, async (em) => {
    const name = validateGroupName(input.displayName);
    const now = ctx.clock.now();
    const group = em.create(Group, {
      account: em.getReference(Account, ctx.accountId),
      displayName: name,
      displayNameKey: groupNameKey(name),
      managedBy: ManagedBy.MANUAL,
      createdAt: now,
      updatedAt: now,
    });
    recordEvent(em, ctx, 'group.created', { resourceType: 'Group', resourceId: group.id, detail: { displayName: name } });
    await em.flush();
    return group;
  });
}
