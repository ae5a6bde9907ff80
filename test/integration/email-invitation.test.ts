import { createHash } from 'node:crypto';
import { systemClock } from '../../src/commands/context';
import { acceptInvitation } from '../../src/commands/email/accept-invitation';
import { confirmEmailChange } from '../../src/commands/email/confirm-email-change';
import { enqueueInvitation } from '../../src/commands/email/enqueue-invitation';
import { inTransaction } from '../../src/db/unit-of-work';
import { Account } from '../../src/domain/account/account.entity';
import { ProvisioningEvent } from '../../src/domain/provisioning/provisioning-event.entity';
import { User } from '../../src/domain/user/user.entity';
import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { capturingLogger, createUser, OPERATOR_CTX, startSmtpSink, tokenIn, type SmtpSink } from '../support/email-test-kit';
import { createTestAccount, PUBLIC_BASE_URL, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let acme: TestAccount;
let mailer: Mailer;
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Roster <invites@roster.test>' });
  acme = await createTestAccount(app, 'Acme Analytics');
  mailer = createMailer(app.config)!;
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.mails.length = 0;
});

const deliver = (limit = 50) => deliverPendingEmails(app.orm, mailer, app.config, log.logger, limit);
const host = () => ({ em: app.orm.em.fork(), clock: systemClock, requestId: 'req-1' });

async function invite(userId: string): Promise<void> {
  await inTransaction({ em: app.orm.em }, async (em) => {
    enqueueInvitation(em, OPERATOR_CTX(acme.accountId), await em.findOneOrFail(User, userId));
  });
}

async function outboxRows(userId: string): Promise<Record<string, unknown>[]> {
  const rows = await app.orm.em.fork().getConnection().execute(`select * from email_outbox where user_id = ? order by created_at`, [userId]);
  return rows as Record<string, unknown>[];
}

async function reload(userId: string): Promise<User> {
  return app.orm.em.fork().findOneOrFail(User, userId);
}

async function invitedAndMailed(email: string): Promise<{ user: User; token: string }> {
  const user = await createUser(app, acme.accountId, email);
  await invite(user.id);
  expect(await deliver()).toBe(1);
  const mail = smtp.mails.find((m) => m.to.includes(email));
  return { user, token: tokenIn(mail!) };
}

describe('invitations', () => {
  it('sends an invitation once, with a link whose token the database never holds', async () => {
    const user = await createUser(app, acme.accountId, 'Ada.Lovelace@Example.com');
    await invite(user.id);
    expect((await reload(user.id)).invitedAt).toBeInstanceOf(Date);
    const [pending] = await outboxRows(user.id);
    expect(pending).toMatchObject({ kind: 'invitation', to_address: 'Ada.Lovelace@Example.com', sent_at: null, token_lookup: null, token_hash: null, expires_at: null });

    expect(await deliver()).toBe(1);
    expect(await deliver()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.to.map((a) => a.toLowerCase())).toEqual(['ada.lovelace@example.com']);
    expect(mail!.from).toBe('invites@roster.test');
    expect(mail!.subject).toBe("You're invited to join Acme Analytics");
    const token = tokenIn(mail!);
    expect(mail!.text).toContain(`${PUBLIC_BASE_URL}/admin/accept#token=${token}`);
    expect(mail!.html).toContain(`${PUBLIC_BASE_URL}/admin/accept#token=${token}`);
    expect(token).toMatch(/^rst_inv_[0-9a-f]{16}_/);

    const [sent] = await outboxRows(user.id);
    const secret = token.split('_').slice(3).join('_');
    const lookup = token.split('_')[2];
    expect(sent!['token_lookup']).toBe(lookup);
    expect((sent!['token_hash'] as Buffer).equals(createHash('sha256').update(secret).digest())).toBe(true);
    const everything = JSON.stringify(sent) + (sent!['token_hash'] as Buffer).toString('hex') + (sent!['token_hash'] as Buffer).toString('base64');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(token);
    const lifetime = Date.parse(String(sent!['expires_at'])) - Date.parse(String(sent!['sent_at']));
    expect(lifetime).toBe(7 * 24 * 60 * 60 * 1000);
    expect(log.lines.join('\n')).not.toContain(secret);
  });

  it('invites a user created in the same transaction, as provisioning does', async () => {
    const userId = await inTransaction({ em: app.orm.em }, async (em) => {
      const user = em.create(User, {
        account: em.getReference(Account, acme.accountId),
        userName: 'fresh@example.com',
        userNameKey: 'fresh@example.com',
        email: 'fresh@example.com',
        emailKey: 'fresh@example.com',
      });
      enqueueInvitation(em, OPERATOR_CTX(acme.accountId), user);
      return user.id;
    });
    expect(await outboxRows(userId)).toHaveLength(1);
    expect(await deliver()).toBe(1);
    expect(smtp.mails[0]!.to).toEqual(['fresh@example.com']);
  });

  it('accepts an invitation once: sets invitationAcceptedAt and records who and what, then answers INVALID_TOKEN', async () => {
    const { user, token } = await invitedAndMailed('grace@example.com');
    expect((await reload(user.id)).invitationAcceptedAt).toBeNull();

    const accepted = await acceptInvitation(host(), token);
    expect(accepted.id).toBe(user.id);
    expect((await reload(user.id)).invitationAcceptedAt).toBeInstanceOf(Date);
    const [row] = await outboxRows(user.id);
    expect(row!['consumed_at']).not.toBeNull();
    const events = await app.orm.em.fork().find(ProvisioningEvent, { resourceId: user.id, action: 'user.invitation_accepted' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'system', actorName: 'email link', requestId: 'req-1', outcome: 'success' });
    expect(JSON.stringify(events[0]!.detail)).not.toContain(token);

    await expect(acceptInvitation(host(), token)).rejects.toMatchObject({ kind: 'invalid_input', code: 'INVALID_TOKEN' });
  });

  it('answers TOKEN_EXPIRED once the link is past its expiry', async () => {
    const { user, token } = await invitedAndMailed('expired@example.com');
    await app.orm.em.fork().getConnection().execute(`update email_outbox set expires_at = now() - interval '1 minute' where user_id = ?`, [user.id]);
    await expect(acceptInvitation(host(), token)).rejects.toMatchObject({ kind: 'invalid_input', code: 'TOKEN_EXPIRED' });
    expect((await reload(user.id)).invitationAcceptedAt).toBeNull();
  });

  it('answers INVALID_TOKEN for a malformed token, a wrong secret, an unknown lookup and a token of the other kind', async () => {
    const { token } = await invitedAndMailed('mallory@example.com');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of ['', 'nonsense', `${token.slice(0, -1)}${last}`, token.replace(/_[0-9a-f]{16}_/, '_0000000000000000_'), token.replace('rst_inv_', 'rst_eml_')])
      await expect(acceptInvitation(host(), bad)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(confirmEmailChange(host(), token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(acceptInvitation(host(), token)).resolves.toBeInstanceOf(User);
  });

  it('lets only one of two simultaneous uses of a link succeed', async () => {
    const { token } = await invitedAndMailed('twice@example.com');
    const results = await Promise.allSettled([acceptInvitation(host(), token), acceptInvitation(host(), token)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('resends: the newer invitation supersedes the older, whose link stops working', async () => {
    const { user, token: first } = await invitedAndMailed('resend@example.com');
    const firstInvitedAt = (await reload(user.id)).invitedAt!;
    await invite(user.id);
    expect((await reload(user.id)).invitedAt!.getTime()).toBeGreaterThanOrEqual(firstInvitedAt.getTime());
    await expect(acceptInvitation(host(), first)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });

    smtp.mails.length = 0;
    expect(await deliver()).toBe(1);
    const second = tokenIn(smtp.mails[0]!);
    expect(second).not.toBe(first);
    await acceptInvitation(host(), second);
    const rows = await outboxRows(user.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r['consumed_at'] !== null)).toBe(true);
  });

  it('sends one mail when an invitation is enqueued twice before delivery', async () => {
    const user = await createUser(app, acme.accountId, 'hasty@example.com');
    await invite(user.id);
    await invite(user.id);
    expect(await deliver()).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    const rows = await outboxRows(user.id);
    expect(rows.map((r) => [r['sent_at'] !== null, r['consumed_at'] !== null])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('invites nobody without an email, and nobody who already accepted', async () => {
    const nameless = await createUser(app, acme.accountId, null, 'no-email');
    await invite(nameless.id);
    expect(await outboxRows(nameless.id)).toEqual([]);
    expect((await reload(nameless.id)).invitedAt).toBeNull();

    const { user, token } = await invitedAndMailed('done@example.com');
    await acceptInvitation(host(), token);
    await invite(user.id);
    expect(await outboxRows(user.id)).toHaveLength(1);
  });

  it('does not send an invitation accepted in the meantime', async () => {
    const user = await createUser(app, acme.accountId, 'meantime@example.com');
    await invite(user.id);
    await inTransaction({ em: app.orm.em }, async (em) => {
      (await em.findOneOrFail(User, user.id)).invitationAcceptedAt = new Date();
    });
    expect(await deliver()).toBe(0);
    expect(smtp.mails).toEqual([]);
    const [row] = await outboxRows(user.id);
    expect(row).toMatchObject({ sent_at: null });
    expect(row!['consumed_at']).not.toBeNull();
  });
});
