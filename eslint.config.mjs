// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

/**
 * ARCHITECTURE.md's picture, enforced: imports point down only (transports → commands → domain → db), and the
 * two transports never import each other. `from` lists what a `target` folder may not import.
 */
const layers = [
  {
    target: './src/domain',
    from: ['./src/commands', './src/scim', './src/graphql', './src/http', './src/auth', './src/cli', './src/app.ts', './src/main.ts'],
    message: 'domain/ knows nothing of commands, transports or the app (ARCHITECTURE.md, Layout).',
  },
  {
    target: './src/commands',
    from: ['./src/scim', './src/graphql', './src/http', './src/cli'],
    message: 'commands/ knows no transport (ARCHITECTURE.md, Layout).',
  },
  { target: './src/scim', from: './src/graphql', message: 'scim/ and graphql/ never import each other: share through commands/ or domain/.' },
  { target: './src/graphql', from: './src/scim', message: 'scim/ and graphql/ never import each other: share through commands/ or domain/.' },
  {
    target: './src/db',
    from: ['./src/commands', './src/scim', './src/graphql', './src/http'],
    message: 'db/ sits below commands and transports (ARCHITECTURE.md, Layout).',
  },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', '.data/', 'test/graphql/generated.ts', 'admin/src/gql/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      'import/no-restricted-paths': ['error', { zones: layers }],
      // Express error handlers need their 4-argument signature; a leading underscore marks what is unused on purpose.
      // A warning, not an error: work in progress often carries an import for a moment.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Test tables spell SCIM filters and JSON with escapes as the RFC examples do, and tests strip ANSI colours
    // (\x1b) from the output of child processes.
    files: ['test/**/*.ts'],
    rules: { 'no-useless-escape': 'off', 'no-control-regex': 'off' },
  },
);
