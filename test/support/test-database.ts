import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const TEMPLATE_DB = 'roster_template';

function adminUrl(): string {
  const url = process.env['ROSTER_TEST_PG_URL'];
  if (!url) throw new Error('ROSTER_TEST_PG_URL is unset: run the tests through jest (globalSetup starts PostgreSQL)');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  await withAdminClient((c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** An empty database (not migrated): for tests of migrations themselves. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `e_${randomBytes(8).toString('hex')}`;
  await withAdminClient((c) => c.query(`create database ${name}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
