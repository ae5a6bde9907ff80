import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { listProvisioningEvents } from '../../commands/provisioning-event.queries';
import type { GqlContext } from '../context';
import type { ConnectionShape } from '../types/connection';
import { pageArgs, toConnection } from '../types/newest-first-page';
import { ProvisioningEventConnection, ProvisioningEventNode, ProvisioningEventsArgs, toProvisioningEventNode } from '../types/provisioning-event.types';

@Resolver()
export class ProvisioningEventResolver {
  @Query(() => ProvisioningEventConnection, { description: 'The audit trail of every SCIM and admin write, newest first.' })
  async provisioningEvents(@Args(() => ProvisioningEventsArgs) args: ProvisioningEventsArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<ProvisioningEventNode>> {
    const page = await listProvisioningEvents(ctx.app, { ...args.filter }, pageArgs(args));
    return toConnection(page, toProvisioningEventNode);
  }
}
