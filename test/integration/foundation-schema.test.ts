import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import codegenConfig from '../../codegen';
import { printGraphqlSchema } from '../../src/graphql/schema';

const ROOT = path.resolve(__dirname, '..', '..');

function firstDifference(committed: string, current: string): string {
  const a = committed.split('\n');
  const b = current.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  current:   ${b[at] ?? '(end of file)'}`;
}

describe('committed GraphQL artefacts', () => {
  it('schema.graphql is what the resolvers print', async () => {
    const committed = readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8');
    const current = await printGraphqlSchema();
    if (current !== committed) throw new Error(`schema.graphql is stale: run npm run schema:emit and commit the result\n${firstDifference(committed, current)}`);
    expect(current).toContain('type Query');
  });

  it('test/graphql/generated.ts and scripts/graphql/generated.ts are what npm run codegen generates', () => {
    // In a child process: the codegen CLI loads ES modules that Jest's CommonJS runtime cannot.
    const script = `require('@graphql-codegen/cli').generate(JSON.parse(process.argv[1]), false).then((o) => process.stdout.write(JSON.stringify(o)))`;
    const stdout = execFileSync(process.execPath, ['-e', script, JSON.stringify({ ...codegenConfig, cwd: ROOT, silent: true })], { cwd: ROOT, encoding: 'utf8' });
    const outputs = JSON.parse(stdout) as { filename: string; content: string }[];
    const files = outputs.map((o) => path.relative(ROOT, path.resolve(ROOT, o.filename)));
    // generate() lists its outputs in the order they finish, which depends on their size.
    expect([...files].sort()).toEqual(['scripts/graphql/generated.ts', 'test/graphql/generated.ts']);
    for (const [i, file] of files.entries()) {
      const committed = readFileSync(path.join(ROOT, file), 'utf8');
      if (outputs[i]!.content !== committed) throw new Error(`${file} is stale: run npm run codegen and commit the result\n${firstDifference(committed, outputs[i]!.content)}`);
    }
    expect(readFileSync(path.join(ROOT, 'test/graphql/generated.ts'), 'utf8')).toContain('export const ViewerDocument');
    expect(readFileSync(path.join(ROOT, 'scripts/graphql/generated.ts'), 'utf8')).toContain('export const ReplaceIpAllowlistEntriesDocument');
  });
});
