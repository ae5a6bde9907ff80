import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from '../../migrations';
import { entities } from './entities';

export interface OrmOptions {
  clientUrl: string;
  /** Called with every SQL statement; tests use it to count statements. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
  /** How long a query waits for a pooled connection before failing (and the request answering 503). */
  acquireTimeoutMs?: number;
  /** Named prepared statements for `executePrepared` (default on). */
  preparedStatements?: boolean;
}

/** rate-limiter-flexible's counters: an UNLOGGED table made by a migration, not an entity, so schema diffs leave it alone. */
export const RATE_LIMIT_TABLE = 'rate_limit';

export function ormConfig({ clientUrl, onQuery, poolMax = 10, acquireTimeoutMs = 15_000 }: OrmOptions): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // A stray global EntityManager is a bug: every request and command forks its own.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 10_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5_000 }, acquireConnectionTimeout: acquireTimeoutMs },
    schemaGenerator: { skipTables: [RATE_LIMIT_TABLE] },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: 'migrations',
      pathTs: 'migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    debug: onQuery ? ['query'] : false,
    logger: onQuery ? (message) => onQuery(message) : () => undefined,
  });
}
