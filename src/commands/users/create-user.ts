import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '../../db/prepared-statements';
import type { Account } from '../../domain/account/account.entity';
import { licenseOfUngroupedUser } from '../../domain/account/license-type';
import { ConflictError } from '../../domain/errors';
import type { UserInput } from '../../domain/user/user-input';
import { emailKey, userNameKey } from '../../domain/user/user-name';
import { signInEmail, validateUserInput } from '../../domain/user/user-rules';
import { ManagedBy, User } from '../../domain/user/user.entity';
import { shareAccount } from '../account.queries';
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
    // FOR SHARE: a concurrent change of the account's userName rule waits for this write, and vice versa.
    const account = await shareAccount(em, ctx.accountId);
    validateUserInput(input, account);
    const now = ctx.clock.now();
    const existing = await findUserToLink(em, account, input);
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

/**
 * The existing user a POST provisions onto, if any. Rule on: the user with that userName, whoever manages it.
 * Rule off, userNames are not addresses and may differ from the product's: a manual user whose sign-in email
 * is the one the IdP sends (ignoring case); with no email sent, nobody.
 */
async function findUserToLink(em: EntityManager, account: Account, input: UserInput): Promise<User | null> {
  // FOR UPDATE: concurrent POSTs linking one manual user queue here, and every one after the first sees it SCIM-managed.
  // Looked up by a prepared statement, as a create usually finds nobody; the one found is then read whole.
  let rows: { id: string }[];
  if (account.userNameMustMatchEmail) {
    rows = await executePrepared(em, 'select id from app_user where account_id = ? and user_name_key = ? for update', [account.id, userNameKey(input.userName)]);
  } else {
    const email = signInEmail(input, account);
    if (email === null) return null;
    rows = await executePrepared(
      em,
      'select id from app_user where account_id = ? and email_key = ? and managed_by = ? order by created_at asc, id asc limit 1 for update',
      [account.id, emailKey(email), ManagedBy.MANUAL],
    );
  }
  return rows[0] ? em.findOneOrFail(User, { id: rows[0].id }, { populate: ['emails'], strategy: 'select-in' }) : null;
}
