import { uuidArray } from '../../db/sql-values';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../domain/errors';
import { Group } from '../../domain/group/group.entity';
import { isUuid } from '../../domain/ids';
import type { Ctx } from '../context';
import { listPage, type PageRequest, type SortSpec, type SqlCondition } from '../paging/keyset-page';

export interface MemberRef {
  value: string;
  display: string;
}

export async function findGroup(em: EntityManager, accountId: string, id: string): Promise<Group | null> {
  if (!isUuid(id)) return null;
  return em.findOne(Group, { id, account: accountId });
}

export async function getGroup(ctx: Pick<Ctx, 'em' | 'accountId'>, id: string): Promise<Group> {
  const group = await findGroup(ctx.em, ctx.accountId, id);
  if (!group) throw groupNotFound(id);
  return group;
}

export function groupNotFound(id: string): NotFoundError {
  return new NotFoundError('GROUP_NOT_FOUND', `Group ${id} does not exist`);
}

/**
 * Members of several groups in one query, as plain rows (no entities): a 100,000-member group costs one
 * statement and one array, never a query per member.
 */
export async function membersOfGroups(em: EntityManager, accountId: string, groupIds: readonly string[]): Promise<Map<string, MemberRef[]>> {
  const result = new Map<string, MemberRef[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await em.execute<{ group_id: string; user_id: string; display: string }[]>(
    `select gm.group_id, gm.user_id, coalesce(u.display_name, u.user_name) as display
       from group_membership gm join app_user u on u.id = gm.user_id
      where gm.account_id = ? and gm.group_id = any(?::uuid[])
      order by gm.group_id, gm.user_id`,
    [accountId, uuidArray(groupIds)],
  );
  for (const row of rows) result.get(row.group_id)?.push({ value: row.user_id, display: row.display });
  return result;
}

/** The groups of several users in one query: the User resource's read-only `groups` attribute. */
export async function groupsOfUsers(em: EntityManager, accountId: string, userIds: readonly string[]): Promise<Map<string, MemberRef[]>> {
  const result = new Map<string, MemberRef[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const rows = await em.execute<{ user_id: string; group_id: string; display: string }[]>(
    `select gm.user_id, gm.group_id, g.display_name as display
       from group_membership gm join app_group g on g.id = gm.group_id
      where gm.account_id = ? and gm.user_id = any(?::uuid[])
      order by gm.user_id, g.display_name_key`,
    [accountId, uuidArray(userIds)],
  );
  for (const row of rows) result.get(row.user_id)?.push({ value: row.group_id, display: row.display });
  return result;
}

export interface GroupPage {
  groups: Group[];
  totalResults: number;
  startIndex: number;
  nextCursor: string | null;
}

export async function listGroups(
  ctx: Pick<Ctx, 'em' | 'accountId'>,
  input: { where: SqlCondition | null; sort: SortSpec | null; page: PageRequest },
): Promise<GroupPage> {
  const { rows: page, ...rest } = await listPage(ctx.em, { table: 'app_group', alias: 'g', accountId: ctx.accountId, ...input });
  if (page.length === 0) return { ...rest, groups: [] };
  const ids = page.map((row) => row.id);
  const rows = await ctx.em.find(Group, { id: { $in: ids }, account: ctx.accountId });
  const byId = new Map<string, Group>(rows.map((g) => [g.id, g]));
  return { ...rest, groups: ids.map((id) => byId.get(id)).filter((g): g is Group => g !== undefined) };
}
