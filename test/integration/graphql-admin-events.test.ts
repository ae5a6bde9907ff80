import { randomUUID } from 'node:crypto';
import {
  EmailOutboxDocument,
  ProvisioningEventCountDocument,
  ProvisioningEventsDocument,
  type EmailOutboxQuery,
  type ProvisioningEventFilter,
  type ProvisioningEventsQuery,
} from '../graphql/generated';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { idpHeaders, sql, URN_USER } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;
let reader: string;
const OKTA_TOKEN = randomUUID();
const ENTRA_TOKEN = randomUUID();
const USER_IDS = Array.from({ length: 5 }, () => randomUUID());

type EventNode = ProvisioningEventsQuery['provisioningEvents']['edges'][number]['node'];

/**
 * 250 events in 50 distinct seconds, five to a second (so the id decides the order within one), a few a
 * microsecond apart: the keyset must neither skip nor repeat any of them.
 */
async function insertEvents(accountId: string): Promise<void> {
  await sql(
    app,
    `insert into provisioning_event (id, account_id, occurred_at, actor_type, actor_id, actor_name, action, resource_type, resource_id, outcome, manual, request_id, detail)
     select gen_random_uuid(), ?,
            timestamptz '2026-03-01T00:00:00Z' + (i / 5) * interval '1 second' + (case when i % 25 = 0 then interval '1 microsecond' else interval '0' end),
            'scim_token', case when i % 2 = 0 then ?::uuid else ?::uuid end, case when i % 2 = 0 then 'Okta' else 'Entra' end,
            case when i % 3 = 0 then 'group.updated' else 'user.created' end,
            case when i % 3 = 0 then 'Group' else 'User' end,
            (?::uuid[])[1 + i % 5],
            (case when i % 10 = 0 then 'failure' else 'success' end)::event_outcome,
            false, 'req-' || i, jsonb_build_object('n', i)
       from generate_series(0, 249) i`,
    [accountId, OKTA_TOKEN, ENTRA_TOKEN, `{${USER_IDS.join(',')}}`],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  reader = await readOnlyToken(app, acme.accountId);
  await insertEvents(acme.accountId);
  const globex = await createTestAccount(app, 'Globex');
  await insertEvents(globex.accountId);
});
afterAll(() => app.close());

/** Walks every page of a filter; fails on a repeated event. */
async function allEvents(filter: ProvisioningEventFilter | null, first: number): Promise<{ nodes: EventNode[]; pages: number }> {
  const nodes: EventNode[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res: ProvisioningEventsQuery = dataOf(await gql(app, reader, ProvisioningEventsDocument, { first, after, filter }));
    pages++;
    nodes.push(...res.provisioningEvents.edges.map((e) => e.node));
    if (!res.provisioningEvents.pageInfo.hasNextPage) break;
    after = res.provisioningEvents.pageInfo.endCursor;
    expect(after).toBe(res.provisioningEvents.edges[res.provisioningEvents.edges.length - 1]!.cursor);
  }
  expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
  return { nodes, pages };
}

/** The same rows straight from SQL, newest first. */
async function expectedIds(where: string, params: unknown[]): Promise<string[]> {
  const rows = await sql<{ id: string }>(app, `select id from provisioning_event where account_id = ? and ${where} order by occurred_at desc, id desc`, [acme.accountId, ...params]);
  return rows.map((r) => r.id);
}

const count = async (filter: ProvisioningEventFilter) => dataOf(await gql(app, reader, ProvisioningEventCountDocument, { filter })).provisioningEvents.totalCount;

describe('provisioningEvents', () => {
  it('pages 250+ events newest first, 100 at a time, each exactly once', async () => {
    const { nodes, pages } = await allEvents(null, 100);
    const expected = await expectedIds('true', []);
    expect(expected.length).toBeGreaterThanOrEqual(250);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(nodes.map((n) => n.id)).toEqual(expected);
    expect(await count({})).toBe(expected.length);
  });

  it('pages a filtered list the same way, with small pages', async () => {
    const { nodes } = await allEvents({ actorName: 'Okta' }, 7);
    expect(nodes.map((n) => n.id)).toEqual(await expectedIds(`actor_name = 'Okta'`, []));
    expect(nodes).toHaveLength(125);
  });

  it.each<[string, ProvisioningEventFilter, string, unknown[]]>([
    ['a time range (from inclusive, to exclusive)', { from: '2026-03-01T00:00:10Z', to: '2026-03-01T00:00:20Z' }, 'occurred_at >= ? and occurred_at < ?', ['2026-03-01T00:00:10Z', '2026-03-01T00:00:20Z']],
    ['from alone', { from: '2026-03-01T00:00:45Z' }, `occurred_at >= ?`, ['2026-03-01T00:00:45Z']],
    ['to alone', { to: '2026-03-01T00:00:03Z' }, `occurred_at < ?`, ['2026-03-01T00:00:03Z']],
    ['the actor token id', { actorId: ENTRA_TOKEN }, 'actor_id = ?', [ENTRA_TOKEN]],
    ['the actor name', { actorName: 'Entra' }, `actor_name = 'Entra'`, []],
    ['the resource type', { resourceType: 'Group' }, `resource_type = 'Group'`, []],
    ['the resource id', { resourceId: USER_IDS[2] }, 'resource_id = ?', [USER_IDS[2]]],
    ['resource type and id', { resourceType: 'User', resourceId: USER_IDS[1] }, `resource_type = 'User' and resource_id = ?`, [USER_IDS[1]]],
    ['the action', { action: 'group.updated' }, `action = 'group.updated'`, []],
    ['the outcome', { outcome: 'FAILURE' }, `outcome = 'failure'`, []],
    [
      'everything at once',
      { actorName: 'Okta', action: 'user.created', outcome: 'SUCCESS', from: '2026-03-01T00:00:05Z', to: '2026-03-01T00:00:40Z' },
      `actor_name = 'Okta' and action = 'user.created' and outcome = 'success' and occurred_at >= ? and occurred_at < ?`,
      ['2026-03-01T00:00:05Z', '2026-03-01T00:00:40Z'],
    ],
  ])('filters by %s', async (_name, filter, where, params) => {
    const expected = await expectedIds(where, params);
    expect(expected.length).toBeGreaterThan(0);
    const { nodes } = await allEvents(filter, 30);
    expect(nodes.map((n) => n.id)).toEqual(expected);
    expect(await count(filter)).toBe(expected.length);
  });

  it('matches nothing for an unknown actor, or an id that is not a UUID', async () => {
    for (const filter of [{ actorName: 'Nobody' }, { actorId: 'not-a-uuid' }, { resourceId: 'x' }, { actorId: randomUUID() }]) {
      const res = dataOf(await gql(app, reader, ProvisioningEventsDocument, { filter }));
      expect(res.provisioningEvents).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });

  it('refuses a range that ends before it starts, and a cursor it did not hand out', async () => {
    expect(errorOf(await gql(app, reader, ProvisioningEventsDocument, { filter: { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' } }), 'BAD_USER_INPUT').extensions.field).toBe('to');
    errorOf(await gql(app, reader, ProvisioningEventsDocument, { after: Buffer.from('[1,2]').toString('base64url') }), 'INVALID_CURSOR');
    errorOf(await gql(app, reader, ProvisioningEventsDocument, { filter: { from: 'last week' } }), 'BAD_USER_INPUT');
  });

  it('keeps its place while new events arrive, and asks the index for the next page instead of skipping rows', async () => {
    const first: ProvisioningEventsQuery = dataOf(await gql(app, reader, ProvisioningEventsDocument, { first: 10, filter: { actorName: 'Okta' } }));
    await sql(
      app,
      `insert into provisioning_event (id, account_id, occurred_at, actor_type, actor_name, action, outcome, manual)
       select gen_random_uuid(), ?, now(), 'scim_token', 'Okta', 'user.created', 'success', false from generate_series(1, 3)`,
      [acme.accountId],
    );
    app.sql = [];
    app.captureSql = true;
    const second: ProvisioningEventsQuery = dataOf(
      await gql(app, reader, ProvisioningEventsDocument, { first: 10, after: first.provisioningEvents.pageInfo.endCursor, filter: { actorName: 'Okta' } }),
    );
    app.captureSql = false;
    const ids = [...first.provisioningEvents.edges, ...second.provisioningEvents.edges].map((e) => e.node.id);
    expect(ids).toEqual((await expectedIds(`actor_name = 'Okta' and occurred_at < '2026-03-02'`, [])).slice(0, 20));
    const page = app.sql.find((s) => s.includes('from provisioning_event e'))!;
    expect(page).toMatch(/\(e\.occurred_at, e\.id\) < \(/);
    expect(page).not.toMatch(/offset/i);
  });

  it('records real SCIM writes with their token, request id and a JSON detail', async () => {
    const res = await app.http
      .post(`${acme.scimBase}/Users`)
      .set(idpHeaders(acme))
      .set('X-Request-Id', 'req-from-okta')
      .send(JSON.stringify({ schemas: [URN_USER], userName: 'ann@acme.test', emails: [{ value: 'ann@acme.test', primary: true }] }));
    expect(res.status).toBe(201);
    const [scimTokenRow] = await sql<{ id: string }>(app, 'select id from scim_token where account_id = ?', [acme.accountId]);
    const events = dataOf(await gql(app, reader, ProvisioningEventsDocument, { filter: { resourceId: res.body.id } })).provisioningEvents.edges.map((e) => e.node);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'user.created',
        actorType: 'SCIM_TOKEN',
        actorId: scimTokenRow!.id,
        actorName: 'Initial SCIM token',
        resourceType: 'User',
        outcome: 'SUCCESS',
        manual: false,
        requestId: 'req-from-okta',
        detail: { userName: 'ann@acme.test' },
      }),
    ]);
  });

  it("shows only the token's own account", async () => {
    const globexIds = new Set((await sql<{ id: string }>(app, 'select id from provisioning_event where account_id <> ?', [acme.accountId])).map((r) => r.id));
    const { nodes } = await allEvents(null, 500);
    expect(nodes.filter((n) => globexIds.has(n.id))).toEqual([]);
  });
});

describe('emailOutbox', () => {
  let account: TestAccount;
  let users: Record<string, string>;
  type MailNode = EmailOutboxQuery['emailOutbox']['edges'][number]['node'];
  const outbox = async (variables: { kind?: 'INVITATION' | 'EMAIL_CHANGE'; userId?: string; first?: number } = {}) =>
    dataOf(await gql(app, await readOnlyToken(app, account.accountId, `reader ${randomUUID()}`), EmailOutboxDocument, variables)).emailOutbox;

  beforeAll(async () => {
    account = await createTestAccount(app, 'Mailer');
    users = {};
    for (const name of ['ann', 'bob', 'cy', 'dee', 'eve']) {
      const res = await app.http
        .post(`${account.scimBase}/Users`)
        .set(idpHeaders(account))
        .send(JSON.stringify({ schemas: [URN_USER], userName: `${name}@mailer.test`, emails: [{ value: `${name}@mailer.test`, primary: true }] }));
      expect(res.status).toBe(201);
      users[name] = res.body.id as string;
    }
    const mailOf = async (name: string) => (await sql<{ id: string }>(app, 'select id from email_outbox where user_id = ?', [users[name]]))[0]!.id;
    // bob's invitation was sent and its link still works; cy's was used; dee's expired unused; eve's keeps failing.
    await sql(app, `update email_outbox set sent_at = now(), expires_at = now() + interval '7 days', token_lookup = 'feedc0ffee123456', token_hash = '\\xdeadbeef' where id = ?`, [
      await mailOf('bob'),
    ]);
    await sql(app, `update email_outbox set sent_at = now(), expires_at = now() + interval '7 days', consumed_at = now() where id = ?`, [await mailOf('cy')]);
    await sql(app, `update email_outbox set sent_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = ?`, [await mailOf('dee')]);
    await sql(app, `update email_outbox set attempts = 3, last_error = '550 Mailbox unavailable', next_attempt_at = now() + interval '2 minutes' where id = ?`, [await mailOf('eve')]);
    await sql(
      app,
      `insert into email_outbox (id, account_id, user_id, kind, to_address, created_at, attempts) values (gen_random_uuid(), ?, ?, 'email_change', 'ann.new@mailer.test', now() + interval '1 second', 0)`,
      [account.accountId, users['ann']],
    );
  });

  it('lists pending invitations and confirmations, newest first, without tokens', async () => {
    const res = await outbox();
    const nodes: MailNode[] = res.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.kind, n.toAddress])).toEqual([
      ['EMAIL_CHANGE', 'ann.new@mailer.test'],
      ['INVITATION', 'eve@mailer.test'],
      ['INVITATION', 'bob@mailer.test'],
      ['INVITATION', 'ann@mailer.test'],
    ]);
    expect(res.totalCount).toBe(4);
    expect(nodes.find((n) => n.toAddress === 'eve@mailer.test')).toMatchObject({ userId: users['eve'], sentAt: null, attempts: 3, lastError: '550 Mailbox unavailable' });
    expect(Date.parse(nodes.find((n) => n.toAddress === 'eve@mailer.test')!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    const bob = nodes.find((n) => n.toAddress === 'bob@mailer.test')!;
    expect(bob.sentAt).not.toBeNull();
    expect(Date.parse(bob.expiresAt!)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(res)).not.toMatch(/feedc0ffee123456|deadbeef|token/i);
  });

  it('filters by kind and by user, and pages', async () => {
    expect((await outbox({ kind: 'EMAIL_CHANGE' })).edges.map((e) => e.node.toAddress)).toEqual(['ann.new@mailer.test']);
    expect((await outbox({ userId: users['ann'] })).edges.map((e) => e.node.kind)).toEqual(['EMAIL_CHANGE', 'INVITATION']);
    expect((await outbox({ userId: users['cy'] })).edges).toEqual([]);
    const page = await outbox({ first: 3 });
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges).toHaveLength(3);
  });
});
