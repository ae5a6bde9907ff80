import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { listPendingEmails } from '../../commands/email/email-outbox.queries';
import type { GqlContext } from '../context';
import type { ConnectionShape } from '../types/connection';
import { EmailOutboxArgs, OutboxEmailConnection, OutboxEmailNode, toOutboxEmailNode } from '../types/email-outbox.types';
import { pageArgs, toConnection } from '../types/newest-first-page';

@Resolver()
export class EmailOutboxResolver {
  @Query(() => OutboxEmailConnection, { description: 'Pending invitations and email-change confirmations, newest first.' })
  async emailOutbox(@Args(() => EmailOutboxArgs) args: EmailOutboxArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<OutboxEmailNode>> {
    const page = await listPendingEmails(ctx.app, { kind: args.kind ?? null, userId: args.userId ?? null }, pageArgs(args));
    return toConnection(page, toOutboxEmailNode);
  }
}
