import { NotFoundError } from '../../domain/errors';
import { SsoMappingRule } from '../../domain/sso/sso-mapping-rule.entity';
import type { Ctx } from '../context';

/** Every rule of the account, by claim value: an account has tens, so the list is not paged. */
export async function listSsoMappingRules(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<SsoMappingRule[]> {
  return ctx.em.find(SsoMappingRule, { account: ctx.accountId }, { orderBy: { claimKey: 'asc', id: 'asc' } });
}

export function ssoMappingRuleNotFound(id: string): NotFoundError {
  return new NotFoundError('SSO_MAPPING_RULE_NOT_FOUND', `SSO mapping rule ${id} does not exist`);
}
