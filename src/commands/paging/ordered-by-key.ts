import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../domain/errors';
import type { SqlCondition } from './keyset-page';

export interface KeyPageArgs {
  first?: number | null;
  /** The key of the last row of the previous page. */
  after?: string | null;
}

export interface KeyPage<T> {
  items: { node: T; key: string }[];
  hasNextPage: boolean;
  /** Runs the count only when called: a client that does not ask for a total does not pay for it. */
  count(): Promise<number>;
}

export interface OrderedByKeySpec<T> {
  table: string;
  alias: string;
  /** A column unique per account (e.g. `user_name_key`), with an index on `(account_id, keyColumn)`. */
  keyColumn: string;
  accountId: string;
  /** ANDed; over `alias`, with `?` placeholders; never user text. */
  where: SqlCondition[];
  page: KeyPageArgs;
  /** Reads one row of `table` (selected whole): plain rows, since hydrating entities costs more than the query. */
  read(row: Record<string, unknown>): T;
}

export const DEFAULT_DIRECTORY_PAGE = 50;
export const MAX_DIRECTORY_PAGE = 100;

export function directoryPageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_DIRECTORY_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_DIRECTORY_PAGE)
    throw new InvalidInputError('BAD_USER_INPUT', `first must be between 0 and ${MAX_DIRECTORY_PAGE}`, { field: 'first' });
  return size;
}

/**
 * One page of an account's rows in the order of a unique key, by keyset (never OFFSET): any page costs one
 * indexed statement, and rows added while a client pages never shift its pages. The rows come from that same
 * statement.
 */
export async function listOrderedByKey<T>(em: EntityManager, spec: OrderedByKeySpec<T>): Promise<KeyPage<T>> {
  const size = directoryPageSize(spec.page.first);
  const { alias, keyColumn } = spec;
  const where = [{ sql: `${alias}.account_id = ?`, params: [spec.accountId] as unknown[] }, ...spec.where];
  const whereSql = where.map((c) => `(${c.sql})`).join(' and ');
  const whereParams = where.flatMap((c) => c.params);
  const count = async () => {
    const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from ${spec.table} ${alias} where ${whereSql}`, whereParams);
    return Number(row!.n);
  };
  if (size === 0) return { items: [], hasNextPage: false, count };
  const after = spec.page.after ?? null;
  const rows = await em.execute<Record<string, unknown>[]>(
    `select ${alias}.* from ${spec.table} ${alias}
      where ${whereSql}${after !== null ? ` and ${alias}.${keyColumn} > ?` : ''}
      order by ${alias}.${keyColumn} limit ?`,
    [...whereParams, ...(after !== null ? [after] : []), size + 1],
  );
  const items = rows.slice(0, size).map((row) => ({ node: spec.read(row), key: String(row[keyColumn]) }));
  return { items, hasNextPage: rows.length > size, count };
}

/** A `like` pattern matching `text` anywhere, with the pattern characters in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
