import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';
import { systemClock, type Ctx } from '../../src/commands/context';
import { inTransaction } from '../../src/db/unit-of-work';
import { Account } from '../../src/domain/account/account.entity';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { emailKey, userNameKey } from '../../src/domain/user/user-name';
import { ManagedBy, User } from '../../src/domain/user/user.entity';
import { createLogger } from '../../src/http/logger';
import type { TestApp } from './test-app';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** When set, RCPT TO is answered with 550 for every recipient. */
  refuse: boolean;
  /** Milliseconds to hold each message before accepting it, to make concurrent senders overlap. */
  delayMs: number;
  close(): Promise<void>;
}

/** A loopback SMTP server (127.0.0.1 only, no TLS, no auth) that keeps what it receives, parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = { mails: [] as ReceivedMail[], refuse: false, delayMs: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (sink.refuse) callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
          sink.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export const OPERATOR_CTX = (accountId: string): Omit<Ctx, 'em'> => ({
  accountId,
  actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null },
  requestId: null,
  clock: systemClock,
});

/** A SCIM-managed user written straight through the ORM, with its effective email set. */
export async function createUser(app: TestApp, accountId: string, email: string | null, userName = email ?? `user-${Math.random()}`): Promise<User> {
  return inTransaction({ em: app.orm.em }, async (em) => {
    const user = em.create(User, {
      account: em.getReference(Account, accountId),
      userName,
      userNameKey: userNameKey(userName),
      email,
      emailKey: email === null ? null : emailKey(email),
      managedBy: ManagedBy.SCIM,
    });
    em.persist(user);
    return user;
  });
}

/** A logger whose lines are kept, to check that no token ever reaches a log. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

export function tokenIn(mail: ReceivedMail): string {
  const match = /#token=(rst_[a-z]+_[0-9a-f]{16}_[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no token link in mail: ${mail.text}`);
  return match[1]!;
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
