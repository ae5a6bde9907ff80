import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { setUserActive } from './deactivate-user';

/** Reactivates a deactivated user. */
export function reactivateUser(ctx: Ctx, input: { id: string }): Promise<User> {
  return setUserActive(ctx, input.id, true);
}
