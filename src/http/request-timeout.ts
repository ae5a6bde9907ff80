import type { ErrorRequestHandler, RequestHandler } from 'express';

/** A request not answered in time; the transport answers 503 with `Retry-After`. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The request was not answered within ${Math.round(timeoutMs / 1000)} s; retry shortly`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * Answers through the transport's own error handler when a request runs longer than `timeoutMs`, so an IdP
 * (which gives up after 60 s) gets a 503 to retry instead of a dropped connection. The handler still running
 * finds the reply sent and is ignored; its transaction ends as it ends.
 */
export function requestTimeout(timeoutMs: number, answer: ErrorRequestHandler): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) answer(new RequestTimeoutError(timeoutMs), req, res, () => undefined);
    }, timeoutMs);
    timer.unref();
    res.once('finish', () => clearTimeout(timer));
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
