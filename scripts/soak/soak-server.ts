import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { initOrm } from '../../src/db/orm';
import { createLogger } from '../../src/http/logger';

/**
 * The soak's Roster, in a worker thread: its own event loop (the load generator does not take its time) and its
 * own V8 heap, which it reports after a full GC when asked, so heap growth is the server's alone.
 */
async function serve(): Promise<void> {
  const { clientUrl } = workerData as { clientUrl: string };
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const config = loadConfig({ DATABASE_URL: clientUrl, LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'http://127.0.0.1' });
  // Access logs are written as in production, into a sink, so their cost is part of the figures.
  const logger = createLogger('info', new Writable({ write: (_c, _e, done) => done() }));
  const orm = await initOrm({ clientUrl, poolMax: config.databasePoolMax, acquireTimeoutMs: config.databasePoolAcquireTimeoutMs });
  const { app, close } = await buildApp({ orm, config, logger });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  parentPort!.on('message', (message: string) => {
    if (message === 'heap') {
      gc();
      parentPort!.postMessage({ heapMb: Math.round((v8.getHeapStatistics().used_heap_size / 1024 / 1024) * 100) / 100 });
    } else if (message === 'stop') {
      server.close(() => {
        void close()
          .then(() => orm.close(true))
          .then(() => parentPort!.postMessage({ stopped: true }));
      });
      server.closeIdleConnections();
    }
  });
  parentPort!.postMessage({ port: (server.address() as AddressInfo).port });
}

void serve();
