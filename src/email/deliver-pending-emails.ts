import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Orm } from '../db/orm';
import { inTransaction } from '../db/unit-of-work';
import { Account } from '../domain/account/account.entity';
import { EmailKind, EmailOutbox } from '../domain/email/email-outbox.entity';
import { LINK_LIFETIME_MS, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../domain/email/email-policy';
import { mintEmailToken } from '../domain/email/email-token';
import { emailKey } from '../domain/user/user-name';
import { User } from '../domain/user/user.entity';
import type { Mailer, OutgoingMail } from './mailer';
import { emailChangeMail, invitationMail } from './templates';

type Outcome = 'none' | 'sent' | 'skipped' | 'failed';

const MAX_ERROR_LENGTH = 500;

/**
 * One delivery pass: sends up to `limit` due mails, oldest first, and returns how many were sent. Each mail
 * is claimed in its own transaction with `FOR UPDATE SKIP LOCKED`, so any number of passes in any number
 * of processes send every mail once. A failed send leaves the mail pending with its attempt counted.
 */
export async function deliverPendingEmails(orm: Orm, mailer: Mailer, config: Config, logger: Logger, limit: number): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await deliverNext(orm, mailer, config, logger);
    if (outcome === 'none') break;
    if (outcome === 'sent') sent++;
  }
  return sent;
}

async function deliverNext(orm: Orm, mailer: Mailer, config: Config, logger: Logger): Promise<Outcome> {
  return inTransaction({ em: orm.em }, async (em) => {
    const now = new Date();
    const mail = await em.findOne(
      EmailOutbox,
      { sentAt: null, consumedAt: null, attempts: { $lt: MAX_DELIVERY_ATTEMPTS }, $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] },
      { orderBy: { createdAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
    if (!mail) return 'none';
    const user = await em.findOne(User, { id: mail.user.id, account: mail.account.id });
    const reason = user ? await reasonNotToSend(em, mail, user) : 'user gone';
    if (reason || !user) {
      mail.consumedAt = now;
      logger.debug({ mailId: mail.id, kind: mail.kind, reason }, 'email not sent');
      return 'skipped';
    }
    const account = await em.findOneOrFail(Account, { id: mail.account.id });

    // The token exists from here on, in memory only; the row gets its digest, the mail gets the token.
    const minted = mintEmailToken(mail.kind);
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[mail.kind]);
    const message = compose(config, mail, user, account, minted.token, expiresAt);
    try {
      // A savepoint: a refused send takes the stored digest back, while the row stays locked for the update below.
      await em.transactional(async (inner) => {
        await inner.nativeUpdate(
          EmailOutbox,
          { id: mail.id },
          { tokenLookup: minted.lookup, tokenHash: minted.hash, expiresAt, sentAt: now, lastError: null, nextAttemptAt: null },
        );
        await mailer.send(message);
      });
    } catch (error) {
      const attempts = mail.attempts + 1;
      await em.nativeUpdate(
        EmailOutbox,
        { id: mail.id },
        { attempts, lastError: describeError(error), nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      );
      logger.warn({ mailId: mail.id, kind: mail.kind, attempts, error: describeError(error) }, 'email not delivered; will retry');
      return 'failed';
    }
    logger.info({ mailId: mail.id, kind: mail.kind, accountId: account.id, userId: user.id }, 'email sent');
    return 'sent';
  });
}

/** Mails that no longer make sense are consumed instead of sent. */
async function reasonNotToSend(em: EntityManager, mail: EmailOutbox, user: User): Promise<string | null> {
  if (mail.kind === EmailKind.INVITATION && user.invitationAcceptedAt) return 'invitation already accepted';
  if (mail.kind === EmailKind.EMAIL_CHANGE && user.email !== null && emailKey(user.email) === emailKey(mail.toAddress))
    return 'address already in effect';
  // Normally superseded on insert; this catches two enqueued at once for one user.
  const newer = await em.count(EmailOutbox, {
    account: mail.account.id,
    user: user.id,
    kind: mail.kind,
    consumedAt: null,
    createdAt: { $gt: mail.createdAt },
  });
  return newer ? 'superseded by a newer mail' : null;
}

function compose(config: Config, mail: EmailOutbox, user: User, account: Account, token: string, expiresAt: Date): OutgoingMail {
  const recipientName = displayName(user);
  if (mail.kind === EmailKind.INVITATION) {
    return invitationMail({ to: mail.toAddress, accountName: account.name, recipientName, link: linkWithToken(config.invitationUrlBase, token), expiresAt });
  }
  return emailChangeMail({
    to: mail.toAddress,
    accountName: account.name,
    recipientName,
    previousAddress: user.email,
    link: linkWithToken(config.emailConfirmationUrlBase, token),
    expiresAt,
  });
}

/** The token rides in the fragment, which browsers never send to a server, so it stays out of access logs. */
export function linkWithToken(base: string, token: string): string {
  return `${base}#token=${encodeURIComponent(token)}`;
}

function displayName(user: User): string | null {
  const parts = [user.givenName, user.familyName].filter((p): p is string => !!p?.trim());
  return user.displayName?.trim() || user.formattedName?.trim() || (parts.length ? parts.join(' ') : null);
}

function describeError(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(error);
  const prefix = e.code && !text.startsWith(e.code) ? `${e.code}: ` : '';
  return `${prefix}${text}`.slice(0, MAX_ERROR_LENGTH);
}
