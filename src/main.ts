import 'reflect-metadata';
import { createServer, type RequestListener, type Server } from 'node:http';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config/config';
import { openDatabase } from './db/database';
import { startEmailDelivery } from './email/email-delivery';
import { createLogger } from './http/logger';

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger).catch((error: unknown) => fail(messageOf(error)));
  if (db.migrationsApplied.length) logger.info({ migrations: db.migrationsApplied }, 'applied migrations');

  const email = startEmailDelivery({ orm: db.orm, config, logger });
  const { app, close } = await buildApp({ orm: db.orm, config, logger, email });
  const server = await listen(app, config.port).catch(async (error: NodeJS.ErrnoException) => {
    await close();
    await email.stop();
    await db.close();
    fail(error.code === 'EADDRINUSE' ? `Port ${config.port} is already in use; stop what runs there or set PORT to a free port.` : messageOf(error));
  });

  process.stdout.write(
    `Roster is ready on ${config.publicBaseUrl} (database: ${db.description}). ` +
      `SCIM: ${config.publicBaseUrl}/scim/v2/accounts/<accountId>  GraphQL: ${config.publicBaseUrl}/graphql  ` +
      `Create an account: npm run roster -- accounts create --name "Acme"\n`,
  );
  onShutdown(server, logger, async () => {
    await close();
    await email.stop();
    await db.close();
  });
}

function listen(app: RequestListener, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stop accepting, let in-flight requests finish, then close the ORM and the embedded server. */
function onShutdown(server: Server, logger: ReturnType<typeof createLogger>, cleanup: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      try {
        await cleanup();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(message: string, code = 1): never {
  process.stderr.write(`roster: ${message}\n`);
  process.exit(code);
}

main().catch((error: unknown) => fail(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
