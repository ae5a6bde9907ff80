import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import { translateDriverError } from '../db/unit-of-work';
import { DomainError, type ErrorKind } from '../domain/errors';

/** Kinds without a more specific code of their own. */
const CODE_BY_KIND: Record<ErrorKind, string> = {
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid_input: 'BAD_USER_INPUT',
  immutable: 'IMMUTABLE',
  stale_version: 'STALE_VERSION',
  forbidden: 'FORBIDDEN',
  unauthenticated: 'UNAUTHENTICATED',
  unavailable: 'UNAVAILABLE',
};

/** Codes Apollo, graphql-js and the query limits produce for bad documents; their messages are about the query, safe to show. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX']);

export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Reads run outside a command's transaction: a lost database reaches here untranslated.
    const original = translateDriverError(unwrapResolverError(error));
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      // Every missing thing reads NOT_FOUND, so clients need one check; which thing is in `reason`.
      if (original.kind === 'not_found')
        return { ...base, message: original.message, extensions: { code: CODE_BY_KIND.not_found, reason: original.code, ...safeDetails(original) } };
      const code = original.code === CODE_BY_KIND[original.kind] || /^[A-Z_]+$/.test(original.code) ? original.code : CODE_BY_KIND[original.kind];
      return { ...base, message: original.message, extensions: { code, ...safeDetails(original) } };
    }
    // type-graphql's @Authorized throws these (GraphQLErrors named "GraphQLError", with codes of their own).
    if (original instanceof AuthorizationError) return { ...base, message: 'This operation needs an ADMIN token', extensions: { code: 'FORBIDDEN' } };
    if (original instanceof AuthenticationError) return { ...base, message: 'A valid bearer token is required', extensions: { code: 'UNAUTHENTICATED' } };
    if (original instanceof ArgumentValidationError) return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PASS_THROUGH.has(code)) return { ...base, extensions: { code } };
    logger.error({ err: original }, 'unhandled GraphQL error');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function safeDetails(error: DomainError): Record<string, unknown> {
  const { field, ...rest } = error.details;
  return { ...(field ? { field } : {}), ...rest };
}
