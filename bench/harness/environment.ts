import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres, freePort } from '../../src/db/embedded-postgres';
import { collectGarbage } from './gc';
import { startRawServer, type RawServer } from '../baseline/raw-server';
import { request } from './http';
import { postmasterPid } from './cpu';
import { enableStatements, preloadStatements } from './statements';
import type { Progress } from './progress';

const execFileAsync = promisify(execFile);

/** The repository root, found from this file whether it runs compiled (dist/bench/…) or under jest (bench/…). */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'roster') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no roster package.json above ${from}`);
    dir = up;
  }
}

export interface BenchDatabase {
  /** Where the harness connects to seed and check rows. */
  url: string;
  /** Whether pg_stat_statements answers, so each scenario can name the statements it spent its time on. */
  statements: boolean;
  /** What Roster and its CLI are given to reach the same database. */
  env: Record<string, string>;
  description: string;
  /** The embedded cluster's postmaster, for its CPU time; null for DATABASE_URL. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when given; otherwise the embedded PostgreSQL in `dataDir`, started here with its defaults
 * (fsync on). Roster and the CLI, given the same `ROSTER_DATA_DIR`, join this cluster instead of starting one.
 */
export async function startDatabase(options: { databaseUrl?: string; dataDir: string; statements: boolean }): Promise<BenchDatabase> {
  if (options.databaseUrl) {
    const u = new URL(options.databaseUrl);
    return {
      url: options.databaseUrl,
      statements: options.statements && (await enableStatements(options.databaseUrl)),
      env: { DATABASE_URL: options.databaseUrl },
      description: `DATABASE_URL (${u.hostname}:${u.port || 5432}${u.pathname})`,
      postmasterPid: null,
      stop: async () => undefined,
    };
  }
  let embedded = await startEmbeddedPostgres(options.dataDir);
  if (options.statements) {
    // A preload library takes effect on a restart; nothing else uses the cluster yet.
    await preloadStatements(embedded.url);
    await embedded.stop();
    embedded = await startEmbeddedPostgres(options.dataDir);
  }
  const statements = options.statements && (await enableStatements(embedded.url));
  return {
    url: embedded.url,
    statements,
    env: { ROSTER_DATA_DIR: options.dataDir },
    description: `embedded PostgreSQL in ${options.dataDir}`,
    postmasterPid: postmasterPid(path.join(options.dataDir, 'pg')),
    stop: () => embedded.stop(),
  };
}

/** A minimal environment for children: nothing of ours leaks (DATABASE_URL, PORT), only what we state. */
function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  for (const key of ['HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...vars };
}

export interface RosterServer {
  origin: string;
  pid: number;
  logFile: string;
  /** Resident set size of the server process in KiB, from /proc/<pid>/status. */
  rssKiB(): number;
  /** A full garbage collection in the server (through its inspector, opened on first use): see `collectGarbage`. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `node dist/src/main.js` on a free loopback port; its log goes to a file, readiness is polled. */
export async function startRoster(options: {
  dbEnv: Record<string, string>;
  logFile: string;
  logLevel?: string;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the server's CPU goes. */
  nodeArgs?: string[];
  progress: Progress;
}): Promise<RosterServer> {
  const port = await freePort();
  const inspectPort = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fd = openSync(options.logFile, 'a');
  // Only the port: no inspector listens until the mixed cycle opens one to collect garbage before reading RSS.
  const nodeArgs = [`--inspect-port=127.0.0.1:${inspectPort}`, ...(options.nodeArgs ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: childEnv({ ...options.dbEnv, PORT: String(port), PUBLIC_BASE_URL: origin, LOG_LEVEL: options.logLevel ?? 'info', NODE_ENV: 'production' }),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitReady(child, `${origin}/healthz`, options.logFile, 120_000);
  options.progress.line(`Roster is up at ${origin} (pid ${child.pid}, log ${options.logFile})`);
  return {
    origin,
    pid: child.pid!,
    logFile: options.logFile,
    rssKiB: () => readRssKiB(child.pid!),
    collectGarbage: () => collectGarbage(child.pid!, inspectPort),
    stop: () => stopChild(child, exited, 20_000),
  };
}

async function waitReady(child: ChildProcess, url: string, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Roster exited (${child.exitCode ?? child.signalCode}) before answering ${url}; see ${logFile}:\n${tail(logFile)}`);
    try {
      if ((await request('GET', url, { timeoutMs: 2_000 })).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`Roster did not answer ${url} within ${timeoutMs / 1000} s; see ${logFile}:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

export interface Baseline {
  origin: string;
  /** Its own process's pid, or null when it runs inside the harness. */
  pid: number | null;
  stop(): Promise<void>;
}

/**
 * The raw node:http + pg server. As its own process (like Roster) for `npm run bench`; in this process for
 * the harness test, which runs from TypeScript sources with nothing compiled for it.
 */
export async function startBaseline(options: { databaseUrl: string; mode: 'process' | 'inline'; progress: Progress }): Promise<Baseline> {
  if (options.mode === 'inline') {
    const server: RawServer = await startRawServer({ databaseUrl: options.databaseUrl, port: 0 });
    return { origin: server.origin, pid: null, stop: () => server.close() };
  }
  const script = path.join(ROOT, 'dist', 'bench', 'baseline', 'raw-server.js');
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: childEnv({ DATABASE_URL: options.databaseUrl, PORT: '0' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the raw baseline did not start within 30 s: ${out}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => reject(new Error(`the raw baseline exited: ${out}`)));
  });
  child.stdout!.resume();
  options.progress.line(`raw baseline is up at ${origin} (pid ${child.pid})`);
  return { origin, pid: child.pid!, stop: () => stopChild(child, exited, 5_000) };
}

export interface CreatedAccount {
  accountId: string;
  scimToken: string;
  apiToken: string;
}

/** `roster accounts create --json`, the operator's way in. */
export async function createAccountWithCli(dbEnv: Record<string, string>, name: string): Promise<CreatedAccount> {
  const { stdout } = await execFileAsync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'roster.js'), 'accounts', 'create', '--name', name, '--json'], {
    cwd: ROOT,
    env: childEnv({ ...dbEnv, LOG_LEVEL: 'silent' }),
    timeout: 60_000,
  });
  const parsed = JSON.parse(stdout.trim().split('\n').pop()!) as CreatedAccount;
  if (!parsed.accountId || !parsed.scimToken || !parsed.apiToken) throw new Error(`unexpected CLI output: ${stdout}`);
  return parsed;
}

export async function gitCommit(): Promise<{ commit: string | null; dirtyFiles: string[] }> {
  try {
    const { stdout: head } = await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: ROOT });
    const { stdout: status } = await execFileAsync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT });
    return { commit: head.trim(), dirtyFiles: status.split('\n').filter(Boolean).map((l) => l.slice(3)) };
  } catch {
    return { commit: null, dirtyFiles: [] };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
