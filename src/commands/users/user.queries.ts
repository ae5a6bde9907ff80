import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { User } from '../../domain/user/user.entity';
import type { Ctx } from '../context';

/** `forUpdate` locks the row until the transaction ends, so writers of one user take turns instead of failing. */
export async function findUser(em: EntityManager, accountId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<User | null> {
  if (!isUuid(id)) return null;
  return em.findOne(
    User,
    { id, account: accountId },
    options.forUpdate ? { populate: ['emails'], strategy: 'select-in', lockMode: LockMode.PESSIMISTIC_WRITE } : { populate: ['emails'] },
  );
}

export async function getUser(ctx: Pick<Ctx, 'em' | 'accountId'>, id: string): Promise<User> {
  const user = await findUser(ctx.em, ctx.accountId, id);
  if (!user) throw userNotFound(id);
  return user;
}

export function userNotFound(id: string): NotFoundError {
  return new NotFoundError('USER_NOT_FOUND', `User ${id} does not exist`);
}
