import type { Pool } from 'pg';
import { createAccountWithCli, type Baseline, type RosterServer } from './environment';
import { runLoad, runSequential, type LoadOptions, type LoadRun } from './load';
import type { Progress } from './progress';
import { clusterCpuMs, processCpuMs } from './cpu';
import { seedUsers, settle, type SeedTiming } from './seed';
import { round } from './stats';

/** How big the data is and how long each load lasts; the harness test shrinks them. */
export interface BenchSizes {
  /** Users in the large account (creates at 1M, userName filters, add-member). */
  large: number;
  /** Users in the account walked page by page (and where parallel adds happen). */
  medium: number;
  /** Users in each of the mixed cycle's accounts. */
  mixed: number;
  /** Users, groups and members per group in the GraphQL account. */
  graphqlUsers: number;
  graphqlGroups: number;
  graphqlMembersPerGroup: number;
  /** The big group of the add-member scenario (taken from the large account). */
  bigGroup: number;
  /** Parallel adds: clients × adds per client. */
  parallelClients: number;
  parallelAddsPerClient: number;
}

export interface BenchTimes {
  /** Each measured load phase (creates, filters, add-member). */
  loadSeconds: number;
  /** The mixed Entra-like cycle. */
  mixedSeconds: number;
  /** Raw baseline probes for scenarios without their own raw twin. */
  probeSeconds: number;
  /** Bound on a sequential walk. */
  walkSeconds: number;
}

export const FULL_SIZES: BenchSizes = {
  large: 1_000_000,
  medium: 100_000,
  mixed: 10_000,
  graphqlUsers: 5_000,
  graphqlGroups: 150,
  graphqlMembersPerGroup: 20,
  bigGroup: 100_000,
  parallelClients: 10,
  parallelAddsPerClient: 100,
};

/** Requests per second allowed to the accounts of the throughput scenarios: far above what 2 cores serve. */
export const ACCOUNT_RATE_LIMIT = 100_000;

export const FULL_TIMES: BenchTimes = { loadSeconds: 10, mixedSeconds: 60, probeSeconds: 4, walkSeconds: 120 };

export interface BenchAccount {
  key: string;
  accountId: string;
  scimToken: string;
  apiToken: string;
  /** `/scim/v2/accounts/<id>` on Roster. */
  scimPath: string;
  /** `/accounts/<id>` on the raw baseline. */
  rawPath: string;
  /** Seeded users are `user<n>@<domain>`, n = 1..users. */
  domain: string;
  users: number;
}

/** What a scenario gets: the servers, a database connection for seeding and checking, memoized accounts. */
export class BenchContext {
  readonly seedTimings: SeedTiming[] = [];
  private readonly accounts = new Map<string, Promise<BenchAccount>>();
  private readonly probes = new Map<string, Promise<LoadRun>>();
  private counter = 0;

  constructor(
    readonly roster: RosterServer,
    readonly raw: Baseline,
    readonly db: Pool,
    readonly dbEnv: Record<string, string>,
    readonly sizes: BenchSizes,
    readonly times: BenchTimes,
    readonly progress: Progress,
    /** True on a database the harness started itself: bulk loads may then drop and rebuild indexes. */
    readonly ownsDatabase: boolean,
    /** The embedded cluster's postmaster, to count PostgreSQL's CPU; null on DATABASE_URL. */
    readonly postmasterPid: number | null = null,
  ) {}

  /**
   * An account made by the CLI, seeded with `users` users once; the same key gives the same account.
   * Roster limits each account to 50 requests/s by default; the scenarios that measure one account's
   * throughput give it a high limit through the account's own override (`rateLimitPerSecond`), so the
   * limiter still counts every request but refuses none. `serverDefaultLimit` keeps the default.
   */
  account(key: string, users = 0, options: { serverDefaultLimit?: boolean } = {}): Promise<BenchAccount> {
    let pending = this.accounts.get(key);
    if (!pending) {
      pending = (async () => {
        const created = await createAccountWithCli(this.dbEnv, `bench ${key}`);
        const domain = `${key}.bench.example`;
        const account: BenchAccount = {
          key,
          ...created,
          scimPath: `/scim/v2/accounts/${created.accountId}`,
          rawPath: `/accounts/${created.accountId}`,
          domain,
          users,
        };
        this.progress.line(`account "${key}" created through the CLI (${created.accountId})`);
        if (!options.serverDefaultLimit) await this.raiseRateLimit(created.accountId);
        if (users > 0) {
          this.seedTimings.push(await seedUsers(this.db, { accountId: created.accountId, count: users, domain, progress: this.progress, rebuildIndexes: this.ownsDatabase }));
          await this.settle();
        }
        return account;
      })();
      this.accounts.set(key, pending);
    }
    return pending;
  }

  private async raiseRateLimit(accountId: string): Promise<void> {
    try {
      await this.db.query('update account set rate_limit_per_second = $2 where id = $1', [accountId, ACCOUNT_RATE_LIMIT]);
    } catch (error) {
      // A Roster without per-account limits (no such column) has nothing to raise.
      if ((error as { code?: string }).code !== '42703') throw error;
    }
  }

  /** After a bulk load, before the next measured run: see `settle`. */
  settle(): Promise<void> {
    return settle(this.db, { ownsDatabase: this.ownsDatabase, progress: this.progress });
  }

  /** A name never used before in this run, for userNames of created users. */
  unique(prefix: string): string {
    return `${prefix}${Date.now().toString(36)}${(this.counter++).toString(36)}`;
  }

  /** A load run on one server, with that server's and PostgreSQL's CPU time per request. */
  load(options: Omit<LoadOptions, 'origin'> & { target: 'roster' | 'raw' }): Promise<LoadRun> {
    const { target, ...rest } = options;
    return this.withCpu(target, () => runLoad({ ...rest, origin: target === 'roster' ? this.roster.origin : this.raw.origin }, this.progress));
  }

  /** Requests one after another on Roster (walks), with CPU per request like a load run. */
  sequential(options: Parameters<typeof runSequential>[0]) {
    return this.withCpu('roster', () => runSequential(options, this.progress));
  }

  private async withCpu<T extends LoadRun>(target: 'roster' | 'raw', run: () => Promise<T>): Promise<T> {
    const pid = target === 'roster' ? this.roster.pid : this.raw.pid;
    const cpu = () => ({ server: pid === null ? null : processCpuMs(pid), postgres: this.postmasterPid === null ? null : clusterCpuMs(this.postmasterPid) });
    const before = cpu();
    const result = await run();
    const after = cpu();
    // CPU time only grows; a drop means a process's time was lost between the samples (once seen for the
    // cluster when a postmaster child was reaped during a read, now retried in clusterCpuMs), so no figure rather
    // than a negative one.
    const per = (a: number | null, b: number | null) => (a === null || b === null || b < a || result.responses === 0 ? null : round((b - a) / result.responses, 3));
    return { ...result, cpuMsPerRequest: { server: per(before.server, after.server), postgres: per(before.postgres, after.postgres) } };
  }

  /**
   * The raw baseline's figure for one kind of request at a given concurrency, measured now, next to the
   * scenario that compares with it (memoized per scenario run through `scope`).
   */
  rawProbe(scope: string, kind: 'lookup' | 'create', connections: number, account: BenchAccount): Promise<LoadRun> {
    const key = `${scope}:${kind}:${connections}`;
    let pending = this.probes.get(key);
    if (!pending) {
      const tag = this.unique('p');
      const random = mulberry32(connections * 31 + kind.length);
      pending = this.load({
        target: 'raw',
        label: `raw ${kind} probe (${connections} conn)`,
        connections,
        seconds: this.times.probeSeconds,
        maxRequests: 200_000,
        headers: { authorization: `Bearer ${account.scimToken}` },
        next: kind === 'lookup' ? (i) => ({ path: userNameFilterPath(account.rawPath, account, i, random) }) : (i) => ({ method: 'POST', path: `${account.rawPath}/Users`, body: scimUserBody(`${tag}-${i}@probe.example`) }),
      });
      this.probes.set(key, pending);
    }
    return pending;
  }
}

/** A lookup of a seeded user (or, one time in five, of nobody), upper-cased as Okta's spec test does. */
export function userNameFilterPath(base: string, account: BenchAccount, i: number, random: () => number): string {
  const miss = random() < 0.2;
  const n = 1 + Math.floor(random() * Math.max(1, account.users));
  const userName = (miss ? `nobody${n}-${i}@${account.domain}` : `user${n}@${account.domain}`).toUpperCase();
  return `${base}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
}

/** What an IdP POSTs to create a user (Entra/Okta shape, without Okta's placeholder password). */
export function scimUserBody(userName: string): Record<string, unknown> {
  const local = userName.split('@')[0]!;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    externalId: `ext-${local}`,
    active: true,
    displayName: `Bench ${local}`,
    name: { givenName: 'Bench', familyName: local },
    emails: [{ value: userName, type: 'work', primary: true }],
  };
}

/** A small deterministic PRNG, so two runs ask for the same names in the same order. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
