import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stopRoster, type RosterServer } from './roster';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)['__ROSTER_E2E__'] as { child: ChildProcess; server: RosterServer; stateFile: string } | undefined;
  if (!state) return;
  await stopRoster(state.child, state.server.dataDir);
  rmSync(state.stateFile, { force: true });
}
