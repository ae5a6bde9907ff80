import type { MemberRef } from '../groups/group.queries';
import type { Ctx } from '../context';
import { listPage, type ListPage, type PageRequest, type SortSpec, type SqlCondition } from '../paging/keyset-page';
import { toUserRecords, userRecordColumns, type UserRecord } from './user-records.queries';

export interface ListUsersInput {
  where: SqlCondition | null;
  sort: SortSpec | null;
  page: PageRequest;
  /** Read each user's groups too (when the resource shows them). */
  withGroups?: boolean;
}

export interface UserPage extends Omit<ListPage, 'rows'> {
  users: UserRecord[];
  /** Each listed user's groups, when `withGroups` asked for them. */
  groups: Map<string, MemberRef[]> | null;
}

/** A page of users in a stable order, with their emails (and groups), in one keyset statement. */
export async function listUsers(ctx: Pick<Ctx, 'em' | 'accountId'>, input: ListUsersInput): Promise<UserPage> {
  const { withGroups = false, ...spec } = input;
  const { rows, ...rest } = await listPage(ctx.em, { table: 'app_user', alias: 'u', accountId: ctx.accountId, ...spec, columns: userRecordColumns(withGroups) });
  return { ...rest, ...toUserRecords(rows, withGroups) };
}
