import { performance } from 'node:perf_hooks';

/** Progress lines, each stamped with the time since the run began, so a long step never looks like a hang. */
export interface Progress {
  line(message: string): void;
}

export function consoleProgress(write: (text: string) => void = (t) => process.stdout.write(t)): Progress {
  const started = performance.now();
  return {
    line(message) {
      const s = (performance.now() - started) / 1000;
      const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
      write(`[${stamp}] ${message}\n`);
    },
  };
}

export const silentProgress: Progress = { line: () => undefined };
