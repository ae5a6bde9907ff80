import type { EntityManager } from '@mikro-orm/postgresql';
import type { LicenseType } from '../../domain/account/license-type';
import { EmailKind } from '../../domain/email/email-outbox.entity';
import { MAX_DELIVERY_ATTEMPTS } from '../../domain/email/email-policy';
import { isUuid } from '../../domain/ids';
import type { LicenseSource } from '../../domain/account/license-type';
import type { ManagedBy, User } from '../../domain/user/user.entity';
import { rowDate, rowDateOrNull, rowText } from '../../db/sql-rows';
import { uuidArray } from '../../db/sql-values';
import type { Ctx } from '../context';
import type { SqlCondition } from '../paging/keyset-page';
import { containsPattern, listOrderedByKey, type KeyPage, type KeyPageArgs } from '../paging/ordered-by-key';

export interface UserFilter {
  /** Part of the userName, the email, or a name, ignoring case. */
  search?: string | null;
  active?: boolean | null;
  managedBy?: ManagedBy | null;
  licenseType?: LicenseType | null;
  /** Licensed, but the invitation is not accepted yet. */
  licensePending?: boolean | null;
  groupId?: string | null;
}

/** What the directory shows of a user: read as plain rows, never hydrated (a page of 1,000 members stays cheap). */
export type UserView = Pick<
  User,
  | 'id'
  | 'userName'
  | 'email'
  | 'givenName'
  | 'middleName'
  | 'familyName'
  | 'displayName'
  | 'title'
  | 'active'
  | 'managedBy'
  | 'licenseType'
  | 'licenseSource'
  | 'invitedAt'
  | 'invitationAcceptedAt'
  | 'createdAt'
  | 'updatedAt'
>;

export function readUserRow(row: Record<string, unknown>): UserView {
  return {
    id: String(row['id']),
    userName: String(row['user_name']),
    email: rowText(row['email']),
    givenName: rowText(row['given_name']),
    middleName: rowText(row['middle_name']),
    familyName: rowText(row['family_name']),
    displayName: rowText(row['display_name']),
    title: rowText(row['title']),
    active: row['active'] === true,
    managedBy: row['managed_by'] as ManagedBy,
    licenseType: (row['license_type'] ?? null) as LicenseType | null,
    licenseSource: (row['license_source'] ?? null) as LicenseSource | null,
    invitedAt: rowDateOrNull(row['invited_at']),
    invitationAcceptedAt: rowDateOrNull(row['invitation_accepted_at']),
    createdAt: rowDate(row['created_at']),
    updatedAt: rowDate(row['updated_at']),
  };
}

/** The directory's users, ordered by userName (ignoring case), filtered in SQL; keyset-paged on `user_name_key`. */
export function listDirectoryUsers(ctx: Pick<Ctx, 'em' | 'accountId'>, filter: UserFilter, page: KeyPageArgs): Promise<KeyPage<UserView>> {
  const where: SqlCondition[] = [];
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search.normalize('NFC').toLowerCase());
    where.push({
      sql: `u.user_name_key like ? or u.email_key like ? or lower(u.display_name) like ?
            or lower(concat_ws(' ', u.given_name, u.middle_name, u.family_name)) like ? or lower(u.formatted_name) like ?`,
      params: [pattern, pattern, pattern, pattern, pattern],
    });
  }
  if (filter.active != null) where.push({ sql: 'u.active = ?', params: [filter.active] });
  if (filter.managedBy != null) where.push({ sql: 'u.managed_by = ?', params: [filter.managedBy] });
  if (filter.licenseType != null) where.push({ sql: 'u.license_type = ?', params: [filter.licenseType] });
  if (filter.licensePending != null)
    where.push({ sql: `(u.license_type is not null and u.invitation_accepted_at is null) = ?`, params: [filter.licensePending] });
  if (filter.groupId != null)
    where.push(
      isUuid(filter.groupId)
        ? { sql: 'exists (select 1 from group_membership gm where gm.group_id = ?::uuid and gm.user_id = u.id and gm.account_id = u.account_id)', params: [filter.groupId] }
        : { sql: 'false', params: [] },
    );
  return listOrderedByKey(ctx.em, { table: 'app_user', alias: 'u', keyColumn: 'user_name_key', accountId: ctx.accountId, where, page, read: readUserRow });
}

/**
 * Users by id in one statement of one shape whatever their number (an array parameter, not an IN list), for the
 * request's DataLoader; ids of other accounts are simply not found.
 */
export async function usersByIds(em: EntityManager, accountId: string, ids: readonly string[]): Promise<Map<string, UserView>> {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return new Map();
  const rows = await em.execute<Record<string, unknown>[]>('select u.* from app_user u where u.account_id = ? and u.id = any(?::uuid[])', [accountId, uuidArray(valid)]);
  return new Map(rows.map((row) => [String(row['id']), readUserRow(row)]));
}

/** The address each user's pending (live, unconfirmed) email change goes to, in one statement. */
export async function pendingEmailsOfUsers(em: EntityManager, accountId: string, userIds: readonly string[], now: Date): Promise<Map<string, string>> {
  const valid = userIds.filter(isUuid);
  if (valid.length === 0) return new Map();
  const rows = await em.execute<{ user_id: string; to_address: string }[]>(
    `select distinct on (user_id) user_id, to_address
       from email_outbox
      where account_id = ? and user_id = any(?::uuid[]) and kind = ? and consumed_at is null
        and (case when sent_at is null then attempts < ? else expires_at > ? end)
      order by user_id, created_at desc`,
    [accountId, uuidArray(valid), EmailKind.EMAIL_CHANGE, MAX_DELIVERY_ATTEMPTS, now],
  );
  return new Map(rows.map((r) => [r.user_id, r.to_address]));
}
