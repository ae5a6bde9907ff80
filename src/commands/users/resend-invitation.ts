import { ConflictError, InvalidInputError } from '../../domain/errors';
import type { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';
import { enqueueInvitation } from '../email/enqueue-invitation';
import { recordEvent } from '../record-event';
import { runRecorded } from '../run-recorded';
import { lockUserForChange } from './lock-user';

/** Sends the invitation again; the new link supersedes the old one, which stops working. */
export async function resendInvitation(ctx: Ctx, input: { id: string }): Promise<User> {
  return runRecorded(ctx, { action: 'user.invitation_resent', resourceType: 'User', resourceId: input.id }, async (em) => {
    const { user, manual } = await lockUserForChange(em, ctx, input.id);
    if (user.invitationAcceptedAt) throw new ConflictError('INVITATION_ALREADY_ACCEPTED', 'This user has already accepted the invitation');
    if (!user.active) throw new ConflictError('USER_DEACTIVATED', 'This user is deactivated; reactivate it before inviting it again');
    if (!user.email) throw new InvalidInputError('USER_HAS_NO_EMAIL', 'This user has no email address to invite', { field: 'id' });
    enqueueInvitation(em, ctx, user);
    user.updatedAt = ctx.clock.now();
    recordEvent(em, ctx, 'user.invitation_resent', { resourceType: 'User', resourceId: user.id, manual, detail: { email: user.email } });
    await em.flush();
    return user;
  });
}
