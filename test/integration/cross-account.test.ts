import { dbFingerprint } from '../support/db-fingerprint';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * A token of account A can neither read nor change anything of account B (issue 11): every SCIM method × path
 * with B's ids, and every GraphQL field found by introspecting the served schema, so fields added later are
 * covered without editing this file. B's markers (names only B has) must appear in no reply to A.
 */
let app: TestApp;
let a: TestAccount;
let b: TestAccount;
const B_USER = 'bob.secret-b-user@b.example';
const B_GROUP = 'B-only group 7f3a';
const B_MARKERS = [B_USER, B_GROUP, 'Bravo Holdings'];
let bUserId: string;
let bGroupId: string;
let aGroupId: string;
let aUserId: string;
let bIds: string[];

const SCIM = 'application/scim+json';
const scimAs = (account: TestAccount, token: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
  app.http[method](`${account.scimBase}${path}`).set({ Authorization: `Bearer ${token}`, 'Content-Type': SCIM });
const gqlAs = (token: string, query: string, variables: Record<string, unknown> = {}) =>
  app.http.post('/graphql').set({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }).send({ query, variables });

function expectNoMarkers(text: string): void {
  for (const marker of B_MARKERS) expect(text).not.toContain(marker);
}

beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ENABLED: 'false' });
  a = await createTestAccount(app, 'Alpha Corp');
  b = await createTestAccount(app, 'Bravo Holdings');
  const bUser = await scimAs(b, b.scimToken, 'post', '/Users').send({ userName: B_USER, emails: [{ value: B_USER, primary: true }] });
  bUserId = bUser.body.id;
  const bGroup = await scimAs(b, b.scimToken, 'post', '/Groups').send({ displayName: B_GROUP, members: [{ value: bUserId }] });
  bGroupId = bGroup.body.id;
  const aUser = await scimAs(a, a.scimToken, 'post', '/Users').send({ userName: 'alice@a.example', emails: [{ value: 'alice@a.example', primary: true }] });
  aUserId = aUser.body.id;
  aGroupId = (await scimAs(a, a.scimToken, 'post', '/Groups').send({ displayName: 'A group' })).body.id;
  // Whatever else B can own, made through GraphQL when the schema offers it (best effort: fields come and go).
  await gqlAs(b.apiToken, 'mutation($input: CreateLicenseMappingInput!) { createLicenseMapping(input: $input) { __typename } }', { input: { groupName: B_GROUP, licenseType: 'developer' } });
  await gqlAs(b.apiToken, 'mutation($input: CreateLicenseMappingInput!) { createLicenseMapping(input: $input) { __typename } }', { input: { groupName: B_GROUP, licenseType: 'DEVELOPER' } });
  await gqlAs(b.apiToken, 'mutation($input: CreateSsoMappingRuleInput!) { createSsoMappingRule(input: $input) { __typename } }', { input: { claimValue: 'b-claim', groupId: bGroupId } });
  await gqlAs(b.apiToken, 'mutation($input: AddIpAllowlistEntriesInput!) { addIpAllowlistEntries(input: $input) { __typename } }', { input: { cidrs: ['203.0.113.0/24'] } });
  await gqlAs(b.apiToken, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }', { input: { email: 'invited.b@b.example', userName: 'invited.b@b.example' } });
  bIds = await idsOwnedBy(b.accountId);
}, 60_000);
afterAll(() => app.close());

/** Every id of every row B owns, from every table with an account_id: new tables are covered by themselves. */
async function idsOwnedBy(accountId: string): Promise<string[]> {
  const tables = await sql<{ table_name: string }>(
    app,
    `select c.table_name from information_schema.columns c join information_schema.columns i on i.table_name = c.table_name and i.column_name = 'id' and i.table_schema = 'public'
      where c.table_schema = 'public' and c.column_name = 'account_id'`,
  );
  const ids = [accountId];
  for (const { table_name } of tables) ids.push(...(await sql<{ id: string }>(app, `select id::text as id from "${table_name}" where account_id = ?`, [accountId])).map((r) => r.id));
  return [...new Set(ids)];
}

describe('SCIM: A\'s token and B\'s ids', () => {
  it('finds none of B\'s users or groups through A\'s base URL, by any method, and changes nothing', async () => {
    const before = await dbFingerprint(app);
    const patchBody = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] };
    const groupPatch = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Hijacked' }] };
    const requests: [string, () => PromiseLike<{ status: number; text: string }>][] = [];
    for (const id of bIds) {
      requests.push(
        [`GET /Users/${id}`, () => scimAs(a, a.scimToken, 'get', `/Users/${id}`)],
        [`PUT /Users/${id}`, () => scimAs(a, a.scimToken, 'put', `/Users/${id}`).send({ userName: 'x@a.example', emails: [{ value: 'x@a.example', primary: true }] })],
        [`PATCH /Users/${id}`, () => scimAs(a, a.scimToken, 'patch', `/Users/${id}`).send(patchBody)],
        [`DELETE /Users/${id}`, () => scimAs(a, a.scimToken, 'delete', `/Users/${id}`)],
        [`GET /Groups/${id}`, () => scimAs(a, a.scimToken, 'get', `/Groups/${id}`)],
        [`PUT /Groups/${id}`, () => scimAs(a, a.scimToken, 'put', `/Groups/${id}`).send({ displayName: 'Hijacked', members: [] })],
        [`PATCH /Groups/${id}`, () => scimAs(a, a.scimToken, 'patch', `/Groups/${id}`).send(groupPatch)],
        [`DELETE /Groups/${id}`, () => scimAs(a, a.scimToken, 'delete', `/Groups/${id}`)],
      );
    }
    for (const [name, send] of requests) {
      const res = await send();
      expect([name, res.status]).toEqual([name, 404]);
      expectNoMarkers(res.text);
    }
    expect(await dbFingerprint(app)).toEqual(before);
  }, 60_000);

  it('lists and searches none of B\'s resources, by id, userName, displayName or member', async () => {
    const filters = [`id eq "${bUserId}"`, `userName eq "${B_USER}"`, `emails.value co "b.example"`, `displayName eq "${B_GROUP}"`, `members.value eq "${bUserId}"`, `id eq "${bGroupId}"`];
    for (const resource of ['/Users', '/Groups']) {
      const all = await scimAs(a, a.scimToken, 'get', `${resource}?count=1000`);
      expect(all.status).toBe(200);
      expectNoMarkers(all.text);
      for (const filter of filters) {
        const listed = await scimAs(a, a.scimToken, 'get', resource).query({ filter });
        expect(listed.status === 200 || listed.status === 400).toBe(true);
        if (listed.status === 200) expect(listed.body.totalResults).toBe(0);
        const searched = await scimAs(a, a.scimToken, 'post', `${resource}/.search`).send({ filter });
        if (searched.status === 200) expect(searched.body.totalResults).toBe(0);
        expectNoMarkers(listed.text + searched.text);
      }
    }
  });

  it('cannot put B\'s users into A\'s groups or point A\'s users at them', async () => {
    const before = await dbFingerprint(app);
    const attempts = [
      scimAs(a, a.scimToken, 'post', '/Groups').send({ displayName: 'Stolen', members: [{ value: bUserId }] }),
      scimAs(a, a.scimToken, 'patch', `/Groups/${aGroupId}`).send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: bUserId }] }] }),
      scimAs(a, a.scimToken, 'put', `/Groups/${aGroupId}`).send({ displayName: 'A group', members: [{ value: bUserId }] }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectNoMarkers(res.text);
    }
    expect(await dbFingerprint(app)).toEqual(before);
    // A removal naming B's user is a no-op for A's group and leaves B's group alone.
    const removed = await scimAs(a, a.scimToken, 'patch', `/Groups/${aGroupId}`).send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${bUserId}"]` }] });
    expect(removed.status).toBeLessThan(500);
    expect(await sql(app, 'select count(*)::int as n from group_membership where group_id = ?', [bGroupId])).toEqual([{ n: 1 }]);

    // `manager.value` is kept as the IdP sent it (RFC 7643 §4.3 makes it a plain id string, Entra sends any
    // string): naming B's user there stores an opaque string, resolves nothing and shows nothing of B.
    const bUserBefore = await sql(app, 'select * from app_user where id = ?', [bUserId]);
    const manager = await scimAs(a, a.scimToken, 'patch', `/Users/${aUserId}`).send({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: bUserId }],
    });
    expect(manager.status).toBeLessThan(500);
    expectNoMarkers(manager.text + (await scimAs(a, a.scimToken, 'get', `/Users/${aUserId}`)).text);
    expect(await sql(app, 'select * from app_user where id = ?', [bUserId])).toEqual(bUserBefore);
  });

  it('refuses A\'s token on B\'s base URL for every route (401), and B\'s token on A\'s', async () => {
    const paths = ['/Users', `/Users/${bUserId}`, '/Groups', `/Groups/${bGroupId}`, '/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Users/.search'];
    for (const path of paths)
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const res = await scimAs(b, a.scimToken, method, path).send({});
        expect([method, path, res.status]).toEqual([method, path, 401]);
        expectNoMarkers(res.text);
      }
    expect((await scimAs(a, b.scimToken, 'get', '/Users')).status).toBe(401);
    // An API token is not a SCIM token, even of the right account.
    expect((await scimAs(b, b.apiToken, 'get', '/Users')).status).toBe(401);
  });
});

// ---- GraphQL, by introspection ----------------------------------------------------------------------------

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface FullType {
  name: string;
  kind: string;
  fields: Field[] | null;
  inputFields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { name kind enumValues { name } inputFields { name type { ${TYPE_REF} } } fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } } } }`;

function named(ref: TypeRef): TypeRef {
  return ref.ofType ? named(ref.ofType) : ref;
}
const isList = (ref: TypeRef): boolean => ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && isList(ref.ofType!));
const required = (ref: TypeRef) => ref.kind === 'NON_NULL';

describe('GraphQL: A\'s ADMIN token and B\'s ids, for every field that takes one', () => {
  let types: Map<string, FullType>;
  let queryType: string;
  let mutationType: string | null;

  beforeAll(async () => {
    const res = await gqlAs(a.apiToken, INTROSPECTION);
    expect(res.status).toBe(200);
    const schema = res.body.data.__schema;
    types = new Map((schema.types as FullType[]).map((t) => [t.name, t]));
    queryType = schema.queryType.name;
    mutationType = schema.mutationType?.name ?? null;
  });

  /** A selection of every scalar reachable within `depth` levels (fields without required arguments). */
  function selection(typeName: string, depth: number): string {
    const type = types.get(typeName)!;
    if (!type.fields) return '';
    const parts: string[] = ['__typename'];
    for (const field of type.fields) {
      if (field.args.some((arg) => required(arg.type))) continue;
      const target = types.get(named(field.type).name!)!;
      if (target.kind === 'SCALAR' || target.kind === 'ENUM') parts.push(field.name);
      else if (depth > 0 && (target.kind === 'OBJECT' || target.kind === 'INTERFACE')) {
        const inner = selection(target.name, depth - 1);
        if (inner) parts.push(`${field.name} { ${inner} }`);
      }
    }
    return parts.join(' ');
  }

  /** A value for an input type: ID fields get `id` (or B's user/group id by name), the rest something valid-looking. */
  function valueFor(ref: TypeRef, fieldName: string, id: string, depth = 0): unknown {
    const base = named(ref);
    let value: unknown;
    if (base.name === 'ID') value = /group/i.test(fieldName) ? bGroupId : /user|member/i.test(fieldName) ? bUserId : id;
    else if (base.kind === 'ENUM') value = types.get(base.name!)!.enumValues![0]!.name;
    else if (base.kind === 'INPUT_OBJECT') {
      const input = types.get(base.name!)!;
      value = Object.fromEntries(
        (input.inputFields ?? []).filter((f) => required(f.type) || named(f.type).name === 'ID' || depth === 0).map((f) => [f.name, valueFor(f.type, f.name, id, depth + 1)]),
      );
    } else if (base.name === 'Boolean') value = false;
    else if (base.name === 'Int' || base.name === 'Float') value = 1;
    else if (/date|time/i.test(base.name ?? '')) value = '2099-01-01T00:00:00.000Z';
    else value = 'cross-account-probe';
    return isList(ref) ? [value] : value;
  }

  function typeString(ref: TypeRef): string {
    if (ref.kind === 'NON_NULL') return `${typeString(ref.ofType!)}!`;
    if (ref.kind === 'LIST') return `[${typeString(ref.ofType!)}]`;
    return ref.name!;
  }

  /** Fields whose arguments (directly or inside `input`) hold an ID: the ones a copied id could reach B through. */
  function takesId(field: Field): boolean {
    const holdsId = (ref: TypeRef, seen = new Set<string>()): boolean => {
      const base = named(ref);
      if (base.name === 'ID') return true;
      if (base.kind !== 'INPUT_OBJECT' || seen.has(base.name!)) return false;
      seen.add(base.name!);
      return (types.get(base.name!)!.inputFields ?? []).some((f) => holdsId(f.type, seen));
    };
    return field.args.some((arg) => holdsId(arg.type));
  }

  async function probe(kind: 'query' | 'mutation', field: Field, id: string) {
    const args = field.args.filter((arg) => required(arg.type) || named(arg.type).name === 'ID' || named(arg.type).kind === 'INPUT_OBJECT');
    const variables = Object.fromEntries(args.map((arg) => [arg.name, valueFor(arg.type, arg.name, id)]));
    const declared = args.map((arg) => `$${arg.name}: ${typeString(arg.type)}`).join(', ');
    const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const target = types.get(named(field.type).name!)!;
    const sel = target.kind === 'SCALAR' || target.kind === 'ENUM' ? '' : `{ ${selection(target.name, 3)} }`;
    const document = `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${sel} }`;
    return { document, variables, res: await gqlAs(a.apiToken, document, variables) };
  }

  it('reads nothing of B through any query field, with or without B\'s ids', async () => {
    const fields = types.get(queryType)!.fields!;
    expect(fields.length).toBeGreaterThan(0);
    let probes = 0;
    for (const field of fields) {
      for (const id of takesId(field) ? bIds : [a.accountId]) {
        const { document, res } = await probe('query', field, id);
        probes++;
        expect([document, res.status < 500]).toEqual([document, true]);
        expectNoMarkers(res.text);
        const value = res.body.data?.[field.name];
        if (takesId(field) && value !== null && value !== undefined && !Array.isArray(value) && typeof value === 'object' && 'id' in value)
          expect([document, (value as { id: string }).id]).not.toEqual([document, id]);
      }
    }
    process.stdout.write(`[cross-account] ${probes} GraphQL query probes over ${fields.length} fields\n`);
  }, 120_000);

  it('changes nothing of B through any mutation taking an id: each answers NOT_FOUND or FORBIDDEN', async () => {
    if (!mutationType) return;
    const fields = types.get(mutationType)!.fields!.filter(takesId);
    const before = await dbFingerprint(app);
    const accepted = /NOT_FOUND$|^FORBIDDEN$/;
    let probes = 0;
    const byCode = new Map<string, number>();
    for (const field of fields)
      for (const id of bIds) {
        const { document, variables, res } = await probe('mutation', field, id);
        probes++;
        expectNoMarkers(res.text);
        const codes = ((res.body.errors ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code ?? '');
        for (const code of codes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
        expect({ document, variables, status: res.status < 500, refused: codes.length > 0 && codes.every((c) => accepted.test(c)) }).toEqual({ document, variables, status: true, refused: true });
      }
    expect(await dbFingerprint(app)).toEqual(before);
    expect(await sql(app, 'select count(*)::int as n from group_membership where group_id = ?', [bGroupId])).toEqual([{ n: 1 }]);
    process.stdout.write(`[cross-account] ${probes} GraphQL mutation probes over ${fields.length} mutations with B's ${bIds.length} ids: ${JSON.stringify(Object.fromEntries(byCode))}\n`);
  }, 180_000);
});
