import type { UserInput } from '../../domain/user/user-input';
import { validateUserInput } from '../../domain/user/user-rules';
import { ManagedBy, type User } from '../../domain/user/user.entity';
import { shareAccount } from '../account.queries';
import type { Ctx } from '../context';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { assignUserInput } from './assign-user-input';
import { resolveLicenses } from '../licenses/resolve-licenses';
import { applySignInEmail } from './sign-in-email';
import { findUser, userNotFound } from './user.queries';
import { assertVersion, type VersionCondition } from '../../domain/versioning';

export type { VersionCondition } from '../../domain/versioning';

/**
 * Replaces every writable attribute of a SCIM user: PUT passes the new input, PATCH a function of the current user
 * (applied to the locked row, so concurrent PATCHes compose). Without `ifVersion` the last writer wins.
 */
export async function replaceUser(ctx: Ctx, id: string, next: UserInput | ((current: User) => UserInput), condition: VersionCondition = {}): Promise<User> {
  return runRecorded(ctx, { action: 'user.replaced', resourceType: 'User', resourceId: id }, async (em) => {
    const user = await findUser(em, ctx.accountId, id, { forUpdate: true });
    if (!user) throw userNotFound(id);
    assertVersion(condition, user.version);
    const input = typeof next === 'function' ? next(user) : next;
    const account = await shareAccount(em, ctx.accountId);
    validateUserInput(input, account);
    const wasActive = user.active;
    const previousLicense = user.scimLicenseType;
    if (assignUserInput(em, user, input)) {
      user.updatedAt = ctx.clock.now();
      user.managedBy = ManagedBy.SCIM;
      await applySignInEmail(em, ctx, user, input, account);
      const action = wasActive !== user.active ? (user.active ? 'user.reactivated' : 'user.deactivated') : 'user.updated';
      recordEvent(em, ctx, action, { resourceType: 'User', resourceId: user.id, detail: { userName: user.userName } });
    }
    await em.flush();
    if (user.scimLicenseType !== previousLicense) await resolveLicenses(em, ctx.accountId, { userIds: [user.id] });
    return user;
  });
}
