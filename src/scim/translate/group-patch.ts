import type { GroupChange } from '../../commands/groups/change-group';
import { groupResourceSchemas, type ValueFilter } from '../protocol/attribute-path';
import { expandPatchOperations, type PatchOperation } from '../protocol/patch';
import { ScimProtocolError } from '../protocol/scim-error';
import { optionalString } from './json-access';
import { parseMemberValues } from './group-resource';

type MemberState = { replace: Set<string> } | { add: Set<string>; remove: Set<string> };

/**
 * PATCH operations on a Group → one GroupChange, without reading the group: member operations fold, in
 * order, into sets to add, to remove, or a whole new set. Okta's pathless `replace` of `{id, displayName}`,
 * `members[value eq "…"]` removals and Entra's `Remove` with a value list all land here.
 */
export function groupPatchToChange(operations: readonly PatchOperation[]): GroupChange {
  const change: GroupChange = {};
  let members: MemberState | null = null;
  const state = (): MemberState => (members ??= { add: new Set(), remove: new Set() });

  for (const { op, path, value } of expandPatchOperations(operations, groupResourceSchemas).operations) {
    switch (path.attribute) {
      case 'displayName': {
        if (op === 'remove') throw new ScimProtocolError(400, 'mutability', 'displayName is required and cannot be removed');
        const name = optionalString(value, 'displayName');
        if (!name) throw new ScimProtocolError(400, 'invalidValue', 'displayName must be a non-empty string');
        change.displayName = name;
        break;
      }
      case 'externalId':
        change.externalId = op === 'remove' ? null : optionalString(value, 'externalId');
        break;
      case 'members': {
        if (path.subAttribute) throw new ScimProtocolError(400, 'invalidPath', `"${path.raw}": change members as a whole, not their sub-attributes`);
        if (path.filter) {
          if (op !== 'remove') throw new ScimProtocolError(400, 'invalidPath', `"${path.raw}": only remove takes a members filter`);
          const s = state();
          for (const id of memberIdsOf(path.filter, path.raw)) removeMember(s, id);
          break;
        }
        if (op === 'remove') {
          // Entra sends the members to remove as a value list: remove only those, never all.
          if (value === undefined || value === null) members = { replace: new Set() };
          else for (const id of parseMemberValues(value)) removeMember(state(), id);
        } else if (op === 'replace') {
          members = { replace: new Set(parseMemberValues(value)) };
        } else {
          for (const id of parseMemberValues(value)) addMember(state(), id);
        }
        break;
      }
      default:
        throw new ScimProtocolError(400, 'invalidPath', `"${path.raw}" cannot be changed on a Group`);
    }
  }
  if (members) {
    const m = members as MemberState;
    change.members = 'replace' in m ? { replace: [...m.replace] } : { add: [...m.add], remove: [...m.remove] };
  }
  return change;
}

function addMember(s: MemberState, id: string): void {
  if ('replace' in s) s.replace.add(id);
  else {
    s.add.add(id);
    s.remove.delete(id);
  }
}

function removeMember(s: MemberState, id: string): void {
  if ('replace' in s) s.replace.delete(id);
  else {
    s.remove.add(id);
    s.add.delete(id);
  }
}

/** `members[value eq "a" or value eq "b"]` names members by id; any other filter is refused. */
function memberIdsOf(filter: ValueFilter, raw: string): string[] {
  if (filter.op === 'or') return filter.filters.flatMap((f) => memberIdsOf(f, raw));
  if (filter.op === 'eq' && filter.attribute === 'value' && typeof filter.value === 'string') return [filter.value];
  throw new ScimProtocolError(400, 'invalidFilter', `"${raw}": select members by value eq "<id>" (joined with or)`);
}
