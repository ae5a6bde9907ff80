import { Account } from '../../domain/account/account.entity';
import { claimKey, validateClaimValue } from '../../domain/sso/claim-match';
import { SsoMappingRule, SsoMatchType } from '../../domain/sso/sso-mapping-rule.entity';
import type { Ctx } from '../context';
import { getGroup } from '../groups/group.queries';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';

export interface CreateSsoMappingRuleInput {
  claimValue: string;
  matchType?: SsoMatchType;
  groupId: string;
}

/** Maps an SSO groups-claim value to an internal group; SSO_MAPPING_RULE_EXISTS when that pair is mapped already. */
export async function createSsoMappingRule(ctx: Ctx, input: CreateSsoMappingRuleInput): Promise<SsoMappingRule> {
  return runRecorded(ctx, { action: 'sso_mapping_rule.created', resourceType: 'SsoMappingRule' }, async (em) => {
    const matchType = input.matchType ?? SsoMatchType.EXACT;
    const claimValue = validateClaimValue(input.claimValue, matchType);
    const group = await getGroup({ em, accountId: ctx.accountId }, input.groupId);
    const now = ctx.clock.now();
    const rule = em.create(SsoMappingRule, {
      account: em.getReference(Account, ctx.accountId),
      claimValue,
      claimKey: claimKey(claimValue),
      matchType,
      group,
      createdAt: now,
      updatedAt: now,
    });
    recordEvent(em, ctx, 'sso_mapping_rule.created', {
      resourceType: 'SsoMappingRule',
      resourceId: rule.id,
      detail: { claimValue, matchType, groupId: group.id, group: group.displayName },
    });
    await em.flush();
    return rule;
  });
}
