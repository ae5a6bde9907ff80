import { migrationsList } from '../../migrations';
import { initOrm, migrate, type Orm } from '../../src/db/orm';
import { createEmptyDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let orm: Orm | undefined;

  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(async () => {
    await orm?.close(true);
    await db.drop();
  });

  it('apply every migration to an empty database, then are a no-op when run again', async () => {
    orm = await initOrm({ clientUrl: db.url });
    const first = await migrate(orm);
    expect(first).toEqual(migrationsList.map((m) => m.name));
    expect(first.length).toBeGreaterThan(0);
    await orm.close(true);

    orm = await initOrm({ clientUrl: db.url });
    expect(await migrate(orm)).toEqual([]);
    expect(await migrate(orm)).toEqual([]);

    const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
    expect(rows.map((r) => r.name)).toEqual(first);
  });

  it('leave the database matching the entities (no pending schema change)', async () => {
    const diff = await orm!.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
