import { inTransaction } from '../db/unit-of-work';
import { DomainError } from '../domain/errors';
import { EventOutcome } from '../domain/provisioning/provisioning-event.entity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from './context';
import { recordEvent } from './record-event';

export interface FailureRecord {
  action: string;
  resourceType: string;
  resourceId?: string | null;
}

/**
 * One command's transaction, plus an audit row when it fails: the failed change rolls back, so its
 * failure is written afterwards in a transaction of its own.
 */
export async function runRecorded<T>(ctx: Ctx, failure: FailureRecord, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(ctx, work);
  } catch (error) {
    if (error instanceof DomainError && error.kind !== 'unavailable') {
      await inTransaction(ctx, async (em) => {
        recordEvent(em, ctx, failure.action, {
          resourceType: failure.resourceType,
          resourceId: failure.resourceId ?? null,
          outcome: EventOutcome.FAILURE,
          detail: { code: error.code, message: error.message },
        });
      }).catch(() => undefined);
    }
    throw error;
  }
}
