import autocannon from 'autocannon';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { assertLoopback } from './http';
import type { Progress } from './progress';
import { round, summarize, type LatencySummary } from './stats';

/** One request of a load run; `path` includes the query string. */
export interface LoadRequest {
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  label: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  headers?: Record<string, string>;
  connections: number;
  /** Upper bound in time. */
  seconds: number;
  /** Upper bound in requests (across all connections). */
  maxRequests: number;
  /** Exactly `maxRequests` requests, split evenly over the connections (e.g. 10 clients × 100), time bound kept. */
  exact?: boolean;
  /** Requests per second across all connections (paced by autocannon, second by second). */
  overallRate?: number;
  /**
   * With `overallRate`: 'even' sends one request every 1/rate s, open loop, instead of autocannon's pacing,
   * which sends each connection's budget for a second back to back when the second starts.
   */
  pacing?: 'even';
  /** Called once per request sent; must be cheap. */
  next: (i: number) => LoadRequest;
  /** Keep every latency sample on the run (to merge runs); left out of the results file. */
  keepSamples?: boolean;
}

/** What every load run reports: latencies of every response (2xx or not), throughput, and what went wrong. */
export interface LoadRun {
  label: string;
  connections: number;
  overallRate: number | null;
  elapsedSeconds: number;
  responses: number;
  throughput: number;
  latencyMs: LatencySummary;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU ms per response of the server process and of PostgreSQL during the run (from /proc), when known. */
  cpuMsPerRequest?: { server: number | null; postgres: number | null };
  samples?: number[];
}

/** The body of a load request as sent: strings as they are, anything else as JSON. */
function bodyOf(r: LoadRequest): string | undefined {
  return r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
}

/** The responses of one load run as they come in, and the run's report at the end; both runners keep one. */
class RunTally {
  readonly samples: number[] = [];
  readonly statusCodes: Record<string, number> = {};
  readonly started = performance.now();
  ok = 0;
  private lastResponseAt = 0;
  private lastReport = this.started;

  constructor(
    private readonly options: LoadOptions,
    private readonly progress: Progress,
  ) {}

  record(statusCode: number, ms: number): void {
    this.samples.push(ms);
    this.lastResponseAt = performance.now();
    this.statusCodes[statusCode] = (this.statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) this.ok++;
  }

  /** A progress line every 5 s at most, so a long run does not look like a hang. */
  reportProgress(): void {
    const now = performance.now();
    if (now - this.lastReport < 5_000) return;
    this.lastReport = now;
    const n = this.samples.length;
    this.progress.line(`${this.options.label}: ${Math.round((now - this.started) / 1000)}/${this.options.seconds} s, ${n} responses, ${n - this.ok} not 2xx`);
  }

  finish(failures: { errors: number; timeouts: number }, pacing = ''): LoadRun {
    const { options, samples, statusCodes, ok } = this;
    // Until the last response, not until a runner notices the end.
    const elapsedSeconds = ((this.lastResponseAt || performance.now()) - this.started) / 1000;
    const latencyMs = summarize(samples);
    this.progress.line(
      `  ${options.label}: ${samples.length} responses in ${round(elapsedSeconds, 1)} s${pacing}, ${round(samples.length / elapsedSeconds, 1)}/s, ` +
        `p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, status ${JSON.stringify(statusCodes)}${failures.errors ? `, ${failures.errors} connection errors` : ''}`,
    );
    return {
      label: options.label,
      connections: options.connections,
      overallRate: options.overallRate ?? null,
      elapsedSeconds: round(elapsedSeconds),
      responses: samples.length,
      throughput: round(samples.length / elapsedSeconds, 1),
      latencyMs,
      ok,
      non2xx: samples.length - ok,
      errors: failures.errors,
      timeouts: failures.timeouts,
      statusCodes,
      ...(options.keepSamples ? { samples } : {}),
    };
  }
}

const ACCEPT = { accept: 'application/scim+json, application/json' };

/**
 * Drives HTTP load with autocannon, bounded in requests and seconds, on loopback only. Latencies are taken
 * from autocannon's per-response event as floats (its own histogram rounds to whole milliseconds).
 */
export async function runLoad(options: LoadOptions, progress: Progress): Promise<LoadRun> {
  assertLoopback(new URL(options.origin));
  if (options.pacing === 'even' && options.overallRate) return runEvenlyPaced({ ...options, overallRate: options.overallRate }, progress);
  let built = 0;

  let finish: (error: unknown, result: autocannon.Result) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result));
  });
  const instance = autocannon({
    url: options.origin,
    connections: options.connections,
    pipelining: 1,
    timeout: 30,
    duration: options.seconds,
    ...(options.exact ? { amount: options.maxRequests } : { maxOverallRequests: options.maxRequests }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    headers: { ...ACCEPT, ...options.headers },
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const r = options.next(built++);
          const body = bodyOf(r);
          return {
            ...req,
            method: (r.method ?? 'GET') as autocannon.Request['method'],
            path: r.path,
            headers: { ...req.headers, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...r.headers },
            body: body ?? '',
          };
        },
      },
    ],
  }, (error: unknown, result: autocannon.Result) => finish(error, result));

  const tally = new RunTally(options, progress);
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => tally.record(statusCode, responseTime));
  const ticker = setInterval(() => tally.reportProgress(), 1_000);
  // autocannon stops on its own at either bound; this is the last resort if a server stops answering.
  const guard = setTimeout(() => instance.stop(), (options.seconds + 35) * 1000);

  try {
    const result = await finished;
    return tally.finish({ errors: result.errors, timeouts: result.timeouts });
  } finally {
    clearInterval(ticker);
    clearTimeout(guard);
  }
}

/** One step of a sequential run: its status and time, or 'done' when there is nothing more to ask. */
export type StepResult = { status: number; ms: number } | 'done';

/**
 * Requests one after another (a walk that needs each answer for the next request), bounded in steps and
 * seconds; reported in the same shape as a load run.
 */
export async function runSequential(
  options: { label: string; maxSteps: number; seconds: number; step: (i: number) => Promise<StepResult> },
  progress: Progress,
): Promise<LoadRun & { samples: number[]; completed: boolean }> {
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let completed = false;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let lastReport = started;
  for (let i = 0; i < options.maxSteps && performance.now() < deadline; i++) {
    let result: StepResult;
    try {
      result = await options.step(i);
    } catch (error) {
      errors++;
      progress.line(`${options.label}: request ${i + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (errors >= 10) break;
      continue;
    }
    if (result === 'done') {
      completed = true;
      break;
    }
    samples.push(result.ms);
    statusCodes[result.status] = (statusCodes[result.status] ?? 0) + 1;
    if (result.status >= 200 && result.status < 300) ok++;
    const now = performance.now();
    if (now - lastReport >= 5_000) {
      lastReport = now;
      progress.line(`${options.label}: ${Math.round((now - started) / 1000)} s, ${samples.length} requests`);
    }
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    label: options.label,
    connections: 1,
    overallRate: null,
    elapsedSeconds: round(elapsedSeconds),
    responses: samples.length,
    throughput: round(samples.length / elapsedSeconds, 1),
    latencyMs: summarize(samples),
    ok,
    non2xx: samples.length - ok,
    errors,
    timeouts: 0,
    statusCodes,
    samples,
    completed,
  };
}

/**
 * An open-loop schedule: request i is due at start + i / rate seconds, whether or not earlier ones were answered,
 * on at most `connections` keep-alive sockets. A request's latency counts from when it was due, so a server
 * falling behind shows in the figures rather than slowing the schedule (no coordinated omission). autocannon
 * paces a second at a time, hence this small runner for the paced scenarios.
 */
async function runEvenlyPaced(options: LoadOptions & { overallRate: number }, progress: Progress): Promise<LoadRun> {
  const origin = new URL(options.origin);
  // FIFO keeps every socket in turn: with LIFO, the spare ones idle past the server's 5 s keep-alive and race its close.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, scheduling: 'fifo' });
  const failures = { errors: 0, timeouts: 0 };
  const intervalMs = 1000 / options.overallRate;
  const total = Math.min(options.maxRequests, Math.floor(options.seconds * options.overallRate));

  const send = (i: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      const r = options.next(i);
      const body = bodyOf(r);
      const headers: Record<string, string | number> = { ...ACCEPT, ...options.headers, ...r.headers };
      if (body !== undefined) Object.assign(headers, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) });
      const req = http.request({ host: origin.hostname, port: origin.port, method: r.method ?? 'GET', path: r.path, headers, agent, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          tally.record(res.statusCode ?? 0, performance.now() - dueAt);
          resolve();
        });
      });
      req.on('timeout', () => {
        failures.timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        failures.errors++;
        resolve();
      });
      req.end(body);
    });

  const tally = new RunTally(options, progress);
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < total; i++) {
      const dueAt = tally.started + i * intervalMs;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(i, dueAt));
      tally.reportProgress();
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return tally.finish(failures, ' (evenly paced)');
}
