import fc from 'fast-check';
import type { Response } from 'supertest';
import { dbFingerprint } from '../support/db-fingerprint';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

/**
 * Property-based hostile input (issue 11): generated malformed filters, PATCH bodies, JSON documents, huge and
 * deep payloads, unicode edge cases, SQL-looking strings and wrong types, at SCIM and GraphQL. Every answer
 * must be a proper error or a proper success, never a 5xx; a rejected write must leave the database as it was.
 * numRuns are tuned so the total tried is over 1,000 in a few seconds per property.
 */
let app: TestApp;
let acme: TestAccount;
let userId: string;
let groupId: string;
const tally = { tried: 0, serverErrors: 0, rejected: 0 };

const SCIM = 'application/scim+json';
/** What an error text must never show: driver messages, SQL errors, stack frames. (Echoing the input is fine.) */
const LEAKS = /syntax error at or near|violates .* constraint|relation "|DriverException|invalid input syntax|\n\s+at |node_modules|\.ts:\d+/;
const URN_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const URN_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const URN_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

beforeAll(async () => {
  // Thousands of requests from one token: the rate limit is tested elsewhere.
  app = await startTestApp({ RATE_LIMIT_ENABLED: 'false' });
  acme = await createTestAccount(app);
  const user = await scim('post', '/Users').send({ schemas: [URN_USER], userName: 'alice@example.com', emails: [{ value: 'alice@example.com', primary: true }] });
  userId = user.body.id;
  const group = await scim('post', '/Groups').send({ displayName: 'Staff', members: [{ value: userId }] });
  groupId = group.body.id;
}, 60_000);
afterAll(async () => {
  // The figure the issue asks for: how many generated inputs were tried, and how many got a 5xx.
  process.stdout.write(`[hostile-input] tried ${tally.tried} generated inputs, ${tally.rejected} rejected, ${tally.serverErrors} answered 5xx\n`);
  await app.close();
});

function scim(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
  return app.http[method](`${acme.scimBase}${path}`).set({ Authorization: `Bearer ${acme.scimToken}`, 'Content-Type': SCIM });
}

/** Every SCIM answer: never 5xx; an error is an RFC 7644 §3.12 body in the SCIM media type. */
function checkScim(res: Response): void {
  tally.tried++;
  if (res.status >= 500) tally.serverErrors++;
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    tally.rejected++;
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual([URN_ERROR]);
    expect(res.body.status).toBe(String(res.status));
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.detail).not.toMatch(LEAKS);
  }
}

/** Sends a write; a rejected one must leave every table as it was, an accepted one moves the baseline. */
async function checkedWrite(send: () => PromiseLike<Response>): Promise<Response> {
  const before = await dbFingerprint(app);
  const res = await send();
  checkScim(res);
  if (res.status >= 400) expect(await dbFingerprint(app)).toEqual(before);
  return res;
}

// ---- generators ------------------------------------------------------------------------------------------

const sqlish = fc.constantFrom(
  `' or 1=1 --`,
  `"; drop table app_user; --`,
  `x' union select secret_hash from scim_token --`,
  `\\'); delete from account; --`,
  `1; select pg_sleep(10)`,
  `$1`,
  `?`,
  `%`,
  `_`,
  `\\`,
  `' || (select string_agg(user_name, ',') from app_user) || '`,
);
const unicodeEdge = fc.constantFrom(
  'é', // composed
  'e\u0301', // decomposed
  '\u0000',
  '\ud800', // lone surrogate
  '\udfff',
  '\u200b\u200d\ufeff', // zero-width
  '\u202e', // right-to-left override
  '👩‍👩‍👧‍👦',
  'ﬃ',
  'İ',
  'ß',
  '\u{10ffff}',
  'a'.repeat(10_000),
);
const weirdText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), sqlish, unicodeEdge, fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '(', ')', ' ', '.', ':') }));
const filterToken = fc.oneof(
  fc.constantFrom('userName', 'emails', 'emails[type eq "work"]', 'name.givenName', 'meta.lastModified', 'active', 'externalId', 'members', 'value', 'displayName', 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'x.y.z', 'id'),
  fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'pr', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'EQ', 'Eq'),
  fc.constantFrom('(', ')', '[', ']', '"', '""', '"x"', 'true', 'false', 'null', '1', '-1.5e300', '"2020-13-45T99:99:99Z"'),
  sqlish.map((s) => JSON.stringify(s)),
  weirdText,
);
const malformedFilter = fc.oneof(fc.array(filterToken, { maxLength: 12 }).map((t) => t.join(' ')), weirdText);

const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), weirdText);
const patchOperation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'Add', 'Replace', 'Remove', 'move', 'copy', 'test', ''), wrongType),
    path: fc.oneof(malformedFilter, fc.constantFrom('members', 'members[value eq "x"]', 'emails[type eq "work"].value', 'active', 'userName', 'name.givenName', 'meta.version', 'id', 'schemas'), wrongType),
    value: fc.oneof(fc.jsonValue(), wrongType, fc.constant([{ value: 'not-a-uuid' }])),
  },
  { requiredKeys: [] },
);
const patchBody = fc.oneof(
  fc.record({ schemas: fc.oneof(fc.constant([URN_PATCH]), wrongType), Operations: fc.oneof(fc.array(patchOperation, { maxLength: 5 }), wrongType) }, { requiredKeys: [] }),
  fc.jsonValue(),
);
const userDocument = fc.oneof(
  fc.record(
    {
      schemas: fc.oneof(fc.constant([URN_USER]), wrongType),
      userName: fc.oneof(weirdText, wrongType),
      emails: fc.oneof(fc.array(fc.record({ value: fc.oneof(weirdText, wrongType), primary: fc.oneof(fc.boolean(), wrongType), type: fc.oneof(weirdText, wrongType) }, { requiredKeys: [] }), { maxLength: 3 }), wrongType),
      active: fc.oneof(fc.boolean(), wrongType),
      name: fc.oneof(fc.record({ givenName: wrongType, familyName: wrongType }, { requiredKeys: [] }), wrongType),
      externalId: fc.oneof(weirdText, wrongType),
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': fc.oneof(fc.record({ manager: wrongType, employeeNumber: wrongType }, { requiredKeys: [] }), wrongType),
      'urn:ietf:params:scim:schemas:extension:dbtLabs:2.0:User': fc.oneof(fc.record({ licenseType: wrongType }, { requiredKeys: [] }), wrongType),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

// ---- SCIM ------------------------------------------------------------------------------------------------

describe('SCIM under generated hostile input', () => {
  it('answers malformed and SQL-looking filters on /Users and /Groups with a ListResponse or a SCIM error, and writes nothing', async () => {
    const before = await dbFingerprint(app);
    await fc.assert(
      // A request line over Node's 16 KB header limit is refused by its HTTP parser (431) before any route runs.
      fc.asyncProperty(malformedFilter.filter((f) => Buffer.byteLength(f) * 3 < 12_000), fc.constantFrom('/Users', '/Groups'), fc.option(fc.oneof(fc.integer(), weirdText), { nil: undefined }), async (filter, resource, count) => {
        const res = await scim('get', resource).query({ filter, ...(count === undefined ? {} : { count: String(count) }) });
        checkScim(res);
        if (res.status === 200) expect(Number.isInteger(res.body.totalResults)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(await dbFingerprint(app)).toEqual(before);
  }, 120_000);

  it('answers generated .search bodies without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ filter: fc.oneof(malformedFilter, wrongType), startIndex: wrongType, count: wrongType, sortBy: fc.oneof(weirdText, wrongType), attributes: wrongType }, { requiredKeys: [] })), fc.constantFrom('/Users/.search', '/Groups/.search'), async (body, path) => {
        checkScim(await scim('post', path).send(JSON.stringify(body)));
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('refuses generated PATCH bodies for users and groups with a SCIM error and no change', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
        await checkedWrite(() => scim('patch', onGroup ? `/Groups/${groupId}` : `/Users/${userId}`).send(JSON.stringify(body)));
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('refuses generated user documents (wrong types, nulls, SQL, unicode) with a SCIM error and no change', async () => {
    await fc.assert(
      fc.asyncProperty(userDocument, fc.constantFrom('post', 'put'), async (body, method) => {
        await checkedWrite(() => scim(method, method === 'post' ? '/Users' : `/Users/${userId}`).send(JSON.stringify(body)));
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('answers huge, deep and broken payloads with 4xx and no change', async () => {
    const deep = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);
    const payload = fc.oneof(
      fc.integer({ min: 100, max: 200_000 }).map((d) => deep(d, '[', ']')),
      fc.integer({ min: 100, max: 100_000 }).map((d) => deep(d, '{"a":', '}')),
      fc.integer({ min: 100, max: 50_000 }).map((d) => `{"schemas":["${URN_PATCH}"],"Operations":[{"op":"add","path":"members","value":${deep(d, '[', ']', '{"value":"x"}')}}]}`),
      fc.integer({ min: 1, max: 2_000 }).map((n) => JSON.stringify({ schemas: [URN_PATCH], Operations: Array.from({ length: n }, () => ({ op: 'add', path: 'members', value: [{ value: 'x' }] })) })),
      fc.integer({ min: 1, max: 8 }).map((mib) => JSON.stringify({ userName: 'x'.repeat(mib * 1024 * 1024) })),
      fc.integer({ min: 1, max: 50_000 }).map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
      fc.constantFrom('{', '{"userName": "a"', '\u0000', '{"a":1}{"b":2}', '\ufeff{}', '[]', '"just a string"', 'null', 'NaN', '{"userName": "\\ud800"}'),
    );
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom('post', 'patch', 'put'), fc.boolean(), async (body, method, onGroup) => {
        const path = method === 'post' ? (onGroup ? '/Groups' : '/Users') : onGroup ? `/Groups/${groupId}` : `/Users/${userId}`;
        const res = await checkedWrite(() => scim(method, path).send(body));
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it('refuses a PATCH of more than 1,000 operations, and reads one of exactly 1,000', async () => {
    const ops = (n: number) => ({ schemas: [URN_PATCH], Operations: Array.from({ length: n }, () => ({ op: 'replace', path: 'displayName', value: 'Alice' })) });
    const over = await checkedWrite(() => scim('patch', `/Users/${userId}`).send(ops(1001)));
    expect(over.status).toBe(400);
    expect(over.body.scimType).toBe('invalidValue');
    expect(over.body.detail).toMatch(/at most 1000 operations/);
    const exactly = await scim('patch', `/Users/${userId}`).send(ops(1000));
    checkScim(exactly);
    expect(exactly.status).toBe(200);
  });

  it('treats composed and decomposed forms of a userName as one (RFC 7644 §7.8), and survives unicode edge cases', async () => {
    const composed = 'jos\u00e9@example.com';
    const decomposed = 'jose\u0301@example.com';
    const created = await scim('post', '/Users').send({ schemas: [URN_USER], userName: composed, emails: [{ value: composed, primary: true }] });
    expect(created.status).toBe(201);
    const before = await dbFingerprint(app);
    const twin = await scim('post', '/Users').send({ schemas: [URN_USER], userName: decomposed, emails: [{ value: decomposed, primary: true }] });
    checkScim(twin);
    expect(twin.status).toBe(409);
    expect(twin.body.scimType).toBe('uniqueness');
    expect(await dbFingerprint(app)).toEqual(before);
    const found = await scim('get', '/Users').query({ filter: `userName eq "${decomposed.toUpperCase()}"` });
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(created.body.id);

    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(unicodeEdge, fc.string({ unit: 'binary' })), { minLength: 1, maxLength: 4 }), async (parts) => {
        const userName = `${parts.join('')}@example.com`;
        const res = await checkedWrite(() => scim('post', '/Users').send(JSON.stringify({ schemas: [URN_USER], userName, emails: [{ value: userName, primary: true }] })));
        // Whatever form was stored, the other normalization form finds the same user.
        for (const form of ['NFC', 'NFD'] as const) {
          // Through .search: a 10,000-character userName would overflow the URL (Node answers 431 before Roster).
          const found = await scim('post', '/Users/.search').send(JSON.stringify({ filter: `userName eq ${JSON.stringify(userName.normalize(form))}` }));
          checkScim(found);
          if (res.status === 201) expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

// ---- GraphQL ---------------------------------------------------------------------------------------------

interface IntrospectedField {
  name: string;
  args: { name: string; type: { kind: string; name: string | null; ofType: { name: string | null } | null } }[];
}

function checkGraphql(res: Response): void {
  tally.tried++;
  if (res.status >= 500) tally.serverErrors++;
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/json/);
  if (res.status >= 400 || res.body.errors) {
    tally.rejected++;
    expect(Array.isArray(res.body.errors)).toBe(true);
    for (const error of res.body.errors as { message: string; extensions?: { code?: string } }[]) {
      expect(typeof error.extensions?.code).toBe('string');
      expect(error.extensions!.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).not.toMatch(LEAKS);
    }
  }
}

describe('GraphQL under generated hostile input', () => {
  const gql = (body: unknown) => app.http.post('/graphql').set({ Authorization: `Bearer ${acme.apiToken}`, 'Content-Type': 'application/json' }).send(JSON.stringify(body));

  it('answers generated documents, variables and wrong-typed inputs to every mutation with errors, not 5xx, and no change', async () => {
    const introspection = await gql({ query: '{ __schema { mutationType { fields { name args { name type { kind name ofType { name } } } } } } }' });
    const mutations = (introspection.body.data?.__schema?.mutationType?.fields ?? []) as IntrospectedField[];
    const withInput = mutations.filter((m) => m.args.some((a) => a.name === 'input' && a.type.kind === 'NON_NULL' && a.type.ofType?.name));
    const tokens = fc.constantFrom('{', '}', '(', ')', 'query', 'mutation', 'viewer', 'account', 'id', 'name', '$x', ':', 'String!', '...', 'fragment', 'on', '__schema', '__typename', '@include(if: true)', '"', '#', ',');
    const document = fc.oneof(fc.array(fc.oneof(tokens, fc.string()), { maxLength: 15 }).map((t) => t.join(' ')), weirdText, fc.integer({ min: 100, max: 3_000 }).map((d) => `{ viewer ${'{ account '.repeat(d)}${'}'.repeat(d + 1)}`));
    const mutationCall = withInput.length
      ? fc.tuple(fc.constantFrom(...withInput), fc.oneof(wrongType, fc.dictionary(fc.oneof(fc.constantFrom('id', 'name', 'userIds', 'groupId', 'userName', 'cidrs', 'source', 'role', 'expiresAt', 'token'), fc.string()), fc.oneof(wrongType, sqlish, unicodeEdge)))).map(([m, input]) => {
          const typeName = m.args.find((a) => a.name === 'input')!.type.ofType!.name!;
          return { query: `mutation M($input: ${typeName}!) { ${m.name}(input: $input) { __typename } }`, variables: { input } };
        })
      : fc.constant({ query: '{ viewer { account { id } } }' });
    const request = fc.oneof(
      document.map((query) => ({ query })),
      fc.record({ query: fc.oneof(wrongType, document), variables: wrongType, operationName: wrongType }, { requiredKeys: [] }),
      mutationCall,
      mutationCall,
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(request, async (body) => {
        const before = await dbFingerprint(app);
        const res = await gql(body);
        checkGraphql(res);
        if (res.body.errors && !res.body.data) expect(await dbFingerprint(app)).toEqual(before);
      }),
      { numRuns: 250 },
    );
  }, 180_000);
});
