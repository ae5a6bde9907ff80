import type { Ctx } from '../../commands/context';
import { groupsOfUsers, membersOfGroups, type MemberRef } from '../../commands/groups/group.queries';
import type { Group } from '../../domain/group/group.entity';
import type { UserRecord } from '../../commands/users/user-records.queries';
import type { User } from '../../domain/user/user.entity';
import { applyProjection, excludesAttribute, type Projection } from '../protocol/projection';
import { renderGroup } from '../translate/group-resource';
import { renderUser } from '../translate/user-resource';
import type { Json } from '../translate/json-access';

type Reader = Pick<Ctx, 'em' | 'accountId'>;

/**
 * Users as SCIM resources; their groups are read in one query, and only when the projection keeps them and
 * the caller does not already know them (`knownGroups`, e.g. none for a user created by this request).
 */
export async function renderUsers(ctx: Reader, users: readonly (User | UserRecord)[], projection: Projection, baseUrl: string, knownGroups?: Map<string, MemberRef[]>): Promise<Json[]> {
  const groups = excludesAttribute(projection, 'groups') ? null : (knownGroups ?? (await groupsOfUsers(ctx.em, ctx.accountId, users.map((u) => u.id))));
  return users.map((u) => applyProjection(renderUser(u, { baseUrl, groups: groups?.get(u.id) ?? null }), projection));
}

/** Groups as SCIM resources; members are read in one query, and only when the projection keeps them. */
export async function renderGroups(ctx: Reader, groups: Group[], projection: Projection, baseUrl: string): Promise<Json[]> {
  const members = excludesAttribute(projection, 'members') ? null : await membersOfGroups(ctx.em, ctx.accountId, groups.map((g) => g.id));
  return groups.map((g) => applyProjection(renderGroup(g, members?.get(g.id) ?? null, baseUrl), projection));
}
