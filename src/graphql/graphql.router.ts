import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { Authenticator } from '../auth/bearer-strategies';
import type { Logger } from 'pino';
import { API_STRATEGY } from '../auth/bearer-strategies';
import type { Orm } from '../db/orm';
import { DomainError } from '../domain/errors';
import { authenticate, markTokenUsed } from '../http/authenticate';
import { rateLimit, RateLimitedError, type RateLimiter } from '../http/rate-limit';
import { requestTimeout, RequestTimeoutError } from '../http/request-timeout';
import { wellFormedBody } from '../http/well-formed-body';
import { clientAddress, enforceIpAllowlist } from '../http/ip-allowlist';
import type { GqlContext } from './context';
import { formatError } from './format-error';
import { createLoaders } from './loaders';
import { queryLimitsPlugin } from './query-limits';
import { buildGraphqlSchema } from './schema';

export interface GraphqlDeps {
  orm: Orm;
  logger: Logger;
  passport: Authenticator;
  /** Told when a mutation committed mail to the outbox, so it goes out now rather than at the next poll. */
  email?: { kick(): void };
  rateLimiter?: RateLimiter | null;
  requestTimeoutMs?: number;
}

export interface GraphqlMount {
  router: Router;
  stop(): Promise<void>;
}

/** `/graphql`: an API token, then Apollo over the type-graphql schema. */
export async function graphqlRouter(deps: GraphqlDeps): Promise<GraphqlMount> {
  const schema = await buildGraphqlSchema();
  const apollo = new ApolloServer<GqlContext>({
    schema,
    plugins: [queryLimitsPlugin(schema)],
    formatError: formatError(deps.logger),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown: stop accepting, drain, then stop Apollo, the ORM and the database in order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const router = Router();
  router.use(requestTimeout(deps.requestTimeoutMs ?? 30_000, graphqlHttpErrors(deps.logger)));
  router.use(authenticate(deps.passport, API_STRATEGY, deps.orm));
  router.use(enforceIpAllowlist(deps.orm, 'graphql', deps.logger));
  router.use(markTokenUsed(deps.orm));
  router.use(rateLimit(deps.rateLimiter ?? null));
  router.use(express.json({ limit: '1mb' }));
  router.use(wellFormedBody);
  router.use(
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        app: req.ctx!,
        principal: req.principal!,
        requestId: req.id,
        loaders: createLoaders(req.ctx!),
        mailQueued: () => deps.email?.kick(),
        requestAddress: clientAddress(req),
      }),
    }),
  );
  router.use(graphqlHttpErrors(deps.logger));
  return { router, stop: () => apollo.stop() };
}

/** Failures before Apollo runs (auth, body) still answer in GraphQL's error shape with a code. */
function graphqlHttpErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return; // answered already (a request timeout); the late failure is moot
    if (error instanceof RateLimitedError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(429).json({ errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: error.retryAfterSeconds } }] });
      return;
    }
    if (error instanceof RequestTimeoutError) {
      res.setHeader('Retry-After', '5');
      res.status(503).json({ errors: [{ message: error.message, extensions: { code: 'UNAVAILABLE' } }] });
      return;
    }
    if (error instanceof DomainError && error.kind === 'unauthenticated') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="Roster API"');
      res.status(401).json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    if (error instanceof DomainError) {
      const status = error.kind === 'forbidden' ? 403 : error.kind === 'unavailable' ? 503 : 400;
      if (error.kind === 'unavailable') res.setHeader('Retry-After', '5');
      res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
      return;
    }
    const e = error as { status?: number; type?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ errors: [{ message: e.type === 'entity.too.large' ? 'Request body too large' : 'Malformed request body', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err: error, reqId: req.id }, 'unhandled error on /graphql');
    res.status(500).json({ errors: [{ message: `Internal server error (request id ${req.id})`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
