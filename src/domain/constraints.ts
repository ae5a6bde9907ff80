import type { DomainError } from './errors';

/**
 * Unique constraints by their explicit database name, and the domain error each violation means.
 * Uniqueness is enforced by the database (never check-then-insert); this is how a violation gets its words.
 */
export const constraintErrors: Record<string, () => DomainError> = {};
