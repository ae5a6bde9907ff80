import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient } from 'pg';
import { sleep } from './environment';
import type { Progress } from './progress';
import { round } from './stats';

/**
 * Bulk rows straight in SQL (generate_series), never through HTTP: a million users take seconds, not hours.
 * Seeded users look like IdP-provisioned ones: SCIM-managed, userName = work email, an externalId, a name.
 */

export interface SeedTiming {
  what: string;
  rows: number;
  seconds: number;
}

/** `user<n>@<domain>`: the userName (and email) of the n-th seeded user of an account, 1-based. */
export function seededUserName(n: number, domain: string): string {
  return `user${n}@${domain}`;
}

const CHUNK = 100_000;

/**
 * Inserts users `1..count` (app_user and one user_email each) in chunks, printing progress, then VACUUM
 * (ANALYZE): the scenarios then meet tables as a long-lived database has them, with statistics, visibility
 * map and hint bits set, instead of an autovacuum of a million fresh rows running under the first load run.
 * With `rebuildIndexes` (only on a database the harness owns) and more rows to load than the table holds,
 * indexes and constraints are dropped for the load and rebuilt after it in the same transaction: a sorted
 * index build is far cheaper than a million random-UUID index insertions and foreign-key checks.
 */
export async function seedUsers(
  db: Pool,
  options: { accountId: string; count: number; domain: string; progress: Progress; rebuildIndexes?: boolean },
): Promise<SeedTiming> {
  const started = performance.now();
  const { accountId, count, domain, progress } = options;
  const insert = async (client: PoolClient | Pool) => {
    for (let from = 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await client.query(
        `with u as (
           insert into app_user (id, account_id, user_name, user_name_key, external_id, given_name, family_name, display_name, active,
                                 phone_numbers, managed_by, email, email_key, created_at, updated_at, version)
           select gen_random_uuid(), $1::uuid, n.name, n.name, 'ext-' || g, 'Given' || g, 'Family', 'Given' || g || ' Family', true,
                  '[]'::jsonb, 'scim', n.name, n.name, now(), now(), 1
             from generate_series($2::int, $3::int) g, lateral (select 'user' || g || '@' || $4::text as name) n
           returning id, account_id, email)
         insert into user_email (id, account_id, user_id, position, value, value_key, type, "primary")
         select gen_random_uuid(), account_id, id, 0, email, email, 'work', true from u`,
        [accountId, from, to, domain],
      );
      if (count >= CHUNK) progress.line(`  seeding ${domain}: ${to.toLocaleString('en-US')}/${count.toLocaleString('en-US')} users (${secondsSince(started)} s)`);
    }
  };
  // Rebuilding pays off when the load dwarfs what the table already holds, not for 100,000 rows into a million.
  const existing = Number((await db.query<{ n: number }>(`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'app_user'::regclass`)).rows[0]?.n ?? 0);
  if (options.rebuildIndexes && count >= CHUNK && count > existing) await withIndexesRebuilt(db, ['app_user', 'user_email'], progress, insert);
  else await insert(db);
  await db.query('vacuum (analyze) app_user, user_email');
  const seconds = secondsSince(started);
  progress.line(`  seeded ${count.toLocaleString('en-US')} users in ${domain} in ${seconds} s (with user_email rows, then VACUUM (ANALYZE))`);
  return { what: `users (${domain})`, rows: count, seconds };
}

interface Definition {
  table: string;
  name: string;
  sql: string;
}

/**
 * Runs `load` in one transaction with the tables' indexes, unique/primary keys and foreign keys (theirs and
 * those pointing at them) dropped, then recreates each from its catalog definition, so whatever the
 * migrations define comes back as it was. Nothing else may use the tables meanwhile: they are locked.
 */
export async function withIndexesRebuilt(db: Pool, tables: string[], progress: Progress, load: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('begin');
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await client.query('set local synchronous_commit = off');
    const oids = tables.map((t) => `'${t}'::regclass`).join(', ');
    const { rows: constraints } = await client.query<Definition & { type: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as sql, contype as type
         from pg_constraint
        where (conrelid in (${oids}) and contype in ('p', 'u', 'f', 'x')) or (contype = 'f' and confrelid in (${oids}))
        order by case contype when 'f' then 1 else 0 end, conname`,
    );
    const { rows: indexes } = await client.query<Definition>(
      `select i.indrelid::regclass::text as table, c.relname as name, pg_get_indexdef(i.indexrelid) as sql
         from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid in (${oids})
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))`,
    );
    const fks = constraints.filter((c) => c.type === 'f');
    const keys = constraints.filter((c) => c.type !== 'f');
    for (const c of fks) await client.query(`alter table ${c.table} drop constraint "${c.name}"`);
    for (const c of keys) await client.query(`alter table ${c.table} drop constraint "${c.name}"`);
    for (const i of indexes) await client.query(`drop index "${i.name}"`);

    await load(client);

    const rebuild = performance.now();
    for (const c of keys) await client.query(`alter table ${c.table} add constraint "${c.name}" ${c.sql}`);
    for (const i of indexes) await client.query(i.sql);
    for (const c of fks) await client.query(`alter table ${c.table} add constraint "${c.name}" ${c.sql}`);
    await client.query('commit');
    progress.line(`  rebuilt ${keys.length} keys, ${indexes.length} indexes and ${fks.length} foreign keys of ${tables.join(', ')} in ${secondsSince(rebuild)} s`);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Groups named `<prefix> 1..count`, SCIM-managed and empty; returns their ids in name order. */
export async function seedGroups(db: Pool, options: { accountId: string; count: number; prefix: string }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `insert into app_group (id, account_id, display_name, display_name_key, external_id, managed_by, member_count, created_at, updated_at, version)
     select gen_random_uuid(), $1::uuid, $2::text || ' ' || g, lower($2::text || ' ' || g), 'gext-' || $2::text || '-' || g, 'scim', 0, now(), now(), 1
       from generate_series(1, $3::int) g
     order by g
     returning id`,
    [options.accountId, options.prefix, options.count],
  );
  return rows.map((r) => r.id);
}

/**
 * Makes the seeded users `first..first+count-1` (by userName number) members of a group, in one statement,
 * and sets the group's member count to match.
 */
export async function seedMembers(
  db: Pool,
  options: { accountId: string; groupId: string; domain: string; first: number; count: number; progress?: Progress; rebuildIndexes?: boolean },
): Promise<SeedTiming> {
  const started = performance.now();
  const insert = async (client: PoolClient | Pool) => {
    await client.query(
      `insert into group_membership (group_id, user_id, account_id, created_at)
       select $1::uuid, u.id, u.account_id, now()
         from generate_series($3::int, $4::int) g
         join app_user u on u.account_id = $2::uuid and u.user_name_key = 'user' || g || '@' || $5::text
       on conflict do nothing`,
      [options.groupId, options.accountId, options.first, options.first + options.count - 1, options.domain],
    );
  };
  if (options.rebuildIndexes && options.progress && options.count >= CHUNK) await withIndexesRebuilt(db, ['group_membership'], options.progress, insert);
  else await insert(db);
  await syncMemberCount(db, options.groupId);
  return { what: `memberships`, rows: options.count, seconds: secondsSince(started) };
}

export async function syncMemberCount(db: Pool, groupId: string): Promise<void> {
  await db.query('update app_group set member_count = (select count(*) from group_membership where group_id = $1) where id = $1', [groupId]);
}

export async function memberCount(db: Pool, groupId: string): Promise<{ rows: number; column: number }> {
  const { rows } = await db.query<{ rows: string; column: number }>(
    'select (select count(*) from group_membership where group_id = $1) as rows, member_count as column from app_group where id = $1',
    [groupId],
  );
  return { rows: Number(rows[0]!.rows), column: rows[0]!.column };
}

/** Ids of up to `limit` users of the account that are not members of the group: each add names a new member. */
export async function nonMembers(db: Pool, options: { accountId: string; groupId: string; limit: number }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select u.id from app_user u
      where u.account_id = $1
        and not exists (select 1 from group_membership m where m.group_id = $2 and m.user_id = u.id)
      limit $3`,
    [options.accountId, options.groupId, options.limit],
  );
  return rows.map((r) => r.id);
}

/** Ids of seeded users by number, in the order asked. */
export async function userIds(db: Pool, options: { accountId: string; domain: string; numbers: number[] }): Promise<string[]> {
  const { rows } = await db.query<{ id: string; n: number }>(
    `select u.id, g.n from unnest($3::int[]) with ordinality as g(n, ord)
       join app_user u on u.account_id = $1 and u.user_name_key = 'user' || g.n || '@' || $2::text
      order by g.ord`,
    [options.accountId, options.domain, options.numbers],
  );
  return rows.map((r) => r.id);
}

/**
 * Waits, bounded, until the cluster is quiet after a bulk load: on the harness's own database a CHECKPOINT
 * writes the load's dirty pages now rather than under a measured run, then no autovacuum worker may be left
 * running (they start on their own after large inserts, and would share the 2 cores with the next load run).
 */
export async function settle(db: Pool, options: { ownsDatabase: boolean; progress: Progress; maxSeconds?: number }): Promise<void> {
  const started = performance.now();
  if (options.ownsDatabase) await db.query('checkpoint');
  const deadline = started + (options.maxSeconds ?? 60) * 1000;
  let lastLine = started;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()`);
    const workers = rows[0]?.n ?? 0;
    if (workers === 0) break;
    if (performance.now() >= deadline) {
      options.progress.line(`  settle: ${workers} autovacuum worker(s) still running after ${secondsSince(started)} s; going on`);
      return;
    }
    if (performance.now() - lastLine >= 5000) {
      options.progress.line(`  settle: waiting for ${workers} autovacuum worker(s) (${secondsSince(started)} s)`);
      lastLine = performance.now();
    }
    await sleep(250);
  }
  options.progress.line(`  settled in ${secondsSince(started)} s${options.ownsDatabase ? ' (checkpoint, no autovacuum running)' : ' (no autovacuum running)'}`);
}

export function secondsSince(started: number): number {
  return round((performance.now() - started) / 1000, 1);
}
