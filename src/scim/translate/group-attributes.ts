import { groupNameKey } from '../../domain/group/group-name';
import { URN } from '../protocol/urns';
import type { FilterAttributeMap } from './filter-to-sql';

/** The Group attributes a SCIM filter or sortBy may name, over `app_group g`; anything else is 400. */
export const GROUP_FILTER_ATTRIBUTES: FilterAttributeMap = {
  alias: 'g',
  coreSchema: URN.group,
  schemas: {
    [URN.group]: {
      id: { kind: 'column', column: 'g.id', type: 'uuid', caseExact: true },
      externalId: { kind: 'column', column: 'g.external_id', type: 'string', caseExact: true },
      // Answered by app_group_account_display_name_unique (account_id, display_name_key).
      displayName: { kind: 'column', column: 'g.display_name_key', type: 'string', caseExact: false, normalize: groupNameKey },
      members: {
        kind: 'childTable',
        table: 'group_membership',
        alias: 'gm',
        // The (group_id, user_id) primary key answers `members.value eq "<user id>"` for one group at a time.
        join: 'gm.group_id = g.id',
        subAttributes: {
          value: { kind: 'column', column: 'gm.user_id', type: 'uuid', caseExact: true },
        },
        defaultSubAttribute: 'value',
      },
      meta: {
        kind: 'complex',
        subAttributes: {
          resourceType: { kind: 'constant', value: 'Group', caseExact: true },
          created: { kind: 'column', column: 'g.created_at', type: 'dateTime', caseExact: false },
          lastModified: { kind: 'column', column: 'g.updated_at', type: 'dateTime', caseExact: false },
        },
      },
    },
  },
};
