import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { systemClock, type Ctx } from '../../src/commands/context';
import { createApiToken, createScimToken, revokeScimToken } from '../../src/commands/manage-tokens';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { hashSecret, parseToken } from '../../src/domain/token/token-secret';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';
import { sleep } from '../support/roster-process';

/**
 * A token is shown once and then exists only as a SHA-256 digest: no table column and no log line may
 * ever hold the token or its secret part, whatever the request that carried it.
 */
let app: TestApp;
let acme: TestAccount;
let globex: TestAccount;
const tokens: string[] = [];

function ctx(accountId: string): Ctx {
  return { em: app.orm.em.fork(), accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock };
}

interface Sent {
  reqId: string;
  status: number;
  account: string | null;
  path: string;
}
const sent: Sent[] = [];

async function request(method: 'get' | 'post', url: string, token: string | null, expected: { status: number; account: string | null }, body?: object) {
  const reqId = `secrets-${randomUUID()}`;
  let req = app.http[method](url).set('X-Request-Id', reqId);
  if (token !== null) req = req.set('Authorization', `Bearer ${token}`);
  const res = await (body ? req.send(body) : req);
  expect({ url, status: res.status }).toEqual({ url, status: expected.status });
  sent.push({ reqId, status: res.status, account: expected.account, path: url.split('?')[0]! });
}

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'trace' });
  [acme, globex] = await Promise.all([createTestAccount(app, 'Acme'), createTestAccount(app, 'Globex')]);
  const scim = await createScimToken(ctx(acme.accountId), { name: 'Okta', expiresAt: new Date(Date.now() + 86_400_000) });
  const readOnly = await createApiToken(ctx(acme.accountId), { name: 'Reporting', role: ApiRole.READ_ONLY });
  const revoked = await createScimToken(ctx(globex.accountId), { name: 'Old Entra' });
  await revokeScimToken(ctx(globex.accountId), { id: revoked.token.id });
  tokens.push(acme.scimToken, acme.apiToken, globex.scimToken, globex.apiToken, scim.secret, readOnly.secret, revoked.secret);

  const viewer = { query: '{ viewer { account { id } } }' };
  const spc = (a: TestAccount) => `${a.scimBase}/ServiceProviderConfig`;
  // Valid tokens, so lastUsedAt and anything else a request writes is in the database and the logs.
  await request('get', spc(acme), acme.scimToken, { status: 200, account: acme.accountId });
  await request('get', spc(acme), scim.secret, { status: 200, account: acme.accountId });
  await request('get', `${acme.scimBase}/Schemas`, scim.secret, { status: 200, account: acme.accountId });
  await request('get', spc(globex), globex.scimToken, { status: 200, account: globex.accountId });
  await request('post', '/graphql', acme.apiToken, { status: 200, account: acme.accountId }, viewer);
  await request('post', '/graphql', readOnly.secret, { status: 200, account: acme.accountId }, viewer);
  await request('post', '/graphql', globex.apiToken, { status: 200, account: globex.accountId }, viewer);
  // Invalid uses of real tokens.
  await request('get', spc(globex), revoked.secret, { status: 401, account: null });
  await request('get', spc(globex), acme.scimToken, { status: 401, account: null });
  await request('get', spc(acme), acme.apiToken, { status: 401, account: null });
  await request('post', '/graphql', acme.scimToken, { status: 401, account: null }, viewer);
  await request('get', `${spc(acme)}?access_token=${acme.scimToken}`, null, { status: 401, account: null });
  await request('get', `${spc(acme)}?access_token=${acme.scimToken}`, acme.scimToken, { status: 401, account: null });
  await request('post', `/graphql?access_token=${acme.apiToken}`, null, { status: 401, account: null }, viewer);
  await request('post', '/graphql', null, { status: 401, account: null }, { ...viewer, access_token: acme.apiToken });
  await request('get', spc(acme), `${acme.scimToken.slice(0, -1)}${acme.scimToken.endsWith('A') ? 'B' : 'A'}`, { status: 401, account: null });
  // Valid after the invalid ones: a failed attempt must not break the token.
  await request('get', spc(acme), acme.scimToken, { status: 200, account: acme.accountId });
});
afterAll(() => app.close());

/** Every form in which a token could have been written down. */
function needles(token: string): { text: string[]; bytes: Buffer[] } {
  const parsed = parseToken(token);
  if (!parsed) throw new Error(`not a token: ${token}`);
  const raw = Buffer.from(parsed.secret, 'base64url');
  return {
    text: [token, parsed.secret, raw.toString('hex'), raw.toString('base64')],
    bytes: [Buffer.from(token, 'utf8'), Buffer.from(parsed.secret, 'utf8'), raw],
  };
}

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
}

const TEXTUAL = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'];
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Scanned with a plain pg client, so nothing between the test and the bytes rewrites the parameters. */
async function withClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function columns(client: Client): Promise<Column[]> {
  return client
    .query<Column>(
      `select c.table_name, c.column_name, c.data_type
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and (c.data_type = 'bytea' or c.data_type = any($1::text[]))
        order by 1, 2`,
      [TEXTUAL],
    )
    .then((r) => r.rows);
}

/** The columns (as `table.column`) holding any of the text or byte needles. */
function columnsContaining(text: string[], bytes: Buffer[]): Promise<string[]> {
  return withClient(async (client) => {
    const found: string[] = [];
    for (const c of await columns(client)) {
      const column = ident(c.column_name);
      const { rows } =
        c.data_type === 'bytea'
          ? await client.query<{ n: number }>(`select count(*)::int as n from ${ident(c.table_name)} t, unnest($1::bytea[]) needle where position(needle in t.${column}) > 0`, [bytes])
          : await client.query<{ n: number }>(`select count(*)::int as n from ${ident(c.table_name)} t, unnest($1::text[]) needle where position(needle in t.${column}::text) > 0`, [text]);
      if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
    }
    return found;
  });
}

describe('token secrets in the database', () => {
  it('scans every textual and binary column of every table', async () => {
    const scanned = (await withClient(columns)).map((c) => `${c.table_name}.${c.column_name}`);
    expect(scanned).toEqual(expect.arrayContaining(['scim_token.secret_hash', 'api_token.secret_hash', 'scim_token.display_prefix', 'provisioning_event.detail', 'account.name']));
  });

  it('finds what is meant to be stored: the display prefix and the digest (the search works)', async () => {
    const parsed = parseToken(acme.scimToken)!;
    expect(await columnsContaining([`rst_scim_${parsed.lookupId}`], [])).toEqual(expect.arrayContaining(['scim_token.display_prefix']));
    expect(await columnsContaining([], [hashSecret(parsed.secret)])).toEqual(['scim_token.secret_hash']);
  });

  it('holds no token and no secret part, in any encoding, after creating, using, misusing and revoking tokens', async () => {
    expect(tokens).toHaveLength(7);
    const text = tokens.flatMap((t) => needles(t).text);
    const bytes = tokens.flatMap((t) => needles(t).bytes);
    expect(await columnsContaining(text, bytes)).toEqual([]);
  });
});

describe('token secrets in the logs', () => {
  async function requestLines(): Promise<Record<string, unknown>[]> {
    // The access log is written on 'finish', which can trail the client's receipt of the response.
    for (let i = 0; i < 50 && sent.some((s) => !app.logs.some((l) => l['reqId'] === s.reqId && l['msg'] === 'request')); i++) await sleep(20);
    return app.logs.filter((l) => l['msg'] === 'request');
  }

  it('logs one line per request with reqId, status, durationMs, account, method and a path without the query string', async () => {
    const lines = await requestLines();
    expect(sent.length).toBe(17);
    for (const s of sent) {
      const mine = lines.filter((l) => l['reqId'] === s.reqId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ reqId: s.reqId, status: s.status, account: s.account, path: s.path });
      expect(typeof mine[0]!['durationMs']).toBe('number');
      expect(mine[0]!['durationMs']).toBeGreaterThanOrEqual(0);
    }
  });

  it('never contains a token or its secret part', async () => {
    await requestLines();
    expect(app.logs.length).toBeGreaterThanOrEqual(sent.length);
    const everything = app.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const token of tokens) for (const needle of needles(token).text) expect(everything).not.toContain(needle);
    expect(everything).not.toContain('access_token');
  });
});
