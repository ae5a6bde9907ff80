import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import type { TestAccount, TestApp } from './test-app';

export const SCIM = 'application/scim+json';
export const URN_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const URN_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const URN_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const URN_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const URN_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const URN_SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What an IdP sends: its bearer token and the SCIM media type. */
export function idpHeaders(account: TestAccount): Record<string, string> {
  return { Authorization: `Bearer ${account.scimToken}`, 'Content-Type': SCIM, Accept: SCIM };
}

/** A fixture file: the literal request an IdP sends, the status it needs, and what must be stored afterwards. */
export interface IdpFixture {
  description: string;
  source: string;
  request: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: Json };
  response: { status: number };
  stored?: Record<string, unknown>;
  storedEmails?: Record<string, unknown>[];
}

/** Reads `fixtures/<name>.json` next to the calling suite, replacing `{{key}}` placeholders with `vars`. */
export function loadFixture(dir: string, name: string, vars: Record<string, string> = {}): IdpFixture {
  const text = readFileSync(path.join(dir, 'fixtures', `${name}.json`), 'utf8');
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    if (!(key in vars)) throw new Error(`fixture ${name}: no value for {{${key}}}`);
    return vars[key]!;
  });
  return JSON.parse(filled) as IdpFixture;
}

/** Sends a fixture's request as-is to the account's SCIM base. */
export function sendFixture(app: TestApp, account: TestAccount, fixture: IdpFixture) {
  const url = `${account.scimBase}${fixture.request.path}`;
  const method = fixture.request.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const req = app.http[method](url).set(idpHeaders(account));
  return fixture.request.body === undefined ? req : req.send(JSON.stringify(fixture.request.body));
}

export function expectScimMediaType(res: Response): void {
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
}

/** RFC 7644 §3.12: an Error message, `status` a string equal to the HTTP status. */
export function expectScimError(res: Response, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expectScimMediaType(res);
  expect(res.body.schemas).toEqual([URN_ERROR]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
}

/** RFC 7644 §3.4.2: a ListResponse whose paging fields are JSON integers, never strings. */
export function expectListResponse(res: Response, totalResults?: number): void {
  expect(res.status).toBe(200);
  expectScimMediaType(res);
  expect(res.body.schemas).toEqual([URN_LIST]);
  for (const field of ['totalResults', 'itemsPerPage', 'startIndex']) {
    expect(typeof res.body[field]).toBe('number');
    expect(Number.isInteger(res.body[field])).toBe(true);
  }
  expect(Array.isArray(res.body.Resources)).toBe(true);
  expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
  if (totalResults !== undefined) expect(res.body.totalResults).toBe(totalResults);
}

/** A single User reply: media type, ETag equal to meta.version, no password. */
export function expectUserResource(res: Response, status = 200): void {
  expect(res.status).toBe(status);
  expectScimMediaType(res);
  expect(res.body.schemas).toContain(URN_USER);
  expect(typeof res.body.id).toBe('string');
  expect(res.headers['etag']).toBeDefined();
  expect(res.body.meta.version).toBe(res.headers['etag']);
  expect(res.body).not.toHaveProperty('password');
}

/** RFC 7644 §3.3: 201, the full resource with id and meta, and a Location header equal to meta.location. */
export function expectCreatedUser(res: Response): void {
  expectUserResource(res, 201);
  expect(res.body.meta).toMatchObject({ resourceType: 'User' });
  for (const field of ['created', 'lastModified', 'location', 'version']) expect(typeof res.body.meta[field]).toBe('string');
  expect(res.headers['location']).toBe(res.body.meta.location);
  expect(res.body.meta.location).toMatch(new RegExp(`/Users/${res.body.id}$`));
}

export async function sql<T = Json>(app: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.fork().getConnection().execute<T[]>(text, params);
}

export async function userRow(app: TestApp, id: string): Promise<Json | undefined> {
  const [row] = await sql(app, 'select * from app_user where id = ?', [id]);
  return row;
}

export async function userEmailRows(app: TestApp, id: string): Promise<Json[]> {
  return sql(app, 'select value, value_key, type, "primary", display, position from user_email where user_id = ? order by position', [id]);
}

export async function eventRows(app: TestApp, accountId: string, resourceId?: string): Promise<Json[]> {
  return resourceId
    ? sql(app, 'select * from provisioning_event where account_id = ? and resource_id = ? order by occurred_at, id', [accountId, resourceId])
    : sql(app, 'select * from provisioning_event where account_id = ? order by occurred_at, id', [accountId]);
}

/** Every text and JSON value of every row of a table, as one string: for "this secret is stored nowhere" checks. */
export async function tableText(app: TestApp, table: string): Promise<string> {
  const rows = await sql<{ t: string }>(app, `select row_to_json(x)::text as t from ${table} x`);
  return rows.map((r) => r.t).join('\n');
}
