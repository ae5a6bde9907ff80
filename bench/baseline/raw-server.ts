/**
 * The machine's limit for the two hot paths, measured side by side with Roster: a minimal node:http + pg
 * server that sends the statements Roster sends for a create and for a userName lookup, with none of its
 * framework, ORM, validation or rendering around them. Each request's bearer token is looked up with Roster's
 * own statement (`credentialSql`) and checked as Roster checks it. A create then takes the account and the
 * user to link in Roster's statement (`ACCOUNT_AND_USER_TO_LINK_SQL`) and inserts the provisioning event, the
 * user, its email and its invitation, as Roster's flush does, in one transaction; a lookup reads the page
 * with Roster's select list (`userRecordColumns`: emails and groups as JSON) over the unique index.
 * Roster's flush inlines its values; these inserts are prepared, as a hand-written server would send them.
 *
 *   POST /accounts/:accountId/Users            body: a SCIM User (userName, externalId, name, displayName, emails)
 *   GET  /accounts/:accountId/Users?filter=userName eq "…"
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type PoolClient } from 'pg';
import { credentialSql } from '../../src/auth/authenticate-token';
import { ACCOUNT_AND_USER_TO_LINK_SQL } from '../../src/commands/users/create-user';
import { userRecordColumns } from '../../src/commands/users/user-records.queries';
import { numberedPlaceholders } from '../../src/db/prepared-statements';
import { tokenUsableAt } from '../../src/domain/token/bearer-token.entity';
import { parseToken, secretMatches } from '../../src/domain/token/token-secret';

export interface RawServer {
  origin: string;
  close(): Promise<void>;
}

const USERS_PATH = /^\/accounts\/([0-9a-f-]{36})\/Users(?:\?(.*))?$/i;
const USER_NAME_EQ = /^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const JSON_TYPE = 'application/scim+json';

/** Named, so each connection plans them once, as Roster's `executePrepared` does. */
const STATEMENTS = {
  credential: numberedPlaceholders(credentialSql('scim_token', 'scim')),
  accountAndLink: numberedPlaceholders(ACCOUNT_AND_USER_TO_LINK_SQL),
  lookup: `select u.id, ${userRecordColumns(true)} from app_user u where u.account_id = $1 and u.user_name_key = $2 order by u.id limit 100`,
  event: `insert into provisioning_event (id, account_id, occurred_at, actor_type, actor_id, actor_name, action, resource_type, resource_id, outcome, manual, request_id, detail)
          values ($1, $2, $3, 'scim_token', $4, $5, 'user.created', 'User', $6, 'success', false, $7, $8)`,
  user: `insert into app_user (id, account_id, user_name, user_name_key, external_id, given_name, family_name, display_name, active,
                               phone_numbers, email, email_key, managed_by, invited_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, '[]'::jsonb, $9, $10, 'scim', $11, $11, $11) returning version`,
  email: `insert into user_email (id, account_id, user_id, position, value, value_key, type, "primary") values ($1, $2, $3, 0, $4, $5, $6, true)`,
  invitation: `insert into email_outbox (id, account_id, user_id, kind, to_address, created_at, attempts) values ($1, $2, $3, 'invitation', $4, $5, 0)`,
};

interface ScimUserBody {
  userName?: unknown;
  externalId?: unknown;
  displayName?: unknown;
  name?: { givenName?: unknown; familyName?: unknown };
  emails?: { value?: unknown; type?: unknown; primary?: unknown }[];
}

interface Credential {
  token_id: string;
  token_name: string;
  token_secret_hash: Buffer;
  token_revoked_at: Date | null;
  token_expires_at: Date | null;
  id: string;
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
  emails_json?: { value: string; type: string | null; primary: boolean }[];
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

const run = <R extends object>(db: Pool | PoolClient, name: keyof typeof STATEMENTS, values: unknown[]) =>
  db.query<R>({ name: `raw_${name}`, text: STATEMENTS[name], values });

async function handle(pool: Pool, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const match = USERS_PATH.exec(req.url ?? '');
  if (!match) return send(res, 404, { detail: 'not found' });
  const accountId = match[1]!.toLowerCase();
  const credential = await authenticate(pool, req.headers.authorization, accountId);
  if (!credential) return send(res, 401, { detail: 'unauthorized' });
  if (req.method === 'GET') {
    const filter = new URLSearchParams(match[2] ?? '').get('filter') ?? '';
    const eq = USER_NAME_EQ.exec(filter);
    if (!eq) return send(res, 400, { detail: 'only userName eq is supported' });
    const key = eq[1]!.replace(/\\(.)/g, '$1').normalize('NFC').toLowerCase();
    const users = (await run<UserRow>(pool, 'lookup', [accountId, key])).rows;
    return send(res, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: users.length,
      startIndex: 1,
      itemsPerPage: users.length,
      Resources: users.map((u) => render(u, u.emails_json ?? [])),
    });
  }
  if (req.method === 'POST') {
    const body = JSON.parse(await readBody(req)) as ScimUserBody;
    if (typeof body.userName !== 'string' || !body.userName) return send(res, 400, { detail: 'userName is required' });
    const userName = body.userName;
    const userNameKey = userName.normalize('NFC').toLowerCase();
    const email = body.emails?.find((e) => e.primary === true) ?? body.emails?.[0];
    const emailValue = typeof email?.value === 'string' ? email.value : null;
    const emailKey = emailValue?.trim().toLowerCase() ?? null;
    const id = randomUUID();
    const now = new Date();
    const client = await pool.connect();
    try {
      await client.query('begin');
      const [account] = (await run<{ link_id: string | null }>(client, 'accountAndLink', [accountId, userNameKey, emailKey, 'manual'])).rows;
      if (!account) throw Object.assign(new Error('no such account'), { code: 'P0002' });
      if (account.link_id) throw Object.assign(new Error('a user to link: the baseline only creates'), { code: '23505' });
      await run(client, 'event', [randomUUID(), accountId, now, credential.token_id, credential.token_name, id, randomUUID(), JSON.stringify({ userName })]);
      const inserted = await run<{ version: number }>(client, 'user', [
        id, accountId, userName, userNameKey, str(body.externalId), str(body.name?.givenName), str(body.name?.familyName), str(body.displayName), emailValue, emailKey, now,
      ]);
      if (emailValue) {
        await run(client, 'email', [randomUUID(), accountId, id, emailValue, emailKey, str(email?.type)]);
        await run(client, 'invitation', [randomUUID(), accountId, id, emailValue, now]);
      }
      await client.query('commit');
      const row: UserRow = {
        id, user_name: userName, external_id: str(body.externalId), display_name: str(body.displayName), given_name: str(body.name?.givenName),
        family_name: str(body.name?.familyName), active: true, created_at: now, updated_at: now, version: inserted.rows[0]!.version,
      };
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

/** Roster's token check: known, secret matching its hash, neither revoked nor expired, of this account. */
async function authenticate(pool: Pool, header: string | undefined, accountId: string): Promise<Credential | null> {
  const parsed = header?.startsWith('Bearer ') ? parseToken(header.slice(7)) : null;
  if (!parsed || parsed.kind !== 'scim') return null;
  const [row] = (await run<Credential>(pool, 'credential', [parsed.lookupId])).rows;
  const usable = row && tokenUsableAt({ revokedAt: row.token_revoked_at, expiresAt: row.token_expires_at }, new Date());
  if (!row || !usable || !secretMatches(parsed.secret, row.token_secret_hash)) return null;
  return row.id === accountId ? row : null;
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
