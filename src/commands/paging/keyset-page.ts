import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../domain/errors';
import { executePrepared } from '../../db/prepared-statements';

/** A condition in SQL over the list's table alias, with `?` placeholders: what a transport's filter compiles to. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export interface SortSpec {
  /** A SQL expression over the alias, from an allow-list; never user text. */
  expression: string;
  descending: boolean;
}

export type PageRequest =
  | { kind: 'index'; startIndex: number; count: number }
  | { kind: 'cursor'; cursor: string; count: number };

export interface ListSpec {
  table: string;
  alias: string;
  accountId: string;
  where: SqlCondition | null;
  sort: SortSpec | null;
  page: PageRequest;
  /**
   * More columns to read with each row of the page (a select list over the alias), so that a page is one
   * statement rather than a page of ids and then their rows. They are read for the page's rows only.
   */
  columns?: string;
}

export interface ListPage {
  /** The page's rows, in page order: each row's `id` and `sort_key`, and the `columns` asked for. */
  rows: PageRow[];
  totalResults: number;
  startIndex: number;
  nextCursor: string | null;
}

const BOOKMARK_TTL_SECONDS = 600;

export interface PageRow extends Record<string, unknown> {
  id: string;
  sort_key: string;
}

/**
 * One page of a list in a stable order, by keyset. Index paging (`startIndex`) follows a bookmark left by
 * the previous page, so a sequential walk never skips rows with OFFSET; cursor paging carries the key itself.
 * Either way a page costs the same at the start and at the end of a million rows.
 */
export async function listPage(em: EntityManager, spec: ListSpec): Promise<ListPage> {
  // Every statement runs inside the caller's transaction when there is one.
  const { alias } = spec;
  // One text key per row: '0' + value for present values, '1' for missing ones, compared byte-wise (collate "C"),
  // so missing values sort last ascending and first descending (RFC 7644 §3.4.2.3) and keysets compare exactly.
  const sortKey = spec.sort
    ? `(case when (${spec.sort.expression}) is null then '1' else '0' || (${spec.sort.expression})::text end) collate "C"`
    : `''`;
  const direction = spec.sort?.descending ? 'desc' : 'asc';
  const compare = spec.sort?.descending ? '<' : '>';
  const baseWhere = `${alias}.account_id = ?${spec.where ? ` and (${spec.where.sql})` : ''}`;
  const baseParams: unknown[] = [spec.accountId, ...(spec.where?.params ?? [])];
  const orderBy = spec.sort ? `order by ${sortKey} ${direction}, ${alias}.id ${direction}` : `order by ${alias}.id ${direction}`;
  const after = spec.sort ? `(${sortKey}, ${alias}.id) ${compare} (?, ?::uuid)` : `${alias}.id ${compare} ?::uuid`;
  const afterParams = (key: { sort: string; id: string }) => (spec.sort ? [key.sort, key.id] : [key.id]);
  const select = `select ${alias}.id, ${sortKey} as sort_key from ${spec.table} ${alias}`;
  const queryKey = createHash('sha256').update(JSON.stringify([spec.table, spec.where, spec.sort])).digest('base64url').slice(0, 32);

  const count = async () => {
    const [row] = await executePrepared<{ n: string }>(em, `select count(*) as n from ${spec.table} ${alias} where ${baseWhere}`, baseParams);
    return Number(row!.n);
  };
  const fetch = (limit: number, key: { sort: string; id: string } | null, offset = 0) => {
    const ids = `${select} where ${baseWhere}${key ? ` and ${after}` : ''} ${orderBy} limit ?${offset ? ' offset ?' : ''}`;
    // The page's keys first, then its columns by primary key: rows skipped by an offset cost no column reads.
    const sql = spec.columns
      ? `select p.id, p.sort_key, ${spec.columns} from (${ids}) p join ${spec.table} ${alias} on ${alias}.id = p.id
          order by p.sort_key ${direction}, p.id ${direction}`
      : ids;
    return executePrepared<PageRow>(em, sql, [...baseParams, ...(key ? afterParams(key) : []), limit, ...(offset ? [offset] : [])]);
  };

  if (spec.page.kind === 'cursor') {
    const { count: size } = spec.page;
    const decoded = spec.page.cursor ? decodeCursor(spec.page.cursor, queryKey) : null;
    const rows = size > 0 ? await fetch(size + 1, decoded) : [];
    // A first page that holds every match is its own count.
    const totalResults = decoded?.total ?? (size > 0 && rows.length <= size ? rows.length : await count());
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const nextCursor = rows.length > size && last ? encodeCursor({ sort: last.sort_key, id: last.id, total: totalResults, q: queryKey }) : null;
    return { rows: page, totalResults, startIndex: 1, nextCursor };
  }

  const { startIndex, count: size } = spec.page;
  if (size === 0) return { rows: [], totalResults: await count(), startIndex, nextCursor: null };
  let rows: PageRow[];
  let totalResults: number;
  const bookmark =
    startIndex > 1
      ? (
          await executePrepared<{ after_sort: string; after_id: string; total_results: number }>(
            em,
            `select after_sort, after_id, total_results from page_bookmark
              where account_id = ? and query_key = ? and start_index = ? and created_at > now() - make_interval(secs => ?)`,
            [spec.accountId, queryKey, startIndex, BOOKMARK_TTL_SECONDS],
          )
        )[0]
      : undefined;
  if (bookmark) {
    rows = await fetch(size, { sort: bookmark.after_sort, id: bookmark.after_id });
    totalResults = bookmark.total_results;
  } else if (startIndex === 1) {
    rows = await fetch(size, null);
    // A first page that is not full holds every match (the usual filter answer): no count, and no bookmark.
    totalResults = rows.length < size ? rows.length : await count();
  } else {
    [rows, totalResults] = await Promise.all([fetch(size, null, startIndex - 1), count()]);
  }
  const last = rows[rows.length - 1];
  if (rows.length === size && last) {
    // Expired bookmarks are swept when a walk starts, so reads that leave no bookmark write nothing.
    if (startIndex === 1)
      await em.execute(`delete from page_bookmark where account_id = ? and created_at < now() - make_interval(secs => ?)`, [spec.accountId, BOOKMARK_TTL_SECONDS]);
    await em.execute(
      `insert into page_bookmark (account_id, query_key, start_index, after_sort, after_id, total_results, created_at)
       values (?, ?, ?, ?, ?, ?, now())
       on conflict (account_id, query_key, start_index)
       do update set after_sort = excluded.after_sort, after_id = excluded.after_id, total_results = excluded.total_results, created_at = now()`,
      [spec.accountId, queryKey, startIndex + size, last.sort_key, last.id, totalResults],
    );
  }
  return { rows, totalResults, startIndex, nextCursor: null };
}

interface CursorState {
  sort: string;
  id: string;
  total: number;
  q: string;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([state.sort, state.id, state.total, state.q])).toString('base64url');
}

function decodeCursor(cursor: string, queryKey: string): CursorState {
  try {
    const [sort, id, total, q] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sort === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && typeof total === 'number' && q === queryKey)
      return { sort, id, total, q };
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('INVALID_CURSOR', 'The cursor is not valid for this query; start again without one', { field: 'cursor' });
}
