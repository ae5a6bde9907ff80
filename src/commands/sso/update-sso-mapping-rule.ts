import { LockMode } from '@mikro-orm/postgresql';
import { isUuid } from '../../domain/ids';
import { claimKey, validateClaimValue } from '../../domain/sso/claim-match';
import { SsoMappingRule, type SsoMatchType } from '../../domain/sso/sso-mapping-rule.entity';
import type { Ctx } from '../context';
import { getGroup } from '../groups/group.queries';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { ssoMappingRuleNotFound } from './sso-mapping-rule.queries';

export interface UpdateSsoMappingRuleInput {
  id: string;
  claimValue?: string;
  matchType?: SsoMatchType;
  groupId?: string;
}

/** Changes a rule; memberships follow at each user's next SSO sign-in, not at once. */
export async function updateSsoMappingRule(ctx: Ctx, input: UpdateSsoMappingRuleInput): Promise<SsoMappingRule> {
  return runRecorded(ctx, { action: 'sso_mapping_rule.updated', resourceType: 'SsoMappingRule', resourceId: input.id }, async (em) => {
    const rule = isUuid(input.id)
      ? await em.findOne(SsoMappingRule, { id: input.id, account: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!rule) throw ssoMappingRuleNotFound(input.id);
    const matchType = input.matchType ?? rule.matchType;
    const claimValue = validateClaimValue(input.claimValue ?? rule.claimValue, matchType);
    const group = input.groupId !== undefined ? await getGroup({ em, accountId: ctx.accountId }, input.groupId) : rule.group;
    if (claimValue === rule.claimValue && matchType === rule.matchType && group.id === rule.group.id) return rule;
    rule.claimValue = claimValue;
    rule.claimKey = claimKey(claimValue);
    rule.matchType = matchType;
    rule.group = group;
    rule.updatedAt = ctx.clock.now();
    recordEvent(em, ctx, 'sso_mapping_rule.updated', { resourceType: 'SsoMappingRule', resourceId: rule.id, detail: { claimValue, matchType, groupId: group.id } });
    await em.flush();
    return rule;
  });
}
