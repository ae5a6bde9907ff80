import { InvalidInputError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { ProvisioningEvent, type EventOutcome } from '../domain/provisioning/provisioning-event.entity';
import type { Ctx } from './context';
import type { SqlCondition } from './paging/keyset-page';
import { listNewestFirst, type NewestFirstPage, type PageArgs } from './paging/newest-first';

export interface ProvisioningEventFilter {
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive, so consecutive ranges never count an event twice. */
  to?: Date | null;
  /** The token (or other actor) id. */
  actorId?: string | null;
  actorName?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  action?: string | null;
  outcome?: EventOutcome | null;
}

const NOTHING: SqlCondition = { sql: 'false', params: [] };

function conditions(filter: ProvisioningEventFilter): SqlCondition[] {
  if (filter.from && filter.to && filter.from > filter.to)
    throw new InvalidInputError('BAD_USER_INPUT', '`from` must not be later than `to`', { field: 'to' });
  const where: SqlCondition[] = [];
  const eq = (column: string, value: unknown) => where.push({ sql: `e.${column} = ?`, params: [value] });
  // An id that is not a UUID names no row: it matches nothing rather than failing.
  const eqId = (column: string, value: string) => where.push(isUuid(value) ? { sql: `e.${column} = ?::uuid`, params: [value] } : NOTHING);
  if (filter.from) where.push({ sql: 'e.occurred_at >= ?', params: [filter.from] });
  if (filter.to) where.push({ sql: 'e.occurred_at < ?', params: [filter.to] });
  if (filter.actorId != null) eqId('actor_id', filter.actorId);
  if (filter.actorName != null) eq('actor_name', filter.actorName);
  if (filter.resourceType != null) eq('resource_type', filter.resourceType);
  if (filter.resourceId != null) eqId('resource_id', filter.resourceId);
  if (filter.action != null) eq('action', filter.action);
  if (filter.outcome != null) eq('outcome', filter.outcome);
  return where;
}

/** The audit trail, newest first, by keyset on the (account, occurred_at, id) index. */
export function listProvisioningEvents(
  ctx: Pick<Ctx, 'em' | 'accountId'>,
  filter: ProvisioningEventFilter,
  page: PageArgs,
): Promise<NewestFirstPage<ProvisioningEvent>> {
  return listNewestFirst(ctx.em, {
    entity: ProvisioningEvent,
    table: 'provisioning_event',
    alias: 'e',
    timeColumn: 'occurred_at',
    accountId: ctx.accountId,
    where: conditions(filter),
    page,
  });
}
