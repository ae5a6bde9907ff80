import { createAccount } from '../../src/commands/create-account';
import { systemClock } from '../../src/commands/context';
import type { Orm } from '../../src/db/orm';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import type { SoakAccount } from './soak-load';

const OPERATOR = { type: ActorType.OPERATOR, id: null, name: 'soak', role: null };

/**
 * Creates `count` accounts and seeds each through SCIM itself (users `soak<n>@example.com`, a few groups), with
 * the rate limit lifted while seeding and restored to the defaults before the soak starts.
 */
export async function seedSoakAccounts(orm: Orm, origin: string, count: number, usersPerAccount: number): Promise<{ accounts: SoakAccount[]; users: Map<SoakAccount, string[]> }> {
  const accounts: SoakAccount[] = [];
  const users = new Map<SoakAccount, string[]>();
  for (let i = 0; i < count; i++) {
    const created = await createAccount({ em: orm.em.fork(), actor: OPERATOR, clock: systemClock, requestId: null }, { name: `Soak ${i + 1}` });
    const conn = orm.em.fork().getConnection();
    await conn.execute('update account set rate_limit_per_second = 100000 where id = ?', [created.account.id]);
    const account: SoakAccount = { base: `/scim/v2/accounts/${created.account.id}`, token: created.scimToken, groupIds: [] };
    const ids: string[] = [];
    const send = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${origin}${account.base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${account.token}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`seeding ${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    for (let start = 1; start <= usersPerAccount; start += 8) {
      const batch = Array.from({ length: Math.min(8, usersPerAccount - start + 1) }, (_, k) => start + k);
      const made = await Promise.all(
        batch.map((n) => send('POST', '/Users', { userName: `soak${n}@example.com`, emails: [{ value: `soak${n}@example.com`, type: 'work', primary: true }], active: true })),
      );
      ids.push(...made.map((u) => u.id));
    }
    for (let g = 1; g <= 5; g++) account.groupIds.push((await send('POST', '/Groups', { displayName: `Soak group ${g}`, members: ids.slice(0, 10 * g).map((value) => ({ value })) })).id);
    await conn.execute('update account set rate_limit_per_second = null where id = ?', [created.account.id]);
    // The seeding's requests were counted in the current window: start the soak on fresh counters.
    await conn.execute(`delete from rate_limit where key = ?`, [`roster:a:${created.account.id}`]);
    accounts.push(account);
    users.set(account, ids);
  }
  return { accounts, users };
}
