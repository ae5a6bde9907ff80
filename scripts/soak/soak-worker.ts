import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The soak's Roster running in a worker thread (soak-server.ts), seen from the load generator's side. */
export interface SoakServer {
  origin: string;
  /** The server's V8 heap in use after a full GC in its own isolate, in MB. */
  heapMb(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts Roster in a worker of its own: its event loop is not the load generator's, and its heap is measured
 * alone. `script` is the compiled soak-server.js (next to this file when compiled; under dist/ for jest).
 */
export async function startSoakServer(clientUrl: string, script = path.join(__dirname, 'soak-server.js')): Promise<SoakServer> {
  const worker = new Worker(script, { workerData: { clientUrl } });
  let failure: Error | null = null;
  const waiters = new Set<(error: Error) => void>();
  const fail = (error: Error) => {
    failure ??= error;
    for (const reject of waiters) reject(error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the soak server's worker exited (${code})`)));
  const ask = <T>(message: string, key: string) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const listen = (reply: Record<string, unknown>) => {
        if (!(key in reply)) return;
        worker.off('message', listen);
        waiters.delete(reject);
        resolve(reply[key] as T);
      };
      waiters.add(reject);
      worker.on('message', listen);
      if (message) worker.postMessage(message);
    });
  const port = await ask<number>('', 'port');
  return {
    origin: `http://127.0.0.1:${port}`,
    heapMb: () => ask<number>('heap', 'heapMb'),
    async stop() {
      if (!failure) await ask('stop', 'stopped').catch(() => undefined);
      await worker.terminate();
    },
  };
}
