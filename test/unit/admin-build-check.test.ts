import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, sourceHash } from '../../scripts/admin-build';

/** `admin-build --check`: exit 1 while a build is due (missing or stale), 0 when the stamp matches the sources. */
describe('admin-build --check', () => {
  let dir: string;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'roster-admin-'));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  });
  const said = () => stderr.mock.calls.map(([text]) => String(text)).join('');

  it('fails, building nothing, when there is no build', () => {
    expect(run(['--check'], dir)).toBe(1);
    expect(said()).toContain('is not built');
  });

  it('fails when a build has no stamp: it cannot be known to match the sources', () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    expect(run(['--check'], dir)).toBe(1);
    expect(said()).toContain('is not built');
  });

  it('fails when the stamp is of other sources', () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, '.source-hash'), `${'0'.repeat(64)}\n`);
    expect(run(['--check'], dir)).toBe(1);
    expect(said()).toContain('is stale');
  });

  it('passes when the stamp is the hash of the current sources', () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, '.source-hash'), `${sourceHash()}\n`);
    expect(run(['--check'], dir)).toBe(0);
    expect(said()).toBe('');
  });
});
