import { EmailKind, type EmailOutbox } from './email-outbox.entity';

/** How long a mailed link works, counted from sending: an invitation a week, an address change a day. */
export const LINK_LIFETIME_MS: Record<EmailKind, number> = {
  [EmailKind.INVITATION]: 7 * 24 * 60 * 60 * 1000,
  [EmailKind.EMAIL_CHANGE]: 24 * 60 * 60 * 1000,
};

/** After this many failed sends a mail is left pending with its last error, for an admin to see or resend. */
export const MAX_DELIVERY_ATTEMPTS = 20;

const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;

/** Exponential backoff after the `attempts`-th failure: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** A mail that still does something: it will be sent, or it was sent and its link still works. */
export function isLive(mail: EmailOutbox, now: Date): boolean {
  if (mail.consumedAt) return false;
  if (mail.sentAt) return !!mail.expiresAt && mail.expiresAt > now;
  return mail.attempts < MAX_DELIVERY_ATTEMPTS;
}
