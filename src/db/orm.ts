import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig, type OrmOptions } from './orm-config';
import { runUnprepared } from './prepared-statements';

export type Orm = MikroORM;

export async function initOrm(options: OrmOptions): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(options));
  if (options.preparedStatements === false) runUnprepared(orm);
  return orm;
}

/** Applies pending migrations; a no-op when there are none. Returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/**
 * True when a trivial query answers within `timeoutMs`: what `/readyz` reports. A stalled database (a hung host,
 * a black-holed network) never answers and the driver has no query timeout, so the probe sets its own deadline.
 */
export async function isDatabaseReachable(orm: Orm, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = orm.em
    .getConnection()
    .execute('select 1')
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
