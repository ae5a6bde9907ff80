import { ConflictError } from '../../domain/errors';
import { Account } from '../../domain/account/account.entity';
import { groupNameKey, validateGroupName } from '../../domain/group/group-name';
import { Group } from '../../domain/group/group.entity';
import { ManagedBy } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { applyGroupChange, lockGroup, type GroupChangeResult } from './change-group';
import { assertUsersExist } from './membership';

export interface ProvisionGroupInput {
  displayName: string;
  externalId: string | null;
  members: readonly string[];
}

/**
 * Creates a group pushed by the IdP. An internal (manually created) group of the same name is linked and
 * becomes SCIM-managed, as users are linked by userName; a SCIM-managed one is a uniqueness conflict.
 */
export async function provisionGroup(ctx: Ctx, input: ProvisionGroupInput): Promise<GroupChangeResult & { linked: boolean }> {
  return runRecorded(ctx, { action: 'group.created', resourceType: 'Group' }, async (em) => {
    const name = validateGroupName(input.displayName);
    const key = groupNameKey(name);
    await assertUsersExist(em, ctx.accountId, input.members);
    const existing = await em.findOne(Group, { account: ctx.accountId, displayNameKey: key });
    if (existing?.managedBy === ManagedBy.SCIM)
      throw new ConflictError('GROUP_NAME_TAKEN', `A group named "${name}" already exists`, { field: 'displayName' });
    const now = ctx.clock.now();
    let group: Group;
    if (existing) {
      group = await lockGroup(em, ctx.accountId, existing.id);
    } else {
      group = em.create(Group, { account: em.getReference(Account, ctx.accountId), displayName: name, displayNameKey: key, createdAt: now, updatedAt: now });
      await em.flush();
    }
    group.managedBy = ManagedBy.SCIM;
    recordEvent(em, ctx, existing ? 'group.linked' : 'group.created', { resourceType: 'Group', resourceId: group.id, detail: { displayName: name } });
    const result = await applyGroupChange(em, ctx, group, { displayName: name, externalId: input.externalId, members: { add: input.members } });
    await em.flush();
    return { ...result, linked: !!existing };
  });
}
