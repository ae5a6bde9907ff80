import DataLoader from 'dataloader';
import { getAccount } from '../../commands/account.queries';
import type { Account } from '../../domain/account/account.entity';
import type { Ctx } from '../../commands/context';
import { firstGroupsOfUsers, firstMembersOfGroups, groupCountsOfUsers, groupsByIds, type ChildSlice, type GroupView } from '../../commands/groups/group-directory.queries';
import { licenseGroupsOfUsers } from '../../commands/licenses/resolve-licenses';
import { pendingEmailsOfUsers, usersByIds, type UserView } from '../../commands/users/user-directory.queries';

/** A page of one parent's children: which parent, how many, after which cursor key. */
export interface SliceKey {
  parentId: string;
  first: number;
  after: string | null;
}

export interface DirectoryLoaders {
  /** The request's account (its policy settings), read once however many fields ask, and only when one does. */
  account: () => Promise<Account>;
  userById: DataLoader<string, UserView | null>;
  groupById: DataLoader<string, GroupView | null>;
  /** The first members of groups: one statement for every group of a page (per distinct first/after). */
  groupMembers: DataLoader<SliceKey, ChildSlice, string>;
  userGroups: DataLoader<SliceKey, ChildSlice, string>;
  userGroupCount: DataLoader<string, number | null>;
  pendingEmail: DataLoader<string, string | null>;
  /** The group a user's mapped license comes from. */
  licenseGroupId: DataLoader<string, string | null>;
}

/**
 * Per-request loaders over the request's EntityManager: everything the resolvers of one GraphQL request ask
 * for in the same tick becomes one statement, so a page of 100 groups with their members and the members'
 * licenses costs the same number of statements as a page of 10.
 */
export function createDirectoryLoaders(ctx: Pick<Ctx, 'em' | 'accountId' | 'clock'>): DirectoryLoaders {
  const { em, accountId } = ctx;
  const byId = <T>(load: (ids: readonly string[]) => Promise<Map<string, T>>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
  const slices = (load: (parentIds: string[], first: number, after: string | null) => Promise<Map<string, ChildSlice>>) =>
    new DataLoader<SliceKey, ChildSlice, string>(
      async (keys) => {
        // Keys of one request nearly always share first/after: one statement per distinct pair.
        const batches = new Map<string, SliceKey[]>();
        for (const key of keys) {
          const batch = `${key.first}|${key.after ?? ''}`;
          batches.set(batch, [...(batches.get(batch) ?? []), key]);
        }
        const results = new Map<string, ChildSlice>();
        for (const batch of batches.values()) {
          const { first, after } = batch[0]!;
          const found = await load(
            batch.map((k) => k.parentId),
            first,
            after,
          );
          for (const key of batch) results.set(sliceCacheKey(key), found.get(key.parentId) ?? { items: [], hasNextPage: false });
        }
        return keys.map((key) => results.get(sliceCacheKey(key))!);
      },
      { cacheKeyFn: sliceCacheKey },
    );

  let account: Promise<Account> | undefined;
  return {
    // One value per request, not a batch of keys: a memoised read rather than a DataLoader.
    account: () => (account ??= getAccount(ctx)),
    userById: byId((ids) => usersByIds(em, accountId, ids)),
    groupById: byId((ids) => groupsByIds(em, accountId, ids)),
    groupMembers: slices((ids, first, after) => firstMembersOfGroups(em, accountId, ids, first, after)),
    userGroups: slices((ids, first, after) => firstGroupsOfUsers(em, accountId, ids, first, after)),
    userGroupCount: byId((ids) => groupCountsOfUsers(em, accountId, ids)),
    pendingEmail: byId((ids) => pendingEmailsOfUsers(em, accountId, ids, ctx.clock.now())),
    licenseGroupId: byId((ids) => licenseGroupsOfUsers(em, accountId, ids)),
  };
}

function sliceCacheKey(key: SliceKey): string {
  return `${key.parentId}|${key.first}|${key.after ?? ''}`;
}
