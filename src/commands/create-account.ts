import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction } from '../db/unit-of-work';
import { Account } from '../domain/account/account.entity';
import { InvalidInputError } from '../domain/errors';
import { ApiRole } from '../domain/token/api-token.entity';
import type { Actor, Clock } from './context';
import { recordEvent } from './record-event';
import { issueApiToken, issueScimToken } from './issue-token';

export interface CreateAccountInput {
  name: string;
  /** On unless asked otherwise: userName must be the user's email address. */
  userNameMustMatchEmail?: boolean;
}

export interface CreateAccountResult {
  account: Account;
  /** Secrets, returned this once and never again. */
  scimToken: string;
  apiToken: string;
}

/** Creates an account with SCIM enabled, its first SCIM token and its first ADMIN API token. */
export async function createAccount(
  host: { em: EntityManager; actor: Actor; clock: Clock; requestId: string | null },
  input: CreateAccountInput,
): Promise<CreateAccountResult> {
  const name = input.name.trim();
  if (!name) throw new InvalidInputError('BAD_USER_INPUT', 'An account needs a name', { field: 'name' });
  return inTransaction(host, async (em) => {
    const account = new Account(name);
    account.scimEnabled = true;
    account.userNameMustMatchEmail = input.userNameMustMatchEmail ?? true;
    em.persist(account);
    const ctx = { ...host, em, accountId: account.id };
    const scim = issueScimToken(em, ctx, { name: 'Initial SCIM token' });
    const api = issueApiToken(em, ctx, { name: 'Initial admin token', role: ApiRole.ADMIN });
    recordEvent(em, ctx, 'account.created', { resourceType: 'Account', resourceId: account.id, detail: { name, userNameMustMatchEmail: account.userNameMustMatchEmail } });
    return { account, scimToken: scim.secret, apiToken: api.secret };
  });
}
