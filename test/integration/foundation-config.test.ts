import { ConfigError, loadConfig } from '../../src/config/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

/** Body, time, pool and rate limits when nothing is set (issue 11). */
const LIMIT_DEFAULTS = {
  scimMaxBodyBytes: 16 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  databasePoolMax: 10,
  databasePoolAcquireTimeoutMs: 15_000,
  rateLimit: { enabled: true, token: { perSecond: 50, burst: 200 }, account: { perSecond: 50, burst: 200 } },
};

describe('loadConfig', () => {
  it('starts with no configuration at all: embedded PostgreSQL in ./.data, port 3000', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({})).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      dataDir: './.data',
      publicBaseUrl: 'http://localhost:3000',
      logLevel: 'info',
      trustProxy: false,
      smtpUrl: undefined,
      smtpFrom: 'Roster <no-reply@localhost>',
      invitationUrlBase: 'http://localhost:3000/admin/accept',
      emailConfirmationUrlBase: 'http://localhost:3000/admin/confirm-email',
      ...LIMIT_DEFAULTS,
    });
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', PUBLIC_BASE_URL: 'ftp://example.com' });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: must be a number/),
        expect.stringMatching(/^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/),
        expect.stringMatching(/^DATABASE_URL: must be a postgres/),
        expect.stringMatching(/^PUBLIC_BASE_URL: must be an http/),
      ]),
    );
  });

  it('reads the limits and refuses ones that are not positive whole numbers', () => {
    const config = loadConfig({ SCIM_MAX_BODY_BYTES: '1048576', REQUEST_TIMEOUT_MS: '1000', RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_TOKEN_PER_SECOND: '5', RATE_LIMIT_TOKEN_BURST: '10' });
    expect(config.scimMaxBodyBytes).toBe(1048576);
    expect(config.requestTimeoutMs).toBe(1000);
    expect(config.rateLimit).toEqual({ enabled: false, token: { perSecond: 5, burst: 10 }, account: { perSecond: 50, burst: 200 } });
    expect(problemsOf({ SCIM_MAX_BODY_BYTES: '0', RATE_LIMIT_TOKEN_BURST: '1.5', RATE_LIMIT_ENABLED: 'maybe' })).toEqual([
      'SCIM_MAX_BODY_BYTES: must be greater than 0',
      'RATE_LIMIT_ENABLED: must be true or false',
      'RATE_LIMIT_TOKEN_BURST: must be a whole number',
    ]);
  });

  it('refuses ports outside 0–65535 and fractions', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be 0–65535']);
    expect(problemsOf({ PORT: '80.5' })).toEqual(['PORT: must be a whole number']);
  });

  it('reads every variable, treats empty ones as unset, and freezes the result', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.internal:5433/roster',
      PORT: '8080',
      ROSTER_DATA_DIR: '/var/lib/roster',
      PUBLIC_BASE_URL: 'https://roster.example.com/',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: '',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db.internal:5433/roster',
      port: 8080,
      dataDir: '/var/lib/roster',
      publicBaseUrl: 'https://roster.example.com',
      logLevel: 'debug',
      trustProxy: false,
      smtpUrl: undefined,
      smtpFrom: 'Roster <no-reply@localhost>',
      invitationUrlBase: 'https://roster.example.com/admin/accept',
      emailConfirmationUrlBase: 'https://roster.example.com/admin/confirm-email',
      ...LIMIT_DEFAULTS,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads TRUST_PROXY as off, a hop count, or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });
});
