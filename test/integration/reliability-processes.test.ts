import http from 'node:http';
import { createAccount } from '../../src/commands/create-account';
import { systemClock } from '../../src/commands/context';
import { freePort } from '../../src/db/embedded-postgres';
import { initOrm, type Orm } from '../../src/db/orm';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { spawnRoster, stopAllRosterProcesses, type RosterProcess } from '../support/roster-process';
import { createTestDatabase } from '../support/test-database';

/**
 * Roster as it runs in production: `node dist/src/main.js` processes on one database (DATABASE_URL), driven
 * over real sockets. jest's globalSetup builds dist/.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: Orm;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm({ clientUrl: db.url, poolMax: 4 });
}, 60_000);
afterAll(async () => {
  await stopAllRosterProcesses();
  await orm.close(true);
  await db.drop();
});

const OPERATOR = { type: ActorType.OPERATOR, id: null, name: 'test', role: null };

async function account(name: string, perSecond: number | null = null) {
  const created = await createAccount({ em: orm.em.fork(), actor: OPERATOR, clock: systemClock, requestId: null }, { name });
  if (perSecond !== null) await query('update account set rate_limit_per_second = ? where id = ?', [perSecond, created.account.id]);
  return { id: created.account.id, scimToken: created.scimToken, base: `/scim/v2/accounts/${created.account.id}` };
}

function query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.fork().getConnection().execute<T[]>(text, params);
}

async function startRoster(env: Record<string, string> = {}): Promise<{ proc: RosterProcess; port: number }> {
  const port = await freePort();
  const proc = spawnRoster('src/main.js', [], { DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', ...env });
  await proc.waitForLine(/Roster is ready/, 30_000);
  return { proc, port };
}

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request on a connection of its own (no keep-alive), so a refused connection means "never received". */
function send(port: number, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', Connection: 'close', ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

describe('SIGTERM during load', () => {
  it('finishes the requests in flight, refuses new connections, exits 0, and leaves nothing half-written', async () => {
    const acme = await account('Shutdown', 100_000);
    const { proc, port } = await startRoster();
    const answered = new Map<string, number>();
    const refused: string[] = [];
    const failures: string[] = [];
    let n = 0;
    let signalled = false;
    const worker = async () => {
      for (;;) {
        const userName = `load${n++}@example.com`;
        try {
          const res = await send(port, 'POST', `${acme.base}/Users`, acme.scimToken, {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            emails: [{ value: userName, primary: true, type: 'work' }],
          });
          answered.set(userName, res.status);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // After the signal: the listener is closed (refused), or a connection accepted but not yet read was
          // closed with it (reset). Neither request was received; the check below proves neither wrote.
          if (signalled && (code === 'ECONNREFUSED' || code === 'ECONNRESET')) {
            refused.push(userName);
            return;
          }
          failures.push(`${userName}: ${code ?? String(error)}`);
          return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (answered.size < 40) await new Promise((r) => setTimeout(r, 10));
    signalled = true;
    proc.child.kill('SIGTERM');
    await Promise.all(workers);
    const exit = await proc.waitForExit(30_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(failures).toEqual([]);
    expect([...answered.values()].filter((s) => s !== 201)).toEqual([]);
    expect(refused.length).toBe(8);
    // Exactly the users whose POST was answered exist, each whole: its email row and its audit row.
    const rows = await query<{ user_name: string; emails: number; events: number }>(
      `select u.user_name,
              (select count(*)::int from user_email e where e.user_id = u.id) as emails,
              (select count(*)::int from provisioning_event p where p.resource_id = u.id and p.action = 'user.created' and p.outcome = 'success') as events
         from app_user u where u.account_id = ?`,
      [acme.id],
    );
    expect(rows.map((r) => r.user_name).sort()).toEqual([...answered.keys()].sort());
    expect(rows.filter((r) => refused.includes(r.user_name))).toEqual([]);
    expect(rows.filter((r) => r.emails !== 1 || r.events !== 1)).toEqual([]);
    expect(proc.stderr).not.toMatch(/error/i);
  }, 90_000);
});

describe('two server processes on one database', () => {
  let a: { proc: RosterProcess; port: number };
  let b: { proc: RosterProcess; port: number };
  beforeAll(async () => {
    // Low limits (a token 10 per 10 s, its account 20) so the shared token limit is quick to test; the busy account below sets its own.
    const env = { RATE_LIMIT_TOKEN_PER_SECOND: '1', RATE_LIMIT_TOKEN_BURST: '10', RATE_LIMIT_ACCOUNT_PER_SECOND: '1', RATE_LIMIT_ACCOUNT_BURST: '20' };
    [a, b] = await Promise.all([startRoster(env), startRoster(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.proc.stop(), b?.proc.stop()]);
  });

  it('keeps every member when 10 clients send 100 single-member adds each to one group, spread over both', async () => {
    const acme = await account('Two processes', 10_000);
    const created = await send(a.port, 'POST', `${acme.base}/Groups`, acme.scimToken, { displayName: 'Everyone' });
    expect(created.status).toBe(201);
    const groupId = (JSON.parse(created.body) as { id: string }).id;
    const users = await query<{ id: string }>(
      `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
       select gen_random_uuid(), ?, 'm' || g || '@example.com', 'm' || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
         from generate_series(1, 1000) g returning id`,
      [acme.id],
    );
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, client) => {
        for (let i = 0; i < 100; i++) {
          const userId = users[client * 100 + i]!.id;
          const port = (client + i) % 2 === 0 ? a.port : b.port;
          const res = await send(port, 'PATCH', `${acme.base}/Groups/${groupId}?excludedAttributes=members`, acme.scimToken, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
          });
          statuses.push(res.status);
        }
      }),
    );
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s < 200 || s > 299)).toEqual([]);
    expect(await query('select count(*)::int as n from group_membership where group_id = ?', [groupId])).toEqual([{ n: 1000 }]);
    expect(await query('select member_count from app_group where id = ?', [groupId])).toEqual([{ member_count: 1000 }]);
  }, 180_000);

  it('holds one token\'s rate limit across both processes', async () => {
    const acme = await account('Shared limit');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await send(i % 2 ? b.port : a.port, 'GET', `${acme.base}/Users?count=1`, acme.scimToken)).status);
    // 10 per window in all, not 10 per process.
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const over = await send(a.port, 'GET', `${acme.base}/Users`, acme.scimToken);
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(over.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(JSON.parse(over.body)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
  }, 30_000);
});
