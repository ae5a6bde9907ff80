import type { EntityManager } from '@mikro-orm/postgresql';
import { EmailKind, EmailOutbox } from '../../domain/email/email-outbox.entity';
import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';

/**
 * Adds an invitation to the caller's unit of work; the caller's transaction commits it and the deliverer
 * sends it afterwards. Works again for an invited user who has not accepted (a resend): the newer
 * invitation supersedes the older one, whose link stops working. A user without an email or who already
 * accepted gets nothing.
 */
export function enqueueInvitation(em: EntityManager, ctx: Omit<Ctx, 'em'>, user: User): void {
  if (!user.email || user.invitationAcceptedAt) return;
  const now = ctx.clock.now();
  const mail = em.create(EmailOutbox, { account: user.account, user, kind: EmailKind.INVITATION, toAddress: user.email, createdAt: now });
  em.persist(mail);
  user.invitedAt = now;
}
