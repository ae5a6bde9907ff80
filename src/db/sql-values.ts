import { isUuid } from '../domain/ids';

/**
 * A `uuid[]` parameter as a PostgreSQL array literal. Knex expands a JS array bound to `?` into a list, so
 * array parameters (`= any(?::uuid[])`, `unnest(?::uuid[])`) are passed as one string instead.
 */
export function uuidArray(ids: readonly string[]): string {
  return `{${assertUuids(ids).join(',')}}`;
}

function assertUuids(ids: readonly string[]): readonly string[] {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`not a uuid: ${id}`);
  return ids;
}

/**
 * The ids as a subquery, `u.id in (<sql>)`. One id is a plain parameter: PostgreSQL estimates an array's
 * unnest at 10 rows in a prepared statement's generic plan, so it would plan every single-member change
 * afresh (custom plans look 10 times cheaper); with one row either way it keeps the generic plan.
 */
export function idsSubquery(ids: readonly string[]): { sql: string; params: unknown[] } {
  if (ids.length === 1) return { sql: 'select ?::uuid', params: [...assertUuids(ids)] };
  return { sql: 'select unnest(?::uuid[])', params: [uuidArray(ids)] };
}
