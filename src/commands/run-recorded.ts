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

const RECORDED = Symbol('roster.failureRecorded');

/** Whether a command already wrote the audit row of this failure, so an outer layer does not write a second. */
export function failureRecorded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RECORDED in error;
}

/**
 * Writes a failed change's audit row in a transaction of its own (the change itself rolled back). Used by
 * commands and by the SCIM layer for requests refused before a command ran (a malformed body or PATCH).
 */
export async function recordFailure(ctx: Ctx, failure: FailureRecord, error: { code: string; message: string }): Promise<void> {
  await inTransaction(ctx, async (em) => {
    recordEvent(em, ctx, failure.action, {
      resourceType: failure.resourceType,
      resourceId: failure.resourceId ?? null,
      outcome: EventOutcome.FAILURE,
      detail: { code: error.code, message: error.message },
    });
  }).catch(() => undefined);
}

/** One command's transaction, plus an audit row when it fails. */
export async function runRecorded<T>(ctx: Ctx, failure: FailureRecord, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(ctx, work);
  } catch (error) {
    if (error instanceof DomainError && error.kind !== 'unavailable') {
      await recordFailure(ctx, failure, error);
      Object.defineProperty(error, RECORDED, { value: true });
    }
    throw error;
  }
}
