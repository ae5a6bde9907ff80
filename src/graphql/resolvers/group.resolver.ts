import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { addGroupMembers } from '../../commands/groups/add-group-members';
import { createGroup } from '../../commands/groups/create-group';
import { deleteGroup } from '../../commands/groups/delete-group';
import { listDirectoryGroups } from '../../commands/groups/group-directory.queries';
import { getGroup } from '../../commands/groups/group.queries';
import { removeGroupMembers } from '../../commands/groups/remove-group-members';
import { renameGroup } from '../../commands/groups/rename-group';
import { directoryPageSize } from '../../commands/paging/ordered-by-key';
import type { UserView } from '../../commands/users/user-directory.queries';
import { findManualUpdateBlockedReason } from '../../commands/manual-update-policy';
import type { GqlContext } from '../context';
import { connectionCost } from '../query-limits';
import { connection, type ConnectionShape } from '../types/connection';
import { cursorKey, DirectoryPageArgs, keyCursor, keyPageArgs, toKeyConnection } from '../types/directory-page';
import {
  AddGroupMembersInput,
  AddGroupMembersPayload,
  CreateGroupInput,
  CreateGroupPayload,
  DeleteGroupInput,
  DeleteGroupPayload,
  GroupConnection,
  GroupFilterInput,
  GroupNode,
  RemoveGroupMembersInput,
  RemoveGroupMembersPayload,
  RenameGroupInput,
  RenameGroupPayload,
  toGroupNode,
} from '../types/group.types';
import { toUserNode, UserConnection, type UserNode } from '../types/user.types';

@Resolver(() => GroupNode)
export class GroupResolver {
  @Query(() => GroupConnection, { complexity: connectionCost, description: 'The account\'s groups by name (ignoring case).' })
  async groups(
    @Args(() => DirectoryPageArgs) page: DirectoryPageArgs,
    @Arg('filter', () => GroupFilterInput, { nullable: true }) filter: GroupFilterInput | null,
    @Ctx() ctx: GqlContext,
  ): Promise<ConnectionShape<GroupNode>> {
    return toKeyConnection(await listDirectoryGroups(ctx.app, filter ?? {}, keyPageArgs(page)), toGroupNode);
  }

  @Query(() => GroupNode, { nullable: true, description: 'A group by id; NOT_FOUND when the account has none with it.' })
  async group(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<GroupNode> {
    return toGroupNode(await getGroup(ctx.app, id));
  }

  @FieldResolver(() => UserConnection, {
    complexity: connectionCost,
    description: 'The members, in a stable order (by user id); totalCount is the stored memberCount. Batched per request.',
  })
  async members(@Root() group: GroupNode, @Args(() => DirectoryPageArgs) page: DirectoryPageArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<UserNode>> {
    const slice = await ctx.loaders.groupMembers.load({ parentId: group.id, first: directoryPageSize(page.first), after: cursorKey(page.after, 'm') });
    const users = await ctx.loaders.userById.loadMany(slice.items.map((item) => item.id));
    const edges = users.filter((u): u is UserView => u !== null && !(u instanceof Error)).map((u) => ({ node: toUserNode(u), cursor: keyCursor(u.id, 'm') }));
    return connection(edges, slice.hasNextPage, async () => group.memberCount);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why an admin cannot change this group right now under the "allow manual updates" policy (it is SCIM-managed and manual updates are off), in words; null when the policy allows it. The token\'s role is a separate matter: READ_ONLY tokens can change nothing.',
  })
  async manualUpdateBlockedReason(@Root() group: GroupNode, @Ctx() ctx: GqlContext): Promise<string | null> {
    return findManualUpdateBlockedReason(ctx.app, { managedBy: group.managedBy, kind: 'group' }, ctx.loaders.account);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateGroupPayload, { description: 'Creates an empty manual group. GROUP_NAME_TAKEN when the name is taken, ignoring case.' })
  async createGroup(@Arg('input') input: CreateGroupInput, @Ctx() ctx: GqlContext): Promise<CreateGroupPayload> {
    return { group: toGroupNode(await createGroup(ctx.app, input)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => RenameGroupPayload, { description: 'GROUP_NAME_TAKEN; MANUAL_UPDATE_FORBIDDEN for a SCIM-managed group unless manual updates are allowed.' })
  async renameGroup(@Arg('input') input: RenameGroupInput, @Ctx() ctx: GqlContext): Promise<RenameGroupPayload> {
    return { group: toGroupNode(await renameGroup(ctx.app, input)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => DeleteGroupPayload, { description: 'Deletes a group and its memberships; former members\' licenses are resolved again.' })
  async deleteGroup(@Arg('input') input: DeleteGroupInput, @Ctx() ctx: GqlContext): Promise<DeleteGroupPayload> {
    await deleteGroup(ctx.app, input.id);
    return { deletedGroupId: input.id };
  }

  @Authorized('ADMIN')
  @Mutation(() => AddGroupMembersPayload, { description: 'UNKNOWN_MEMBER when a user id names no user of the account.' })
  async addGroupMembers(@Arg('input') input: AddGroupMembersInput, @Ctx() ctx: GqlContext): Promise<AddGroupMembersPayload> {
    const result = await addGroupMembers(ctx.app, input);
    return { group: toGroupNode(result.group), addedCount: result.added };
  }

  @Authorized('ADMIN')
  @Mutation(() => RemoveGroupMembersPayload)
  async removeGroupMembers(@Arg('input') input: RemoveGroupMembersInput, @Ctx() ctx: GqlContext): Promise<RemoveGroupMembersPayload> {
    const result = await removeGroupMembers(ctx.app, input);
    return { group: toGroupNode(result.group), removedCount: result.removed };
  }
}
