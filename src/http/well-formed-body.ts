import type { RequestHandler } from 'express';
import { InvalidInputError } from '../domain/errors';

/** A lone surrogate has no UTF-8 form (RFC 8259 §8.1); PostgreSQL text and jsonb cannot hold U+0000. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses a JSON body or query string holding a string no database column can keep (a NUL character, a lone
 * surrogate such as `"\ud800"`): PostgreSQL would fail on it deep inside a command (a 500), or it would be
 * stored altered. Walks iteratively, so a deeply nested body cannot exhaust the stack.
 */
export const wellFormedBody: RequestHandler = (req, _res, next) => {
  const pending: unknown[] = [req.body, req.query];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return next(unstorable());
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (UNSTORABLE.test(key)) return next(unstorable());
        pending.push(item);
      }
    }
  }
  next();
};

function unstorable(): InvalidInputError {
  return new InvalidInputError('UNSTORABLE_TEXT', 'The request holds a string with a NUL character or a lone surrogate, which cannot be stored');
}
