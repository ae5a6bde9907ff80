/**
 * The machine's limit for the two hot paths, measured side by side with Roster: a minimal node:http + pg
 * server that runs the same SQL for a create (app_user + user_email in one transaction) and for a userName
 * lookup (the (account_id, user_name_key) unique index), with no framework, no ORM, no auth and no audit.
 *
 *   POST /accounts/:accountId/Users            body: a SCIM User (userName, externalId, name, displayName, emails)
 *   GET  /accounts/:accountId/Users?filter=userName eq "…"
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export interface RawServer {
  origin: string;
  close(): Promise<void>;
}

const USERS_PATH = /^\/accounts\/([0-9a-f-]{36})\/Users(?:\?(.*))?$/i;
const USER_NAME_EQ = /^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const JSON_TYPE = 'application/scim+json';

interface ScimUserBody {
  userName?: unknown;
  externalId?: unknown;
  displayName?: unknown;
  name?: { givenName?: unknown; familyName?: unknown };
  emails?: { value?: unknown; type?: unknown; primary?: unknown }[];
}

interface UserRow {
  id: string;
  user_name: string;
  external_id: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Same pool size as Roster's ORM (10), so both have the same number of connections to PostgreSQL. */
export async function startRawServer(options: { databaseUrl: string; port: number; poolMax?: number }): Promise<RawServer> {
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });

  const server = http.createServer((req, res) => {
    handle(pool, req, res).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      send(res, code === '23505' ? 409 : 500, { detail: code === '23505' ? 'uniqueness' : String(error) });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

async function handle(pool: Pool, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const match = USERS_PATH.exec(req.url ?? '');
  if (!match) return send(res, 404, { detail: 'not found' });
  const accountId = match[1]!.toLowerCase();
  if (req.method === 'GET') {
    const filter = new URLSearchParams(match[2] ?? '').get('filter') ?? '';
    const eq = USER_NAME_EQ.exec(filter);
    if (!eq) return send(res, 400, { detail: 'only userName eq is supported' });
    const key = eq[1]!.replace(/\\(.)/g, '$1').normalize('NFC').toLowerCase();
    const users = await pool.query<UserRow>(
      `select id, user_name, external_id, display_name, given_name, family_name, active, created_at, updated_at, version
         from app_user where account_id = $1 and user_name_key = $2 limit 100`,
      [accountId, key],
    );
    const emails = users.rows.length
      ? (await pool.query<{ user_id: string; value: string; type: string | null; primary: boolean }>(
          'select user_id, value, type, "primary" from user_email where user_id = any($1::uuid[]) order by user_id, position',
          [users.rows.map((u) => u.id)],
        )).rows
      : [];
    return send(res, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: users.rows.length,
      startIndex: 1,
      itemsPerPage: users.rows.length,
      Resources: users.rows.map((u) => render(u, emails.filter((e) => e.user_id === u.id))),
    });
  }
  if (req.method === 'POST') {
    const body = JSON.parse(await readBody(req)) as ScimUserBody;
    if (typeof body.userName !== 'string' || !body.userName) return send(res, 400, { detail: 'userName is required' });
    const userName = body.userName;
    const email = body.emails?.find((e) => e.primary === true) ?? body.emails?.[0];
    const emailValue = typeof email?.value === 'string' ? email.value : null;
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query<UserRow>(
        `insert into app_user (id, account_id, user_name, user_name_key, external_id, given_name, family_name, display_name, active,
                               phone_numbers, managed_by, email, email_key, created_at, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, '[]'::jsonb, 'scim', $9, $10, now(), now(), 1)
         returning id, user_name, external_id, display_name, given_name, family_name, active, created_at, updated_at, version`,
        [
          id,
          accountId,
          userName,
          userName.normalize('NFC').toLowerCase(),
          str(body.externalId),
          str(body.name?.givenName),
          str(body.name?.familyName),
          str(body.displayName),
          emailValue,
          emailValue?.trim().toLowerCase() ?? null,
        ],
      );
      if (emailValue)
        await client.query(
          `insert into user_email (id, account_id, user_id, position, value, value_key, type, "primary") values ($1, $2, $3, 0, $4, $5, $6, true)`,
          [randomUUID(), accountId, id, emailValue, emailValue.trim().toLowerCase(), str(email?.type)],
        );
      await client.query('commit');
      const row = inserted.rows[0]!;
      return send(res, 201, render(row, emailValue ? [{ value: emailValue, type: str(email?.type), primary: true }] : []));
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return send(res, 405, { detail: 'method not allowed' });
}

function render(u: UserRow, emails: { value: string; type: string | null; primary: boolean }[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: u.id,
    externalId: u.external_id ?? undefined,
    userName: u.user_name,
    name: { givenName: u.given_name ?? undefined, familyName: u.family_name ?? undefined },
    displayName: u.display_name ?? undefined,
    active: u.active,
    emails: emails.map((e) => ({ value: e.value, type: e.type ?? undefined, primary: e.primary })),
    meta: { resourceType: 'User', created: u.created_at, lastModified: u.updated_at, version: `W/"${u.version}"` },
  };
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

if (require.main === module) {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    process.stderr.write('raw-server: DATABASE_URL is required\n');
    process.exit(2);
  }
  startRawServer({ databaseUrl, port: Number(process.env['PORT'] ?? 0) })
    .then((server) => {
      process.stdout.write(`raw baseline listening on ${server.origin}\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`raw-server: ${String(error)}\n`);
      process.exit(1);
    });
}
