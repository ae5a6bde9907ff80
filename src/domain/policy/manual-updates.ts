import type { Account } from '../account/account.entity';
import { ImmutableError } from '../errors';
import { ActorType } from '../provisioning/provisioning-event.entity';
import { ManagedBy } from '../user/user.entity';

export interface ManualChange {
  /** True when an admin changed a SCIM-managed resource: the provisioning event says so. */
  manual: boolean;
}

/**
 * The seeds' "allow manual updates" policy, in one place: while it is off, SCIM-managed users and groups
 * (and memberships of SCIM-managed groups) are read-only to everyone but the IdP.
 */
export function checkManualUpdate(
  account: Pick<Account, 'allowManualUpdates'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group'; id: string },
  actor: { type: ActorType },
): ManualChange {
  if (actor.type === ActorType.SCIM_TOKEN || resource.managedBy !== ManagedBy.SCIM) return { manual: false };
  if (!account.allowManualUpdates)
    throw new ImmutableError(
      'MANUAL_UPDATE_FORBIDDEN',
      `This ${resource.kind} is managed by your identity provider through SCIM; change it there, or turn on "Allow manual updates" in the account settings`,
      { resourceId: resource.id },
    );
  return { manual: true };
}
