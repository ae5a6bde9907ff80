import type { EntityManager } from '@mikro-orm/postgresql';
import type { Group } from '../../domain/group/group.entity';
import { groupNameKey } from '../../domain/group/group-name';
import { isUuid } from '../../domain/ids';
import type { ManagedBy } from '../../domain/user/user.entity';
import { rowDate, rowText } from '../../db/sql-rows';
import { uuidArray } from '../../db/sql-values';
import type { Ctx } from '../context';
import type { SqlCondition } from '../paging/keyset-page';
import { containsPattern, listOrderedByKey, type KeyPage, type KeyPageArgs } from '../paging/ordered-by-key';

export interface GroupFilter {
  /** Part of the name, ignoring case. */
  search?: string | null;
  /** The whole name, ignoring case: at most one group, however many others contain it. */
  displayName?: string | null;
  managedBy?: ManagedBy | null;
}

/** What the directory shows of a group, read as a plain row. */
export type GroupView = Pick<Group, 'id' | 'displayName' | 'externalId' | 'managedBy' | 'memberCount' | 'createdAt' | 'updatedAt'>;

export function readGroupRow(row: Record<string, unknown>): GroupView {
  return {
    id: String(row['id']),
    displayName: String(row['display_name']),
    externalId: rowText(row['external_id']),
    managedBy: row['managed_by'] as ManagedBy,
    memberCount: Number(row['member_count']),
    createdAt: rowDate(row['created_at']),
    updatedAt: rowDate(row['updated_at']),
  };
}

/** The directory's groups by name (ignoring case), keyset-paged on `display_name_key`. */
export function listDirectoryGroups(ctx: Pick<Ctx, 'em' | 'accountId'>, filter: GroupFilter, page: KeyPageArgs): Promise<KeyPage<GroupView>> {
  const where: SqlCondition[] = [];
  const search = filter.search?.trim();
  if (search) where.push({ sql: 'g.display_name_key like ?', params: [containsPattern(search.normalize('NFC').toLowerCase())] });
  if (filter.displayName != null) where.push({ sql: 'g.display_name_key = ?', params: [groupNameKey(filter.displayName.trim())] });
  if (filter.managedBy != null) where.push({ sql: 'g.managed_by = ?', params: [filter.managedBy] });
  return listOrderedByKey(ctx.em, { table: 'app_group', alias: 'g', keyColumn: 'display_name_key', accountId: ctx.accountId, where, page, read: readGroupRow });
}

/** Groups by id in one statement of one shape whatever their number, for the request's DataLoader. */
export async function groupsByIds(em: EntityManager, accountId: string, ids: readonly string[]): Promise<Map<string, GroupView>> {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return new Map();
  const rows = await em.execute<Record<string, unknown>[]>('select g.* from app_group g where g.account_id = ? and g.id = any(?::uuid[])', [accountId, uuidArray(valid)]);
  return new Map(rows.map((row) => [String(row['id']), readGroupRow(row)]));
}

export interface ChildSlice {
  /** Ids of the slice, in order, and each one's cursor key. */
  items: { id: string; key: string }[];
  hasNextPage: boolean;
}

/**
 * The first `first` members (after the member id `after`) of each of several groups, in one statement: a
 * LATERAL join walks each group's `(group_id, user_id)` primary key for `first + 1` rows, so the cost depends on
 * the page, never on the groups' sizes. Members come in user id order.
 */
export async function firstMembersOfGroups(
  em: EntityManager,
  accountId: string,
  groupIds: readonly string[],
  first: number,
  after: string | null,
): Promise<Map<string, ChildSlice>> {
  const valid = [...new Set(groupIds.filter(isUuid))];
  const result = new Map<string, ChildSlice>(valid.map((id) => [id, { items: [], hasNextPage: false }]));
  if (valid.length === 0 || first === 0 || (after !== null && !isUuid(after))) return result;
  const rows = await em.execute<{ parent_id: string; child_id: string }[]>(
    `select p.id as parent_id, m.user_id as child_id
       from unnest(?::uuid[]) as p(id)
       cross join lateral (
         select gm.user_id from group_membership gm
          where gm.group_id = p.id and gm.account_id = ?${after !== null ? ' and gm.user_id > ?::uuid' : ''}
          order by gm.user_id
          limit ?
       ) m`,
    [uuidArray(valid), accountId, ...(after !== null ? [after] : []), first + 1],
  );
  return slices(result, rows, first, (row) => row.child_id);
}

/** The first `first` groups (by name, after the name key `after`) of each of several users, in one statement. */
export async function firstGroupsOfUsers(
  em: EntityManager,
  accountId: string,
  userIds: readonly string[],
  first: number,
  after: string | null,
): Promise<Map<string, ChildSlice>> {
  const valid = [...new Set(userIds.filter(isUuid))];
  const result = new Map<string, ChildSlice>(valid.map((id) => [id, { items: [], hasNextPage: false }]));
  if (valid.length === 0 || first === 0) return result;
  const rows = await em.execute<{ parent_id: string; child_id: string; child_key: string }[]>(
    `select p.id as parent_id, m.group_id as child_id, m.display_name_key as child_key
       from unnest(?::uuid[]) as p(id)
       cross join lateral (
         select g.id as group_id, g.display_name_key
           from group_membership gm join app_group g on g.id = gm.group_id
          where gm.user_id = p.id and gm.account_id = ?${after !== null ? ' and g.display_name_key > ?' : ''}
          order by g.display_name_key
          limit ?
       ) m`,
    [uuidArray(valid), accountId, ...(after !== null ? [after] : []), first + 1],
  );
  return slices(result, rows, first, (row) => row.child_key);
}

function slices<R extends { parent_id: string; child_id: string }>(
  result: Map<string, ChildSlice>,
  rows: R[],
  first: number,
  keyOf: (row: R) => string,
): Map<string, ChildSlice> {
  for (const row of rows) {
    const slice = result.get(row.parent_id);
    if (!slice) continue;
    if (slice.items.length < first) slice.items.push({ id: row.child_id, key: keyOf(row) });
    else slice.hasNextPage = true;
  }
  return result;
}

/** How many groups each of several users belongs to, in one statement. */
export async function groupCountsOfUsers(em: EntityManager, accountId: string, userIds: readonly string[]): Promise<Map<string, number>> {
  const valid = [...new Set(userIds.filter(isUuid))];
  if (valid.length === 0) return new Map();
  const rows = await em.execute<{ user_id: string; n: string }[]>(
    'select user_id, count(*) as n from group_membership where account_id = ? and user_id = any(?::uuid[]) group by user_id',
    [accountId, uuidArray(valid)],
  );
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}
