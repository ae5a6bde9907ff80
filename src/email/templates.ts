import type { OutgoingMail } from './mailer';

export interface InvitationMailInput {
  to: string;
  accountName: string;
  recipientName: string | null;
  link: string;
  expiresAt: Date;
}

export interface EmailChangeMailInput {
  to: string;
  accountName: string;
  recipientName: string | null;
  previousAddress: string | null;
  link: string;
  expiresAt: Date;
}

export function invitationMail(input: InvitationMailInput): OutgoingMail {
  const greeting = input.recipientName ? `Hello ${input.recipientName},` : 'Hello,';
  const subject = `You're invited to join ${input.accountName}`;
  const intro = `You have been invited to join ${input.accountName}. Accept the invitation to start using your account:`;
  const until = `The link works once and expires on ${formatDate(input.expiresAt)}.`;
  const ignore = 'If you did not expect this invitation, you can ignore this email.';
  return {
    to: input.to,
    subject,
    text: [greeting, '', intro, '', input.link, '', until, ignore, ''].join('\n'),
    html: page(subject, [greeting, intro], 'Accept invitation', input.link, [until, ignore]),
  };
}

export function emailChangeMail(input: EmailChangeMailInput): OutgoingMail {
  const greeting = input.recipientName ? `Hello ${input.recipientName},` : 'Hello,';
  const subject = `Confirm your new email address for ${input.accountName}`;
  const intro =
    `Your identity provider changed your email address in ${input.accountName}` +
    `${input.previousAddress ? ` from ${input.previousAddress}` : ''} to ${input.to}. ` +
    'Confirm that this address is yours; until then you keep signing in with the previous one:';
  const until = `The link works once and expires on ${formatDate(input.expiresAt)}.`;
  const ignore = 'If you did not expect this change, ignore this email and tell your administrator.';
  return {
    to: input.to,
    subject,
    text: [greeting, '', intro, '', input.link, '', until, ignore, ''].join('\n'),
    html: page(subject, [greeting, intro], 'Confirm email address', input.link, [until, ignore]),
  };
}

function page(title: string, before: string[], action: string, link: string, after: string[]): string {
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">',
    paragraphs(before),
    `<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 0.5em 1em; background: #1f5fbf; color: #fff; text-decoration: none; border-radius: 4px">${escapeHtml(action)}</a></p>`,
    `<p style="font-size: 0.9em">Or open this link: ${escapeHtml(link)}</p>`,
    paragraphs(after),
    '</body></html>',
    '',
  ].join('\n');
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
