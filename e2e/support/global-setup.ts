import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRoster } from './roster';

/** One real Roster for the whole browser run; every test file makes accounts of its own on it. */
export default async function globalSetup(): Promise<void> {
  const { server, process: child } = await startRoster();
  const stateFile = path.join(os.tmpdir(), `roster-e2e-${process.pid}.json`);
  writeFileSync(stateFile, JSON.stringify(server));
  process.env['ROSTER_E2E_STATE'] = stateFile;
  (globalThis as Record<string, unknown>)['__ROSTER_E2E__'] = { child, server, stateFile };
}
