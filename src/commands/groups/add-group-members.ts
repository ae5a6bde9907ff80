import type { Ctx } from '../context';
import { changeGroup, type GroupChangeResult } from './change-group';

/** Adds users to a group; adding an existing member is a no-op. Costs O(k) for k users, whatever the group's size. */
export async function addGroupMembers(ctx: Ctx, input: { groupId: string; userIds: readonly string[] }): Promise<GroupChangeResult> {
  return changeGroup(ctx, input.groupId, { members: { add: input.userIds } });
}
