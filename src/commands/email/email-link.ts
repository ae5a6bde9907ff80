import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { inTransaction } from '../../db/unit-of-work';
import { EmailKind, EmailOutbox } from '../../domain/email/email-outbox.entity';
import { emailTokenMatches, parseEmailToken } from '../../domain/email/email-token';
import { InvalidInputError } from '../../domain/errors';
import { ActorType } from '../../domain/provisioning/provisioning-event.entity';
import { User } from '../../domain/user/user.entity';
import type { Actor, Clock, Ctx } from '../context';

/** Who redeems a link: nobody authenticated, only the holder of the token. */
export interface EmailLinkHost {
  em: EntityManager;
  clock: Clock;
  requestId: string | null;
  /** When set, a token of another account's mail reads as INVALID_TOKEN: an API token redeems only its own account's links. */
  accountId?: string;
}

export const EMAIL_LINK_ACTOR: Actor = { type: ActorType.SYSTEM, id: null, name: 'email link', role: null };

export class InvalidTokenError extends InvalidInputError {
  constructor() {
    super('INVALID_TOKEN', 'This link is not valid: it was mistyped, already used, or replaced by a newer one', { field: 'token' });
  }
}

export class TokenExpiredError extends InvalidInputError {
  constructor() {
    super('TOKEN_EXPIRED', 'This link has expired; ask for a new one', { field: 'token' });
  }
}

/**
 * Redeems a one-time link token of `kind` in one transaction: the row is locked, so two uses at once
 * cannot both succeed. A wrong secret, a used or superseded row, or a token of the other kind all read as
 * INVALID_TOKEN; expiry is told apart only once the secret matched, so it reveals nothing to a guesser.
 */
export async function redeemEmailLink<T>(
  host: EmailLinkHost,
  kind: EmailKind,
  rawToken: string,
  apply: (em: EntityManager, ctx: Omit<Ctx, 'em'>, user: User, mail: EmailOutbox) => Promise<T> | T,
): Promise<T> {
  const parsed = parseEmailToken(rawToken);
  if (!parsed || parsed.kind !== kind) throw new InvalidTokenError();
  return inTransaction(host, async (em) => {
    const mail = await em.findOne(EmailOutbox, { tokenLookup: parsed.lookup }, { populate: ['tokenHash'], lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!mail || mail.kind !== kind || !mail.sentAt || !emailTokenMatches(parsed, mail.tokenHash)) throw new InvalidTokenError();
    if (mail.consumedAt || (host.accountId !== undefined && mail.account.id !== host.accountId)) throw new InvalidTokenError();
    const now = host.clock.now();
    if (!mail.expiresAt || mail.expiresAt <= now) throw new TokenExpiredError();
    const user = await em.findOne(User, { id: mail.user.id, account: mail.account.id });
    if (!user) throw new InvalidTokenError();
    mail.consumedAt = now;
    const ctx: Omit<Ctx, 'em'> = { accountId: user.account.id, actor: EMAIL_LINK_ACTOR, requestId: host.requestId, clock: host.clock };
    return apply(em, ctx, user, mail);
  });
}
