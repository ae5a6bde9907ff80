import { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { listPage, type ListPage, type PageRequest, type SortSpec, type SqlCondition } from '../paging/keyset-page';

export interface ListUsersInput {
  where: SqlCondition | null;
  sort: SortSpec | null;
  page: PageRequest;
}

export interface UserPage extends Omit<ListPage, 'ids'> {
  users: User[];
}

/** A page of users in a stable order: one keyset query for the ids, one for the rows, one for their emails. */
export async function listUsers(ctx: Pick<Ctx, 'em' | 'accountId'>, input: ListUsersInput): Promise<UserPage> {
  const page = await listPage(ctx.em, { table: 'app_user', alias: 'u', accountId: ctx.accountId, ...input });
  const { ids, ...rest } = page;
  if (ids.length === 0) return { ...rest, users: [] };
  const rows = await ctx.em.find(User, { id: { $in: ids }, account: ctx.accountId }, { populate: ['emails'] });
  const byId = new Map<string, User>(rows.map((u) => [u.id, u]));
  return { ...rest, users: ids.map((id) => byId.get(id)).filter((u): u is User => u !== undefined) };
}
