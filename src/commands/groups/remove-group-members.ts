import type { Ctx } from '../context';
import { changeGroup, type GroupChangeResult } from './change-group';

/** Removes users from a group; removing a non-member is a no-op. */
export async function removeGroupMembers(ctx: Ctx, input: { groupId: string; userIds: readonly string[] }): Promise<GroupChangeResult> {
  return changeGroup(ctx, input.groupId, { members: { remove: input.userIds } });
}
