import { OptimisticLockError, type EntityManager } from '@mikro-orm/postgresql';
import { DomainError, InvalidInputError, StaleVersionError, UnavailableError } from '../domain/errors';
import { constraintErrors } from '../domain/constraints';
import { StalePreparedPlanError } from './prepared-statements';

const MAX_ATTEMPTS = 4;
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const CONNECTION_LOST = new Set(['53300', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export interface TransactionHost {
  em: EntityManager;
}

/**
 * Runs `work` in one transaction: commits on success, rolls back on any throw. Serialization failures and
 * deadlocks are retried a bounded number of times; driver errors become DomainErrors here and nowhere else.
 */
export async function inTransaction<T>(host: TransactionHost, work: (em: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await host.em.fork().transactional(work);
    } catch (error) {
      const code = driverCode(error);
      // A stale prepared plan is renamed on the spot, so one more attempt runs with fresh statements.
      if (error instanceof StalePreparedPlanError && attempt < MAX_ATTEMPTS) continue;
      if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
        await sleep(5 * 2 ** attempt + Math.random() * 10);
        continue;
      }
      // Still colliding after every retry: the client may retry later (503 + Retry-After), it did nothing wrong.
      if (code && RETRYABLE.has(code)) throw new UnavailableError('The request kept colliding with concurrent changes; retry shortly');
      throw translateDriverError(error);
    }
  }
}

export function translateDriverError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof OptimisticLockError) return new StaleVersionError();
  const code = driverCode(error);
  if (code === '23505') {
    const constraint = (error as { constraint?: string }).constraint ?? findCause(error)?.constraint;
    const make = constraint ? constraintErrors[constraint] : undefined;
    if (make) return make();
  }
  if (code && CONNECTION_LOST.has(code)) return new UnavailableError();
  // Text PostgreSQL cannot represent (a NUL reached a parameter, e.g. through a filter's \u0000 escape, which breaks
  // the wire message: 08P01): the input's fault, not the server's.
  if (code === '22021' || code === '22P05' || code === '08P01')
    return new InvalidInputError('UNSTORABLE_TEXT', 'The request holds a string with a NUL character or a lone surrogate, which cannot be stored or compared');
  if (isConnectionFailure(error)) return new UnavailableError();
  return error;
}

function findCause(error: unknown): { code?: string; constraint?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const c = current as { code?: unknown; constraint?: string; cause?: unknown; previous?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$|^E[A-Z]+$/.test(c.code)) return c as { code: string; constraint?: string };
    current = c.cause ?? c.previous;
  }
  return undefined;
}

/** The SQLSTATE (or socket error code) behind an error, however the ORM wrapped it. */
export function driverCode(error: unknown): string | undefined {
  return findCause(error)?.code;
}

function isConnectionFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|is not currently accepting connections|ECONNREFUSED|Knex: Timeout acquiring a connection/i.test(message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
