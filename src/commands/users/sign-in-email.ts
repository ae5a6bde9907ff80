import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../domain/account/account.entity';
import type { UserInput } from '../../domain/user/user-input';
import { emailKey } from '../../domain/user/user-name';
import { signInEmail } from '../../domain/user/user-rules';
import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';

/**
 * Keeps the product's effective email in step with what the IdP sent. The first address takes effect at
 * once (the invitation goes there); a change of address waits for the new address to confirm it.
 */
export function applySignInEmail(_em: EntityManager, _ctx: Omit<Ctx, 'em'>, user: User, input: UserInput, account: Account): void {
  const address = signInEmail(input, account);
  if (!address) return;
  if (user.email === null) {
    user.email = address;
    user.emailKey = emailKey(address);
  }
}
