import { EmailKind } from '../../domain/email/email-outbox.entity';
import { emailKey } from '../../domain/user/user-name';
import type { User } from '../../domain/user/user.entity';
import { recordEvent } from '../record-event';
import { redeemEmailLink, type EmailLinkHost } from './email-link';

/**
 * Confirms a change of address with the token mailed to the new address: only now does the product's
 * effective email (`email`, `emailKey`) switch. The SCIM resource already showed the new address.
 * Throws INVALID_TOKEN or TOKEN_EXPIRED.
 */
export async function confirmEmailChange(host: EmailLinkHost, token: string): Promise<User> {
  return redeemEmailLink(host, EmailKind.EMAIL_CHANGE, token, (em, ctx, user, mail) => {
    const previous = user.email;
    user.email = mail.toAddress;
    user.emailKey = emailKey(mail.toAddress);
    recordEvent(em, ctx, 'user.email_confirmed', { resourceType: 'User', resourceId: user.id, detail: { from: previous, to: mail.toAddress } });
    return user;
  });
}
