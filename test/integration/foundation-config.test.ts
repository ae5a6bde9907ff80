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

describe('loadConfig', () => {
  it('starts with no configuration at all: embedded PostgreSQL in ./.data, port 3000', () => {
    expect(loadConfig({})).toEqual({
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
    expect(config).toEqual({
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
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads TRUST_PROXY as off, a hop count, or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });
});
