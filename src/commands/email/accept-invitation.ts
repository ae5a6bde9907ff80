import { EmailKind } from '../../domain/email/email-outbox.entity';
import type { User } from '../../domain/user/user.entity';
import { recordEvent } from '../record-event';
import { redeemEmailLink, type EmailLinkHost } from './email-link';

/**
 * Accepts an invitation with the token from its link. Only an accepted user counts as licensed; license
 * resolution reads `invitationAcceptedAt`. Throws INVALID_TOKEN or TOKEN_EXPIRED.
 */
export async function acceptInvitation(host: EmailLinkHost, token: string): Promise<User> {
  return redeemEmailLink(host, EmailKind.INVITATION, token, (em, ctx, user) => {
    const firstTime = !user.invitationAcceptedAt;
    if (firstTime) user.invitationAcceptedAt = ctx.clock.now();
    recordEvent(em, ctx, 'user.invitation_accepted', { resourceType: 'User', resourceId: user.id, detail: { email: user.email, firstTime } });
    return user;
  });
}
