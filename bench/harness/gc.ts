import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { assertLoopback, request } from './http';

/**
 * A full garbage collection in another Node process, through its inspector: RSS read right after it counts
 * live memory, not wherever the collector happened to be (one minute of the mixed cycle read 53 MB less in
 * one run and 59 MB more in another with no leak). The process is started with `--inspect-port` only, so no
 * inspector listens until SIGUSR1 opens it, on loopback, for the first measurement; scenarios before that
 * run without one.
 */
export async function collectGarbage(pid: number, inspectPort: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const webSocketUrl = await inspectorUrl(pid, inspectPort, deadline);
  assertLoopback(new URL(webSocketUrl));
  const socket = new WebSocket(webSocketUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to HeapProfiler.collectGarbage within ${timeoutMs / 1000} s`)), deadline - Date.now());
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
      socket.on('message', (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
        if (reply.id !== 1) return;
        clearTimeout(timer);
        if (reply.error) reject(new Error(`HeapProfiler.collectGarbage: ${reply.error.message}`));
        else resolve();
      });
    });
  } finally {
    socket.close();
  }
}

async function inspectorUrl(pid: number, port: number, deadline: number): Promise<string> {
  const list = `http://127.0.0.1:${port}/json/list`;
  const read = async () => {
    const response = await request('GET', list, { timeoutMs: 2_000 });
    const targets = JSON.parse(response.body) as { webSocketDebuggerUrl?: string }[];
    return targets[0]?.webSocketDebuggerUrl ?? null;
  };
  const open = await read().catch(() => null);
  if (open) return open;
  process.kill(pid, 'SIGUSR1');
  while (Date.now() < deadline) {
    const url = await read().catch(() => null);
    if (url) return url;
    await sleep(100);
  }
  throw new Error(`the inspector of pid ${pid} did not open on port ${port}`);
}
