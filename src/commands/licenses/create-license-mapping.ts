import { Account } from '../../domain/account/account.entity';
import type { LicenseType } from '../../domain/account/license-type';
import { groupNameKey } from '../../domain/group/group-name';
import { LicenseMapping } from '../../domain/license/license-mapping.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { validateMappedGroupName } from './license-mapping-rules';
import { resolveLicenses } from './resolve-licenses';

export interface LicenseMappingResult {
  mapping: LicenseMapping;
  /** How many users' stored license changed. */
  usersChanged: number;
}

/**
 * Maps a group name (ignoring case; the group need not exist yet) to a license, and resolves the license of
 * that group's members again in SQL, in the same transaction. LICENSE_MAPPING_EXISTS for a name already mapped.
 */
export async function createLicenseMapping(ctx: Ctx, input: { groupName: string; licenseType: LicenseType }): Promise<LicenseMappingResult> {
  return runRecorded(ctx, { action: 'license_mapping.created', resourceType: 'LicenseMapping' }, async (em) => {
    const groupName = validateMappedGroupName(input.groupName);
    const now = ctx.clock.now();
    const mapping = em.create(LicenseMapping, {
      account: em.getReference(Account, ctx.accountId),
      groupName,
      groupNameKey: groupNameKey(groupName),
      licenseType: input.licenseType,
      createdAt: now,
      updatedAt: now,
    });
    await em.flush();
    const usersChanged = await resolveLicenses(em, ctx.accountId, { groupNameKey: mapping.groupNameKey });
    recordEvent(em, ctx, 'license_mapping.created', {
      resourceType: 'LicenseMapping',
      resourceId: mapping.id,
      detail: { groupName, licenseType: mapping.licenseType, usersChanged },
    });
    return { mapping, usersChanged };
  });
}
