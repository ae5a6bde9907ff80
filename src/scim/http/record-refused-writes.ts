import type { ErrorRequestHandler, Request } from 'express';
import { failureRecorded, recordFailure, type FailureRecord } from '../../commands/run-recorded';
import { DomainError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { ScimProtocolError } from '../protocol/scim-error';

const ACTIONS: Record<string, Record<string, string>> = {
  Users: { POST: 'user.created', PUT: 'user.replaced', PATCH: 'user.replaced', DELETE: 'user.deleted' },
  Groups: { POST: 'group.created', PUT: 'group.updated', PATCH: 'group.updated', DELETE: 'group.deleted' },
};

/** The audit record a SCIM write would have had, or null for reads, searches and unknown endpoints. */
function writeOf(req: Request): FailureRecord | null {
  const match = /^\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(req.path);
  if (!match) return null;
  const [, collection, id] = match as unknown as [string, 'Users' | 'Groups', string | undefined];
  if ((req.method === 'POST') !== (id === undefined)) return null;
  const action = ACTIONS[collection]![req.method];
  if (!action) return null;
  return { action, resourceType: collection === 'Users' ? 'User' : 'Group', resourceId: id && isUuid(id) ? id : null };
}

/** The SCIM-level reasons a write is refused; throttling, auth and outages are not write failures. */
function codeOf(error: unknown): string | null {
  if (error instanceof ScimProtocolError) return error.status >= 400 && error.status < 500 ? (error.scimType ?? `status_${error.status}`) : null;
  if (error instanceof DomainError) return ['unavailable', 'unauthenticated', 'forbidden'].includes(error.kind) ? null : error.code;
  const parse = error as { type?: unknown; status?: unknown };
  return typeof parse?.type === 'string' && parse.type.startsWith('entity.') && parse.status === 400 ? 'invalidSyntax' : null;
}

/**
 * A write refused before or outside a command (malformed JSON, a PATCH that cannot apply, a bad If-Match)
 * never reached runRecorded; its failure is recorded here, so the provisioning log shows every failed IdP task.
 */
export const recordRefusedWrites: ErrorRequestHandler = (error: unknown, req, _res, next) => {
  const failure = writeOf(req);
  const code = failure && req.ctx && !failureRecorded(error) ? codeOf(error) : null;
  if (!failure || !req.ctx || code === null) return next(error);
  // A parser's message can quote the body; the log keeps none of it.
  const message = error instanceof ScimProtocolError || error instanceof DomainError ? error.message : 'The request body could not be parsed';
  recordFailure(req.ctx, failure, { code, message }).then(() => next(error), () => next(error));
};
