import { isUuid } from '../domain/ids';

/**
 * A `uuid[]` parameter as a PostgreSQL array literal. Knex expands a JS array bound to `?` into a list, so
 * array parameters (`= any(?::uuid[])`, `unnest(?::uuid[])`) are passed as one string instead.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}
