import { emailKey, userNameKey } from '../../domain/user/user-name';
import { URN } from '../protocol/urns';
import type { ColumnAttribute, FilterAttributeMap } from './filter-to-sql';

const text = (column: string, caseExact = false): ColumnAttribute => ({ kind: 'column', column, type: 'string', caseExact });

/**
 * The User attributes a SCIM filter or sortBy may name, over `app_user u`; anything else is 400.
 * caseExact follows the published schema (scim/protocol/schema-definitions.ts); a test keeps the two in step.
 *
 * Extension attributes may be URN-qualified or, since each name is defined by one extension only, unqualified
 * (`employeeNumber`); a core attribute always wins an unqualified name (RFC 7644 §3.10).
 */
export const USER_FILTER_ATTRIBUTES: FilterAttributeMap = {
  alias: 'u',
  coreSchema: URN.user,
  schemas: {
    [URN.user]: {
      // `u.id = ?::uuid` keeps the primary key usable; a value that is not a UUID compiles to false, not an error.
      id: { kind: 'column', column: 'u.id', type: 'uuid', caseExact: true },
      externalId: text('u.external_id', true),
      // Answered by app_user_account_user_name_unique (account_id, user_name_key).
      userName: { kind: 'column', column: 'u.user_name_key', type: 'string', caseExact: false, normalize: userNameKey },
      name: {
        kind: 'complex',
        subAttributes: {
          formatted: text('u.formatted_name'),
          familyName: text('u.family_name'),
          givenName: text('u.given_name'),
          middleName: text('u.middle_name'),
          honorificPrefix: text('u.honorific_prefix'),
          honorificSuffix: text('u.honorific_suffix'),
        },
      },
      displayName: text('u.display_name'),
      nickName: text('u.nick_name'),
      title: text('u.title'),
      userType: text('u.user_type'),
      preferredLanguage: text('u.preferred_language'),
      locale: text('u.locale'),
      timezone: text('u.timezone'),
      active: { kind: 'column', column: 'u.active', type: 'boolean', caseExact: false },
      emails: {
        kind: 'childTable',
        table: 'user_email',
        alias: 'e',
        // account_id in the join lets the planner use user_email_account_value_index (account_id, value_key).
        join: 'e.user_id = u.id and e.account_id = u.account_id',
        subAttributes: {
          value: { kind: 'column', column: 'e.value_key', type: 'string', caseExact: false, normalize: emailKey },
          type: text('e.type'),
          primary: { kind: 'column', column: 'e."primary"', type: 'boolean', caseExact: false },
          display: text('e.display'),
        },
        defaultSubAttribute: 'value',
        sortOrder: 'e."primary" desc, e.position',
      },
      phoneNumbers: {
        kind: 'jsonArray',
        column: 'u.phone_numbers',
        alias: 'p',
        subAttributes: {
          value: { key: 'value', type: 'string', caseExact: false },
          type: { key: 'type', type: 'string', caseExact: false },
          primary: { key: 'primary', type: 'boolean', caseExact: false },
          display: { key: 'display', type: 'string', caseExact: false },
        },
        defaultSubAttribute: 'value',
        primarySubAttribute: 'primary',
      },
      groups: {
        kind: 'childTable',
        table: 'group_membership',
        alias: 'gm',
        // Answered by group_membership_account_user_index (account_id, user_id).
        join: 'gm.user_id = u.id and gm.account_id = u.account_id',
        subAttributes: {
          value: { kind: 'column', column: 'gm.group_id', type: 'uuid', caseExact: true },
        },
        defaultSubAttribute: 'value',
      },
      meta: {
        kind: 'complex',
        subAttributes: {
          resourceType: { kind: 'constant', value: 'User', caseExact: true },
          created: { kind: 'column', column: 'u.created_at', type: 'dateTime', caseExact: false },
          lastModified: { kind: 'column', column: 'u.updated_at', type: 'dateTime', caseExact: false },
        },
      },
    },
    [URN.enterpriseUser]: {
      employeeNumber: text('u.employee_number'),
      costCenter: text('u.cost_center'),
      organization: text('u.organization'),
      division: text('u.division'),
      department: text('u.department'),
      manager: { kind: 'complex', subAttributes: { value: text('u.manager_value') } },
    },
    [URN.licenseUser]: {
      // An enum column: compared as text, so an unknown value simply matches nothing.
      licenseType: text('u.scim_license_type::text'),
    },
  },
};
