import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acceptInvitation } from '../../commands/email/accept-invitation';
import { confirmEmailChange } from '../../commands/email/confirm-email-change';
import type { EmailLinkHost } from '../../commands/email/email-link';
import { directoryPageSize } from '../../commands/paging/ordered-by-key';
import { deactivateUser } from '../../commands/users/deactivate-user';
import { deleteUser } from '../../commands/users/delete-user';
import { inviteUser } from '../../commands/users/invite-user';
import { reactivateUser } from '../../commands/users/reactivate-user';
import { resendInvitation } from '../../commands/users/resend-invitation';
import { updateUser } from '../../commands/users/update-user';
import { listDirectoryUsers } from '../../commands/users/user-directory.queries';
import { getUser } from '../../commands/users/user.queries';
import { LicenseSource } from '../../domain/account/license-type';
import { findManualUpdateBlockedReason } from '../../commands/manual-update-policy';
import type { GqlContext } from '../context';
import { connectionCost } from '../query-limits';
import { connection, type ConnectionShape } from '../types/connection';
import { cursorKey, DirectoryPageArgs, keyCursor, keyPageArgs, toKeyConnection } from '../types/directory-page';
import { GroupConnection, GroupNode, toGroupNode } from '../types/group.types';
import {
  AcceptInvitationInput,
  AcceptInvitationPayload,
  ConfirmEmailChangeInput,
  ConfirmEmailChangePayload,
  DeactivateUserInput,
  DeactivateUserPayload,
  DeleteUserInput,
  DeleteUserPayload,
  InviteUserInput,
  InviteUserPayload,
  ReactivateUserInput,
  ReactivateUserPayload,
  ResendInvitationInput,
  ResendInvitationPayload,
  toUserNode,
  UpdateUserInput,
  UpdateUserPayload,
  UserConnection,
  UserFilterInput,
  UserNode,
} from '../types/user.types';

@Resolver(() => UserNode)
export class UserResolver {
  @Query(() => UserConnection, { complexity: connectionCost, description: 'The account\'s users by userName (ignoring case).' })
  async users(
    @Args(() => DirectoryPageArgs) page: DirectoryPageArgs,
    @Arg('filter', () => UserFilterInput, { nullable: true }) filter: UserFilterInput | null,
    @Ctx() ctx: GqlContext,
  ): Promise<ConnectionShape<UserNode>> {
    return toKeyConnection(await listDirectoryUsers(ctx.app, filter ?? {}, keyPageArgs(page)), toUserNode);
  }

  @Query(() => UserNode, { nullable: true, description: 'A user by id; NOT_FOUND when the account has none with it.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<UserNode> {
    return toUserNode(await getUser(ctx.app, id));
  }

  @FieldResolver(() => GroupConnection, { complexity: connectionCost, description: 'The user\'s groups by name. Batched per request.' })
  async groups(@Root() user: UserNode, @Args(() => DirectoryPageArgs) page: DirectoryPageArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<GroupNode>> {
    const slice = await ctx.loaders.userGroups.load({ parentId: user.id, first: directoryPageSize(page.first), after: cursorKey(page.after) });
    const groups = await ctx.loaders.groupById.loadMany(slice.items.map((item) => item.id));
    const edges = slice.items.flatMap((item, i) => {
      const group = groups[i];
      return group && !(group instanceof Error) ? [{ node: toGroupNode(group), cursor: keyCursor(item.key) }] : [];
    });
    return connection(edges, slice.hasNextPage, async () => (await ctx.loaders.userGroupCount.load(user.id)) ?? 0);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The new address of an email change waiting for its confirmation.' })
  async pendingEmail(@Root() user: UserNode, @Ctx() ctx: GqlContext): Promise<string | null> {
    return ctx.loaders.pendingEmail.load(user.id);
  }

  @FieldResolver(() => GroupNode, { nullable: true, description: 'When licenseSource is MAPPING: the group whose mapping gives the license.' })
  async licenseSourceGroup(@Root() user: UserNode, @Ctx() ctx: GqlContext): Promise<GroupNode | null> {
    if (user.licenseSource !== LicenseSource.MAPPING) return null;
    const groupId = await ctx.loaders.licenseGroupId.load(user.id);
    const group = groupId ? await ctx.loaders.groupById.load(groupId) : null;
    return group ? toGroupNode(group) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why an admin cannot change this user right now under the "allow manual updates" policy (it is SCIM-managed and manual updates are off), in words; null when the policy allows it. The token\'s role is a separate matter: READ_ONLY tokens can change nothing.',
  })
  async manualUpdateBlockedReason(@Root() user: UserNode, @Ctx() ctx: GqlContext): Promise<string | null> {
    return findManualUpdateBlockedReason(ctx.app, { managedBy: user.managedBy, kind: 'user' }, ctx.loaders.account);
  }

  @Authorized('ADMIN')
  @Mutation(() => InviteUserPayload, { description: 'Creates a MANUAL user and mails the invitation. USER_NAME_TAKEN when the userName is taken, ignoring case.' })
  async inviteUser(@Arg('input') input: InviteUserInput, @Ctx() ctx: GqlContext): Promise<InviteUserPayload> {
    const user = await inviteUser(ctx.app, input);
    ctx.mailQueued();
    return { user: toUserNode(user) };
  }

  @Authorized('ADMIN')
  @Mutation(() => UpdateUserPayload, { description: 'MANUAL_UPDATE_FORBIDDEN for a SCIM-managed user unless manual updates are allowed.' })
  async updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: GqlContext): Promise<UpdateUserPayload> {
    const user = await updateUser(ctx.app, input);
    ctx.mailQueued();
    return { user: toUserNode(user) };
  }

  @Authorized('ADMIN')
  @Mutation(() => DeactivateUserPayload)
  async deactivateUser(@Arg('input') input: DeactivateUserInput, @Ctx() ctx: GqlContext): Promise<DeactivateUserPayload> {
    return { user: toUserNode(await deactivateUser(ctx.app, input)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => ReactivateUserPayload)
  async reactivateUser(@Arg('input') input: ReactivateUserInput, @Ctx() ctx: GqlContext): Promise<ReactivateUserPayload> {
    return { user: toUserNode(await reactivateUser(ctx.app, input)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => DeleteUserPayload, { description: 'Deletes the user with its memberships and pending mails.' })
  async deleteUser(@Arg('input') input: DeleteUserInput, @Ctx() ctx: GqlContext): Promise<DeleteUserPayload> {
    await deleteUser(ctx.app, input.id);
    return { deletedUserId: input.id };
  }

  @Authorized('ADMIN')
  @Mutation(() => ResendInvitationPayload, { description: 'A new link that supersedes the old one. INVITATION_ALREADY_ACCEPTED once accepted.' })
  async resendInvitation(@Arg('input') input: ResendInvitationInput, @Ctx() ctx: GqlContext): Promise<ResendInvitationPayload> {
    const user = await resendInvitation(ctx.app, input);
    ctx.mailQueued();
    return { user: toUserNode(user) };
  }

  @Authorized('ADMIN')
  @Mutation(() => AcceptInvitationPayload, { description: 'Redeems an invitation link of this account. INVALID_TOKEN or TOKEN_EXPIRED.' })
  async acceptInvitation(@Arg('input') input: AcceptInvitationInput, @Ctx() ctx: GqlContext): Promise<AcceptInvitationPayload> {
    return { user: toUserNode(await acceptInvitation(linkHost(ctx), input.token)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => ConfirmEmailChangePayload, { description: 'Redeems an email-change link of this account: the new address takes effect. INVALID_TOKEN or TOKEN_EXPIRED.' })
  async confirmEmailChange(@Arg('input') input: ConfirmEmailChangeInput, @Ctx() ctx: GqlContext): Promise<ConfirmEmailChangePayload> {
    return { user: toUserNode(await confirmEmailChange(linkHost(ctx), input.token)) };
  }
}

/** Links are redeemed on behalf of their holder, but only those of the calling token's account. */
function linkHost(ctx: GqlContext): EmailLinkHost {
  return { em: ctx.app.em, clock: ctx.app.clock, requestId: ctx.requestId, accountId: ctx.app.accountId };
}
