import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { createPassport } from './auth/bearer-strategies';
import type { Config } from './config/config';
import { isDatabaseReachable, type Orm } from './db/orm';
import { graphqlRouter } from './graphql/graphql.router';
import { accessLog } from './http/access-log';
import { adminConsole } from './http/admin-console';
import { createRateLimiter } from './http/rate-limit';
import { requestId } from './http/request-id';
import { scimRouter } from './scim/http/scim.router';

export interface AppDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  /** Told when a request committed mail to the outbox, so it goes out now rather than at the next poll. */
  email?: { kick(): void };
}

export interface BuiltApp {
  app: Express;
  /** Stops what the app itself started (Apollo); the ORM belongs to the caller. */
  close(): Promise<void>;
}

/** The express app with SCIM and GraphQL mounted; it never listens, so tests drive it with supertest. */
export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const app = express();
  app.disable('x-powered-by');
  // SCIM ETags are resource versions (RFC 7644 §3.14), never hashes of a body.
  app.set('etag', false);
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestId);
  app.use(accessLog(deps.logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await isDatabaseReachable(deps.orm);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unreachable' });
  });

  const passport = createPassport(deps.orm);
  const rateLimiter = deps.config.rateLimit.enabled ? createRateLimiter(deps.orm, deps.config.rateLimit) : null;
  app.use('/scim/v2/accounts/:accountId', scimRouter({ ...deps, passport, bodyLimit: deps.config.scimMaxBodyBytes, rateLimiter }));
  const graphql = await graphqlRouter({ ...deps, passport, rateLimiter, requestTimeoutMs: deps.config.requestTimeoutMs });
  app.use('/graphql', graphql.router);
  app.use('/admin', adminConsole());

  app.use((req, res) => {
    res.status(404).json({ error: `Nothing at ${req.method} ${req.path}` });
  });
  return {
    app,
    close: async () => {
      await graphql.stop();
      await rateLimiter?.close();
    },
  };
}
