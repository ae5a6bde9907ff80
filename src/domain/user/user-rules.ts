import { InvalidInputError } from '../errors';
import type { EmailInput, UserInput } from './user-input';
import { emailKey, hasControlCharacters, looksLikeEmail, userNameKey } from './user-name';

export interface UserRuleSettings {
  /** The account's "userName must match email" rule (on by default). */
  userNameMustMatchEmail: boolean;
}

/**
 * The address the person signs in with: the primary email, else the only one, else the first `work` one.
 * With the userName = email rule on and no email sent, the userName itself is that address.
 */
export function signInEmail(input: Pick<UserInput, 'emails' | 'userName'>, settings: UserRuleSettings): string | null {
  const chosen = pickSignInEmail(input.emails);
  if (chosen) return chosen.value.trim();
  return settings.userNameMustMatchEmail ? input.userName.trim() : null;
}

function pickSignInEmail(emails: EmailInput[]): EmailInput | undefined {
  return emails.find((e) => e.primary) ?? (emails.length === 1 ? emails[0] : undefined) ?? emails.find((e) => e.type?.toLowerCase() === 'work') ?? emails[0];
}

/** Checks the rules every stored user obeys; throws InvalidInputError naming what is wrong. */
export function validateUserInput(input: UserInput, settings: UserRuleSettings): void {
  const userName = input.userName.trim();
  if (!userName) throw new InvalidInputError('USER_NAME_REQUIRED', 'userName is required and must not be blank', { field: 'userName' });
  if (hasControlCharacters(input.userName)) throw new InvalidInputError('INVALID_USER_NAME', 'userName must not contain control characters', { field: 'userName' });
  if (input.userName.length > 320) throw new InvalidInputError('INVALID_USER_NAME', 'userName has at most 320 characters', { field: 'userName' });
  if (input.emails.filter((e) => e.primary).length > 1)
    throw new InvalidInputError('MULTIPLE_PRIMARY_EMAILS', 'At most one email may be primary', { field: 'emails' });
  for (const email of input.emails) {
    if (!looksLikeEmail(email.value.trim()))
      throw new InvalidInputError('INVALID_EMAIL', `"${email.value}" is not an email address`, { field: 'emails' });
  }
  if (settings.userNameMustMatchEmail) {
    if (!looksLikeEmail(userName))
      throw new InvalidInputError('USER_NAME_NOT_EMAIL', `userName "${input.userName}" must be the user's email address`, { field: 'userName' });
    const email = signInEmail(input, settings)!;
    if (userNameKey(userName) !== emailKey(email))
      throw new InvalidInputError(
        'USER_NAME_EMAIL_MISMATCH',
        `userName "${input.userName}" must equal the user's primary email "${email}" (ignoring case)`,
        { field: 'userName', userName: input.userName, email },
      );
  }
}
