import type { ProvisionGroupInput } from '../../commands/groups/provision-group';
import type { MemberRef } from '../../commands/groups/group.queries';
import type { Group } from '../../domain/group/group.entity';
import { ScimProtocolError } from '../protocol/scim-error';
import { URN } from '../protocol/urns';
import { caseless, isObject, optionalObject, optionalString, type Json } from './json-access';

/** SCIM Group JSON → what a create or a full replace sets. Read-only `id` and `meta` are ignored. */
export function parseGroupResource(body: unknown): ProvisionGroupInput {
  if (!isObject(body)) throw new ScimProtocolError(400, 'invalidSyntax', 'The request body must be a JSON object');
  const get = caseless(body);
  const displayName = get('displayName');
  if (typeof displayName !== 'string' || !displayName.trim())
    throw new ScimProtocolError(400, 'invalidValue', 'displayName is required and must be a non-empty string');
  const externalId = optionalString(get('externalId'), 'externalId');
  return { displayName, externalId: externalId || null, members: parseMemberValues(get('members')) };
}

/**
 * Member ids from a `members` value: an array of `{value, display | displayName, type, $ref}` (Microsoft's
 * validators send `displayName`), or a single such object. Only users can be members.
 */
export function parseMemberValues(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return items.map((item, i) => {
    const label = `members[${i}]`;
    const get = caseless(optionalObject(item, label) ?? {});
    const value = optionalString(get('value'), `${label}.value`);
    if (!value?.trim()) throw new ScimProtocolError(400, 'invalidValue', `${label}.value is required`);
    const type = optionalString(get('type'), `${label}.type`);
    if (type && type.toLowerCase() !== 'user') throw new ScimProtocolError(400, 'invalidValue', `${label}: only users can be members (type "${type}")`);
    return value.trim();
  });
}

export function groupEtag(group: Pick<Group, 'version'>): string {
  return `W/"${group.version}"`;
}

/** The group as a SCIM resource; `members` only when they were read (null means "not asked for"). */
export function renderGroup(group: Group, members: MemberRef[] | null, baseUrl: string): Json {
  return {
    schemas: [URN.group],
    id: group.id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members ? { members: members.map((m) => ({ value: m.value, display: m.display, $ref: `${baseUrl}/Users/${m.value}`, type: 'User' })) } : {}),
    meta: {
      resourceType: 'Group',
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: groupEtag(group),
    },
  };
}
