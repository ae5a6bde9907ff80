import type { SortSpec, SqlCondition } from '../../commands/paging/keyset-page';
import { parseFilter } from '../protocol/filter';
import { compileFilter, resolveSortColumn } from './filter-to-sql';
import { USER_FILTER_ATTRIBUTES } from './user-attributes';

/** A SCIM list request's filter and sort, translated through the User allow-list into SQL over alias `u`. */
export function userListQuery(params: { filter: string | null; sortBy: string | null; descending: boolean }): { where: SqlCondition | null; sort: SortSpec | null } {
  const where = params.filter ? compileFilter(parseFilter(params.filter), USER_FILTER_ATTRIBUTES) : null;
  const sort = params.sortBy
    ? { expression: resolveSortColumn(params.sortBy, USER_FILTER_ATTRIBUTES), descending: params.descending }
    : params.descending
      ? { expression: 'u.id::text', descending: true }
      : null;
  return { where, sort };
}
