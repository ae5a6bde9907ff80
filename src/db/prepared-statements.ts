import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Distinct statements one process prepares at most; past this a statement runs unprepared (filter shapes are open-ended). */
const MAX_PREPARED = 256;
let prepared = new Set<string>();
/** Bumped when a schema change made prepared statements stale: names of a new generation are prepared afresh. */
let generation = 0;
/** "cached plan must not change result type": a migration changed a table under a statement prepared before it. */
const STALE_PLAN = '0A000';

/** The ORMs (by their configuration, which every fork shares) whose statements run unprepared. */
const unprepared = new WeakSet<object>();

/** `DATABASE_PREPARED_STATEMENTS=false`: every `executePrepared` of this ORM is a plain `em.execute`. */
export function runUnprepared(orm: { config: object }): void {
  unprepared.add(orm.config);
}

/** A prepared plan went stale inside a transaction, which PostgreSQL has aborted: the whole transaction is retried. */
export class StalePreparedPlanError extends Error {}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * `em.execute`, as a named prepared statement on the ORM's own connection (the transaction's, inside one):
 * PostgreSQL plans it once per connection instead of once per request. `em.execute` inlines every value into
 * the text, so each look-up is planned afresh, which costs PostgreSQL more than running it (0.5 of 0.7 ms for
 * a page of users). Hand-written because neither MikroORM nor knex sends named statements.
 * `overTemporaryTable`: the statement reads a table each transaction makes afresh, so it runs unprepared.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[], options: { overTemporaryTable?: boolean } = {}): Promise<T[]> {
  if (options.overTemporaryTable || unprepared.has(em.config)) return em.execute<T[]>(sql, params);
  const connection = em.getConnection();
  const logger = em.config.getLogger();
  const transaction = em.getTransactionContext<{ client: KnexClient }>();
  const knex = transaction?.client ?? (connection.getKnex().client as unknown as KnexClient);
  const { text, hash } = statementText(sql);
  const name = `r${generation}_${hash}`;
  const named = prepared.has(name) || prepared.size < MAX_PREPARED;
  if (named) prepared.add(name);
  const started = Date.now();
  const client = await knex.acquireConnection();
  try {
    const { rows } = await client.query({ ...(named ? { name } : {}), text, values: params }).catch((error: unknown) => {
      if ((error as { code?: string }).code !== STALE_PLAN || !named) throw error;
      generation++;
      prepared = new Set();
      if (transaction) throw new StalePreparedPlanError('A schema change made a prepared statement stale', { cause: error });
      return client.query({ text, values: params });
    });
    // The statements tests count are the ones the ORM logs: logged as it logs them, with numbered placeholders.
    logger.logQuery({ query: text, took: Date.now() - started, results: rows.length, level: 'info' });
    return rows as T[];
  } finally {
    await knex.releaseConnection(client);
  }
}

/** Texts and hashes by source SQL, so a request does not hash its statements again; bounded like `prepared`. */
const texts = new Map<string, { text: string; hash: string }>();
const MAX_TEXTS = 1024;

function statementText(sql: string): { text: string; hash: string } {
  let known = texts.get(sql);
  if (!known) {
    const text = numberedPlaceholders(sql);
    known = { text, hash: createHash('sha1').update(text).digest('base64url') };
    if (texts.size < MAX_TEXTS) texts.set(sql, known);
  }
  return known;
}

/** `?` placeholders (as `em.execute` takes them) as PostgreSQL's `$1`, `$2`, …; the SQL here quotes no `?`. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
