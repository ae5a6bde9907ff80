import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../domain/account/account.entity';
import type { UserInput } from '../../domain/user/user-input';
import { emailKey } from '../../domain/user/user-name';
import { signInEmail } from '../../domain/user/user-rules';
import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { enqueueInvitation } from '../email/enqueue-invitation';
import { requestEmailChange } from '../email/request-email-change';

/**
 * Keeps the product's effective email in step with what the IdP sent. The first address takes effect at
 * once and the invitation goes there; a later change waits until the new address confirms it, and sending
 * the old address again cancels the pending change.
 */
export async function applySignInEmail(em: EntityManager, ctx: Omit<Ctx, 'em'>, user: User, input: UserInput, account: Account): Promise<void> {
  const address = signInEmail(input, account);
  if (!address) return;
  if (user.email === null) {
    user.email = address;
    user.emailKey = emailKey(address);
    if (!user.invitedAt) enqueueInvitation(em, ctx, user);
    return;
  }
  await requestEmailChange(em, ctx, user, address);
}
