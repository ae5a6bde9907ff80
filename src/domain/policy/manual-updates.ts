import type { Account } from '../account/account.entity';
import { ImmutableError } from '../errors';
import { ActorType } from '../provisioning/provisioning-event.entity';
import { ManagedBy } from '../user/user.entity';

export interface ManualChange {
  /** True when an admin changed a SCIM-managed resource: the provisioning event says so. */
  manual: boolean;
}

/** Whether the policy concerns this change at all: an admin (not the IdP) changing a SCIM-managed resource. */
export function isManualChangeOfScimResource(resource: { managedBy: ManagedBy }, actor: { type: ActorType }): boolean {
  return actor.type !== ActorType.SCIM_TOKEN && resource.managedBy === ManagedBy.SCIM;
}

/**
 * The seeds' "allow manual updates" policy, in one place: while it is off, SCIM-managed users and groups
 * (and memberships of SCIM-managed groups) are read-only to everyone but the IdP. Says why a change is blocked,
 * or null when it is allowed; the API exposes the same words, so a client never restates the rule.
 */
export function manualUpdateBlockedReason(
  account: Pick<Account, 'allowManualUpdates'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group' },
  actor: { type: ActorType },
): string | null {
  if (!isManualChangeOfScimResource(resource, actor) || account.allowManualUpdates) return null;
  return `This ${resource.kind} is managed by your identity provider through SCIM; change it there, or turn on "Allow manual updates" in the account settings`;
}

/** Throws MANUAL_UPDATE_FORBIDDEN when the policy blocks the change; otherwise says whether it is a manual one. */
export function checkManualUpdate(
  account: Pick<Account, 'allowManualUpdates'>,
  resource: { managedBy: ManagedBy; kind: 'user' | 'group'; id: string },
  actor: { type: ActorType },
): ManualChange {
  const reason = manualUpdateBlockedReason(account, resource, actor);
  if (reason) throw new ImmutableError('MANUAL_UPDATE_FORBIDDEN', reason, { resourceId: resource.id });
  return { manual: isManualChangeOfScimResource(resource, actor) };
}
