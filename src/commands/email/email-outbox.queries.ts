import { EmailOutbox, type EmailKind } from '../../domain/email/email-outbox.entity';
import { isUuid } from '../../domain/ids';
import type { Ctx } from '../context';
import type { SqlCondition } from '../paging/keyset-page';
import { listNewestFirst, type NewestFirstPage, type PageArgs } from '../paging/newest-first';

export interface PendingEmailFilter {
  kind?: EmailKind | null;
  userId?: string | null;
}

/**
 * Mails that still do something, newest first: not yet sent (including ones failing delivery, with their last
 * error), or sent with a link that has not been used, superseded or expired. Token digests are never read.
 */
export function listPendingEmails(ctx: Pick<Ctx, 'em' | 'accountId' | 'clock'>, filter: PendingEmailFilter, page: PageArgs): Promise<NewestFirstPage<EmailOutbox>> {
  const where: SqlCondition[] = [{ sql: 'm.consumed_at is null and (m.sent_at is null or m.expires_at > ?)', params: [ctx.clock.now()] }];
  if (filter.kind != null) where.push({ sql: 'm.kind = ?', params: [filter.kind] });
  if (filter.userId != null) where.push(isUuid(filter.userId) ? { sql: 'm.user_id = ?::uuid', params: [filter.userId] } : { sql: 'false', params: [] });
  return listNewestFirst(ctx.em, { entity: EmailOutbox, table: 'email_outbox', alias: 'm', timeColumn: 'created_at', accountId: ctx.accountId, where, page });
}
