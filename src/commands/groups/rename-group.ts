import type { Group } from '../../domain/group/group.entity';
import type { Ctx } from '../context';
import { changeGroup } from './change-group';

/** Renames a group (GROUP_NAME_TAKEN ignoring case); members whose license comes from a mapping follow the new name. */
export async function renameGroup(ctx: Ctx, input: { id: string; displayName: string }): Promise<Group> {
  return (await changeGroup(ctx, input.id, { displayName: input.displayName })).group;
}
