import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { translateDriverError } from '../../db/unit-of-work';
import { DomainError, type ErrorKind } from '../../domain/errors';
import { RateLimitedError } from '../../http/rate-limit';
import { RequestTimeoutError } from '../../http/request-timeout';
import { ScimProtocolError, scimErrorBody, type ScimType } from '../protocol/scim-error';
import { SCIM_MEDIA_TYPE } from '../protocol/urns';

/** The one mapping of domain errors to SCIM replies (RFC 7644 §3.12). */
const BY_KIND: Record<ErrorKind, { status: number; scimType?: ScimType }> = {
  not_found: { status: 404 },
  conflict: { status: 409, scimType: 'uniqueness' },
  invalid_input: { status: 400, scimType: 'invalidValue' },
  immutable: { status: 400, scimType: 'mutability' },
  stale_version: { status: 412 },
  forbidden: { status: 403 },
  unauthenticated: { status: 401 },
  unavailable: { status: 503 },
};

/** Codes whose SCIM meaning is more specific than their kind's. */
const BY_CODE: Record<string, { status: number; scimType?: ScimType }> = {
  INVALID_CURSOR: { status: 400, scimType: 'invalidCursor' },
};

interface HttpError {
  status?: number;
  type?: string;
  expose?: boolean;
}

export function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    if (res.headersSent) return; // answered already (a request timeout); the late failure is moot
    // Reads run outside a command's transaction: a lost database reaches here untranslated.
    const error = translateDriverError(thrown);
    let status: number;
    let scimType: ScimType | undefined;
    let detail: string;
    if (error instanceof RateLimitedError) {
      status = 429;
      detail = error.message;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    } else if (error instanceof RequestTimeoutError) {
      status = 503;
      detail = error.message;
      res.setHeader('Retry-After', '5');
    } else if (error instanceof ScimProtocolError) {
      ({ status, scimType } = error);
      detail = error.message;
    } else if (error instanceof DomainError) {
      ({ status, scimType } = BY_CODE[error.code] ?? BY_KIND[error.kind]);
      detail = error.message;
      if (error.kind === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer realm="Roster SCIM"');
      if (error.kind === 'unavailable') res.setHeader('Retry-After', '5');
    } else if (isBodyParserError(error)) {
      status = error.status ?? 400;
      scimType = error.type === 'entity.parse.failed' ? 'invalidSyntax' : undefined;
      detail =
        error.type === 'entity.too.large'
          ? 'The request body is larger than this server accepts'
          : error.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : 'The request body could not be read';
    } else {
      status = 500;
      detail = `Internal error; quote request id ${req.id} when reporting it`;
      logger.error({ err: error, reqId: req.id }, 'unhandled error on a SCIM route');
    }
    res.status(status).type(SCIM_MEDIA_TYPE).send(JSON.stringify(scimErrorBody(status, detail, scimType)));
  };
}

function isBodyParserError(error: unknown): error is HttpError {
  const e = error as HttpError;
  return typeof e === 'object' && e !== null && typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

export const scimNotFound: RequestHandler = (req, _res, next) => {
  next(new ScimProtocolError(404, undefined, `No SCIM endpoint at ${req.method} ${req.path}`));
};
