import type { SortSpec, SqlCondition } from '../../commands/paging/keyset-page';
import { parseFilter } from '../protocol/filter';
import { compileFilter, resolveSortColumn } from './filter-to-sql';
import { GROUP_FILTER_ATTRIBUTES } from './group-attributes';

/** A SCIM list request's filter and sort, translated through the Group allow-list into SQL over alias `g`. */
export function groupListQuery(params: { filter: string | null; sortBy: string | null; descending: boolean }): { where: SqlCondition | null; sort: SortSpec | null } {
  const where = params.filter ? compileFilter(parseFilter(params.filter), GROUP_FILTER_ATTRIBUTES) : null;
  const sort = params.sortBy
    ? { expression: resolveSortColumn(params.sortBy, GROUP_FILTER_ATTRIBUTES), descending: params.descending }
    : params.descending
      ? { expression: 'g.id::text', descending: true }
      : null;
  return { where, sort };
}
