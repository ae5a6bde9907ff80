import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { createSsoMappingRule } from '../../commands/sso/create-sso-mapping-rule';
import { deleteSsoMappingRule } from '../../commands/sso/delete-sso-mapping-rule';
import { resolveSsoSignIn } from '../../commands/sso/resolve-sso-sign-in';
import { listSsoMappingRules } from '../../commands/sso/sso-mapping-rule.queries';
import { updateSsoMappingRule } from '../../commands/sso/update-sso-mapping-rule';
import type { GqlContext } from '../context';
import { GroupNode, toGroupNode } from '../types/group.types';
import {
  CreateSsoMappingRuleInput,
  CreateSsoMappingRulePayload,
  DeleteSsoMappingRuleInput,
  DeleteSsoMappingRulePayload,
  ResolveSsoSignInInput,
  ResolveSsoSignInPayload,
  SsoMappingRuleNode,
  toSsoMappingRuleNode,
  UpdateSsoMappingRuleInput,
  UpdateSsoMappingRulePayload,
} from '../types/sso.types';
import { toUserNode } from '../types/user.types';

@Resolver(() => SsoMappingRuleNode)
export class SsoResolver {
  @Query(() => [SsoMappingRuleNode], { description: 'Every SSO mapping rule of the account, by claim value (an account has tens: not paged).' })
  async ssoMappingRules(@Ctx() ctx: GqlContext): Promise<SsoMappingRuleNode[]> {
    return (await listSsoMappingRules(ctx.app)).map(toSsoMappingRuleNode);
  }

  @FieldResolver(() => GroupNode, { description: 'The internal group the rule adds matching users to.' })
  async group(@Root() rule: SsoMappingRuleNode, @Ctx() ctx: GqlContext): Promise<GroupNode> {
    // The rule's foreign key cascades, so its group exists while the rule does.
    return toGroupNode((await ctx.loaders.groupById.load(rule.groupId))!);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateSsoMappingRulePayload, { description: 'SSO_MAPPING_RULE_EXISTS when the claim value is mapped to that group already (ignoring case).' })
  async createSsoMappingRule(@Arg('input') input: CreateSsoMappingRuleInput, @Ctx() ctx: GqlContext): Promise<CreateSsoMappingRulePayload> {
    return { ssoMappingRule: toSsoMappingRuleNode(await createSsoMappingRule(ctx.app, input)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => UpdateSsoMappingRulePayload)
  async updateSsoMappingRule(@Arg('input') input: UpdateSsoMappingRuleInput, @Ctx() ctx: GqlContext): Promise<UpdateSsoMappingRulePayload> {
    const rule = await updateSsoMappingRule(ctx.app, {
      id: input.id,
      ...(input.claimValue != null ? { claimValue: input.claimValue } : {}),
      ...(input.matchType != null ? { matchType: input.matchType } : {}),
      ...(input.groupId != null ? { groupId: input.groupId } : {}),
    });
    return { ssoMappingRule: toSsoMappingRuleNode(rule) };
  }

  @Authorized('ADMIN')
  @Mutation(() => DeleteSsoMappingRulePayload)
  async deleteSsoMappingRule(@Arg('input') input: DeleteSsoMappingRuleInput, @Ctx() ctx: GqlContext): Promise<DeleteSsoMappingRulePayload> {
    return { deletedSsoMappingRuleId: (await deleteSsoMappingRule(ctx.app, input)).id };
  }

  @Authorized('ADMIN')
  @Mutation(() => ResolveSsoSignInPayload, {
    description:
      'Called by the login layer after it verified an SSO assertion: creates or updates the (MANUAL) user just in time, applies the rules to its ' +
      'memberships and resolves its license. With dryRun, returns the same answer and stores nothing.',
  })
  async resolveSsoSignIn(@Arg('input') input: ResolveSsoSignInInput, @Ctx() ctx: GqlContext): Promise<ResolveSsoSignInPayload> {
    const result = await resolveSsoSignIn(ctx.app, input);
    return {
      user: toUserNode(result.user),
      created: result.created,
      appliedRules: result.appliedRules,
      reason: result.reason,
      matchedGroups: result.matchedGroups.map(toGroupNode),
      addedGroups: result.addedGroups.map(toGroupNode),
      removedGroups: result.removedGroups.map(toGroupNode),
      skippedGroups: result.skippedGroups.map(toGroupNode),
      groups: result.groups.map(toGroupNode),
      licenseType: result.user.licenseType,
      licenseSource: result.user.licenseSource,
      dryRun: result.dryRun,
    };
  }
}
