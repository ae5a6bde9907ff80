import type { Account } from '../../domain/account/account.entity';
import type { AccountNode } from './account.types';

export function toAccountNode(account: Account): AccountNode {
  return {
    id: account.id,
    name: account.name,
    settings: {
      scimEnabled: account.scimEnabled,
      allowManualUpdates: account.allowManualUpdates,
      scimLicenseManagement: account.scimLicenseManagement,
      defaultLicenseType: account.defaultLicenseType,
      ipAllowlistEnforced: account.ipAllowlistEnforced,
      userNameMustMatchEmail: account.userNameMustMatchEmail,
    },
  };
}
