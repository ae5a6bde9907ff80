import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '../../db/prepared-statements';
import { Account } from '../../domain/account/account.entity';
import { licenseOfUngroupedUser } from '../../domain/account/license-type';
import { ConflictError } from '../../domain/errors';
import type { UserInput } from '../../domain/user/user-input';
import { emailKey, userNameKey } from '../../domain/user/user-name';
import { signInEmail, validateUserInput } from '../../domain/user/user-rules';
import { ManagedBy, User } from '../../domain/user/user.entity';
import { accountNotFound } from '../account.queries';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assignUserInput } from './assign-user-input';
import { resolveLicenses } from '../licenses/resolve-licenses';
import { applySignInEmail } from './sign-in-email';

export interface ProvisionUserResult {
  user: User;
  /** True when an existing manually invited user was linked instead of a new one created. */
  linked: boolean;
}

/**
 * Provisions a user from the IdP. A manually invited user is linked (and becomes SCIM-managed) rather than
 * refused, as the seeds ask: the one with the same userName while the account's userName = email rule is on
 * (a SCIM-managed one is a uniqueness conflict), the one with the same sign-in email while it is off.
 */
export async function provisionUser(ctx: Ctx, input: UserInput): Promise<ProvisionUserResult> {
  return runRecorded(ctx, { action: 'user.created', resourceType: 'User' }, async (em) => {
    const { account, linkId } = await shareAccountAndFindUserToLink(em, ctx.accountId, input);
    validateUserInput(input, account);
    const now = ctx.clock.now();
    const existing = linkId ? await em.findOneOrFail(User, { id: linkId }, { populate: ['emails'], strategy: 'select-in' }) : null;
    if (existing?.managedBy === ManagedBy.SCIM)
      throw new ConflictError('USER_NAME_TAKEN', `A user with userName "${input.userName}" already exists`, { field: 'userName' });

    const user = existing ?? em.create(User, { account, userName: input.userName, userNameKey: userNameKey(input.userName), createdAt: now, updatedAt: now });
    assignUserInput(em, user, input);
    user.managedBy = ManagedBy.SCIM;
    user.updatedAt = now;
    // A new user is inserted with its email, invitation and event in one flush.
    await applySignInEmail(em, ctx, user, input, account);
    recordEvent(em, ctx, existing ? 'user.linked' : 'user.created', { resourceType: 'User', resourceId: user.id, detail: { userName: user.userName } });
    // A new user is in no group yet, so its license is known before the insert; a linked one may have groups.
    if (!existing) Object.assign(user, licenseOfUngroupedUser(account, user.scimLicenseType));
    await em.flush();
    if (existing) await resolveLicenses(em, ctx.accountId, { userIds: [user.id] });
    return { user, linked: !!existing };
  });
}

/** `shareAccountAndFindUserToLink`'s statement (parameters: account, userName key, email key, `manual`); the bench's raw baseline runs it too. */
export const ACCOUNT_AND_USER_TO_LINK_SQL = `with a as materialized (select * from account where id = ? for share)
     select a.*, coalesce(by_name.id, by_email.id) as link_id
       from a
       left join lateral (
         select u.id from app_user u
          where a.user_name_must_match_email and u.account_id = a.id and u.user_name_key = ?
          for update of u
       ) by_name on true
       left join lateral (
         select u.id from app_user u
          where not a.user_name_must_match_email and u.account_id = a.id and u.email_key = ? and u.managed_by = ?
          order by u.created_at asc, u.id asc limit 1
          for update of u
       ) by_email on true`;

/**
 * The account, read `FOR SHARE` (a concurrent change of its userName rule waits for this write, and vice
 * versa), and the id of the existing user a POST provisions onto, if any. Rule on: the user with that
 * userName, whoever manages it. Rule off, userNames are not addresses and may differ from the product's: a
 * manual user whose sign-in email is the one the IdP sends (ignoring case); with no email sent, nobody.
 * One statement, as every create starts here: the account is locked first, then the user found `FOR UPDATE`,
 * so concurrent POSTs linking one manual user queue there and every one after the first sees it SCIM-managed.
 */
async function shareAccountAndFindUserToLink(em: EntityManager, accountId: string, input: UserInput): Promise<{ account: Account; linkId: string | null }> {
  const email = signInEmail(input, { userNameMustMatchEmail: false });
  const [row] = await executePrepared<Record<string, unknown> & { link_id: string | null }>(
    em,
    ACCOUNT_AND_USER_TO_LINK_SQL,
    [accountId, userNameKey(input.userName), email === null ? null : emailKey(email), ManagedBy.MANUAL],
  );
  if (!row) throw accountNotFound(accountId);
  const { link_id: linkId, ...accountRow } = row;
  return { account: em.map(Account, accountRow), linkId };
}
