import { rowDate, rowText } from '../../db/sql-rows';
import type { LicenseType } from '../../domain/account/license-type';
import type { PhoneNumber, User } from '../../domain/user/user.entity';
import type { MemberRef } from '../groups/group.queries';

export interface EmailRecord {
  value: string;
  type: string | null;
  primary: boolean;
  display: string | null;
}

/** What a User resource shows, read as plain rows: the same fields as the entity, emails as an array. */
export type UserRecord = Pick<
  User,
  | 'id' | 'externalId' | 'userName' | 'formattedName' | 'familyName' | 'givenName' | 'middleName' | 'honorificPrefix'
  | 'honorificSuffix' | 'displayName' | 'nickName' | 'title' | 'userType' | 'preferredLanguage' | 'locale' | 'timezone'
  | 'active' | 'phoneNumbers' | 'employeeNumber' | 'costCenter' | 'organization' | 'division' | 'department'
  | 'managerValue' | 'scimLicenseType' | 'createdAt' | 'updatedAt' | 'version'
> & { emails: readonly EmailRecord[] };

export interface UserRecords {
  users: UserRecord[];
  /** Each user's groups, when asked for (the resource's read-only `groups`). */
  groups: Map<string, MemberRef[]> | null;
}

const TEXT_COLUMNS = {
  externalId: 'external_id', formattedName: 'formatted_name', familyName: 'family_name', givenName: 'given_name',
  middleName: 'middle_name', honorificPrefix: 'honorific_prefix', honorificSuffix: 'honorific_suffix',
  displayName: 'display_name', nickName: 'nick_name', title: 'title', userType: 'user_type',
  preferredLanguage: 'preferred_language', locale: 'locale', timezone: 'timezone', employeeNumber: 'employee_number',
  costCenter: 'cost_center', organization: 'organization', division: 'division', department: 'department',
  managerValue: 'manager_value',
} as const;

/**
 * The select list (over alias `u` of app_user) of a User record: its columns, its emails and, when asked, its
 * groups as JSON, so that a page of users is read in the statement that pages them, with no entity hydration.
 */
export function userRecordColumns(withGroups: boolean): string {
  return withGroups ? COLUMNS_WITH_GROUPS : COLUMNS;
}

function recordColumns(withGroups: boolean): string {
  const groupsColumn = withGroups
    ? `, (select coalesce(json_agg(json_build_object('value', g.id, 'display', g.display_name) order by g.display_name_key), '[]'::json)
           from group_membership gm join app_group g on g.id = gm.group_id
          where gm.account_id = u.account_id and gm.user_id = u.id) as groups_json`
    : '';
  return `u.user_name, ${Object.values(TEXT_COLUMNS).map((c) => `u.${c}`).join(', ')},
            u.active, u.phone_numbers, u.scim_license_type, u.created_at, u.updated_at, u.version,
            (select coalesce(json_agg(json_build_object('value', e.value, 'type', e.type, 'primary', e."primary", 'display', e.display) order by e.position), '[]'::json)
               from user_email e where e.user_id = u.id) as emails_json${groupsColumn}`;
}

const COLUMNS = recordColumns(false);
const COLUMNS_WITH_GROUPS = recordColumns(true);

/** Rows read with `userRecordColumns`, in their order, as records (and each user's groups when read). */
export function toUserRecords(rows: readonly Record<string, unknown>[], withGroups: boolean): UserRecords {
  const users = rows.map(toRecord);
  const groups = withGroups ? new Map(rows.map((row) => [String(row['id']), json<MemberRef[]>(row['groups_json'])])) : null;
  return { users, groups };
}

function toRecord(row: Record<string, unknown>): UserRecord {
  const text = Object.fromEntries(Object.entries(TEXT_COLUMNS).map(([field, column]) => [field, rowText(row[column])])) as Record<keyof typeof TEXT_COLUMNS, string | null>;
  return {
    id: String(row['id']),
    userName: String(row['user_name']),
    ...text,
    active: row['active'] === true,
    phoneNumbers: json<PhoneNumber[]>(row['phone_numbers']) ?? [],
    scimLicenseType: rowText(row['scim_license_type']) as LicenseType | null,
    createdAt: rowDate(row['created_at']),
    updatedAt: rowDate(row['updated_at']),
    version: Number(row['version']),
    emails: json<EmailRecord[]>(row['emails_json']),
  };
}

/** json columns arrive parsed from pg; a string is parsed here in case a driver setting leaves them as text. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
