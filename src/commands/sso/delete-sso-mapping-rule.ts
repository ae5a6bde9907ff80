import { LockMode } from '@mikro-orm/postgresql';
import { isUuid } from '../../domain/ids';
import { SsoMappingRule } from '../../domain/sso/sso-mapping-rule.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { ssoMappingRuleNotFound } from './sso-mapping-rule.queries';

/**
 * Deletes a rule. Memberships it gave are kept: sign-ins remove a user only from groups that some rule still
 * targets, so a group no rule targets is left to admins.
 */
export async function deleteSsoMappingRule(ctx: Ctx, input: { id: string }): Promise<SsoMappingRule> {
  return runRecorded(ctx, { action: 'sso_mapping_rule.deleted', resourceType: 'SsoMappingRule', resourceId: input.id }, async (em) => {
    const rule = isUuid(input.id)
      ? await em.findOne(SsoMappingRule, { id: input.id, account: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!rule) throw ssoMappingRuleNotFound(input.id);
    recordEvent(em, ctx, 'sso_mapping_rule.deleted', { resourceType: 'SsoMappingRule', resourceId: rule.id, detail: { claimValue: rule.claimValue, groupId: rule.group.id } });
    em.remove(rule);
    await em.flush();
    return rule;
  });
}
