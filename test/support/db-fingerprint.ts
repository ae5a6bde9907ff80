import type { TestApp } from './test-app';

/** Tables that change on reads or on any request by design: migrations, rate-limit counters, cursor bookmarks. */
const IGNORED_TABLES = new Set(['mikro_orm_migrations', 'rate_limit', 'page_bookmark']);
/** Columns that change on any authenticated request (at most once a minute per token). */
const IGNORED_COLUMNS = new Set(['last_used_at']);

/**
 * A checksum of every row of every table, so a test can assert that a rejected request changed nothing.
 * The audit rows of failures are left out: recording a refused write is the one change a refusal makes.
 * Tables are found in the catalog, so tables added later are covered without editing this list.
 */
export async function dbFingerprint(app: Pick<TestApp, 'orm'>): Promise<Record<string, string>> {
  const conn = app.orm.em.fork().getConnection();
  const columns = await conn.execute<{ table_name: string; column_name: string }[]>(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
      order by table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) {
    if (IGNORED_TABLES.has(table_name) || IGNORED_COLUMNS.has(column_name)) continue;
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), `"${column_name}"`]);
  }
  const parts = [...byTable].map(([table, cols]) => {
    const where = table === 'provisioning_event' ? ` where outcome <> 'failure'` : '';
    return `select '${table}' as t, count(*)::text || ':' || coalesce(md5(string_agg(r::text, ',' order by r::text)), '-') as f
              from (select ${cols.join(', ')} from "${table}"${where}) r`;
  });
  const rows = await conn.execute<{ t: string; f: string }[]>(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}
