import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

/** The repository root: `dist/` (built by jest's globalSetup) lives here. */
export const ROOT = path.resolve(__dirname, '..', '..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `node dist/...` child process with its output collected, for process-level tests. */
export interface RosterProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first stdout line matching `pattern`; rejects on exit or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  waitForExit(timeoutMs: number): Promise<Exit>;
  /** SIGTERM, then SIGKILL when it does not exit within `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<Exit>;
}

const live = new Set<RosterProcess>();

/**
 * A minimal environment: nothing leaks from the test process (its DATABASE_URL, ROSTER_TEST_PG_URL, PORT),
 * so each test states exactly the configuration the child sees.
 */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  if (process.env['HOME']) env['HOME'] = process.env['HOME'];
  if (process.env['TMPDIR']) env['TMPDIR'] = process.env['TMPDIR'];
  return { ...env, ...vars };
}

/** Starts `node dist/<script>` from the repository root. `script` is e.g. `src/main.js`. */
export function spawnRoster(script: string, args: string[], env: Record<string, string>): RosterProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', script), ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const lineWaiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const check of lineWaiters) check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const proc: RosterProcess = {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (error: Error | null, line?: string) => {
          clearTimeout(timer);
          lineWaiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        const check = () => {
          const line = stdout.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) done(null, line);
        };
        const timer = setTimeout(
          () => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)),
          timeoutMs,
        );
        lineWaiters.add(check);
        void exited.then((e) => done(new Error(`exited (${JSON.stringify(e)}) before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
        check();
      });
    },
    waitForExit(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
        void exited.then((e) => {
          clearTimeout(timer);
          resolve(e);
        });
      });
    },
    async stop(graceMs = 20_000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = spawnRoster('src/cli/roster.js', args, env);
  try {
    const exit = await proc.waitForExit(timeoutMs);
    return { ...exit, stdout: proc.stdout, stderr: proc.stderr };
  } finally {
    await proc.stop();
  }
}

/** For afterAll: stops every child this file started and is still running. */
export async function stopAllRosterProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(10_000)));
}

/** True while `pid` names a process that is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The postmaster running on `clusterDir` (found by its `-D` argument) and all its children. */
export function postgresPids(clusterDir: string): number[] {
  const procs = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return [{ pid: Number(name), ppid, cmdline }];
      } catch {
        return [];
      }
    });
  const postmasters = procs.filter((p) => /postgres$/.test(p.cmdline[0] ?? '') && p.cmdline.includes(clusterDir)).map((p) => p.pid);
  const children = procs.filter((p) => postmasters.includes(p.ppid)).map((p) => p.pid);
  return [...postmasters, ...children];
}

/** Last-resort cleanup after a failed test: stops a cluster left running on `dataDir`, then removes the dir. */
export async function removeDataDir(dataDir: string): Promise<void> {
  const lock = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
    if (pid > 0 && pid !== process.pid && isRunning(pid) && postgresPids(path.join(dataDir, 'pg')).includes(pid)) {
      process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
      for (let i = 0; i < 100 && isRunning(pid); i++) await sleep(100);
    }
  }
  await rm(dataDir, { recursive: true, force: true });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
