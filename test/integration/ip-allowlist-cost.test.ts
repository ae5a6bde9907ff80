import type { NextFunction, Request, Response } from 'express';
import { createLogger } from '../../src/http/logger';
import { enforceIpAllowlist } from '../../src/http/ip-allowlist';
import { replaceIpAllowlistEntries } from '../../src/commands/ip-allowlist/replace-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../../src/commands/ip-allowlist/set-ip-allowlist-enforced';
import { Account } from '../../src/domain/account/account.entity';
import { gql, operatorCtx, scimGet, VIEWER_ADDRESS } from '../support/ip-allowlist-kit';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * The allowlist check costs the same with 10 and with 5,000 entries: no query per request (the matcher is
 * cached under the account's ipAllowlistVersion, which comes with the token look-up), and a look-up per
 * distinct prefix length rather than a scan of entries. Measured three ways; the bounds are generous, the
 * numbers are printed.
 */
let app: TestApp;
let small: TestAccount;
let large: TestAccount;

/** A deterministic pseudo-random sequence, so every run builds the same lists. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const V4_LENGTHS = [16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32];
const V6_LENGTHS = [32, 40, 44, 48, 56, 64, 128];

/** `n` CIDRs shaped like IdP ranges (mostly IPv4 of the usual lengths, some IPv6), none covering 127.0.0.1. */
function cidrs(n: number, seed: number): string[] {
  const next = rng(seed);
  const out = new Set<string>(['127.0.0.1/32']);
  while (out.size < n) {
    if (next() < 0.8) {
      const len = V4_LENGTHS[Math.floor(next() * V4_LENGTHS.length)]!;
      const octets = [11 + Math.floor(next() * 100), Math.floor(next() * 256), Math.floor(next() * 256), Math.floor(next() * 256)];
      out.add(`${octets.join('.')}/${len}`);
    } else {
      const len = V6_LENGTHS[Math.floor(next() * V6_LENGTHS.length)]!;
      const groups = Array.from({ length: 8 }, () => Math.floor(next() * 0x10000).toString(16));
      groups[0] = '2603';
      out.add(`${groups.join(':')}/${len}`);
    }
  }
  return [...out];
}

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'warn' });
  [small, large] = [await createTestAccount(app, 'Small'), await createTestAccount(app, 'Large')];
  for (const [account, n] of [
    [small, 10],
    [large, 5000],
  ] as const) {
    const ctx = operatorCtx(app, account.accountId);
    await replaceIpAllowlistEntries(ctx, { source: 'AzureActiveDirectory', cidrs: cidrs(n, 7), requestAddress: null });
    await setIpAllowlistEnforced(operatorCtx(app, account.accountId), { enforced: true, requestAddress: null });
  }
}, 60_000);
afterAll(() => app.close());

/** A statement without its timing and row count, which the ORM's log line appends. */
function shape(sql: string): string {
  return sql.replace(/\[took [^\]]*\]/g, '').replace(/\x1b\[[0-9;]*m/g, '');
}

function report(line: string): void {
  process.stdout.write(`[ip-allowlist cost] ${line}\n`);
}

async function accountRow(accountId: string): Promise<Account> {
  return app.orm.em.fork().findOneOrFail(Account, { id: accountId });
}

it('has 10 and 5,000 entries, and admits 127.0.0.1 on both', async () => {
  for (const [account, n] of [
    [small, 10],
    [large, 5000],
  ] as const) {
    const rows = await app.orm.em.fork().getConnection().execute<{ n: number }[]>('select count(*)::int as n from ip_allowlist_entry where account_id = ?', [account.accountId]);
    expect(rows[0]!.n).toBe(n);
    expect((await scimGet(app, account)).status).toBe(200);
  }
});

it('runs the same SQL per request with 10 and 5,000 entries, none of it about the allowlist once cached', async () => {
  const statements = async (account: TestAccount): Promise<string[]> => {
    await scimGet(app, account); // warm: the first request after a change reads the list once
    app.sql = [];
    app.captureSql = true;
    expect((await scimGet(app, account)).status).toBe(200);
    app.captureSql = false;
    return app.sql.map(shape);
  };
  const [a, b] = [await statements(small), await statements(large)];
  expect(a.length).toBeGreaterThan(0);
  expect(b).toEqual(a);
  for (const s of a) expect(s).not.toMatch(/ip_allowlist_entry/);
});

it('reads the list once after a change, with the same one statement at both sizes', async () => {
  const firstRequestAfterChange = async (account: TestAccount): Promise<string[]> => {
    const current = (await app.orm.em.fork().getConnection().execute<{ cidr: string }[]>('select cidr from ip_allowlist_entry where account_id = ? and source = ?', [account.accountId, 'AzureActiveDirectory'])).map((r) => r.cidr);
    // Swap one range for another; 127.0.0.1/32 stays, so the requests are admitted.
    const dropped = current.find((c) => c !== '127.0.0.1/32')!;
    await replaceIpAllowlistEntries(operatorCtx(app, account.accountId), { source: 'AzureActiveDirectory', cidrs: [...current.filter((c) => c !== dropped), '11.0.0.0/8'], requestAddress: null });
    app.sql = [];
    app.captureSql = true;
    await scimGet(app, account);
    await scimGet(app, account);
    app.captureSql = false;
    return app.sql.filter((s) => /ip_allowlist_entry/.test(s)).map(shape);
  };
  const [a, b] = [await firstRequestAfterChange(small), await firstRequestAfterChange(large)];
  expect(a).toHaveLength(1);
  expect(b).toEqual(a);
});

it('costs about the same per check at 10 and 5,000 entries (the middleware alone)', async () => {
  const middleware = enforceIpAllowlist(app.orm, 'scim', createLogger('silent'));
  // Admitted by 127.0.0.1/32, the longest IPv4 prefix: looked up last, after every shorter length (the worst case).
  const addresses = ['::ffff:127.0.0.1', '127.0.0.1'];
  const perCheckNs = async (account: TestAccount): Promise<number> => {
    const row = await accountRow(account.accountId);
    const run = async (iterations: number): Promise<number> => {
      let refused = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) {
        const req = { principal: { account: row }, ip: addresses[i % 2]!, socket: {}, originalUrl: '/', method: 'GET' } as unknown as Request;
        await middleware(req, {} as Response, ((error?: unknown) => {
          if (error) refused++;
        }) as NextFunction);
      }
      expect(refused).toBe(0);
      return Number(process.hrtime.bigint() - started) / iterations;
    };
    await run(2000); // warm the cache and the JIT
    return Math.min(await run(20_000), await run(20_000));
  };
  const [ns10, ns5000] = [await perCheckNs(small), await perCheckNs(large)];
  report(`middleware check: ${(ns10 / 1000).toFixed(2)} µs with 10 entries, ${(ns5000 / 1000).toFixed(2)} µs with 5,000 entries`);
  expect(ns5000).toBeLessThan(ns10 * 4 + 20_000);
});

it('adds no measurable latency per request at 5,000 entries compared with 10 (end to end)', async () => {
  // Interleaved, so load on the machine falls on both sizes alike.
  const times: Record<'small' | 'large', number[]> = { small: [], large: [] };
  for (let i = 0; i < 170; i++) {
    for (const [name, account] of [
      ['small', small],
      ['large', large],
    ] as const) {
      const started = process.hrtime.bigint();
      const res = await gql(app, account.apiToken, VIEWER_ADDRESS);
      if (i >= 20) times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      expect(res.status).toBe(200);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const [ms10, ms5000] = [median(times.small), median(times.large)];
  report(`GraphQL viewer request, median of 150 interleaved: ${ms10.toFixed(2)} ms with 10 entries, ${ms5000.toFixed(2)} ms with 5,000 entries`);
  expect(ms5000).toBeLessThan(ms10 * 2 + 10);
});
