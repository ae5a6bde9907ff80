import { LockMode } from '@mikro-orm/postgresql';
import { isUuid } from '../../domain/ids';
import { LicenseMapping } from '../../domain/license/license-mapping.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import type { LicenseMappingResult } from './create-license-mapping';
import { licenseMappingNotFound } from './license-mapping.queries';
import { resolveLicenses } from './resolve-licenses';

/** Deletes a mapping; the group's members fall back to their other mappings, the default, or no license. */
export async function deleteLicenseMapping(ctx: Ctx, input: { id: string }): Promise<LicenseMappingResult> {
  return runRecorded(ctx, { action: 'license_mapping.deleted', resourceType: 'LicenseMapping', resourceId: input.id }, async (em) => {
    const mapping = isUuid(input.id)
      ? await em.findOne(LicenseMapping, { id: input.id, account: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!mapping) throw licenseMappingNotFound(input.id);
    em.remove(mapping);
    await em.flush();
    const usersChanged = await resolveLicenses(em, ctx.accountId, { groupNameKey: mapping.groupNameKey });
    recordEvent(em, ctx, 'license_mapping.deleted', {
      resourceType: 'LicenseMapping',
      resourceId: mapping.id,
      detail: { groupName: mapping.groupName, licenseType: mapping.licenseType, usersChanged },
    });
    return { mapping, usersChanged };
  });
}
