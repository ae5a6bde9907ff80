import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LicenseSource, LicenseType } from '../../domain/account/license-type';
import { SsoSkipReason } from '../../commands/sso/resolve-sso-sign-in';
import { SsoMatchType, type SsoMappingRule } from '../../domain/sso/sso-mapping-rule.entity';
import { GroupNode } from './group.types';
import { UserNode } from './user.types';

registerEnumType(SsoMatchType, { name: 'SsoMatchType', description: 'EXACT: the claim value equals the rule\'s, ignoring case. PATTERN: a glob (* any characters, ? one), ignoring case.' });
registerEnumType(SsoSkipReason, {
  name: 'SsoSkipReason',
  description: 'Why a sign-in applied no rules: SCIM_MANAGED (the IdP\'s SCIM pushes own that user\'s groups) or USER_DEACTIVATED.',
});

@ObjectType('SsoMappingRule', { description: 'Maps a value of the SSO assertion\'s groups claim to an internal group, applied at SSO sign-in.' })
export class SsoMappingRuleNode {
  @Field(() => ID)
  id!: string;

  @Field()
  claimValue!: string;

  @Field(() => SsoMatchType)
  matchType!: SsoMatchType;

  /** Resolved by the request's group loader. */
  groupId!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

export function toSsoMappingRuleNode(rule: SsoMappingRule): SsoMappingRuleNode {
  return { id: rule.id, claimValue: rule.claimValue, matchType: rule.matchType, groupId: rule.group.id, createdAt: rule.createdAt, updatedAt: rule.updatedAt };
}

@InputType()
export class CreateSsoMappingRuleInput {
  @Field({ description: 'A claim value, or with PATTERN a glob such as "eng-*".' })
  claimValue!: string;

  @Field(() => SsoMatchType, { defaultValue: SsoMatchType.EXACT })
  matchType!: SsoMatchType;

  @Field(() => ID)
  groupId!: string;
}

@ObjectType()
export class CreateSsoMappingRulePayload {
  @Field(() => SsoMappingRuleNode)
  ssoMappingRule!: SsoMappingRuleNode;
}

@InputType({ description: 'An omitted field is kept.' })
export class UpdateSsoMappingRuleInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  claimValue?: string;

  @Field(() => SsoMatchType, { nullable: true })
  matchType?: SsoMatchType;

  @Field(() => ID, { nullable: true })
  groupId?: string;
}

@ObjectType()
export class UpdateSsoMappingRulePayload {
  @Field(() => SsoMappingRuleNode)
  ssoMappingRule!: SsoMappingRuleNode;
}

@InputType()
export class DeleteSsoMappingRuleInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class DeleteSsoMappingRulePayload {
  @Field(() => ID)
  deletedSsoMappingRuleId!: string;
}

@InputType()
export class ResolveSsoSignInInput {
  @Field({ description: 'The verified email of the assertion; matched to a user ignoring case.' })
  email!: string;

  @Field(() => [String], { description: 'The assertion\'s groups claim, as sent.' })
  groups!: string[];

  @Field({ defaultValue: false, description: 'Compute and return the same answer without storing anything.' })
  dryRun!: boolean;
}

@ObjectType({
  description:
    'The outcome of an SSO sign-in. Rules add the user to every group they match and remove it from groups some rule targets but no longer matches; ' +
    'groups no rule targets are left alone. SCIM-managed users are never changed (appliedRules false, reason SCIM_MANAGED).',
})
export class ResolveSsoSignInPayload {
  @Field(() => UserNode, { description: 'The user after the sign-in. With dryRun, as it would be: a user that would be created has an id no row has.' })
  user!: UserNode;

  @Field({ description: 'Whether the user was (or, with dryRun, would be) created just in time.' })
  created!: boolean;

  @Field()
  appliedRules!: boolean;

  @Field(() => SsoSkipReason, { nullable: true })
  reason!: SsoSkipReason | null;

  @Field(() => [GroupNode], { description: 'Groups that rules map the claim values to.' })
  matchedGroups!: GroupNode[];

  @Field(() => [GroupNode])
  addedGroups!: GroupNode[];

  @Field(() => [GroupNode])
  removedGroups!: GroupNode[];

  @Field(() => [GroupNode], { description: 'SCIM-managed groups whose membership would change, left alone while the account does not allow manual updates.' })
  skippedGroups!: GroupNode[];

  @Field(() => [GroupNode], { description: 'Every group of the user afterwards.' })
  groups!: GroupNode[];

  @Field(() => LicenseType, { nullable: true })
  licenseType!: LicenseType | null;

  @Field(() => LicenseSource, { nullable: true })
  licenseSource!: LicenseSource | null;

  @Field()
  dryRun!: boolean;
}
