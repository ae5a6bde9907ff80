import { executePrepared } from '../../db/prepared-statements';
import { idsSubquery, uuidArray } from '../../db/sql-values';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LICENSE_RANK } from '../../domain/account/license-type';

/** Which users a change can affect; resolution touches only them. */
export type LicenseScope =
  | { userIds: readonly string[] }
  | { groupId: string }
  | { groupNameKey: string }
  | { formerMembersTable: string }
  | { wholeAccount: true };

const RANK_SQL = `case lm.license_type ${Object.entries(LICENSE_RANK)
  .map(([type, rank]) => `when '${type}' then ${rank}`)
  .join(' ')} end`;

function scopeSql(scope: LicenseScope, accountId: string): { sql: string; params: unknown[] } {
  if ('userIds' in scope) return idsSubquery(scope.userIds);
  if ('groupId' in scope) return { sql: 'select user_id from group_membership where group_id = ?', params: [scope.groupId] };
  if ('groupNameKey' in scope)
    return {
      sql: 'select gm.user_id from group_membership gm join app_group g on g.id = gm.group_id where g.account_id = ? and g.display_name_key = ?',
      params: [accountId, scope.groupNameKey],
    };
  if ('formerMembersTable' in scope) return { sql: `select user_id from ${scope.formerMembersTable}`, params: [] };
  return { sql: 'select id from app_user where account_id = ?', params: [accountId] };
}

/**
 * Recomputes the stored license of the users in `scope`, in one statement, in the caller's transaction:
 * the SCIM licenseType when the account's SCIM license management is on and the user has one; else the
 * best-ranked mapping of the user's groups; else the account's default; else none. Returns how many changed.
 */
export function resolveLicenses(em: EntityManager, accountId: string, scope: LicenseScope): Promise<number> {
  return resolve(em, accountId, scope, null);
}

/**
 * For users whose memberships changed: their license is resolved again and, as a user's `groups` is part of
 * its resource, its version (the ETag) and lastModified move, in the same statement. Rows are locked in id
 * order, so concurrent group writes touching the same users cannot deadlock. Returns how many licenses changed.
 */
export function membershipsChanged(em: EntityManager, accountId: string, scope: LicenseScope, now: Date): Promise<number> {
  return resolve(em, accountId, scope, now);
}

async function resolve(em: EntityManager, accountId: string, scope: LicenseScope, touchedAt: Date | null): Promise<number> {
  if ('userIds' in scope && scope.userIds.length === 0) return 0;
  const { sql, params } = scopeSql(scope, accountId);
  const changed = '(r.old_type is distinct from r.license_type or r.old_source is distinct from r.license_source)';
  // Resolving alone writes only the users whose license differs; touching locks and writes every user in scope.
  const [materialized, lockInOrder, touch, onlyChanged] = touchedAt
    ? ['materialized', 'order by u.id for no key update', ', version = u.version + 1, updated_at = ?', '']
    : ['', '', '', `and ${changed}`];
  const rows = await executePrepared<{ changed: boolean }>(
    em,
    `with scoped as ${materialized} (
       select u.id from app_user u where u.account_id = ? and u.id in (${sql}) ${lockInOrder}
     ), resolved as (
       select u.id, u.license_type as old_type, u.license_source as old_source,
              case when a.scim_license_management and u.scim_license_type is not null then u.scim_license_type
                   else coalesce(m.license_type, a.default_license_type) end as license_type,
              case when a.scim_license_management and u.scim_license_type is not null then 'scim'
                   when m.license_type is not null then 'mapping'
                   when a.default_license_type is not null then 'default' end::license_source as license_source
         from app_user u
         join scoped s on s.id = u.id
         join account a on a.id = u.account_id
         left join lateral (
           select lm.license_type
             from group_membership gm
             join app_group g on g.id = gm.group_id
             join license_mapping lm on lm.account_id = g.account_id and lm.group_name_key = g.display_name_key
            where gm.user_id = u.id and gm.account_id = u.account_id
            order by ${RANK_SQL}
            limit 1
         ) m on true
     )
     update app_user u
        set license_type = r.license_type, license_source = r.license_source${touch}
       from resolved r
      where u.id = r.id ${onlyChanged}
     returning ${changed} as changed`,
    [accountId, ...params, ...(touchedAt ? [touchedAt] : [])],
    { overTemporaryTable: 'formerMembersTable' in scope },
  );
  return rows.filter((row) => row.changed).length;
}

/**
 * For users whose license comes from a mapping: the group it comes from, ranked as `resolveLicenses` ranks
 * (ties broken by group name). One statement for any number of users.
 */
export async function licenseGroupsOfUsers(em: EntityManager, accountId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (userIds.length === 0) return result;
  const rows = await em.execute<{ user_id: string; group_id: string }[]>(
    `select u.id as user_id, m.group_id
       from app_user u
       cross join lateral (
         select g.id as group_id
           from group_membership gm
           join app_group g on g.id = gm.group_id
           join license_mapping lm on lm.account_id = g.account_id and lm.group_name_key = g.display_name_key
          where gm.user_id = u.id and gm.account_id = u.account_id and lm.license_type = u.license_type
          order by ${RANK_SQL}, g.display_name_key
          limit 1
       ) m
      where u.account_id = ? and u.id = any(?::uuid[]) and u.license_source = 'mapping'`,
    [accountId, uuidArray(userIds)],
  );
  for (const row of rows) result.set(row.user_id, row.group_id);
  return result;
}
