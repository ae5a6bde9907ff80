import { LockMode, raw, type EntityManager } from '@mikro-orm/postgresql';
import { EmailKind, EmailOutbox } from '../../domain/email/email-outbox.entity';
import { isLive } from '../../domain/email/email-policy';
import { InvalidInputError } from '../../domain/errors';
import { emailKey, looksLikeEmail } from '../../domain/user/user-name';
import { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';

export type EmailChangeRequest = 'unchanged' | 'pending' | 'already_pending';

/**
 * Asks the new address to confirm a change of the user's effective email; `user.email` switches only on
 * confirmation (`confirmEmailChange`). Runs in the caller's transaction. Sending the same change again sends
 * no second mail; changing back to the current address cancels what was pending.
 */
export async function requestEmailChange(em: EntityManager, ctx: Omit<Ctx, 'em'>, user: User, newAddress: string): Promise<EmailChangeRequest> {
  const address = newAddress.trim();
  if (!looksLikeEmail(address)) throw new InvalidInputError('INVALID_EMAIL', `"${address}" is not an email address`, { field: 'emails' });
  // Two requests for one user at once must not both find nothing pending and both mail.
  await em.createQueryBuilder(User).select(raw('1')).where({ id: user.id }).setLockMode(LockMode.PESSIMISTIC_WRITE).execute();
  const now = ctx.clock.now();
  const key = emailKey(address);
  const open = await em.find(EmailOutbox, { account: user.account, user, kind: EmailKind.EMAIL_CHANGE, consumedAt: null });

  const cancel = () => {
    for (const mail of open) mail.consumedAt = now;
  };
  if (user.email !== null && emailKey(user.email) === key) {
    cancel();
    if (open.length)
      recordEvent(em, ctx, 'user.email_change_cancelled', { resourceType: 'User', resourceId: user.id, detail: { email: user.email } });
    return 'unchanged';
  }
  if (open.some((mail) => emailKey(mail.toAddress) === key && isLive(mail, now))) return 'already_pending';

  cancel();
  em.persist(em.create(EmailOutbox, { account: user.account, user, kind: EmailKind.EMAIL_CHANGE, toAddress: address, createdAt: now }));
  recordEvent(em, ctx, 'user.email_change_requested', { resourceType: 'User', resourceId: user.id, detail: { from: user.email, to: address } });
  return 'pending';
}
