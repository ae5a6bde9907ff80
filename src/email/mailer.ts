import { createTransport } from 'nodemailer';
import type { Config } from '../config/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects on any refusal or connection failure. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  /** Where mail goes, without credentials, for logs. */
  readonly description: string;
}

/** A pooled SMTP mailer for `SMTP_URL`, or null when it is unset (mail then waits in the outbox). */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = createTransport(
    {
      url: config.smtpUrl,
      pool: true,
      maxConnections: 2,
      // Nodemailer waits minutes by default; a delivery pass holds a row lock while it sends.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: config.smtpFrom },
  );
  return {
    description: describeSmtpUrl(config.smtpUrl),
    async send(mail) {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close() {
      transport.close();
    },
  };
}

export function describeSmtpUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return 'SMTP_URL';
  }
}
