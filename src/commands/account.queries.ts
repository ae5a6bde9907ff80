import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '../db/prepared-statements';
import { Account } from '../domain/account/account.entity';
import { NotFoundError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import type { Ctx } from './context';

export async function getAccount(ctx: Pick<Ctx, 'em' | 'accountId'>): Promise<Account> {
  const account = isUuid(ctx.accountId) ? await ctx.em.findOne(Account, { id: ctx.accountId }) : null;
  if (!account) throw accountNotFound(ctx.accountId);
  return account;
}

/**
 * The account, read `FOR SHARE` in the caller's transaction: a concurrent change of its rules waits for the
 * caller's write, and vice versa. A prepared read mapped onto the entity, as every replace starts here
 * (a create reads the account in its own statement, with the user to link: `provisionUser`).
 */
export async function shareAccount(em: EntityManager, accountId: string): Promise<Account> {
  const [row] = await executePrepared<Record<string, unknown>>(em, 'select * from account where id = ? for share', [accountId]);
  if (!row) throw accountNotFound(accountId);
  return em.map(Account, row);
}

export function accountNotFound(accountId: string): NotFoundError {
  return new NotFoundError('ACCOUNT_NOT_FOUND', `Account ${accountId} does not exist`);
}
