import { LicenseType } from '../../src/domain/account/license-type';
import { UserEmail } from '../../src/domain/user/user-email.entity';
import { emailKey, userNameKey } from '../../src/domain/user/user-name';
import { User, type PhoneNumber } from '../../src/domain/user/user.entity';
import { parseFilter } from '../../src/scim/protocol/filter';
import { compileFilter, resolveSortColumn } from '../../src/scim/translate/filter-to-sql';
import { USER_FILTER_ATTRIBUTES } from '../../src/scim/translate/user-attributes';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User';

let app: TestApp;
let acme: TestAccount;
let other: TestAccount;
/** user id → fixture name, for Acme's users */
const names = new Map<string, string>();
const ids: Record<string, string> = {};

interface Fixture {
  name: string;
  userName: string;
  user?: Partial<User>;
  emails?: { value: string; type?: string; primary?: boolean }[];
  phoneNumbers?: PhoneNumber[];
}

async function insertUsers(accountId: string, fixtures: Fixture[]): Promise<Record<string, string>> {
  const em = app.orm.em.fork();
  const created: Record<string, string> = {};
  for (const f of fixtures) {
    const user = em.create(User, {
      account: accountId,
      userName: f.userName,
      userNameKey: userNameKey(f.userName),
      phoneNumbers: f.phoneNumbers ?? [],
      ...f.user,
    });
    (f.emails ?? []).forEach((e, position) =>
      em.create(UserEmail, { account: accountId, user, position, value: e.value, valueKey: emailKey(e.value), type: e.type ?? null, primary: e.primary ?? false }),
    );
    created[f.name] = user.id;
  }
  await em.flush();
  return created;
}

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
  other = await createTestAccount(app, 'Other');
  const bobId = '0b0b0b0b-0000-4000-8000-000000000b0b';
  const at = (iso: string) => new Date(iso);
  Object.assign(
    ids,
    await insertUsers(acme.accountId, [
      {
        name: 'alice',
        userName: 'Alice@Example.com',
        user: {
          externalId: 'ext-Alice', givenName: 'Alice', familyName: 'Smith', title: 'Engineer', employeeNumber: '1001', department: 'R&D',
          managerValue: bobId, scimLicenseType: LicenseType.DEVELOPER, createdAt: at('2024-01-10T09:00:00Z'), updatedAt: at('2024-06-01T09:00:00Z'),
        },
        emails: [{ value: 'alice@example.com', type: 'work', primary: true }, { value: 'alice.home@mail.test', type: 'home' }],
        phoneNumbers: [{ value: '+1 555 0100', type: 'work', primary: true }],
      },
      {
        name: 'bob',
        userName: 'bob@example.com',
        user: {
          id: bobId, externalId: 'ext-bob', givenName: 'Bob', familyName: 'Jones', active: false, employeeNumber: '1002', department: 'Sales',
          scimLicenseType: LicenseType.ANALYST, createdAt: at('2024-02-10T09:00:00Z'), updatedAt: at('2024-03-01T09:00:00Z'),
        },
        emails: [{ value: 'Bob@Example.com', type: 'Work', primary: true }],
      },
      {
        name: 'carol',
        userName: 'Carol_50%@example.com',
        user: { givenName: 'Carol', title: '', createdAt: at('2024-03-10T09:00:00Z'), updatedAt: at('2024-08-01T09:00:00Z') },
        emails: [{ value: 'carol@example.com', type: 'home' }, { value: 'carol.work@corp.test', type: 'work' }],
        phoneNumbers: [{ value: '+44 20 7946 0000', type: 'mobile' }],
      },
      {
        name: 'dan',
        userName: 'D\u00e4n',
        user: { givenName: 'Dan', title: 'Manager', createdAt: at('2024-04-10T09:00:00Z'), updatedAt: at('2024-01-01T09:00:00Z') },
        // A primary that is not a JSON boolean must neither match `primary eq true` nor fail the query.
        phoneNumbers: [{ value: '+1 555 0199', type: 'work', primary: 'yes' as unknown as boolean }],
      },
      {
        name: 'erin',
        userName: 'erin@example.com',
        user: { givenName: 'Erin', createdAt: at('2024-05-10T09:00:00Z'), updatedAt: at('2024-01-01T09:00:00Z') },
        emails: [{ value: 'erin@example.com', type: 'work' }, { value: 'erin.alt@example.com', type: 'work' }],
      },
    ]),
  );
  for (const [name, id] of Object.entries(ids)) names.set(id, name);
  // Another tenant with look-alike users: no filter may ever reach them.
  await insertUsers(other.accountId, [
    {
      name: 'other-alice',
      userName: 'alice@example.com',
      user: { externalId: 'ext-Alice', title: 'Engineer', employeeNumber: '1001', createdAt: at('2024-07-01T00:00:00Z'), updatedAt: at('2024-07-01T00:00:00Z') },
      emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
      phoneNumbers: [{ value: '+1 555 0100', type: 'work', primary: true }],
    },
    { name: 'other-bob', userName: 'bob@example.com', user: { active: false }, emails: [{ value: 'bob@example.com', type: 'work', primary: true }] },
  ]);
}, 60_000);
afterAll(() => app.close());

async function matching(filter: string, accountId = acme.accountId): Promise<string[]> {
  const { sql, params } = compileFilter(parseFilter(filter), USER_FILTER_ATTRIBUTES);
  const rows = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>(`select u.id from app_user u where u.account_id = ? and (${sql})`, [accountId, ...params]);
  return rows.map((r) => names.get(r.id) ?? `foreign:${r.id}`).sort();
}

const ALL = ['alice', 'bob', 'carol', 'dan', 'erin'];

/** filter → the exact set of Acme users it selects. */
const CASES: [string, string[] | (() => string[])][] = [
  // Okta and Entra
  ['userName eq "ALICE@EXAMPLE.COM"', ['alice']],
  ['userName eq "2441309d-85a0-4c2e-9b3a-36d1c7e0cd95"', []],
  ['externalId eq "ext-Alice"', ['alice']],
  ['externalId eq "EXT-ALICE"', []],
  ['emails[type eq "work"].value eq "Bob@Example.com"', ['bob']],
  ['emails[type eq "work"].value eq "alice.home@mail.test"', []],
  ['emails[type eq "home"].value eq "alice.home@mail.test"', ['alice']],
  ['emails[type eq "work"].value eq "erin.alt@example.com"', ['erin']],
  // operators
  ['userName eq "Da\u0308n"', ['dan']],
  ['userName sw "B"', ['bob']],
  ['userName co "%"', ['carol']],
  ['userName co "_"', ['carol']],
  ['userName gt "c" and userName lt "e"', ['carol', 'dan']],
  ['title eq "engineer"', ['alice']],
  ['title ne "Engineer"', ['bob', 'carol', 'dan', 'erin']],
  ['not (title eq "Engineer")', ['bob', 'carol', 'dan', 'erin']],
  ['title pr', ['alice', 'dan']],
  ['title eq null', ['bob', 'carol', 'erin']],
  ['active eq false', ['bob']],
  ['active eq true and name.givenName sw "a"', ['alice']],
  ['name.familyName eq "SMITH" or name.familyName eq "jones"', ['alice', 'bob']],
  ['(title pr or active eq false) and not (userName sw "a")', ['bob', 'dan']],
  // emails (child table)
  ['emails eq "CAROL@example.com"', ['carol']],
  ['emails.value ew "@example.com"', ['alice', 'bob', 'carol', 'erin']],
  ['emails[type eq "work" and primary eq true]', ['alice', 'bob']],
  ['emails pr', ['alice', 'bob', 'carol', 'erin']],
  ['not (emails pr)', ['dan']],
  ['emails ne "alice@example.com"', ['bob', 'carol', 'dan', 'erin']],
  ['emails[not (type eq "work")]', ['alice', 'carol']],
  // phoneNumbers (jsonb)
  ['phoneNumbers[type eq "work" and primary eq true]', ['alice']],
  ['phoneNumbers co "555"', ['alice', 'dan']],
  ['phoneNumbers.type eq "MOBILE"', ['carol']],
  // meta, id, extensions
  ['meta.lastModified gt "2024-05-01T00:00:00Z"', ['alice', 'carol']],
  ['meta.created ge "2024-02-10T09:00:00Z" and meta.created lt "2024-03-10T09:00:00+00:00"', ['bob']],
  ['meta.resourceType eq "User"', ALL],
  ['id eq "0B0B0B0B-0000-4000-8000-000000000B0B"', ['bob']],
  ['id eq "not-a-uuid"', []],
  ['id ne "not-a-uuid"', ALL],
  [`${ENTERPRISE}:employeeNumber eq "1001"`, ['alice']],
  ['employeeNumber pr', ['alice', 'bob']],
  [`${ENTERPRISE}:manager.value eq "0b0b0b0b-0000-4000-8000-000000000b0b"`, ['alice']],
  [`${LICENSE}:licenseType eq "DEVELOPER"`, ['alice']],
  ['department eq "r&d" and not (active eq false)', ['alice']],
];

describe('compiled User filters on PostgreSQL', () => {
  it.each(CASES)('%s', async (filter, expected) => {
    expect(await matching(filter)).toEqual(typeof expected === 'function' ? expected() : expected);
  });

  it('never reaches another account, whatever the filter', async () => {
    const { accountId } = other;
    expect(await matching('userName eq "alice@example.com"', accountId)).toEqual(['foreign:' + (await otherId('alice@example.com'))]);
    for (const [filter] of CASES) for (const name of await matching(filter)) expect(name.startsWith('foreign:')).toBe(false);
  });

  it('works as a MikroORM QueryBuilder condition', async () => {
    const { sql, params } = compileFilter(parseFilter('emails[type eq "work"].value ew "@EXAMPLE.com" and phoneNumbers pr or userName co "%"'), USER_FILTER_ATTRIBUTES);
    const rows = await app.orm.em
      .fork()
      .createQueryBuilder(User, USER_FILTER_ATTRIBUTES.alias)
      .select('id')
      .where({ account: acme.accountId })
      .andWhere(sql, params)
      .execute<{ id: string }[]>('all');
    expect(rows.map((r) => names.get(r.id)).sort()).toEqual(['alice', 'carol']);
  });

  it('sorts by sortBy as RFC 7644 §3.4.2.3 asks: case-insensitively, multi-valued by the primary (else first) value, nulls last', async () => {
    const order = async (sortBy: string, direction: 'asc' | 'desc' = 'asc') => {
      const rows = await app.orm.em
        .fork()
        .getConnection()
        .execute<{ id: string }[]>(`select u.id from app_user u where u.account_id = ? order by ${resolveSortColumn(sortBy, USER_FILTER_ATTRIBUTES)} ${direction}, u.user_name_key`, [acme.accountId]);
      return rows.map((r) => names.get(r.id));
    };
    expect(await order('userName')).toEqual(['alice', 'bob', 'carol', 'dan', 'erin']);
    expect(await order('name.familyName')).toEqual(['bob', 'alice', 'carol', 'dan', 'erin']);
    expect(await order('emails')).toEqual(['alice', 'bob', 'carol', 'erin', 'dan']);
    expect(await order('emails', 'desc')).toEqual(['dan', 'erin', 'carol', 'bob', 'alice']);
    expect(await order('phoneNumbers.type')).toEqual(['carol', 'alice', 'dan', 'bob', 'erin']);
    expect(await order('meta.created', 'desc')).toEqual(['erin', 'dan', 'carol', 'bob', 'alice']);
  });
});

async function otherId(userName: string): Promise<string> {
  const [row] = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>('select id from app_user where account_id = ? and user_name_key = ?', [other.accountId, userNameKey(userName)]);
  return row!.id;
}

describe('index use', () => {
  let big: TestAccount;

  beforeAll(async () => {
    big = await createTestAccount(app, 'Big');
    const conn = app.orm.em.fork().getConnection();
    await conn.execute(
      `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
       select gen_random_uuid(), ?, 'user' || g || '@big.test', 'user' || g || '@big.test', true, '[]'::jsonb, 'scim', now(), now(), 1
         from generate_series(1, 5000) g`,
      [big.accountId],
    );
    await conn.execute(
      `insert into user_email (id, account_id, user_id, position, value, value_key, type, "primary")
       select gen_random_uuid(), u.account_id, u.id, 0, u.user_name, u.user_name_key, 'work', true from app_user u where u.account_id = ?`,
      [big.accountId],
    );
    await conn.execute('analyze app_user');
    await conn.execute('analyze user_email');
  }, 60_000);

  async function plan(filter: string): Promise<string> {
    const { sql, params } = compileFilter(parseFilter(filter), USER_FILTER_ATTRIBUTES);
    const rows = await app.orm.em
      .fork()
      .getConnection()
      .execute<{ 'QUERY PLAN': string }[]>(`explain select u.id from app_user u where u.account_id = ? and (${sql})`, [big.accountId, ...params]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('answers userName eq from app_user_account_user_name_unique', async () => {
    const text = await plan('userName eq "USER4242@BIG.TEST"');
    expect(text).toContain('app_user_account_user_name_unique');
    expect(text).not.toMatch(/Seq Scan/);
    expect(await matching('userName eq "USER4242@BIG.TEST"', big.accountId)).toHaveLength(1);
  });

  it('answers emails[type eq "work"].value eq from user_email_account_value_index', async () => {
    const text = await plan('emails[type eq "work"].value eq "User4242@Big.test"');
    expect(text).toContain('user_email_account_value_index');
    expect(text).not.toMatch(/Seq Scan/);
    expect(await matching('emails[type eq "work"].value eq "User4242@Big.test"', big.accountId)).toHaveLength(1);
  });
});
