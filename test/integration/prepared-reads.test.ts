import { executePrepared } from '../../src/db/prepared-statements';
import { inTransaction } from '../../src/db/unit-of-work';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let account: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  account = await createTestAccount(app);
});
afterAll(() => app.close());

const sql = (text: string) => app.orm.em.fork().getConnection().execute(text);

async function filterUsers(userName: string) {
  return app.http
    .get(`${account.scimBase}/Users`)
    .query({ filter: `userName eq "${userName}"` })
    .set({ Authorization: `Bearer ${account.scimToken}` });
}

describe('statements run prepared', () => {
  it('answers the same whether a statement is prepared yet or not, with every value bound', async () => {
    const created = await app.http
      .post(`${account.scimBase}/Users`)
      .set({ Authorization: `Bearer ${account.scimToken}`, 'Content-Type': 'application/scim+json' })
      .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: "o'brien@example.com", emails: [{ value: "o'brien@example.com", primary: true }] });
    expect(created.status).toBe(201);
    // PostgreSQL prepares a statement's generic plan after five runs; the first runs and the later ones must agree.
    for (let run = 0; run < 8; run++) {
      const hit = await filterUsers("O'BRIEN@example.com");
      expect(hit.status).toBe(200);
      expect(hit.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(["o'brien@example.com"]);
      const miss = await filterUsers(`nobody${run}@example.com`);
      expect(miss.body.totalResults).toBe(0);
    }
  });

  it('keeps answering after a migration changes a table under statements prepared before it', async () => {
    for (let run = 0; run < 6; run++) expect((await filterUsers('x@example.com')).status).toBe(200);
    // The token look-up reads `account.*`: a new column changes its result type, which a prepared plan refuses.
    await sql('alter table account add column prepared_read_probe text');
    try {
      for (let run = 0; run < 12; run++) expect((await filterUsers('x@example.com')).status).toBe(200);
    } finally {
      await sql('alter table account drop column prepared_read_probe');
    }
    for (let run = 0; run < 12; run++) expect((await filterUsers('x@example.com')).status).toBe(200);
  });

  it('retries a transaction whose prepared statement a schema change made stale, with fresh statements', async () => {
    let attempts = 0;
    const read = () =>
      inTransaction({ em: app.orm.em }, async (em) => {
        attempts++;
        return executePrepared<{ id: string }>(em, 'select * from account where id = ?', [account.accountId]);
      });
    // The pool's connections each prepare it: run it more often than there are connections in use.
    for (let run = 0; run < 12; run++) expect(await read()).toHaveLength(1);
    await sql('alter table account add column prepared_read_probe text');
    try {
      attempts = 0;
      const rows = await read();
      expect(rows[0]).toHaveProperty('prepared_read_probe', null);
      expect(attempts).toBeLessThanOrEqual(2);
    } finally {
      await sql('alter table account drop column prepared_read_probe');
    }
    expect(await read()).toHaveLength(1);
  });

  it('runs them unprepared with DATABASE_PREPARED_STATEMENTS=false, for poolers that cannot carry them', async () => {
    const named = async (target: TestApp, owner: TestAccount): Promise<number> => {
      for (let run = 0; run < 3; run++) {
        const res = await target.http.get(`${owner.scimBase}/Users`).query({ filter: 'userName eq "x@example.com"' }).set({ Authorization: `Bearer ${owner.scimToken}` });
        expect(res.status).toBe(200);
      }
      // Each pooled pg client records the statements it prepared; a plain em.execute prepares none.
      const pool = (target.orm.em.getConnection().getKnex().client as unknown as { pool: { free: { resource: { connection: { parsedStatements: object } } }[] } }).pool;
      return pool.free.reduce((sum, free) => sum + Object.keys(free.resource.connection.parsedStatements).length, 0);
    };
    const off = await startTestApp({ DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      expect(await named(off, await createTestAccount(off))).toBe(0);
    } finally {
      await off.close();
    }
    expect(await named(app, account)).toBeGreaterThan(0);
  });
});
