import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Honours a caller's `X-Request-Id` when it is a sane token, so one id follows a request across systems. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
};
