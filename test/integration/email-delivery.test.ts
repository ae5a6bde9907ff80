import { ConfigError, loadConfig } from '../../src/config/config';
import { systemClock } from '../../src/commands/context';
import { acceptInvitation } from '../../src/commands/email/accept-invitation';
import { enqueueInvitation } from '../../src/commands/email/enqueue-invitation';
import { freePort } from '../../src/db/embedded-postgres';
import { inTransaction } from '../../src/db/unit-of-work';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/email/email-policy';
import { User } from '../../src/domain/user/user.entity';
import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { startEmailDelivery } from '../../src/email/email-delivery';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { capturingLogger, createUser, OPERATOR_CTX, startSmtpSink, tokenIn, waitFor, type SmtpSink } from '../support/email-test-kit';
import { createTestAccount, PUBLIC_BASE_URL, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let acme: TestAccount;
let mailer: Mailer;
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url });
  acme = await createTestAccount(app);
  mailer = createMailer(app.config)!;
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});
beforeEach(async () => {
  smtp.mails.length = 0;
  smtp.refuse = false;
  smtp.delayMs = 0;
  // Each test starts with an empty outbox: what an earlier test left pending is not its business.
  await app.orm.em.fork().getConnection().execute(`update email_outbox set consumed_at = now() where consumed_at is null`);
});

const deliver = (with_: Mailer = mailer, limit = 50) => deliverPendingEmails(app.orm, with_, app.config, log.logger, limit);

async function invited(email: string): Promise<User> {
  const user = await createUser(app, acme.accountId, email);
  await inTransaction({ em: app.orm.em }, async (em) => {
    enqueueInvitation(em, OPERATOR_CTX(acme.accountId), await em.findOneOrFail(User, user.id));
  });
  return user;
}

interface Row {
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  next_attempt_at: string | null;
  token_lookup: string | null;
  token_hash: Buffer | null;
}

async function row(userId: string): Promise<Row> {
  const rows = (await app.orm.em.fork().getConnection().execute(`select * from email_outbox where user_id = ?`, [userId])) as Row[];
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const sql = (query: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(query, params);

describe('email delivery', () => {
  it('counts a refused send, keeps the mail pending without a token, and retries it after the backoff', async () => {
    const user = await invited('refused@example.com');
    smtp.refuse = true;
    expect(await deliver()).toBe(0);
    const failed = await row(user.id);
    expect(failed).toMatchObject({ attempts: 1, sent_at: null, token_lookup: null, token_hash: null });
    expect(failed.last_error).toMatch(/550/);
    expect(Date.parse(failed.next_attempt_at!)).toBeGreaterThan(Date.now() + 20_000);

    smtp.refuse = false;
    expect(await deliver()).toBe(0); // not before its next attempt time
    expect((await row(user.id)).attempts).toBe(1);

    await sql(`update email_outbox set next_attempt_at = now() - interval '1 second' where user_id = ?`, [user.id]);
    expect(await deliver()).toBe(1);
    expect(await row(user.id)).toMatchObject({ attempts: 1, last_error: null, next_attempt_at: null });
    expect((await row(user.id)).sent_at).not.toBeNull();
    await acceptInvitation({ em: app.orm.em.fork(), clock: systemClock, requestId: null }, tokenIn(smtp.mails[0]!));
  });

  it('backs off further with each failure', async () => {
    const user = await invited('backoff@example.com');
    smtp.refuse = true;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sql(`update email_outbox set next_attempt_at = null where user_id = ?`, [user.id]);
      const before = Date.now();
      await deliver();
      delays.push(Date.parse((await row(user.id)).next_attempt_at!) - before);
    }
    expect((await row(user.id)).attempts).toBe(3);
    expect(delays[1]!).toBeGreaterThan(delays[0]! * 1.5);
    expect(delays[2]!).toBeGreaterThan(delays[1]! * 1.5);
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts, leaving the mail and its last error for an admin`, async () => {
    const user = await invited('hopeless@example.com');
    await sql(`update email_outbox set attempts = ?, last_error = '550 no such user' where user_id = ?`, [MAX_DELIVERY_ATTEMPTS, user.id]);
    expect(await deliver()).toBe(0);
    expect(await row(user.id)).toMatchObject({ attempts: MAX_DELIVERY_ATTEMPTS, last_error: '550 no such user', sent_at: null });
    expect(smtp.mails).toEqual([]);
  });

  it('counts an attempt when nothing listens on the SMTP port', async () => {
    const user = await invited('closed@example.com');
    const closed = createMailer({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, smtpFrom: app.config.smtpFrom })!;
    try {
      expect(await deliver(closed)).toBe(0);
    } finally {
      closed.close();
    }
    const failed = await row(user.id);
    expect(failed).toMatchObject({ attempts: 1, sent_at: null });
    expect(failed.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
  });

  it('sends each of 20 mails exactly once when two deliverers run at once', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => invited(`crowd${i}@example.com`)));
    smtp.delayMs = 15;
    const second = createMailer(app.config)!;
    try {
      const [a, b] = await Promise.all([deliver(mailer), deliver(second)]);
      expect(a + b).toBe(20);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      second.close();
    }
    const recipients = smtp.mails.flatMap((m) => m.to).sort();
    expect(recipients).toEqual(users.map((u) => u.email!).sort());
    const [counts] = (await sql(`select count(*)::int as sent from email_outbox where user_id in (?) and sent_at is not null`, [users.map((u) => u.id)])) as { sent: number }[];
    expect(counts!.sent).toBe(20);
  });

  it('respects the limit of one pass', async () => {
    await Promise.all([invited('one@example.com'), invited('two@example.com'), invited('three@example.com')]);
    expect(await deliver(mailer, 2)).toBe(2);
    expect(await deliver(mailer, 2)).toBe(1);
  });

  it('delivers in the background on kick() and stops cleanly', async () => {
    const delivery = startEmailDelivery({ orm: app.orm, config: app.config, logger: log.logger, pollIntervalMs: 60_000 });
    try {
      await waitFor(() => true);
      const user = await invited('kicked@example.com');
      delivery.kick();
      await waitFor(() => smtp.mails.some((m) => m.to.includes('kicked@example.com')));
      // The SMTP server has the mail before the deliverer's transaction commits sent_at: wait for the commit.
      const until = Date.now() + 5_000;
      while ((await row(user.id)).sent_at === null && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect((await row(user.id)).sent_at).not.toBeNull();
    } finally {
      await delivery.stop();
    }
  });

  it('polls without a kick', async () => {
    const delivery = startEmailDelivery({ orm: app.orm, config: app.config, logger: log.logger, pollIntervalMs: 50 });
    try {
      await new Promise((r) => setTimeout(r, 100));
      await invited('polled@example.com');
      await waitFor(() => smtp.mails.some((m) => m.to.includes('polled@example.com')));
    } finally {
      await delivery.stop();
    }
  });

  it('leaves mail pending, without errors, when SMTP_URL is unset', async () => {
    const config = loadConfig({ PUBLIC_BASE_URL });
    expect(config.smtpUrl).toBeUndefined();
    const quiet = capturingLogger();
    const delivery = startEmailDelivery({ orm: app.orm, config, logger: quiet.logger, pollIntervalMs: 20 });
    const user = await invited('unsent@example.com');
    delivery.kick();
    await new Promise((r) => setTimeout(r, 150));
    await delivery.stop();
    expect(await row(user.id)).toMatchObject({ sent_at: null, attempts: 0, last_error: null, token_lookup: null });
    expect(smtp.mails).toEqual([]);
    expect(quiet.lines.join('\n')).toContain('SMTP_URL is unset');
    expect(quiet.lines.some((l) => /"level":(40|50|60)/.test(l))).toBe(false);
  });

  it('never writes a token or the SMTP password to the log', async () => {
    await invited('logged@example.com');
    await deliver();
    const token = tokenIn(smtp.mails[0]!);
    const lines = log.lines.join('\n');
    expect(lines).not.toContain(token.split('_').slice(3).join('_'));
    expect(lines).toContain('"email sent"');
    expect(createMailer({ smtpUrl: 'smtps://user:s3cret@mail.example.com:465', smtpFrom: 'x@example.com' })!.description).toBe('smtps://mail.example.com:465');
  });
});

describe('email settings', () => {
  it('reads SMTP_URL, SMTP_FROM and the link pages, with defaults under PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://roster.example.com/' })).toMatchObject({
      smtpUrl: undefined,
      smtpFrom: 'Roster <no-reply@localhost>',
      invitationUrlBase: 'https://roster.example.com/admin/accept',
      emailConfirmationUrlBase: 'https://roster.example.com/admin/confirm-email',
    });
    expect(
      loadConfig({
        SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
        SMTP_FROM: 'Acme <people@acme.example>',
        INVITATION_URL_BASE: 'https://app.example.com/join',
        EMAIL_CONFIRMATION_URL_BASE: 'https://app.example.com/confirm',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://user:pass@smtp.example.com:465',
      smtpFrom: 'Acme <people@acme.example>',
      invitationUrlBase: 'https://app.example.com/join',
      emailConfirmationUrlBase: 'https://app.example.com/confirm',
    });
  });

  it('refuses a non-SMTP URL and a link page with a fragment, naming each variable', () => {
    let problems: string[] = [];
    try {
      loadConfig({ SMTP_URL: 'http://mail.example.com', INVITATION_URL_BASE: 'https://app.example.com/#/accept', EMAIL_CONFIRMATION_URL_BASE: 'ftp://x' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/),
        expect.stringMatching(/^INVITATION_URL_BASE: must not contain a #fragment/),
        expect.stringMatching(/^EMAIL_CONFIRMATION_URL_BASE: must be an http/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});
