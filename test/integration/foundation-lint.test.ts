import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Case {
  file: string;
  imports: string;
}

/**
 * Lints snippets as if they were files of the tree, with the project's eslint.config.mjs. In a child process:
 * ESLint loads its flat config as an ES module, which Jest's CommonJS runtime cannot.
 */
function restrictedImportMessages(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    (async () => {
      const out = [];
      for (const c of JSON.parse(process.argv[1])) {
        const [result] = await eslint.lintText(\`import * as x from '\${c.imports}';\\nexport const y = x;\\n\`, { filePath: c.file });
        out.push(result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' })) as string[][];
}

describe('eslint import/no-restricted-paths keeps the layers of ARCHITECTURE.md', () => {
  const refused: Case[] = [
    { file: 'src/domain/account/probe.ts', imports: '../../http/logger' },
    { file: 'src/domain/account/probe.ts', imports: '../../commands/context' },
    { file: 'src/domain/probe.ts', imports: '../auth/authenticate-token' },
    { file: 'src/domain/probe.ts', imports: '../main' },
    { file: 'src/domain/probe.ts', imports: '../app' },
    { file: 'src/commands/probe.ts', imports: '../scim/protocol/scim-error' },
    { file: 'src/commands/probe.ts', imports: '../graphql/context' },
    { file: 'src/commands/probe.ts', imports: '../http/request-id' },
    { file: 'src/commands/probe.ts', imports: '../cli/roster' },
    { file: 'src/scim/http/probe.ts', imports: '../../graphql/schema' },
    { file: 'src/graphql/resolvers/probe.ts', imports: '../../scim/protocol/urns' },
    { file: 'src/db/probe.ts', imports: '../commands/context' },
    { file: 'src/db/probe.ts', imports: '../http/logger' },
  ];
  const allowed: Case[] = [
    { file: 'src/commands/probe.ts', imports: '../domain/errors' },
    { file: 'src/commands/probe.ts', imports: '../db/unit-of-work' },
    { file: 'src/scim/http/probe.ts', imports: '../../commands/context' },
    { file: 'src/graphql/resolvers/probe.ts', imports: '../../commands/account.queries' },
    { file: 'src/db/probe.ts', imports: '../domain/errors' },
    { file: 'src/domain/probe.ts', imports: '@mikro-orm/core' },
    { file: 'src/http/probe.ts', imports: '../commands/context' },
  ];

  it('refuses every import that points up or across the transports, and allows those that point down', () => {
    const results = restrictedImportMessages([...refused, ...allowed]);
    const verdict = (c: Case, messages: string[]) => `${c.file} → ${c.imports}: ${messages.length ? 'refused' : 'allowed'}`;
    expect(refused.map((c, i) => verdict(c, results[i]!))).toEqual(refused.map((c) => `${c.file} → ${c.imports}: refused`));
    expect(allowed.map((c, i) => verdict(c, results[refused.length + i]!))).toEqual(allowed.map((c) => `${c.file} → ${c.imports}: allowed`));
    expect(results[0]![0]).toContain('domain/ knows nothing');
  }, 60_000);
});
