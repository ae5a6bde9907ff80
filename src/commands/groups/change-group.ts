import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../../domain/errors';
import { groupNameKey, validateGroupName } from '../../domain/group/group-name';
import { Group } from '../../domain/group/group.entity';
import { isUuid } from '../../domain/ids';
import type { ManagedBy } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { manualUpdatePolicy } from '../manual-update-policy';
import { membershipsChanged } from '../licenses/resolve-licenses';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { groupNotFound } from './group.queries';
import { addMembers, deleteMembers, deleteMembersExcept } from './membership';
import { assertVersion, type VersionCondition } from '../../domain/versioning';
import { executePrepared } from '../../db/prepared-statements';
import { driverCode } from '../../db/unit-of-work';

const FOREIGN_KEY_VIOLATION = '23503';

/** An `app_group` row as PostgreSQL returns it, before it is mapped onto the entity. */
interface GroupRow extends Record<string, unknown> {
  id: string;
  display_name: string;
  managed_by: ManagedBy;
}

/** What one request changes in a group; each part is optional. Member changes are sets of user ids. */
export interface GroupChange {
  displayName?: string;
  externalId?: string | null;
  members?: {
    /** The whole new member set (PUT, `replace members`): applied as a difference computed in SQL. */
    replace?: readonly string[];
    add?: readonly string[];
    /** `'all'` empties the group. */
    remove?: readonly string[] | 'all';
  };
}

export interface GroupChangeResult {
  group: Group;
  added: number;
  removed: number;
}

/**
 * Applies a change to a group under its row lock, so concurrent changes (renames, member adds from parallel
 * PATCHes) serialize instead of overwriting each other; its cost depends on the members named, not on the group.
 */
export async function changeGroup(ctx: Ctx, id: string, change: GroupChange, condition: VersionCondition = {}): Promise<GroupChangeResult> {
  return runRecorded(ctx, { action: 'group.updated', resourceType: 'Group', resourceId: id }, async (em) => {
    const members = membersOnly(change);
    if (members && condition.ifVersion === undefined) return changeMembers(em, ctx, id, members);
    const group = await lockGroup(em, ctx.accountId, id);
    assertVersion(condition, group.version);
    const { manual } = await manualUpdatePolicy(em, ctx, { managedBy: group.managedBy, kind: 'group', id: group.id });
    return applyGroupChange(em, ctx, group, change, { manual });
  });
}

/** The named members a change adds and removes, when that is all it does (Entra's parallel single-member PATCHes). */
function membersOnly(change: GroupChange): { add: string[]; remove: string[] } | null {
  const { displayName, externalId, members = {} } = change;
  if (displayName !== undefined || externalId !== undefined || members.replace || members.remove === 'all') return null;
  return { add: dedupe(members.add ?? []), remove: dedupe(members.remove ?? []) };
}

/**
 * Adds and removes of named members commute, so unlike other changes they take the group's row lock last:
 * rows change under the unique key (concurrent adds of one user meet there), and the count and version
 * move in one UPDATE just before the commit. Parallel PATCHes of one group then queue for that statement,
 * not for the whole transaction. The group is read unlocked only to refuse an unknown one early.
 */
async function changeMembers(em: EntityManager, ctx: Ctx, id: string, members: { add: string[]; remove: string[] }): Promise<GroupChangeResult> {
  // Plain rows, mapped onto the entity once at the end: the UPDATE below writes the group, the ORM must not.
  const [current] = isUuid(id) ? await executePrepared<GroupRow>(em, 'select * from app_group where id = ? and account_id = ?', [id, ctx.accountId]) : [];
  if (!current) throw groupNotFound(id);
  const { manual } = await manualUpdatePolicy(em, ctx, { managedBy: current.managed_by, kind: 'group', id: current.id });
  const removed = await deleteMembers(em, current.id, members.remove);
  // A group deleted since the read fails the insert's foreign key: it is gone, as for any other change.
  const added = await addMembers(em, ctx.accountId, current.id, members.add).catch((error: unknown) => {
    throw driverCode(error) === FOREIGN_KEY_VIOLATION ? groupNotFound(id) : error;
  });
  recordMemberEvents(em, ctx, { resourceType: 'Group', resourceId: current.id, manual }, { displayName: current.display_name }, added, removed);
  if (added.length || removed.length) {
    const changedUsers = [...added, ...removed];
    await membershipsChanged(em, ctx.accountId, { userIds: changedUsers }, ctx.clock.now());
    // The events first, so that from the group's UPDATE to the commit, while parallel changes wait, nothing else runs.
    await em.flush();
    const [updated] = await executePrepared<GroupRow>(
      em,
      'update app_group set member_count = member_count + ?, version = version + 1, updated_at = ? where id = ? returning *',
      [added.length - removed.length, ctx.clock.now(), current.id],
    );
    if (!updated) throw groupNotFound(id);
    return { group: em.map(Group, updated), added: added.length, removed: removed.length };
  }
  return { group: em.map(Group, current), added: 0, removed: 0 };
}

export async function lockGroup(em: EntityManager, accountId: string, id: string): Promise<Group> {
  const group = isUuid(id) ? await em.findOne(Group, { id, account: accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!group) throw groupNotFound(id);
  return group;
}

/**
 * The body of every group write, inside the caller's transaction with the group row locked. The caller has
 * applied the manual-update policy; `manual` marks the events of an admin's change to a SCIM-managed group.
 */
export async function applyGroupChange(
  em: EntityManager,
  ctx: Omit<Ctx, 'em'>,
  group: Group,
  change: GroupChange,
  options: { manual?: boolean } = {},
): Promise<GroupChangeResult> {
  let changed = false;
  const previousName = group.displayName;
  if (change.displayName !== undefined) {
    const name = validateGroupName(change.displayName);
    if (name !== group.displayName) {
      changed = true;
      const key = groupNameKey(name);
      if (key !== group.displayNameKey && (await em.count(Group, { account: ctx.accountId, displayNameKey: key })))
        throw new ConflictError('GROUP_NAME_TAKEN', `A group named "${name}" already exists`, { field: 'displayName' });
      group.displayName = name;
      group.displayNameKey = key;
    }
  }
  if (change.externalId !== undefined && (change.externalId || null) !== group.externalId) {
    group.externalId = change.externalId || null;
    changed = true;
  }

  const members = change.members ?? {};
  const toAdd = dedupe([...(members.replace ?? []), ...(members.add ?? [])]);
  const removed: string[] = [];
  if (members.replace) removed.push(...(await deleteMembersExcept(em, group.id, dedupe(members.replace))));
  if (members.remove === 'all') removed.push(...(await deleteMembersExcept(em, group.id, [])));
  else if (members.remove) removed.push(...(await deleteMembers(em, group.id, dedupe(members.remove))));
  const added = await addMembers(em, ctx.accountId, group.id, toAdd);

  if (changed || added.length || removed.length) {
    group.memberCount += added.length - removed.length;
    group.version += 1;
    group.updatedAt = ctx.clock.now();
    // Flushed now so the license statement below sees the new name.
    await em.flush();
  }

  // Every member shows the group's name, and a new name can map to another license; otherwise only the
  // users whose membership changed are resolved and touched.
  if (changed && group.displayName !== previousName) await membershipsChanged(em, ctx.accountId, { groupId: group.id }, group.updatedAt);
  await membershipsChanged(em, ctx.accountId, { userIds: [...added, ...removed] }, ctx.clock.now());

  const detail = { displayName: group.displayName };
  const event = { resourceType: 'Group', resourceId: group.id, manual: options.manual ?? false };
  if (changed) recordEvent(em, ctx, 'group.updated', { ...event, detail });
  recordMemberEvents(em, ctx, event, detail, added, removed);
  return { group, added: added.length, removed: removed.length };
}

/** The events of a group's member changes: how many, and the first 100 users of each. */
function recordMemberEvents(
  em: EntityManager,
  ctx: Omit<Ctx, 'em'>,
  event: { resourceType: string; resourceId: string; manual: boolean },
  detail: { displayName: string },
  added: readonly string[],
  removed: readonly string[],
): void {
  if (added.length) recordEvent(em, ctx, 'group.members_added', { ...event, detail: { ...detail, count: added.length, userIds: added.slice(0, 100) } });
  if (removed.length) recordEvent(em, ctx, 'group.members_removed', { ...event, detail: { ...detail, count: removed.length, userIds: removed.slice(0, 100) } });
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => (isUuid(id) ? id.toLowerCase() : id)))];
}
