import { Account } from '../../domain/account/account.entity';
import type { EmailInput, UserInput } from '../../domain/user/user-input';
import { signInEmail, validateUserInput } from '../../domain/user/user-rules';
import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assignUserInput } from './assign-user-input';
import { lockUserForChange } from './lock-user';
import { applySignInEmail } from './sign-in-email';
import { userInputOf } from './user-input-of';

/** An admin's partial change: an omitted field is kept, a null clears it. */
export interface UpdateUserInput {
  id: string;
  userName?: string;
  /** The new sign-in address: it takes effect once the new address confirms it (`pendingEmail` until then). */
  email?: string;
  givenName?: string | null;
  familyName?: string | null;
  middleName?: string | null;
  displayName?: string | null;
  title?: string | null;
}

const NAME_FIELDS = ['givenName', 'familyName', 'middleName', 'displayName', 'title'] as const;

/**
 * Changes a user's names, userName or email, under the same rules as a SCIM write. While the account's
 * userName = email rule is on, changing one of the two changes the other (sending both, they must agree).
 */
export async function updateUser(ctx: Ctx, input: UpdateUserInput): Promise<User> {
  return runRecorded(ctx, { action: 'user.updated', resourceType: 'User', resourceId: input.id }, async (em) => {
    const { user, manual } = await lockUserForChange(em, ctx, input.id);
    const account = await em.findOneOrFail(Account, { id: ctx.accountId });
    const next: UserInput = userInputOf(user);
    for (const field of NAME_FIELDS) if (input[field] !== undefined) next[field] = input[field]?.trim() || null;

    let userName = input.userName?.trim();
    let email = input.email?.trim();
    if (account.userNameMustMatchEmail) {
      userName ??= email;
      email ??= userName;
    }
    if (userName !== undefined) next.userName = userName;
    if (email !== undefined) next.emails = withSignInEmail(next, email, account);
    validateUserInput(next, account);

    if (assignUserInput(em, user, next)) {
      user.updatedAt = ctx.clock.now();
      await applySignInEmail(em, ctx, user, next, account);
      recordEvent(em, ctx, 'user.updated', { resourceType: 'User', resourceId: user.id, manual, detail: { userName: user.userName } });
    }
    await em.flush();
    return user;
  });
}

/** The emails with the sign-in one's address replaced (or a primary work email added when there is none). */
function withSignInEmail(input: UserInput, address: string, settings: Account): EmailInput[] {
  const current = signInEmail({ ...input, userName: '' }, { ...settings, userNameMustMatchEmail: false });
  const index = current === null ? -1 : input.emails.findIndex((e) => e.value.trim() === current);
  if (index < 0) return [{ value: address, type: 'work', primary: true, display: null }, ...input.emails.map((e) => ({ ...e, primary: false }))];
  return input.emails.map((e, i) => (i === index ? { ...e, value: address } : e));
}
