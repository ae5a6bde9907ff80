import { LockMode } from '@mikro-orm/postgresql';
import type { LicenseType } from '../../domain/account/license-type';
import { groupNameKey } from '../../domain/group/group-name';
import { isUuid } from '../../domain/ids';
import { LicenseMapping } from '../../domain/license/license-mapping.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import type { LicenseMappingResult } from './create-license-mapping';
import { licenseMappingNotFound } from './license-mapping.queries';
import { validateMappedGroupName } from './license-mapping-rules';
import { resolveLicenses } from './resolve-licenses';

/** Changes a mapping's group name or license; members of the old and of the new group name are resolved again. */
export async function updateLicenseMapping(
  ctx: Ctx,
  input: { id: string; groupName?: string; licenseType?: LicenseType },
): Promise<LicenseMappingResult> {
  return runRecorded(ctx, { action: 'license_mapping.updated', resourceType: 'LicenseMapping', resourceId: input.id }, async (em) => {
    const mapping = isUuid(input.id)
      ? await em.findOne(LicenseMapping, { id: input.id, account: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!mapping) throw licenseMappingNotFound(input.id);
    const previous = { groupName: mapping.groupName, groupNameKey: mapping.groupNameKey, licenseType: mapping.licenseType };
    if (input.groupName !== undefined) {
      mapping.groupName = validateMappedGroupName(input.groupName);
      mapping.groupNameKey = groupNameKey(mapping.groupName);
    }
    if (input.licenseType !== undefined) mapping.licenseType = input.licenseType;
    if (mapping.groupName === previous.groupName && mapping.licenseType === previous.licenseType) return { mapping, usersChanged: 0 };

    mapping.updatedAt = ctx.clock.now();
    await em.flush();
    let usersChanged = await resolveLicenses(em, ctx.accountId, { groupNameKey: mapping.groupNameKey });
    if (previous.groupNameKey !== mapping.groupNameKey) usersChanged += await resolveLicenses(em, ctx.accountId, { groupNameKey: previous.groupNameKey });
    recordEvent(em, ctx, 'license_mapping.updated', {
      resourceType: 'LicenseMapping',
      resourceId: mapping.id,
      detail: { from: previous, to: { groupName: mapping.groupName, licenseType: mapping.licenseType }, usersChanged },
    });
    return { mapping, usersChanged };
  });
}
