import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { SqlCondition } from './keyset-page';

/**
 * A position in a newest-first list: the row's timestamp as PostgreSQL prints it, to the microsecond (a JS Date
 * would round rows written by SQL's now() to the millisecond and skip or repeat them), and the row's id.
 */
export interface TimeKey {
  at: string;
  id: string;
}

export interface PageArgs {
  first?: number | null;
  after?: TimeKey | null;
}

export interface NewestFirstSpec<T> {
  entity: EntityName<T>;
  table: string;
  alias: string;
  /** A timestamptz column of `table`; `(account_id, timeColumn, …)` should be indexed. */
  timeColumn: string;
  accountId: string;
  /** ANDed; over `alias`, with `?` placeholders; never user text. */
  where: SqlCondition[];
  page: PageArgs;
}

export interface NewestFirstPage<T> {
  items: { node: T; key: TimeKey }[];
  hasNextPage: boolean;
  /** Runs the count only when called: a client that does not ask for a total does not pay for it. */
  count(): Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const TIME_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function isTimeKey(value: { at?: unknown; id?: unknown }): value is TimeKey {
  return typeof value.at === 'string' && TIME_KEY.test(value.at) && isUuid(value.id);
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw new InvalidInputError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  return size;
}

/**
 * One page of an account's rows, newest first, by keyset on (time, id): the page after a cursor costs the same
 * at the start and deep into a million rows, and rows written while a client pages never shift its pages.
 * One statement finds the page's ids, one loads them as entities (lazy columns such as secret digests stay unread).
 */
export async function listNewestFirst<T extends { id: string }>(em: EntityManager, spec: NewestFirstSpec<T>): Promise<NewestFirstPage<T>> {
  const size = pageSize(spec.page.first);
  const after = spec.page.after ?? null;
  if (after && !isTimeKey(after)) throw invalidCursor();
  const { alias, timeColumn } = spec;
  const where = [`${alias}.account_id = ?`, ...spec.where.map((c) => `(${c.sql})`)].join(' and ');
  const params = [spec.accountId, ...spec.where.flatMap((c) => c.params)];
  const rows = await em.execute<{ id: string; at: string }[]>(
    `select ${alias}.id, to_char(${alias}.${timeColumn} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
       from ${spec.table} ${alias}
      where ${where}${after ? ` and (${alias}.${timeColumn}, ${alias}.id) < (?::timestamptz, ?::uuid)` : ''}
      order by ${alias}.${timeColumn} desc, ${alias}.id desc
      limit ?`,
    [...params, ...(after ? [after.at, after.id] : []), size + 1],
  );
  const page = rows.slice(0, size);
  const loaded = page.length ? await em.find(spec.entity, { id: { $in: page.map((r) => r.id) } } as unknown as FilterQuery<T>) : [];
  const byId = new Map(loaded.map((entity) => [entity.id, entity]));
  let counted: Promise<number> | undefined;
  return {
    items: page.flatMap((row) => {
      const node = byId.get(row.id);
      return node ? [{ node, key: { at: row.at, id: row.id } }] : [];
    }),
    hasNextPage: rows.length > size,
    count: () =>
      (counted ??= em
        .execute<{ n: string }[]>(`select count(*) as n from ${spec.table} ${alias} where ${where}`, params)
        .then(([row]) => Number(row!.n))),
  };
}

export function invalidCursor(): InvalidInputError {
  return new InvalidInputError('INVALID_CURSOR', 'The cursor is not valid for this list; start again without one', { field: 'after' });
}
