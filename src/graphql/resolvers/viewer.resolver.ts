import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { getAccount } from '../../commands/account.queries';
import { displayAddress } from '../../domain/ip-allowlist/cidr';
import type { GqlContext } from '../context';
import { toAccountNode } from '../types/account.mappers';
import { Viewer } from '../types/account.types';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The account and token of this request.' })
  async viewer(@Ctx() ctx: GqlContext): Promise<Viewer> {
    const account = await getAccount(ctx.app);
    const { actor } = ctx.principal;
    return { account: toAccountNode(account), token: { id: actor.id ?? '', name: actor.name, role: actor.role! } };
  }

  @FieldResolver(() => String, { nullable: true, description: 'The client address as the IP allowlist sees it (after TRUST_PROXY); IPv4-mapped IPv6 shown as IPv4.' })
  requestAddress(@Ctx() ctx: GqlContext): string | null {
    return displayAddress(ctx.requestAddress);
  }
}
