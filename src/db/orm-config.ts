import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from '../../migrations';
import { entities } from './entities';

export interface OrmOptions {
  clientUrl: string;
  /** Called with every SQL statement; tests use it to count statements. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

export function ormConfig({ clientUrl, onQuery, poolMax = 10 }: OrmOptions): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // A stray global EntityManager is a bug: every request and command forks its own.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 10_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5_000 } },
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
