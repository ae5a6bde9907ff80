import 'reflect-metadata';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/http/logger';

/** Applies pending migrations to the configured database and exits; `npm start` does the same on its way up. */
async function main(): Promise<void> {
  const db = await openDatabase(loadConfig(), createLogger('warn'), { poolMax: 2 });
  await db.close();
  process.stdout.write(db.migrationsApplied.length ? `Applied ${db.migrationsApplied.join(', ')}\n` : 'No pending migrations.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
