import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../domain/account/account.entity';
import { SCALAR_USER_FIELDS, type EmailInput, type UserInput } from '../../domain/user/user-input';
import { emailKey, userNameKey } from '../../domain/user/user-name';
import { UserEmail } from '../../domain/user/user-email.entity';
import type { User } from '../../domain/user/user.entity';

/** Writes `input` onto `user` (emails loaded); returns whether anything changed. */
export function assignUserInput(em: EntityManager, user: User, input: UserInput): boolean {
  let changed = false;
  const target = user as unknown as Record<string, unknown>;
  for (const field of SCALAR_USER_FIELDS) {
    const value = input[field];
    if (target[field] !== value) {
      target[field] = value;
      changed = true;
    }
  }
  const key = userNameKey(input.userName);
  if (user.userNameKey !== key) {
    user.userNameKey = key;
    changed = true;
  }
  if (JSON.stringify(user.phoneNumbers) !== JSON.stringify(input.phoneNumbers)) {
    user.phoneNumbers = input.phoneNumbers;
    changed = true;
  }
  if (!sameEmails(user, input.emails)) {
    user.emails.removeAll();
    input.emails.forEach((email, position) =>
      user.emails.add(
        em.create(UserEmail, {
          account: em.getReference(Account, user.account.id),
          user,
          position,
          value: email.value.trim(),
          valueKey: emailKey(email.value),
          type: email.type,
          primary: email.primary,
          display: email.display,
        }),
      ),
    );
    changed = true;
  }
  return changed;
}

function sameEmails(user: User, emails: EmailInput[]): boolean {
  if (!user.emails.isInitialized()) return false;
  const current = user.emails.getItems();
  return (
    current.length === emails.length &&
    current.every((e, i) => {
      const next = emails[i]!;
      return e.value === next.value.trim() && e.type === next.type && e.primary === next.primary && e.display === next.display;
    })
  );
}
