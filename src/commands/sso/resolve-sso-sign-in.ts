import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../domain/account/account.entity';
import { ConflictError, DomainError, InvalidInputError } from '../../domain/errors';
import { Group } from '../../domain/group/group.entity';
import { checkManualUpdate } from '../../domain/policy/manual-updates';
import { ruleMatches } from '../../domain/sso/claim-match';
import { SsoMappingRule } from '../../domain/sso/sso-mapping-rule.entity';
import { emailKey, looksLikeEmail, userNameKey } from '../../domain/user/user-name';
import { validateUserInput } from '../../domain/user/user-rules';
import { ManagedBy, User } from '../../domain/user/user.entity';
import { inTransaction } from '../../db/unit-of-work';
import { uuidArray } from '../../db/sql-values';
import type { Ctx } from '../context';
import { applyGroupChange, lockGroup } from '../groups/change-group';
import { resolveLicenses } from '../licenses/resolve-licenses';
import { recordEvent } from '../record-event';
import { assignUserInput } from '../users/assign-user-input';
import { newUserInput } from '../users/user-input-of';

export interface SsoSignInInput {
  /** The verified address of the assertion; matched to a user ignoring case. */
  email: string;
  /** The assertion's groups claim, as sent. */
  groups: readonly string[];
  /** Compute and return the same answer without storing anything. */
  dryRun?: boolean;
}

export enum SsoSkipReason {
  /** dbt's rule: the IdP's SCIM pushes own this user's groups, so SSO rules never touch it. */
  SCIM_MANAGED = 'scim_managed',
  /** A deactivated user's sign-in changes nothing; the login layer refuses it. */
  USER_DEACTIVATED = 'user_deactivated',
}

export interface SsoSignInResult {
  /** The user as stored after the sign-in (with `dryRun`: as it would be; a user that would be created has an id no row has). */
  user: User;
  created: boolean;
  appliedRules: boolean;
  reason: SsoSkipReason | null;
  /** Groups that rules map the claim's values to. */
  matchedGroups: Group[];
  addedGroups: Group[];
  removedGroups: Group[];
  /** SCIM-managed groups whose membership would change, left alone while the account does not allow manual updates. */
  skippedGroups: Group[];
  /** Every group of the user afterwards. */
  groups: Group[];
  dryRun: boolean;
}

const MAX_CLAIM_VALUES = 1000;
const MAX_CLAIM_LENGTH = 1024;

/** Thrown out of the transaction with the finished answer of a dry run, so that everything it wrote rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: SsoSignInResult) {
    super('dry run');
  }
}

/**
 * Signs a verified SSO identity in: finds the user by email ignoring case (or creates a manual one just in
 * time), applies the SSO mapping rules to its memberships and resolves its license, in one transaction.
 *
 * Rules manage the groups they target: a user is added to every group a rule matches and removed from every
 * targeted group no rule matches any more; memberships of groups no rule targets are left to admins. SCIM-managed
 * users are never changed (dbt's rule) and neither are deactivated ones. A dry run runs the very same code and
 * rolls it back, so its answer is the real one by construction, without a second copy of the rules.
 */
export async function resolveSsoSignIn(ctx: Ctx, input: SsoSignInInput): Promise<SsoSignInResult> {
  const email = input.email.trim();
  if (!looksLikeEmail(email)) throw new InvalidInputError('INVALID_EMAIL', `"${input.email}" is not an email address`, { field: 'email' });
  if (input.groups.length > MAX_CLAIM_VALUES || input.groups.some((g) => g.length > MAX_CLAIM_LENGTH))
    throw new InvalidInputError('TOO_MANY_GROUPS', `At most ${MAX_CLAIM_VALUES} group claim values of at most ${MAX_CLAIM_LENGTH} characters`, { field: 'groups' });
  const dryRun = input.dryRun ?? false;
  try {
    return await inTransaction(ctx, async (em) => {
      const result = await signIn(em, ctx, email, input.groups, dryRun);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

async function signIn(em: EntityManager, ctx: Omit<Ctx, 'em'>, email: string, claims: readonly string[], dryRun: boolean): Promise<SsoSignInResult> {
  const account = await em.findOneOrFail(Account, { id: ctx.accountId });
  const now = ctx.clock.now();
  const found = await findSignInUser(em, ctx.accountId, email);
  const user = found ?? createUser(em, account, email, now);
  if (!found) await em.flush();

  const base = { user, created: !found, dryRun, matchedGroups: [], addedGroups: [], removedGroups: [], skippedGroups: [] };
  const reason = user.managedBy === ManagedBy.SCIM ? SsoSkipReason.SCIM_MANAGED : !user.active ? SsoSkipReason.USER_DEACTIVATED : null;
  if (reason) {
    recordEvent(em, ctx, 'user.sso_signed_in', { resourceType: 'User', resourceId: user.id, detail: { appliedRules: false, reason } });
    return { ...base, appliedRules: false, reason, groups: await groupsOf(em, ctx.accountId, user.id) };
  }

  // Signing in through SSO proves the address, as accepting the invitation would.
  if (!user.invitationAcceptedAt) user.invitationAcceptedAt = now;

  const rules = await em.find(SsoMappingRule, { account: ctx.accountId }, { populate: ['group'] });
  const targeted = new Map(rules.map((r) => [r.group.id, r.group]));
  const matched = new Set(rules.filter((r) => claims.some((claim) => ruleMatches(r, claim))).map((r) => r.group.id));
  const current = await membershipsIn(em, user.id, [...targeted.keys()]);
  const changes = [...targeted.keys()]
    .filter((id) => matched.has(id) !== current.has(id))
    .sort()
    .map((id) => ({ id, add: matched.has(id) }));

  // Flushed before the membership writes, which move the user's version in SQL; the entity is refreshed after.
  user.updatedAt = now;
  await em.flush();

  const added: Group[] = [];
  const removed: Group[] = [];
  const skipped: Group[] = [];
  // Locked in id order, so two sign-ins touching the same groups cannot deadlock.
  for (const change of changes) {
    const group = await lockGroup(em, ctx.accountId, change.id);
    let manual: boolean;
    try {
      manual = checkManualUpdate(account, { managedBy: group.managedBy, kind: 'group', id: group.id }, ctx.actor).manual;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'MANUAL_UPDATE_FORBIDDEN') {
        skipped.push(group);
        continue;
      }
      throw error;
    }
    await applyGroupChange(em, ctx, group, { members: change.add ? { add: [user.id] } : { remove: [user.id] } }, { manual });
    (change.add ? added : removed).push(group);
  }

  await resolveLicenses(em, ctx.accountId, { userIds: [user.id] });
  await em.refresh(user);
  recordEvent(em, ctx, 'user.sso_signed_in', {
    resourceType: 'User',
    resourceId: user.id,
    detail: { appliedRules: true, created: !found, added: added.map((g) => g.id), removed: removed.map((g) => g.id), skipped: skipped.map((g) => g.id) },
  });
  return {
    ...base,
    appliedRules: true,
    reason: null,
    matchedGroups: [...matched].map((id) => targeted.get(id)!).sort(byName),
    addedGroups: added.sort(byName),
    removedGroups: removed.sort(byName),
    skippedGroups: skipped.sort(byName),
    groups: await groupsOf(em, ctx.accountId, user.id),
  };
}

/** The user whose userName is the address, else the one user whose effective email it is (locked either way). */
async function findSignInUser(em: EntityManager, accountId: string, email: string): Promise<User | null> {
  const key = emailKey(email);
  const candidates = await em.find(
    User,
    { account: accountId, $or: [{ userNameKey: userNameKey(email) }, { emailKey: key }] },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, limit: 10 },
  );
  const byUserName = candidates.find((u) => u.userNameKey === userNameKey(email));
  if (byUserName) return byUserName;
  if (candidates.length > 1) throw new ConflictError('AMBIGUOUS_EMAIL', `Several users have the email ${email}; give one of them this userName`, { field: 'email' });
  return candidates[0] ?? null;
}

/** A manual user made just in time: userName and email are the verified address, already accepted (no invitation). */
function createUser(em: EntityManager, account: Account, email: string, now: Date): User {
  const input = newUserInput(email, email);
  validateUserInput(input, account);
  const user = em.create(User, { account, userName: email, userNameKey: userNameKey(email), managedBy: ManagedBy.MANUAL, createdAt: now, updatedAt: now });
  assignUserInput(em, user, input);
  user.email = email;
  user.emailKey = emailKey(email);
  user.invitationAcceptedAt = now;
  return user;
}

async function membershipsIn(em: EntityManager, userId: string, groupIds: string[]): Promise<Set<string>> {
  if (groupIds.length === 0) return new Set();
  const rows = await em.execute<{ group_id: string }[]>('select group_id from group_membership where user_id = ? and group_id = any(?::uuid[])', [
    userId,
    uuidArray(groupIds),
  ]);
  return new Set(rows.map((r) => r.group_id));
}

async function groupsOf(em: EntityManager, accountId: string, userId: string): Promise<Group[]> {
  const rows = await em.execute<{ group_id: string }[]>('select group_id from group_membership where account_id = ? and user_id = ?', [accountId, userId]);
  if (rows.length === 0) return [];
  const groups = await em.find(Group, { account: accountId, id: { $in: rows.map((r) => r.group_id) } });
  return groups.sort(byName);
}

function byName(a: Group, b: Group): number {
  return a.displayNameKey < b.displayNameKey ? -1 : a.displayNameKey > b.displayNameKey ? 1 : 0;
}
