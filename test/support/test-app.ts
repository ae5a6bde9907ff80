import 'reflect-metadata';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp } from '../../src/app';
import { createAccount } from '../../src/commands/create-account';
import { systemClock, type Actor } from '../../src/commands/context';
import { loadConfig, type Config } from '../../src/config/config';
import { initOrm, type Orm } from '../../src/db/orm';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { createLogger } from '../../src/http/logger';
import { createTestDatabase } from './test-database';

export const PUBLIC_BASE_URL = 'http://roster.test';

export interface TestApp {
  http: TestAgent;
  orm: Orm;
  config: Config;
  databaseUrl: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Every SQL statement the ORM ran while `captureSql` is on. */
  sql: string[];
  captureSql: boolean;
  close(): Promise<void>;
}

export interface TestAccount {
  accountId: string;
  scimToken: string;
  apiToken: string;
  scimBase: string;
}

const OPERATOR: Actor = { type: ActorType.OPERATOR, id: null, name: 'test', role: null };

/** A real app on its own cloned database; requests go over HTTP through supertest. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const state = { sql: [] as string[], captureSql: false };
  const config = loadConfig({ PUBLIC_BASE_URL, LOG_LEVEL: 'info', ...env });
  const orm = await initOrm({
    clientUrl: db.url,
    preparedStatements: config.databasePreparedStatements,
    onQuery: (message) => {
      if (state.captureSql) state.sql.push(message);
    },
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const built = await buildApp({ orm, config, logger: createLogger(config.logLevel, sink) });
  const testApp: TestApp = {
    http: supertest(built.app),
    orm,
    config,
    databaseUrl: db.url,
    logs,
    get sql() {
      return state.sql;
    },
    set sql(value: string[]) {
      state.sql = value;
    },
    get captureSql() {
      return state.captureSql;
    },
    set captureSql(on: boolean) {
      state.captureSql = on;
    },
    close: async () => {
      await built.close();
      await orm.close(true);
      await db.drop();
    },
  };
  return testApp;
}

export async function createTestAccount(app: TestApp, name = 'Acme'): Promise<TestAccount> {
  const result = await createAccount({ em: app.orm.em.fork(), actor: OPERATOR, clock: systemClock, requestId: null }, { name });
  return {
    accountId: result.account.id,
    scimToken: result.scimToken,
    apiToken: result.apiToken,
    scimBase: `/scim/v2/accounts/${result.account.id}`,
  };
}

/**
 * Gives the account a rate limit far above the default burst (200 requests per 4 s window), for tests about
 * concurrency rather than rate limiting: their parallel bursts plus the file's earlier requests would otherwise
 * cross the default window depending on how fast the machine runs them. The limiter has tests of its own.
 */
export async function liftRateLimit(app: TestApp, accountId: string): Promise<void> {
  await app.orm.em.fork().getConnection().execute('update account set rate_limit_per_second = 100000 where id = ?', [accountId]);
}
