import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const auth = () => ({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': 'application/scim+json' });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);

async function createUser(email: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await app.http.post(`${acme.scimBase}/Users`).set(auth()).send({ userName: email, emails: [{ value: email, primary: true }], ...extra });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function licenseOf(userId: string): Promise<{ license_type: string | null; license_source: string | null }> {
  const [row] = await sql<{ license_type: string | null; license_source: string | null }>('select license_type, license_source from app_user where id = ?', [userId]);
  return row!;
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app);
});
afterAll(() => app.close());

describe('group push onto internal groups and licenses', () => {
  it('links a pushed group to the internal group of the same name, ignoring case, and refuses a second push', async () => {
    const [internal] = await sql<{ id: string }>(
      `insert into app_group (id, account_id, display_name, display_name_key, managed_by, member_count, created_at, updated_at, version)
       values (gen_random_uuid(), ?, 'Data Team', 'data team', 'manual', 0, now(), now(), 1) returning id`,
      [acme.accountId],
    );
    const pushed = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'DATA TEAM', members: [] });
    expect(pushed.status).toBe(201);
    expect(pushed.body.id).toBe(internal!.id);
    const [row] = await sql<{ managed_by: string; display_name: string }>('select managed_by, display_name from app_group where id = ?', [internal!.id]);
    expect(row).toEqual({ managed_by: 'scim', display_name: 'DATA TEAM' });
    const again = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'data team' });
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
  });

  it('gives members the best-ranked mapped license, follows renames and removals, and falls back to the default', async () => {
    await sql(`insert into license_mapping (id, account_id, group_name, group_name_key, license_type, created_at, updated_at)
               values (gen_random_uuid(), ?, 'Analysts', 'analysts', 'analyst', now(), now()),
                      (gen_random_uuid(), ?, 'Developers', 'developers', 'developer', now(), now())`, [acme.accountId, acme.accountId]);
    await sql(`update account set default_license_type = 'read_only' where id = ?`, [acme.accountId]);
    const ada = await createUser('ada.l@example.com');
    expect(await licenseOf(ada)).toEqual({ license_type: 'read_only', license_source: 'default' });

    const analysts = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Analysts', members: [{ value: ada }] });
    expect(await licenseOf(ada)).toEqual({ license_type: 'analyst', license_source: 'mapping' });
    const devs = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Platform', members: [{ value: ada }] });
    expect((await licenseOf(ada)).license_type).toBe('analyst');

    await app.http.patch(`${acme.scimBase}/Groups/${devs.body.id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Developers' }] });
    expect((await licenseOf(ada)).license_type).toBe('developer');

    await app.http.patch(`${acme.scimBase}/Groups/${devs.body.id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${ada}"]` }] });
    expect((await licenseOf(ada)).license_type).toBe('analyst');

    expect((await app.http.delete(`${acme.scimBase}/Groups/${analysts.body.id}`).set(auth())).status).toBe(204);
    expect(await licenseOf(ada)).toEqual({ license_type: 'read_only', license_source: 'default' });
  });

  it('lets the SCIM licenseType decide only while SCIM license management is on', async () => {
    const LICENSE = 'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User';
    const grace = await createUser('grace.h@example.com', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', LICENSE], [LICENSE]: { licenseType: 'it' } });
    expect((await licenseOf(grace)).license_source).not.toBe('scim');
    await sql('update account set scim_license_management = true where id = ?', [acme.accountId]);
    await app.http.patch(`${acme.scimBase}/Users/${grace}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'replace', path: `${LICENSE}:licenseType`, value: 'developer' }] });
    expect(await licenseOf(grace)).toEqual({ license_type: 'developer', license_source: 'scim' });
    await sql('update account set scim_license_management = false where id = ?', [acme.accountId]);
  });

  it('keeps both a rename and member adds that race each other', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => createUser(`race${i}@example.com`)));
    const group = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Racers' });
    const requests = [
      ...users.map((u) =>
        app.http.patch(`${acme.scimBase}/Groups/${group.body.id}?excludedAttributes=members`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: u }] }] }),
      ),
      app.http.patch(`${acme.scimBase}/Groups/${group.body.id}?excludedAttributes=members`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'replace', value: { id: group.body.id, displayName: 'Racers 2' } }] }),
    ];
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.every((s) => s === 204)).toBe(true);
    const [row] = await sql<{ display_name: string; member_count: number; n: string }>(
      'select display_name, member_count, (select count(*) from group_membership where group_id = g.id) as n from app_group g where id = ?',
      [group.body.id],
    );
    expect(row).toEqual({ display_name: 'Racers 2', member_count: 20, n: '20' });
  });

  it('records a provisioning event for membership changes', async () => {
    const u = await createUser('evt@example.com');
    const group = await app.http.post(`${acme.scimBase}/Groups`).set(auth()).send({ displayName: 'Audited' });
    await app.http.patch(`${acme.scimBase}/Groups/${group.body.id}`).set(auth()).send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: u }] }] });
    const events = await sql<{ action: string; actor_name: string }>('select action, actor_name from provisioning_event where resource_id = ? order by occurred_at', [group.body.id]);
    expect(events.map((e) => e.action)).toEqual(['group.created', 'group.members_added']);
    expect(events[1]!.actor_name).toBe('Initial SCIM token');
  });
});
