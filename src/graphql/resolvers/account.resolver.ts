import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { getAccount } from '../../commands/account.queries';
import { updateAccountSettings } from '../../commands/update-account-settings';
import type { GqlContext } from '../context';
import { UpdateAccountSettingsInput, UpdateAccountSettingsPayload } from '../types/account-settings.inputs';
import { toAccountNode } from '../types/account.mappers';
import { AccountNode } from '../types/account.types';

@Resolver(() => AccountNode)
export class AccountResolver {
  @Query(() => AccountNode, { description: 'The account of this request\'s token, with its settings.' })
  async account(@Ctx() ctx: GqlContext): Promise<AccountNode> {
    return toAccountNode(await getAccount(ctx.app));
  }

  @Authorized('ADMIN')
  @Mutation(() => UpdateAccountSettingsPayload)
  async updateAccountSettings(@Arg('input', () => UpdateAccountSettingsInput) input: UpdateAccountSettingsInput, @Ctx() ctx: GqlContext): Promise<UpdateAccountSettingsPayload> {
    const result = await updateAccountSettings(ctx.app, { ...input, requestAddress: ctx.requestAddress });
    return { account: toAccountNode(result.account), changedSettings: result.changed, licensesChanged: result.licensesChanged };
  }
}
