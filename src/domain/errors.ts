/** The kinds of failure a command can report; each transport maps every kind exactly once. */
export type ErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid_input'
  | 'immutable'
  | 'stale_version'
  | 'forbidden'
  | 'unauthenticated'
  | 'unavailable';

export interface ErrorDetails {
  field?: string;
  [key: string]: unknown;
}

/** A failure of a domain rule. Thrown, never returned, so the surrounding transaction rolls back. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('not_found', code, message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('conflict', code, message, details);
  }
}

export class InvalidInputError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('invalid_input', code, message, details);
  }
}

export class ImmutableError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('immutable', code, message, details);
  }
}

export class StaleVersionError extends DomainError {
  constructor(message = 'The resource was changed by someone else; fetch it again and retry') {
    super('stale_version', 'STALE_VERSION', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('forbidden', code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

export class UnavailableError extends DomainError {
  constructor(message = 'The database is unavailable; retry shortly') {
    super('unavailable', 'UNAVAILABLE', message);
  }
}
