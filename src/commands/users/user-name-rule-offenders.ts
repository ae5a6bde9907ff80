import type { EntityManager } from '@mikro-orm/postgresql';

export interface UserNameRuleOffenders {
  count: number;
  /** Some of them, in id order, at most the limit asked for. */
  userIds: string[];
}

/**
 * Users who break the userName = email rule, found in one statement: the SQL form of `validateUserInput` under
 * the rule. A user's sign-in email is the primary one of its stored emails, else the only one, else the first
 * `work` one, else the first (`signInEmail`); a user with none (invited by an admin) uses its effective email;
 * a user with neither must have an email address as userName. Keys are compared as the domain stores them
 * (`userNameKey`, `emailKey`), so case and Unicode forms agree with the rule in TypeScript.
 */
export async function findUserNameRuleOffenders(em: EntityManager, accountId: string, limit: number): Promise<UserNameRuleOffenders> {
  const rows = await em.execute<{ id: string; total: string }[]>(
    `with sign_in as (
       select u.id, btrim(u.user_name) as user_name, btrim(u.user_name_key) as user_name_key,
              coalesce(
                (select e.value_key from user_email e where e.user_id = u.id and e."primary" order by e.position limit 1),
                (select min(e.value_key) from user_email e where e.user_id = u.id having count(*) = 1),
                (select e.value_key from user_email e where e.user_id = u.id and lower(e.type) = 'work' order by e.position limit 1),
                (select e.value_key from user_email e where e.user_id = u.id order by e.position limit 1),
                u.email_key
              ) as email_key
         from app_user u
        where u.account_id = ?
     )
     select id, count(*) over () as total
       from sign_in
      where user_name !~ '^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$'
         or (email_key is not null and email_key <> user_name_key)
      order by id
      limit ?`,
    [accountId, Math.max(1, limit)],
  );
  return { count: rows.length ? Number(rows[0]!.total) : 0, userIds: rows.slice(0, limit).map((r) => r.id) };
}
