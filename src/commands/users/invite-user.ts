import { Account } from '../../domain/account/account.entity';
import { userNameKey } from '../../domain/user/user-name';
import { InvalidInputError } from '../../domain/errors';
import { signInEmail, validateUserInput } from '../../domain/user/user-rules';
import { ManagedBy, User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { resolveLicenses } from '../licenses/resolve-licenses';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assignUserInput } from './assign-user-input';
import { applySignInEmail } from './sign-in-email';
import { newUserInput } from './user-input-of';

export interface InviteUserInput {
  userName: string;
  /** The address the invitation goes to; the userName when omitted. */
  email?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  displayName?: string | null;
}

/**
 * Creates a manual user and mails the invitation in the same transaction. A userName already taken (ignoring
 * case), by a manual or a SCIM-managed user, fails on the unique constraint with USER_NAME_TAKEN. The account's
 * userName = email rule holds as for SCIM users. The user holds its resolved license from the start; it is
 * `licensePending` until the invitation is accepted.
 */
export async function inviteUser(ctx: Ctx, input: InviteUserInput): Promise<User> {
  return runRecorded(ctx, { action: 'user.invited', resourceType: 'User' }, async (em) => {
    const account = await em.findOneOrFail(Account, { id: ctx.accountId });
    const userName = input.userName.trim();
    const userInput = newUserInput(userName, (input.email ?? userName).trim() || null, input);
    validateUserInput(userInput, account);
    // With the userName = email rule off, a blank email would leave nobody to mail: an invitation that invites no one.
    if (!signInEmail(userInput, account)) throw new InvalidInputError('USER_HAS_NO_EMAIL', 'An invitation needs an email address to go to', { field: 'email' });
    const now = ctx.clock.now();
    const user = em.create(User, { account, userName, userNameKey: userNameKey(userName), managedBy: ManagedBy.MANUAL, createdAt: now, updatedAt: now });
    assignUserInput(em, user, userInput);
    await em.flush();
    // The first address takes effect at once and the invitation is queued to it.
    await applySignInEmail(em, ctx, user, userInput, account);
    recordEvent(em, ctx, 'user.invited', { resourceType: 'User', resourceId: user.id, detail: { userName: user.userName } });
    await em.flush();
    await resolveLicenses(em, ctx.accountId, { userIds: [user.id] });
    await em.refresh(user);
    return user;
  });
}
