import { Account } from '../../src/domain/account/account.entity';
import { EventOutcome, ProvisioningEvent } from '../../src/domain/provisioning/provisioning-event.entity';
import { createApiToken } from '../../src/commands/manage-tokens';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { replaceIpAllowlistEntries } from '../../src/commands/ip-allowlist/replace-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../../src/commands/ip-allowlist/set-ip-allowlist-enforced';
import { ADD, ENFORCE, errorCode, expectGraphqlIpRefused, gql, LIST, operatorCtx, REMOVE, REPLACE, VIEWER_ADDRESS } from '../support/ip-allowlist-kit';
import type { IpAllowlistQueryVariables } from '../graphql/generated';
import { dataOf } from '../support/admin-graphql';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());


async function state(accountId: string) {
  const em = app.orm.em.fork();
  const account = await em.findOneOrFail(Account, { id: accountId });
  const rows = await em.getConnection().execute<{ cidr: string; source: string }[]>('select cidr, source from ip_allowlist_entry where account_id = ? order by source, cidr', [accountId]);
  return { enforced: account.ipAllowlistEnforced, version: account.ipAllowlistVersion, entries: rows.map((r) => `${r.source} ${r.cidr}`) };
}

async function list(account: TestAccount, variables: Partial<IpAllowlistQueryVariables> = {}) {
  return dataOf(await gql(app, account.apiToken, LIST, { first: 100, ...variables })).ipAllowlist;
}

describe('adding, listing and normalizing entries', () => {
  it('normalizes CIDRs: host bits cleared, bare addresses as /32 and /128, IPv6 compressed, IPv4-mapped as IPv4', async () => {
    const acme = await createTestAccount(app);
    const res = await gql(app, acme.apiToken, ADD, {
      input: { cidrs: ['20.190.128.5/18', '203.0.113.7', '2603:1000:0:0:0:0:0:0/40', '2001:DB8::1', '::ffff:198.51.100.0/120', ' 10.0.0.0/8 ', '10.0.0.0/8'], description: 'office' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.addIpAllowlistEntries).toMatchObject({ added: 6, unchanged: 0 });
    expect(res.data!.addIpAllowlistEntries.addedCidrs).toEqual(['20.190.128.0/18', '203.0.113.7/32', '2603:1000::/40', '2001:db8::1/128', '198.51.100.0/24', '10.0.0.0/8']);
    expect(res.data!.addIpAllowlistEntries.ipAllowlist).toEqual({ enforced: false, sources: [{ source: 'manual', count: 6 }] });

    const again = await gql(app, acme.apiToken, ADD, { input: { cidrs: ['203.0.113.7/32', '10.1.2.3/8'] } });
    expect(again.data!.addIpAllowlistEntries).toMatchObject({ added: 0, unchanged: 2, addedCidrs: [] });
  });

  it('lists entries by source with counts per source, paged by cursor', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8', '192.0.2.0/24'] } });
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['20.190.128.0/18', '40.126.0.0/18', '2603:1000::/40'], source: 'AzureActiveDirectory', description: 'Entra' } });

    const all = await list(acme);
    expect(all.sources).toEqual([
      { source: 'AzureActiveDirectory', count: 3 },
      { source: 'manual', count: 2 },
    ]);
    expect(all.entries.totalCount).toBe(5);
    expect(all.entries.edges[0].node).toMatchObject({ source: 'AzureActiveDirectory', description: 'Entra', createdBy: 'Initial admin token' });

    const azure = await list(acme, { source: 'AzureActiveDirectory', first: 2 });
    expect(azure.entries.totalCount).toBe(3);
    expect(azure.entries.edges.map((e: { node: { cidr: string } }) => e.node.cidr)).toHaveLength(2);
    expect(azure.entries.pageInfo.hasNextPage).toBe(true);
    const rest = await list(acme, { source: 'AzureActiveDirectory', first: 2, after: azure.entries.pageInfo.endCursor });
    expect(rest.entries.edges).toHaveLength(1);
    expect(rest.entries.pageInfo.hasNextPage).toBe(false);
    const seen = [...azure.entries.edges, ...rest.entries.edges].map((e: { node: { cidr: string } }) => e.node.cidr).sort();
    expect(seen).toEqual(['20.190.128.0/18', '2603:1000::/40', '40.126.0.0/18']);
  });

  it('refuses invalid CIDRs with BAD_USER_INPUT naming each one, and changes nothing', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'] } });
    const before = await state(acme.accountId);
    const bad = ['10.0.0.0/33', 'not-an-ip', '010.1.1.1', '1.2.3', 'fe80::1%eth0', '2001:db8::/129', '10.0.0.0/08'];
    for (const mutation of [
      gql(app, acme.apiToken, ADD, { input: { cidrs: ['192.0.2.0/24', ...bad] } }),
      gql(app, acme.apiToken, REPLACE, { input: { source: 'manual', cidrs: ['192.0.2.0/24', ...bad] } }),
      gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['10.0.0.0/8', ...bad] } }),
    ]) {
      const res = await mutation;
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions['invalidCidrs']).toEqual(bad);
      for (const b of bad) expect(res.errors![0]!.message).toContain(JSON.stringify(b));
    }
    expect(await state(acme.accountId)).toEqual(before);
  });

  it('refuses a bad source name and an empty list', async () => {
    const acme = await createTestAccount(app);
    expect(errorCode(await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'], source: '' } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'], source: 'x'.repeat(65) } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: [] } }))).toBe('BAD_USER_INPUT');
    expect((await state(acme.accountId)).entries).toEqual([]);
  });

  it('lets a READ_ONLY token read the list but change nothing', async () => {
    const acme = await createTestAccount(app);
    const ro = await createApiToken(operatorCtx(app, acme.accountId), { name: 'auditor', role: ApiRole.READ_ONLY, expiresAt: null });
    const reader = { ...acme, apiToken: ro.secret };
    expect((await list(reader)).sources).toEqual([]);
    for (const refused of [
      gql(app, ro.secret, ADD, { input: { cidrs: ['10.0.0.0/8'] } }),
      gql(app, ro.secret, REMOVE, { input: { cidrs: ['10.0.0.0/8'] } }),
      gql(app, ro.secret, REPLACE, { input: { source: 'okta', cidrs: ['10.0.0.0/8'] } }),
      gql(app, ro.secret, ENFORCE, { input: { enforced: false } }),
    ])
      expect(errorCode(await refused)).toBe('FORBIDDEN');
  });
});

describe('replaceIpAllowlistEntries', () => {
  it('makes one source exactly the given set, leaves other sources alone, and reports added, removed and unchanged', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'] } });
    await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.0.0/24', '3.0.1.0/24', '3.0.2.0/24'] } });
    const res = await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.1.0/24', '3.0.2.0/24', '3.0.3.0/24', '3.0.4.0/24'] } });
    expect(res.data!.replaceIpAllowlistEntries).toEqual({
      source: 'okta',
      added: 2,
      removed: 1,
      unchanged: 2,
      addedCidrs: ['3.0.3.0/24', '3.0.4.0/24'],
      removedCidrs: ['3.0.0.0/24'],
      dryRun: false,
    });
    expect((await state(acme.accountId)).entries).toEqual(['manual 10.0.0.0/8', 'okta 3.0.1.0/24', 'okta 3.0.2.0/24', 'okta 3.0.3.0/24', 'okta 3.0.4.0/24']);
  });

  it('is idempotent: the same set again changes nothing, not even the version', async () => {
    const acme = await createTestAccount(app);
    const input = { source: 'AzureActiveDirectory', cidrs: ['20.190.128.0/18', '40.126.0.0/18'] };
    await gql(app, acme.apiToken, REPLACE, { input });
    const before = await state(acme.accountId);
    const res = await gql(app, acme.apiToken, REPLACE, { input: { ...input, cidrs: [...input.cidrs].reverse() } });
    expect(res.data!.replaceIpAllowlistEntries).toMatchObject({ added: 0, removed: 0, unchanged: 2 });
    expect(await state(acme.accountId)).toEqual(before);
  });

  it('with dryRun, reports the change and makes none', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.0.0/24'] } });
    const before = await state(acme.accountId);
    const res = await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.9.0/24'], dryRun: true } });
    expect(res.data!.replaceIpAllowlistEntries).toMatchObject({ added: 1, removed: 1, addedCidrs: ['3.0.9.0/24'], removedCidrs: ['3.0.0.0/24'], dryRun: true });
    expect(await state(acme.accountId)).toEqual(before);
  });

  it('bumps ipAllowlistVersion once per change and records who changed what', async () => {
    const acme = await createTestAccount(app);
    const v0 = (await state(acme.accountId)).version;
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['127.0.0.1'] } });
    await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.0.0/24'] } });
    await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['3.0.0.0/24'] } });
    await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    expect((await state(acme.accountId)).version).toBe(v0 + 4);
    const events = await app.orm.em.fork().find(ProvisioningEvent, { account: acme.accountId, action: { $like: 'ip_allowlist.%' } }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
    expect(events.map((e) => [e.action, e.actorName, e.outcome])).toEqual([
      ['ip_allowlist.entries_added', 'Initial admin token', 'success'],
      ['ip_allowlist.entries_replaced', 'Initial admin token', 'success'],
      ['ip_allowlist.entries_removed', 'Initial admin token', 'success'],
      ['ip_allowlist.enforcement_changed', 'Initial admin token', 'success'],
    ]);
  });

  it('keeps the list whole when two replaces of different sources race', async () => {
    const acme = await createTestAccount(app);
    const azure = Array.from({ length: 200 }, (_, i) => `20.${i}.0.0/16`);
    const okta = Array.from({ length: 200 }, (_, i) => `3.${i}.0.0/16`);
    const results = await Promise.all([
      gql(app, acme.apiToken, REPLACE, { input: { source: 'AzureActiveDirectory', cidrs: azure } }),
      gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: okta } }),
      gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: okta } }),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const s = await state(acme.accountId);
    expect(s.entries).toHaveLength(400);
    expect(s.version).toBe(2);
  });
});

describe('the lock-out guard', () => {
  // supertest connects from 127.0.0.1 (as ::ffff:127.0.0.1 on a dual-stack socket).
  it('refuses enforcement with an empty list, even for an operator, unless forced', async () => {
    const acme = await createTestAccount(app);
    const res = await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    expect(errorCode(res)).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(res.errors![0]!.message).toMatch(/empty/);
    await expect(setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: true, requestAddress: null })).rejects.toMatchObject({ code: 'IP_ALLOWLIST_LOCKOUT' });
    expect((await state(acme.accountId)).enforced).toBe(false);
  });

  it('refuses enforcement that would refuse the caller, names the address, and records the refusal', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'] } });
    const res = await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    expect(errorCode(res)).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(res.errors![0]!.extensions['requestAddress']).toBe('127.0.0.1');
    expect(res.errors![0]!.message).toContain('127.0.0.1');
    expect((await state(acme.accountId)).enforced).toBe(false);
    const failures = await app.orm.em.fork().find(ProvisioningEvent, { account: acme.accountId, action: 'ip_allowlist.enforcement_changed', outcome: EventOutcome.FAILURE });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.detail).toMatchObject({ code: 'IP_ALLOWLIST_LOCKOUT' });
  });

  it('turns enforcement on when the list admits the caller', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['127.0.0.0/8'] } });
    const res = await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    expect(res.data!.setIpAllowlistEnforced).toEqual({ account: { settings: { ipAllowlistEnforced: true } }, ipAllowlist: { enforced: true } });
    // Setting the value it already has is a no-op, not a new check.
    expect((await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } })).errors).toBeUndefined();
  });

  it('refuses removing or replacing away the entry that admits the caller, unless forced', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['127.0.0.1', '10.0.0.0/8'] } });
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['3.0.0.0/24'], source: 'okta' } });
    await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    const before = await state(acme.accountId);

    expect(errorCode(await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['127.0.0.1'] } }))).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(errorCode(await gql(app, acme.apiToken, REPLACE, { input: { source: 'manual', cidrs: ['10.0.0.0/8'] } }))).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(errorCode(await gql(app, acme.apiToken, REPLACE, { input: { source: 'manual', cidrs: ['10.0.0.0/8'], dryRun: true } }))).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(await state(acme.accountId)).toEqual(before);

    // Changes that keep the caller's address in are fine.
    expect((await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['10.0.0.0/8'] } })).data!.removeIpAllowlistEntries).toMatchObject({ removed: 1 });
    expect((await gql(app, acme.apiToken, REPLACE, { input: { source: 'okta', cidrs: ['3.0.9.0/24'] } })).errors).toBeUndefined();

    // force: the admin asked for it; the next request from the same address is refused.
    const forced = await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['127.0.0.1'], force: true } });
    expect(forced.data!.removeIpAllowlistEntries).toMatchObject({ removed: 1, removedCidrs: ['127.0.0.1/32'] });
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));

    // The operator on the box gets the account back.
    await setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: false, requestAddress: null });
    expect((await gql(app, acme.apiToken, VIEWER_ADDRESS)).status).toBe(200);
  });

  it('removing the last entries of an enforced list counts as emptying it', async () => {
    const acme = await createTestAccount(app);
    await replaceIpAllowlistEntries(operatorCtx(app, acme.accountId), { source: 'manual', cidrs: ['127.0.0.1'], requestAddress: null });
    await setIpAllowlistEnforced(operatorCtx(app, acme.accountId), { enforced: true, requestAddress: null });
    const res = await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['127.0.0.1'] } });
    expect(errorCode(res)).toBe('IP_ALLOWLIST_LOCKOUT');
    expect(res.errors![0]!.message).toMatch(/empty/);
  });

  it('with force: true, replaces away the entry that admits the caller, and records that it was forced', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['127.0.0.1', '3.0.0.0/24'] } });
    await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    const res = await gql(app, acme.apiToken, REPLACE, { input: { source: 'manual', cidrs: ['10.0.0.0/8'], force: true } });
    expect(res.data!.replaceIpAllowlistEntries).toMatchObject({ added: 1, removed: 2, removedCidrs: ['127.0.0.1/32', '3.0.0.0/24'], dryRun: false });
    expect((await state(acme.accountId)).entries).toEqual(['manual 10.0.0.0/8']);
    const events = await app.orm.em.fork().find(ProvisioningEvent, { account: acme.accountId, action: 'ip_allowlist.entries_replaced' });
    expect(events.map((e) => e.detail)).toEqual([expect.objectContaining({ forced: true, added: 1, removed: 2 })]);
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
  });

  it('with force: true, removes the last entries of an enforced list, and then refuses everyone', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['127.0.0.1'] } });
    await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } });
    const res = await gql(app, acme.apiToken, REMOVE, { input: { cidrs: ['127.0.0.1'], force: true } });
    expect(res.data!.removeIpAllowlistEntries).toEqual({ removed: 1, removedCidrs: ['127.0.0.1/32'], notFoundCidrs: [] });
    expect(await state(acme.accountId)).toMatchObject({ enforced: true, entries: [] });
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
  });

  it('with force: true, turns enforcement on over an empty list through GraphQL', async () => {
    const acme = await createTestAccount(app);
    expect(errorCode(await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true } }))).toBe('IP_ALLOWLIST_LOCKOUT');
    expect((await state(acme.accountId)).enforced).toBe(false);
    const res = await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true, force: true } });
    expect(res.data!.setIpAllowlistEnforced).toEqual({ account: { settings: { ipAllowlistEnforced: true } }, ipAllowlist: { enforced: true } });
    expect(await state(acme.accountId)).toMatchObject({ enforced: true, entries: [] });
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
  });

  it('forces enforcement on over a list without the caller, who is then refused', async () => {
    const acme = await createTestAccount(app);
    await gql(app, acme.apiToken, ADD, { input: { cidrs: ['10.0.0.0/8'] } });
    const res = await gql(app, acme.apiToken, ENFORCE, { input: { enforced: true, force: true } });
    expect(res.data!.setIpAllowlistEnforced.ipAllowlist.enforced).toBe(true);
    const events = await app.orm.em.fork().find(ProvisioningEvent, { account: acme.accountId, action: 'ip_allowlist.enforcement_changed' });
    expect(events[0]!.detail).toMatchObject({ enforced: true, forced: true });
    expectGraphqlIpRefused(await gql(app, acme.apiToken, VIEWER_ADDRESS));
  });
});
