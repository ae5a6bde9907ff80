import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';

/** One account the soak drives: its SCIM base path and token, and ids it may touch. */
export interface SoakAccount {
  base: string;
  token: string;
  groupIds: string[];
}

export interface SoakOptions {
  /** Loopback only: `http://127.0.0.1:<port>`. */
  origin: string;
  accounts: SoakAccount[];
  requestsPerSecondPerAccount: number;
  durationMs: number;
  /** How often a report window closes (a minute for the soak, seconds for the CI version). */
  windowMs: number;
  /**
   * Requests waiting for a reply beyond which a scheduled request is shed (counted, not sent): a server that
   * cannot keep up then shows as shed load and latency, instead of an ever-growing backlog in this process.
   */
  maxInFlight?: number;
  /** The server's heap after a full GC, in MB, when it runs elsewhere (a worker); else this process's is read. */
  heapProbe?: () => Promise<number>;
  onWindow?: (window: SoakWindow) => void;
}

export interface SoakWindow {
  index: number;
  requests: number;
  errors: number;
  shed: number;
  p50Ms: number;
  p99Ms: number;
  /** V8 heap in use after a full GC (when `--expose-gc` is on), in MB. */
  heapMb: number;
}

export interface SoakReport {
  requests: number;
  errors: number;
  /** Scheduled requests not sent because `maxInFlight` were already waiting: load the server did not keep up with. */
  shed: number;
  errorSamples: string[];
  p50Ms: number;
  p99Ms: number;
  windows: SoakWindow[];
  /** Slope of the post-GC heap over the windows after the first (warm-up), in MB per minute. */
  heapGrowthMbPerMin: number;
  /** Whether heap figures were taken after a forced full GC. */
  heapAfterGc: boolean;
}

type Op = (account: SoakAccount, state: AccountState) => { method: string; path: string; body?: unknown; ok: number[] };

interface AccountState {
  users: string[];
  serial: number;
}

const URN_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const URN_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The traffic mix, weighted like an IdP's steady state: mostly reads and lookups, some writes, member changes. */
const MIX: [number, Op][] = [
  [25, (_a, s) => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent(`userName eq "soak${pick(s.users.length) + 1}@example.com"`)}&startIndex=1&count=100`, ok: [200] })],
  [15, (_a, s) => (s.users.length ? { method: 'GET', path: `/Users/${s.users[pick(s.users.length)]}`, ok: [200] } : listUsers())],
  [10, listUsers],
  [15, (_a, s) => {
    const n = ++s.serial;
    const userName = `soak-new-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    return { method: 'POST', path: '/Users', body: { schemas: [URN_USER], userName, name: { givenName: 'Soak', familyName: `N${n}` }, emails: [{ value: userName, type: 'work', primary: true }], active: true }, ok: [201] };
  }],
  [10, (_a, s) => ({ method: 'PATCH', path: `/Users/${s.users[pick(s.users.length)]}`, body: { schemas: [URN_PATCH], Operations: [{ op: 'Replace', path: 'active', value: pick(2) ? 'True' : 'False' }] }, ok: [200] })],
  [10, (a, s) => {
    const groupId = a.groupIds[pick(a.groupIds.length)]!;
    const userId = s.users[pick(s.users.length)]!;
    return { method: 'PATCH', path: `/Groups/${groupId}?excludedAttributes=members`, body: { schemas: [URN_PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] }, ok: [204] };
  }],
  [5, (a, s) => {
    const groupId = a.groupIds[pick(a.groupIds.length)]!;
    const userId = s.users[pick(s.users.length)]!;
    return { method: 'PATCH', path: `/Groups/${groupId}?excludedAttributes=members`, body: { schemas: [URN_PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: userId }] }] }, ok: [204] };
  }],
  [5, () => ({ method: 'GET', path: '/Groups?excludedAttributes=members&startIndex=1&count=100', ok: [200] })],
  [5, (a) => ({ method: 'GET', path: `/Groups/${a.groupIds[pick(a.groupIds.length)]}?excludedAttributes=members`, ok: [200] })],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [w]) => sum + w, 0);

function listUsers(): ReturnType<Op> {
  return { method: 'GET', path: '/Users?startIndex=1&count=10', ok: [200] };
}

function pick(n: number): number {
  return Math.floor(Math.random() * n);
}

function chooseOp(): Op {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const [weight, op] of MIX) if ((r -= weight) < 0) return op;
  return MIX[0]![1];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A full GC before each heap reading: `--expose-gc` when given, else switched on for this process here. */
function fullGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}
const gc = fullGc();

function heapMb(): number {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 100) / 100;
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Open-loop load: each account sends its requests on a fixed schedule whatever the replies take, so a slow
 * server shows as latency, not as fewer requests. Stops by itself after `durationMs`; refuses any origin that
 * is not loopback.
 */
export async function runSoak(options: SoakOptions, seedUsers: Map<SoakAccount, string[]>): Promise<SoakReport> {
  const url = new URL(options.origin);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname) && !url.hostname.startsWith('127.'))
    throw new Error(`the soak targets loopback only, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const states = new Map(options.accounts.map((a) => [a, { users: [...(seedUsers.get(a) ?? [])], serial: 0 } as AccountState]));
  const all: number[] = [];
  let windowLatencies: number[] = [];
  let windowErrors = 0;
  let windowRequests = 0;
  let windowShed = 0;
  let shed = 0;
  let errors = 0;
  let requests = 0;
  const errorSamples: string[] = [];
  const windows: SoakWindow[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const readHeap = options.heapProbe ?? (async () => heapMb());

  const maxInFlight = options.maxInFlight ?? Infinity;
  const fire = (account: SoakAccount) => {
    if (inFlight.size >= maxInFlight) {
      shed++;
      windowShed++;
      return;
    }
    const state = states.get(account)!;
    const op = chooseOp()(account, state);
    const payload = op.body === undefined ? undefined : JSON.stringify(op.body);
    const t0 = performance.now();
    requests++;
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: op.method,
          path: `${account.base}${op.path}`,
          agent,
          headers: { Authorization: `Bearer ${account.token}`, Accept: 'application/scim+json', ...(payload ? { 'Content-Type': 'application/scim+json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
          timeout: 60_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const ms = performance.now() - t0;
            all.push(ms);
            windowLatencies.push(ms);
            windowRequests++;
            if (!op.ok.includes(res.statusCode ?? 0)) {
              errors++;
              windowErrors++;
              if (errorSamples.length < 20) errorSamples.push(`${op.method} ${op.path} → ${res.statusCode}: ${text.slice(0, 200)}`);
            } else if (op.method === 'POST' && res.statusCode === 201) {
              state.users.push((JSON.parse(text) as { id: string }).id);
            }
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        errors++;
        windowErrors++;
        windowRequests++;
        if (errorSamples.length < 20) errorSamples.push(`${op.method} ${op.path} → ${error.message}`);
        resolve();
      });
      req.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const intervalMs = 1000 / options.requestsPerSecondPerAccount;
  const timers = options.accounts.map((account, i) => {
    // Staggered so the accounts' requests interleave rather than arrive in lockstep.
    let next = started + (i * intervalMs) / options.accounts.length;
    let timer: NodeJS.Timeout;
    const tick = () => {
      const now = Date.now();
      while (next <= now && now - started < options.durationMs) {
        fire(account);
        next += intervalMs;
      }
      if (now - started < options.durationMs) timer = setTimeout(tick, Math.max(0, next - Date.now()));
    };
    timer = setTimeout(tick, Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  });

  const closeWindow = async () => {
    const sorted = [...windowLatencies].sort((x, y) => x - y);
    const counts = { requests: windowRequests, errors: windowErrors, shed: windowShed };
    const window: SoakWindow = { index: windows.length + 1, ...counts, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), heapMb: 0 };
    windows.push(window);
    windowLatencies = [];
    windowErrors = 0;
    windowRequests = 0;
    windowShed = 0;
    window.heapMb = await readHeap();
    options.onWindow?.(window);
  };
  const windowTimer = setInterval(() => void closeWindow(), options.windowMs);
  await new Promise((r) => setTimeout(r, options.durationMs));
  for (const stop of timers) stop();
  await Promise.all(inFlight);
  clearInterval(windowTimer);
  if (windowRequests > 0) await closeWindow();
  agent.destroy();

  const sorted = [...all].sort((x, y) => x - y);
  // The first window warms caches, pools and JIT: growth is measured from its end on. The last, partial window
  // closes after the load has stopped and its requests are freed: left out, or it would hide a leak.
  const full = windows.filter((w) => w.index * options.windowMs <= options.durationMs + options.windowMs / 2);
  const points = full.map((w) => [(w.index * options.windowMs) / 60_000, w.heapMb] as [number, number]);
  return {
    requests,
    errors,
    shed,
    errorSamples,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    windows,
    heapGrowthMbPerMin: round(slope(points)),
    heapAfterGc: options.heapProbe !== undefined || gc !== null,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
