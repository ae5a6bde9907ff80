import type { EntityManager } from '@mikro-orm/postgresql';
import { EventOutcome, ProvisioningEvent } from '../domain/provisioning/provisioning-event.entity';
import type { Ctx } from './context';

export interface EventInput {
  resourceType?: string;
  resourceId?: string | null;
  outcome?: EventOutcome;
  manual?: boolean;
  detail?: Record<string, unknown>;
}

/** Adds the audit row to the command's unit of work, so it commits or rolls back with the change it records. */
export function recordEvent(em: EntityManager, ctx: Omit<Ctx, 'em'>, action: string, input: EventInput = {}): ProvisioningEvent {
  const event = em.create(ProvisioningEvent, {
    account: ctx.accountId,
    occurredAt: ctx.clock.now(),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action,
    resourceType: input.resourceType ?? null,
    resourceId: input.resourceId ?? null,
    outcome: input.outcome ?? EventOutcome.SUCCESS,
    manual: input.manual ?? false,
    requestId: ctx.requestId,
    detail: input.detail ?? null,
  });
  em.persist(event);
  return event;
}
