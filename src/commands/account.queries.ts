import { Account } from '../domain/account/account.entity';
import { NotFoundError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import type { Ctx } from './context';

export async function getAccount(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<Account> {
  const account = isUuid(ctx.accountId) ? await ctx.em.findOne(Account, { id: ctx.accountId }) : null;
  if (!account) throw new NotFoundError('ACCOUNT_NOT_FOUND', `Account ${ctx.accountId} does not exist`);
  return account;
}
