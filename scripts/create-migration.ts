import 'reflect-metadata';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/http/logger';

/**
 * Diffs the entities against a migrated database and writes the next migration into `migrations/`,
 * then rewrites `migrations/index.ts`, the explicit list the ORM loads.
 */
async function main(): Promise<void> {
  const db = await openDatabase(loadConfig(), createLogger('warn'), { poolMax: 2 });
  try {
    const dir = path.resolve(__dirname, '..', '..', 'migrations');
    const result = await db.orm.getMigrator().createMigration(dir, false, false);
    if (!result.fileName) {
      process.stdout.write('No schema changes: no migration written.\n');
      return;
    }
    process.stdout.write(`Wrote migrations/${result.fileName}; review it before committing.\n`);
    writeIndex(dir);
  } finally {
    await db.close();
  }
}

function writeIndex(dir: string): void {
  const files = readdirSync(dir).filter((f) => /^Migration\d+.*\.ts$/.test(f)).sort();
  const names = files.map((f) => f.replace(/\.ts$/, ''));
  const source = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    '/**',
    ' * Listed explicitly rather than globbed, so compiled builds and Jest load the same set.',
    ' * `npm run migration:create` rewrites this file.',
    ' */',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'index.ts'), source);
}

main().catch((error: unknown) => {
  process.stderr.write(`migration:create failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
