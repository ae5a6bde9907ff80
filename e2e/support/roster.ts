import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '..', '..');
/** Works from e2e/support (jest) and from dist/e2e/support (the compiled screenshot script). */
const PROJECT = ROOT.endsWith(`${path.sep}dist`) ? path.dirname(ROOT) : ROOT;
const MAIN = path.join(PROJECT, 'dist', 'src', 'main.js');
const CLI = path.join(PROJECT, 'dist', 'src', 'cli', 'roster.js');
const READY = /Roster is ready on /;

export interface RosterServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  pid: number;
}

export interface CreatedAccount {
  accountId: string;
  scimBaseUrl: string;
  scimToken: string;
  apiToken: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function env(server: Pick<RosterServer, 'port' | 'dataDir'>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, PORT: String(server.port), ROSTER_DATA_DIR: server.dataDir, LOG_LEVEL: 'warn', PUBLIC_BASE_URL: `http://localhost:${server.port}` };
}

/** A real Roster (`node dist/src/main.js`) on a fresh embedded PostgreSQL data directory and a free port. */
export async function startRoster(): Promise<{ server: RosterServer; process: ChildProcess }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { cwd: PROJECT, env: env({ port, dataDir }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Roster did not get ready in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (READY.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Roster exited with code ${code} before it was ready:\n${output}`));
    });
  });
  // Keep draining the pipes so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.on('data', (chunk: Buffer) => {
    if (process.env['E2E_SERVER_LOG']) process.stderr.write(chunk);
  });
  return { server: { baseUrl: `http://localhost:${port}`, port, dataDir, pid: child.pid! }, process: child };
}

export async function stopRoster(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(resolve, 30_000).unref());
    await Promise.race([exited, timeout]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** `roster accounts create --json`, the operator's way: an account with its first SCIM and ADMIN API tokens. */
export async function createAccount(server: RosterServer, name: string): Promise<CreatedAccount> {
  const { stdout } = await run(process.execPath, [CLI, 'accounts', 'create', '--name', name, '--json'], { cwd: PROJECT, env: env(server) });
  return JSON.parse(stdout) as CreatedAccount;
}

export class GraphqlError extends Error {
  constructor(readonly errors: { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((e) => `${e.message} (${e.extensions?.code})`).join('; '));
  }
}

/** The test's own GraphQL calls (setup and cross-checks), beside what the console does in the browser. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data: the assertions check its shape
export async function gql<T = Record<string, any>>(server: RosterServer, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new GraphqlError(body.errors);
  return body.data as T;
}

/** `gql` bound to a server and a token read when called (the account is often made in `beforeAll`). */
export function gqlAs(server: RosterServer, token: () => string) {
  return (query: string, variables: Record<string, unknown> = {}) => gql(server, token(), query, variables);
}

/** What an IdP sends: SCIM over HTTP with the SCIM token. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data: the assertions check its shape
export async function scim<T = Record<string, any>>(account: CreatedAccount, token: string, method: string, resource: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${account.scimBaseUrl}${resource}`, {
    method,
    headers: { 'content-type': 'application/scim+json', accept: 'application/scim+json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function scimUser(account: CreatedAccount, token: string, user: { email: string; givenName: string; familyName: string }): Promise<string> {
  const created = await scim<{ id: string }>(account, token, 'POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: user.email,
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ value: user.email, type: 'work', primary: true }],
    active: true,
  });
  if (created.status !== 201) throw new Error(`SCIM POST /Users answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** An Okta group push: the group is created empty, then its members are added with a PATCH. */
export async function scimGroupPush(account: CreatedAccount, token: string, displayName: string, memberIds: string[]): Promise<string> {
  const created = await scim<{ id: string }>(account, token, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName,
    members: [],
  });
  if (created.status !== 201) throw new Error(`SCIM POST /Groups answered ${created.status}: ${JSON.stringify(created.body)}`);
  const patched = await scim(account, token, 'PATCH', `/Groups/${created.body.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: memberIds.map((value) => ({ value })) }],
  });
  if (patched.status !== 200 && patched.status !== 204) throw new Error(`SCIM PATCH /Groups answered ${patched.status}: ${JSON.stringify(patched.body)}`);
  return created.body.id;
}
