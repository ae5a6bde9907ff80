import { systemClock } from '../../src/commands/context';
import { acceptInvitation } from '../../src/commands/email/accept-invitation';
import { confirmEmailChange } from '../../src/commands/email/confirm-email-change';
import { requestEmailChange, type EmailChangeRequest } from '../../src/commands/email/request-email-change';
import { inTransaction } from '../../src/db/unit-of-work';
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
  app = await startTestApp({ SMTP_URL: smtp.url });
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

const deliver = () => deliverPendingEmails(app.orm, mailer, app.config, log.logger, 50);
const host = () => ({ em: app.orm.em.fork(), clock: systemClock, requestId: null });

async function requestChange(userId: string, address: string): Promise<EmailChangeRequest> {
  return inTransaction({ em: app.orm.em }, async (em) => requestEmailChange(em, OPERATOR_CTX(acme.accountId), await em.findOneOrFail(User, userId), address));
}

async function reload(userId: string): Promise<User> {
  return app.orm.em.fork().findOneOrFail(User, userId);
}

async function changeRows(userId: string): Promise<{ to_address: string; sent_at: string | null; consumed_at: string | null }[]> {
  const rows = await app.orm.em
    .fork()
    .getConnection()
    .execute(`select to_address, sent_at, consumed_at from email_outbox where user_id = ? and kind = 'email_change' order by created_at`, [userId]);
  return rows as { to_address: string; sent_at: string | null; consumed_at: string | null }[];
}

describe('email changes', () => {
  it('mails the new address and switches the effective email only on confirmation', async () => {
    const user = await createUser(app, acme.accountId, 'old@example.com');
    expect(await requestChange(user.id, 'New.Person@Example.com')).toBe('pending');
    expect((await reload(user.id)).email).toBe('old@example.com');

    expect(await deliver()).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.to.map((a) => a.toLowerCase())).toEqual(['new.person@example.com']);
    expect(mail!.subject).toBe('Confirm your new email address for Acme Analytics');
    const token = tokenIn(mail!);
    expect(token).toMatch(/^rst_eml_/);
    expect(mail!.text).toContain(`${PUBLIC_BASE_URL}/admin/confirm-email#token=${token}`);
    expect(mail!.text).toContain('old@example.com');
    expect((await reload(user.id)).email).toBe('old@example.com');

    const confirmed = await confirmEmailChange(host(), token);
    expect(confirmed).toMatchObject({ email: 'New.Person@Example.com', emailKey: 'new.person@example.com' });
    expect(await reload(user.id)).toMatchObject({ email: 'New.Person@Example.com', emailKey: 'new.person@example.com' });

    const events = await app.orm.em.fork().find(ProvisioningEvent, { resourceId: user.id }, { orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => [e.action, e.actorType, e.actorName])).toEqual([
      ['user.email_change_requested', 'operator', 'test'],
      ['user.email_confirmed', 'system', 'email link'],
    ]);
    expect(events[1]!.detail).toEqual({ from: 'old@example.com', to: 'New.Person@Example.com' });
    expect(JSON.stringify(events.map((e) => e.detail))).not.toContain('rst_');

    await expect(confirmEmailChange(host(), token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(acceptInvitation(host(), token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('sends one mail when the same change arrives twice, whatever the case', async () => {
    const user = await createUser(app, acme.accountId, 'same@example.com');
    expect(await requestChange(user.id, 'moved@example.com')).toBe('pending');
    expect(await requestChange(user.id, 'MOVED@example.com')).toBe('already_pending');
    expect(await deliver()).toBe(1);
    expect(await requestChange(user.id, 'moved@example.com')).toBe('already_pending');
    expect(await deliver()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(await changeRows(user.id)).toHaveLength(1);
  });

  it('cancels a pending change when the address changes back, so its link stops working', async () => {
    const user = await createUser(app, acme.accountId, 'Back@example.com');
    await requestChange(user.id, 'away@example.com');
    await deliver();
    const token = tokenIn(smtp.mails[0]!);
    expect(await requestChange(user.id, 'back@EXAMPLE.com')).toBe('unchanged');
    await expect(confirmEmailChange(host(), token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await reload(user.id)).email).toBe('Back@example.com');
    expect((await changeRows(user.id)).every((r) => r.consumed_at !== null)).toBe(true);
    const cancelled = await app.orm.em.fork().count(ProvisioningEvent, { resourceId: user.id, action: 'user.email_change_cancelled' });
    expect(cancelled).toBe(1);
  });

  it('never sends a change cancelled before delivery', async () => {
    const user = await createUser(app, acme.accountId, 'stay@example.com');
    await requestChange(user.id, 'leave@example.com');
    expect(await requestChange(user.id, 'stay@example.com')).toBe('unchanged');
    expect(await deliver()).toBe(0);
    expect(smtp.mails).toEqual([]);
  });

  it('answers unchanged and records nothing when the address is already in effect', async () => {
    const user = await createUser(app, acme.accountId, 'quiet@example.com');
    expect(await requestChange(user.id, 'QUIET@example.com')).toBe('unchanged');
    expect(await changeRows(user.id)).toEqual([]);
    expect(await app.orm.em.fork().count(ProvisioningEvent, { resourceId: user.id })).toBe(0);
  });

  it('replaces an older pending change with a newer one: only the newest is mailed and confirmable', async () => {
    const user = await createUser(app, acme.accountId, 'first@example.com');
    await requestChange(user.id, 'second@example.com');
    await deliver();
    const older = tokenIn(smtp.mails[0]!);
    expect(await requestChange(user.id, 'third@example.com')).toBe('pending');
    await deliver();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['second@example.com', 'third@example.com']);
    await expect(confirmEmailChange(host(), older)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await confirmEmailChange(host(), tokenIn(smtp.mails[1]!));
    expect((await reload(user.id)).email).toBe('third@example.com');
  });

  it('mails again when the same change is sent after its link expired', async () => {
    const user = await createUser(app, acme.accountId, 'slow@example.com');
    await requestChange(user.id, 'later@example.com');
    await deliver();
    const token = tokenIn(smtp.mails[0]!);
    await app.orm.em.fork().getConnection().execute(`update email_outbox set expires_at = now() - interval '1 second' where user_id = ?`, [user.id]);
    await expect(confirmEmailChange(host(), token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(await requestChange(user.id, 'later@example.com')).toBe('pending');
    expect(await deliver()).toBe(1);
    await confirmEmailChange(host(), tokenIn(smtp.mails[1]!));
    expect((await reload(user.id)).email).toBe('later@example.com');
  });

  it('gives a change link a lifetime of 24 hours', async () => {
    const user = await createUser(app, acme.accountId, 'day@example.com');
    await requestChange(user.id, 'night@example.com');
    await deliver();
    const [row] = (await app.orm.em
      .fork()
      .getConnection()
      .execute(`select extract(epoch from expires_at - sent_at) as seconds from email_outbox where user_id = ?`, [user.id])) as { seconds: string }[];
    expect(Number(row!.seconds)).toBe(24 * 60 * 60);
  });

  it('refuses an address that is not one', async () => {
    const user = await createUser(app, acme.accountId, 'valid@example.com');
    await expect(requestChange(user.id, 'not an address')).rejects.toMatchObject({ kind: 'invalid_input', code: 'INVALID_EMAIL' });
  });

  it('asks a user without an effective email to confirm the first one too', async () => {
    const user = await createUser(app, acme.accountId, null, 'nobody');
    expect(await requestChange(user.id, 'somebody@example.com')).toBe('pending');
    await deliver();
    await confirmEmailChange(host(), tokenIn(smtp.mails[0]!));
    expect((await reload(user.id)).emailKey).toBe('somebody@example.com');
  });

  it('mails once when two requests for the same change arrive at the same moment', async () => {
    const user = await createUser(app, acme.accountId, 'race@example.com');
    const results = await Promise.all([requestChange(user.id, 'raced@example.com'), requestChange(user.id, 'raced@example.com')]);
    expect(results.sort()).toEqual(['already_pending', 'pending']);
    expect(await deliver()).toBe(1);
  });
});
