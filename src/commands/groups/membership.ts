import { executePrepared } from '../../db/prepared-statements';
import { idsSubquery, uuidArray } from '../../db/sql-values';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';

/** Refuses ids that name no user of the account, naming them; nothing has been written yet. */
export async function assertUsersExist(em: EntityManager, accountId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const candidates = userIds.filter(isUuid);
  const found = candidates.length
    ? (await executePrepared<{ id: string }>(em, 'select id from app_user where account_id = ? and id = any(?::uuid[])', [accountId, uuidArray(candidates)])).map((r) => r.id)
    : [];
  refuseUnknown(userIds, found);
}

function refuseUnknown(userIds: readonly string[], foundIds: readonly string[]): void {
  const found = new Set(foundIds);
  const missing = userIds.filter((id) => !isUuid(id) || !found.has(id.toLowerCase()));
  if (missing.length) {
    // Malformed ids first, as they were always named first.
    missing.sort((a, b) => Number(isUuid(a)) - Number(isUuid(b)));
    const shown = missing.slice(0, 10).join(', ');
    throw new InvalidInputError('UNKNOWN_MEMBER', `No user with id ${shown}${missing.length > 10 ? ` (and ${missing.length - 10} more)` : ''} in this account`, {
      field: 'members',
      unknownMembers: missing.slice(0, 10),
    });
  }
}

/**
 * Adds members as a set, in one statement that also checks they are users of the account: existing members
 * are skipped by the unique key, so concurrent adds commute. Unknown ids are refused (the caller's transaction
 * rolls back what the statement inserted). Returns the users added.
 */
export async function addMembers(em: EntityManager, accountId: string, groupId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  // Malformed ids cannot be cast to uuid: refused, with the unknown ones, by the plain check.
  if (!userIds.every(isUuid)) await assertUsersExist(em, accountId, userIds);
  const ids = idsSubquery(userIds);
  const [row] = await executePrepared<{ known: string[]; added: string[] }>(
    em,
    `with known as (
       select u.id from app_user u where u.account_id = ? and u.id in (${ids.sql})
     ), added as (
       insert into group_membership (group_id, user_id, account_id, created_at)
       select ?, known.id, ?, now() from known
       on conflict (group_id, user_id) do nothing
       returning user_id
     )
     select array(select id::text from known) as known, array(select user_id::text from added) as added`,
    [accountId, ...ids.params, groupId, accountId],
  );
  refuseUnknown(userIds, row!.known);
  return row!.added;
}

export async function deleteMembers(em: EntityManager, groupId: string, userIds: readonly string[]): Promise<string[]> {
  const ids = userIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await executePrepared<{ user_id: string }>(
    em,
    'delete from group_membership where group_id = ? and user_id = any(?::uuid[]) returning user_id',
    [groupId, uuidArray(ids)],
  );
  return rows.map((r) => r.user_id);
}

/** Removes every member not in `keep`: the difference is computed by PostgreSQL, not in memory. */
export async function deleteMembersExcept(em: EntityManager, groupId: string, keep: readonly string[]): Promise<string[]> {
  const rows = await em.execute<{ user_id: string }[]>(
    'delete from group_membership where group_id = ? and not (user_id = any(?::uuid[])) returning user_id',
    [groupId, uuidArray(keep)],
  );
  return rows.map((r) => r.user_id);
}
