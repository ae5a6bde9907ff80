/* global module, require */
/**
 * `npm run test:e2e`: the admin console in headless Chromium (Debian's, /usr/bin/chromium) against a real Roster
 * started once per run on a fresh embedded PostgreSQL. Kept apart from `npm test`, which stays browser-free.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file as CommonJS
const { transform } = require('./package.json').jest;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform,
  globalSetup: '<rootDir>/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.ts',
  // One browser and one server at a time: two cores, and the tests share the server.
  maxWorkers: 1,
  testTimeout: 120000,
  // A test that fails before it closes its browser must not keep the run (and CI) waiting.
  forceExit: true,
};
