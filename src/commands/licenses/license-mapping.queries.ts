import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { LicenseMapping } from '../../domain/license/license-mapping.entity';
import type { Ctx } from '../context';

/** Every mapping of the account by group name: an account has a handful, so the list is not paged. */
export async function listLicenseMappings(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<LicenseMapping[]> {
  return ctx.em.find(LicenseMapping, { account: ctx.accountId }, { orderBy: { groupNameKey: 'asc', id: 'asc' } });
}

export async function findLicenseMapping(em: EntityManager, accountId: string, id: string): Promise<LicenseMapping | null> {
  return isUuid(id) ? em.findOne(LicenseMapping, { id, account: accountId }) : null;
}

export function licenseMappingNotFound(id: string): NotFoundError {
  return new NotFoundError('LICENSE_MAPPING_NOT_FOUND', `License mapping ${id} does not exist`);
}
