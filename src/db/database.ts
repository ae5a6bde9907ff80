import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { initOrm, migrate, type Orm } from './orm';

export class DatabaseUnreachableError extends Error {}

export interface Database {
  orm: Orm;
  /** Where the data lives, without credentials, for messages. */
  description: string;
  migrationsApplied: string[];
  close(): Promise<void>;
}

/**
 * The one way into the database for the server and the CLI: `DATABASE_URL` when set, else the embedded
 * PostgreSQL under the data directory (started here, or joined when another Roster process runs it).
 */
export async function openDatabase(config: Config, logger: Logger, options: { poolMax?: number } = {}): Promise<Database> {
  let url = config.databaseUrl;
  let description: string;
  let stopEmbedded = async () => undefined as void;
  if (url) {
    description = redactUrl(url);
  } else {
    const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug({ postgres: line }, 'embedded postgres'));
    url = embedded.url;
    stopEmbedded = embedded.stop;
    description = `embedded PostgreSQL in ${config.dataDir}${embedded.owned ? '' : ' (run by another Roster process)'}`;
  }

  let orm: Orm | undefined;
  try {
    orm = await initOrm({ clientUrl: url, poolMax: options.poolMax ?? config.databasePoolMax, acquireTimeoutMs: config.databasePoolAcquireTimeoutMs, preparedStatements: config.databasePreparedStatements });
    await orm.em.getConnection().execute('select 1');
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await stopEmbedded();
    throw new DatabaseUnreachableError(`Cannot reach PostgreSQL at ${description}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const migrationsApplied = await migrate(orm);
    return {
      orm,
      description,
      migrationsApplied,
      close: async () => {
        await orm.close(true);
        await stopEmbedded();
      },
    };
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    await stopEmbedded();
    throw error;
  }
}

function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
