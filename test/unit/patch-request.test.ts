import { groupResourceSchemas, userResourceSchemas } from '../../src/scim/protocol/attribute-path';
import { MAX_PATCH_OPERATIONS, expandPatchOperations, parsePatchRequest } from '../../src/scim/protocol/patch';
import { ScimProtocolError } from '../../src/scim/protocol/scim-error';
import { URN } from '../../src/scim/protocol/urns';

const ENTERPRISE = URN.enterpriseUser;

function errorOf(run: () => unknown): { status: number; scimType: string | undefined; detail: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimProtocolError) return { status: error.status, scimType: error.scimType, detail: error.message };
    throw error;
  }
  throw new Error('expected a ScimProtocolError');
}

const body = (...Operations: unknown[]) => ({ schemas: [URN.patchOp], Operations });

describe('parsePatchRequest: the envelope', () => {
  const rejected: Array<[string, unknown, string]> = [
    ['a null body', null, 'invalidSyntax'],
    ['an array body', [], 'invalidSyntax'],
    ['a string body', 'add', 'invalidSyntax'],
    ['a wrong schemas URN', { schemas: [URN.user], Operations: [] }, 'invalidSyntax'],
    ['schemas that is not a list', { schemas: 42, Operations: [] }, 'invalidSyntax'],
    ['missing Operations', { schemas: [URN.patchOp] }, 'invalidSyntax'],
    ['Operations that is an object', { schemas: [URN.patchOp], Operations: { op: 'add' } }, 'invalidSyntax'],
    ['an operation that is not an object', body('add'), 'invalidSyntax'],
  ];
  it.each(rejected)('rejects %s with 400 %s', (_name, input, scimType) => {
    expect(errorOf(() => parsePatchRequest(input))).toMatchObject({ status: 400, scimType });
  });

  it('accepts a body without schemas', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'replace', path: 'active', value: false }] })).toHaveLength(1);
  });

  it('accepts schemas given as a single string and in another case', () => {
    expect(parsePatchRequest({ schemas: URN.patchOp.toUpperCase(), Operations: [] })).toEqual([]);
  });

  it('accepts an empty Operations array as a no-op', () => {
    expect(parsePatchRequest(body())).toEqual([]);
  });

  it('reads member names in any case (operations, Op, Path, Value)', () => {
    const [op] = parsePatchRequest({ schemas: [URN.patchOp], operations: [{ Op: 'Replace', Path: 'active', Value: 'False' }] });
    expect(op).toMatchObject({ op: 'replace', path: { attribute: 'active' }, value: 'False' });
  });

  it(`accepts ${MAX_PATCH_OPERATIONS} operations and rejects one more with 400 invalidValue`, () => {
    const op = { op: 'replace', path: 'active', value: true };
    expect(parsePatchRequest(body(...Array(MAX_PATCH_OPERATIONS).fill(op)))).toHaveLength(MAX_PATCH_OPERATIONS);
    const error = errorOf(() => parsePatchRequest(body(...Array(MAX_PATCH_OPERATIONS + 1).fill(op))));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(String(MAX_PATCH_OPERATIONS));
  });
});

describe('parsePatchRequest: each operation', () => {
  it.each(['add', 'Add', 'ADD', 'replace', 'Replace', 'remove', 'Remove'])('normalizes op %s', (op) => {
    const [parsed] = parsePatchRequest(body({ op, path: 'displayName', value: 'x' }));
    expect(parsed.op).toBe(op.toLowerCase());
  });

  it('rejects an unknown op with 400 invalidSyntax naming it', () => {
    const error = errorOf(() => parsePatchRequest(body({ op: 'move', path: 'displayName', value: 'x' })));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(error.detail).toContain('"move"');
  });

  it('rejects a missing op with 400 invalidSyntax', () => {
    expect(errorOf(() => parsePatchRequest(body({ path: 'displayName', value: 'x' })))).toMatchObject({ scimType: 'invalidSyntax' });
  });

  it('rejects a remove without path with 400 noTarget (RFC 7644 §3.5.2.2)', () => {
    expect(errorOf(() => parsePatchRequest(body({ op: 'remove' })))).toMatchObject({ status: 400, scimType: 'noTarget' });
  });

  it.each(['add', 'replace'])('rejects %s without value with 400 invalidValue', (op) => {
    expect(errorOf(() => parsePatchRequest(body({ op, path: 'displayName' })))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  it('keeps a null value of replace (it clears the attribute)', () => {
    expect(parsePatchRequest(body({ op: 'replace', path: 'displayName', value: null }))[0].value).toBeNull();
  });

  it('rejects a pathless add whose value is not an object with 400 invalidValue', () => {
    expect(errorOf(() => parsePatchRequest(body({ op: 'add', value: 'x' })))).toMatchObject({ scimType: 'invalidValue' });
  });

  it('rejects a path that is not a string with 400 invalidSyntax', () => {
    expect(errorOf(() => parsePatchRequest(body({ op: 'add', path: 3, value: 'x' })))).toMatchObject({ scimType: 'invalidSyntax' });
  });

  it('reads an empty path as no path', () => {
    expect(parsePatchRequest(body({ op: 'replace', path: '', value: { active: false } }))[0].path).toBeNull();
  });

  it('names the failing operation in the detail', () => {
    const error = errorOf(() => parsePatchRequest(body({ op: 'add', path: 'title', value: 'x' }, { op: 'add', path: 'nope', value: 'x' })));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidPath' });
    expect(error.detail).toMatch(/^Operations\[1\]: /);
  });

  it.each(['id', 'meta', 'meta.lastModified', 'groups', 'manager.displayName', `${ENTERPRISE}:manager.displayName`])(
    'rejects an explicit path to read-only %s with 400 mutability',
    (path) => {
      expect(errorOf(() => parsePatchRequest(body({ op: 'replace', path, value: 'x' })))).toMatchObject({ status: 400, scimType: 'mutability' });
    },
  );

  it('turns add on an extension URN path into a pathless add under that URN', () => {
    const [op] = parsePatchRequest(body({ op: 'add', path: ENTERPRISE, value: { department: 'Ops' } }));
    expect(op).toEqual({ op: 'add', path: null, value: { [ENTERPRISE]: { department: 'Ops' } } });
  });

  it('turns remove on an extension URN path into one remove per attribute of the extension', () => {
    const ops = parsePatchRequest(body({ op: 'remove', path: ENTERPRISE }));
    expect(ops.map((o) => o.path?.attribute)).toEqual(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
  });

  it('rejects remove on the core schema URN', () => {
    expect(errorOf(() => parsePatchRequest(body({ op: 'remove', path: URN.user })))).toMatchObject({ scimType: 'invalidPath' });
  });
});

describe('parsePatchRequest and expandPatchOperations for Groups', () => {
  it('parses member paths against the Group schema', () => {
    const ops = parsePatchRequest(
      body(
        { op: 'remove', path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]' },
        { op: 'add', path: 'members', value: [{ value: 'u2', display: 'B' }] },
      ),
      groupResourceSchemas,
    );
    expect(ops[0].path).toMatchObject({ attribute: 'members', filter: { op: 'eq', attribute: 'value', value: '2819c223-7f76-453a-919d-413861904646' } });
    expect(ops[1].path).toMatchObject({ attribute: 'members', filter: null });
  });

  it('rejects a User attribute on a Group with 400 invalidPath', () => {
    expect(errorOf(() => parsePatchRequest(body({ op: 'add', path: 'emails', value: [] }), groupResourceSchemas))).toMatchObject({ scimType: 'invalidPath' });
  });

  it("drops Okta's read-only id from a pathless group replace", () => {
    const ops = parsePatchRequest(body({ op: 'replace', value: { id: 'g1', displayName: 'Eng' } }), groupResourceSchemas);
    const { operations, ignored } = expandPatchOperations(ops, groupResourceSchemas);
    expect(operations.map((o) => [o.op, o.path.attribute, o.value])).toEqual([['replace', 'displayName', 'Eng']]);
    expect(ignored).toEqual([]);
  });

  it('expands pathless keys of the User schema, ignoring unknown ones and dropping password', () => {
    const ops = parsePatchRequest(body({ op: 'replace', value: { active: false, password: 'p', addresses: [], 'urn:example:custom:2.0:User:x': 1 } }));
    const { operations, ignored } = expandPatchOperations(ops, userResourceSchemas);
    expect(operations.map((o) => o.path.attribute)).toEqual(['active']);
    expect(ignored).toEqual(['addresses', 'urn:example:custom:2.0:User:x']);
  });
});
