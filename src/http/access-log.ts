import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One line per request for operators: id, account, actor, method, path, status, duration. The query string
 * and bodies are left out on purpose (filters carry personal data; a misused `access_token` would be a secret).
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      logger.info(
        {
          reqId: req.id,
          account: req.principal?.account.id ?? null,
          actor: req.principal?.actor.name ?? null,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        },
        'request',
      );
    });
    next();
  };
}
