import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the admin console (admin/ → dist/admin) when the build is missing or older than its sources, so
 * `npm start` serves a current console without a third command. "Older" is a hash of the sources, not mtimes:
 * a fresh clone or a branch switch gives every file a new mtime and the same content.
 *
 *   node dist/scripts/admin-build.js           build when missing or stale
 *   node dist/scripts/admin-build.js --force   build in any case
 *   node dist/scripts/admin-build.js --check   exit 1 when a build is due, build nothing
 */
const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'dist', 'admin');
const STAMP_FILE = '.source-hash';
/** What the bundle is made of: the console's sources and config, and the exact versions of its dependencies. */
const INPUTS = ['admin', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'dist']);

function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(path.join(entry, name)));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(path.join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

function builtHash(outDir: string): string | null {
  const stamp = path.join(outDir, STAMP_FILE);
  if (!existsSync(path.join(outDir, 'index.html')) || !existsSync(stamp)) return null;
  return readFileSync(stamp, 'utf8').trim();
}

/**
 * The script with its arguments. `outDir` is where the build and its stamp are looked for; Vite's config decides
 * where it builds (dist/admin), so another directory is for tests of `--check` only.
 */
export function run(args: readonly string[], outDir = OUT_DIR): number {
  const force = args.includes('--force');
  const check = args.includes('--check');
  const hash = sourceHash();
  const built = builtHash(outDir);
  if (!force && built === hash) return 0;
  if (check) {
    process.stderr.write(built ? 'The admin console build is stale.\n' : 'The admin console is not built.\n');
    return 1;
  }
  let vite: string;
  try {
    vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  } catch {
    // An install without dev dependencies: the server still runs, and /admin says how to build the console.
    process.stderr.write('roster: the admin console is not built and Vite is not installed (npm ci installs it); /admin answers 503 until it is built.\n');
    return 0;
  }
  process.stdout.write(built ? 'Rebuilding the admin console (its sources changed)…\n' : 'Building the admin console…\n');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'admin/vite.config.mts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    // For `npm start` a broken console must not keep the API down: say so and go on; --force (build:admin) fails.
    process.stderr.write('roster: building the admin console failed (see above).\n');
    return force ? (result.status ?? 1) : 0;
  }
  writeFileSync(path.join(outDir, STAMP_FILE), `${hash}\n`);
  return 0;
}

if (require.main === module) process.exit(run(process.argv.slice(2)));
