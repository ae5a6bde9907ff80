import { LockMode } from '@mikro-orm/core';
import { Account, type AccountSettings } from '../domain/account/account.entity';
import { LICENSE_TYPES, type LicenseType } from '../domain/account/license-type';
import { ConflictError, InvalidInputError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import type { Ctx } from './context';
import { resolveLicenses } from './licenses/resolve-licenses';
import { recordEvent } from './record-event';
import { applyIpAllowlistEnforced } from './ip-allowlist/set-ip-allowlist-enforced';
import type { RequestOrigin } from './ip-allowlist/ip-allowlist-guard';
import { runRecorded } from './run-recorded';
import { findUserNameRuleOffenders } from './users/user-name-rule-offenders';
import { accountNotFound } from './account.queries';

/** The settings an admin may change here. */
export type EditableSetting = 'scimEnabled' | 'allowManualUpdates' | 'scimLicenseManagement' | 'defaultLicenseType' | 'userNameMustMatchEmail' | 'ipAllowlistEnforced';

/**
 * Omitted (undefined) leaves a setting as it is; only `defaultLicenseType` may be set to null (no default).
 * `requestAddress` and `force` feed the IP allowlist's lock-out guard when `ipAllowlistEnforced` changes.
 */
export type UpdateAccountSettingsInput = { [K in EditableSetting]?: AccountSettings[K] | null } & RequestOrigin;

export interface UpdateAccountSettingsResult {
  account: Account;
  /** The settings whose value changed, in a fixed order. */
  changed: EditableSetting[];
  /** How many users' licenses changed with the settings. */
  licensesChanged: number;
}

const BOOLEAN_SETTINGS = ['scimEnabled', 'allowManualUpdates', 'scimLicenseManagement', 'userNameMustMatchEmail'] as const;
const SETTINGS: readonly EditableSetting[] = [...BOOLEAN_SETTINGS, 'defaultLicenseType', 'ipAllowlistEnforced'];
/** The account's license inputs: changing one re-resolves every user's license in the same transaction. */
const LICENSE_SETTINGS: readonly EditableSetting[] = ['scimLicenseManagement', 'defaultLicenseType'];
/** How many offending users a refused switch names; the count is always complete. */
export const OFFENDER_SAMPLE_SIZE = 10;

function validate(input: UpdateAccountSettingsInput): void {
  for (const key of [...BOOLEAN_SETTINGS, 'ipAllowlistEnforced'] as const)
    if (input[key] === null) throw new InvalidInputError('BAD_USER_INPUT', `${key} cannot be null; omit it to leave it unchanged`, { field: key });
  const license = input.defaultLicenseType;
  if (license != null && !LICENSE_TYPES.includes(license))
    throw new InvalidInputError('BAD_USER_INPUT', `Unknown license type "${String(license)}"`, { field: 'defaultLicenseType' });
}

/**
 * Changes account settings in one transaction, under a lock on the account row so two admins' changes queue.
 * Turning the userName = email rule on is refused while any user breaks it; changing a license input
 * re-resolves every license of the account. Every change is one audit event naming old and new values.
 * `ipAllowlistEnforced` goes through the IP allowlist's own rule (`applyIpAllowlistEnforced`: the lock-out
 * guard, the cache version, its `ip_allowlist.enforcement_changed` event), in this same transaction.
 */
export async function updateAccountSettings(ctx: Ctx, input: UpdateAccountSettingsInput): Promise<UpdateAccountSettingsResult> {
  validate(input);
  return runRecorded(ctx, { action: 'account.settings_updated', resourceType: 'Account', resourceId: isUuid(ctx.accountId) ? ctx.accountId : null }, async (em) => {
    const account = isUuid(ctx.accountId) ? await em.findOne(Account, { id: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!account) throw accountNotFound(ctx.accountId);

    const changes: Partial<Record<EditableSetting, { from: unknown; to: unknown }>> = {};
    for (const key of SETTINGS) {
      const next = input[key];
      if (next !== undefined && next !== account[key]) changes[key] = { from: account[key], to: next };
    }
    const changed = SETTINGS.filter((key) => key in changes);
    if (changed.length === 0) return { account, changed, licensesChanged: 0 };

    if (changes.userNameMustMatchEmail?.to === true) {
      const offenders = await findUserNameRuleOffenders(em, account.id, OFFENDER_SAMPLE_SIZE);
      if (offenders.count > 0)
        throw new ConflictError(
          'USER_NAME_POLICY_CONFLICT',
          `${offenders.count} user(s) have a userName that is not their email address; change them before turning the rule on`,
          { field: 'userNameMustMatchEmail', offendingUserCount: offenders.count, offendingUserIds: offenders.userIds },
        );
    }

    if (changes.ipAllowlistEnforced)
      await applyIpAllowlistEnforced(em, ctx, account, { enforced: input.ipAllowlistEnforced!, force: input.force, requestAddress: input.requestAddress });
    for (const key of BOOLEAN_SETTINGS) if (key in changes) account[key] = input[key]!;
    if ('defaultLicenseType' in changes) account.defaultLicenseType = (input.defaultLicenseType ?? null) as LicenseType | null;
    account.updatedAt = ctx.clock.now();
    // Enforcement has its own event (above), the same whichever mutation changed it.
    const { ipAllowlistEnforced: _enforcement, ...otherChanges } = changes;
    if (Object.keys(otherChanges).length > 0)
      recordEvent(em, ctx, 'account.settings_updated', { resourceType: 'Account', resourceId: account.id, detail: { changes: otherChanges } });
    await em.flush();
    const licensesChanged = changed.some((key) => LICENSE_SETTINGS.includes(key)) ? await resolveLicenses(em, account.id, { wholeAccount: true }) : 0;
    return { account, changed, licensesChanged };
  });
}
