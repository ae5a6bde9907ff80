import type { Response } from 'supertest';
import { expectScimMediaType, loadFixture, sql, type IdpFixture, type Json } from './scim-users-helpers';
import type { TestApp } from './test-app';

export const URN_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A group fixture: besides the `app_group` columns in `stored`, the exact member ids the group must hold afterwards. */
export interface GroupFixture extends IdpFixture {
  storedMembers?: string[];
}

export function loadGroupFixture(dir: string, name: string, vars: Record<string, string> = {}): GroupFixture {
  return loadFixture(dir, name, vars) as GroupFixture;
}

export async function groupRow(app: TestApp, id: string): Promise<Json | undefined> {
  const [row] = await sql(app, 'select * from app_group where id = ?', [id]);
  return row;
}

/** The group's member ids as stored, sorted. */
export async function storedMemberIds(app: TestApp, groupId: string): Promise<string[]> {
  const rows = await sql<{ user_id: string }>(app, 'select user_id from group_membership where group_id = ? order by user_id', [groupId]);
  return rows.map((r) => r.user_id);
}

/** What a fixture says the group must hold: its `stored` columns and exactly its `storedMembers`, with a matching member_count. */
export async function expectStoredGroup(app: TestApp, groupId: string, fixture: GroupFixture): Promise<void> {
  const row = await groupRow(app, groupId);
  expect(row).toBeDefined();
  if (fixture.stored) expect(row).toMatchObject(fixture.stored);
  if (fixture.storedMembers) {
    expect(await storedMemberIds(app, groupId)).toEqual([...fixture.storedMembers].sort());
    expect(row!.member_count).toBe(fixture.storedMembers.length);
  }
}

/** A single Group reply: media type, the core schema, an ETag equal to meta.version. */
export function expectGroupResource(res: Response, status = 200): void {
  expect(res.status).toBe(status);
  expectScimMediaType(res);
  expect(res.body.schemas).toEqual([URN_GROUP]);
  expect(typeof res.body.id).toBe('string');
  expect(res.headers['etag']).toBeDefined();
  expect(res.body.meta).toMatchObject({ resourceType: 'Group', version: res.headers['etag'] });
}

/** RFC 7644 §3.3: 201, the full resource with id and meta, and a Location header equal to meta.location. */
export function expectCreatedGroup(res: Response): void {
  expectGroupResource(res, 201);
  for (const field of ['created', 'lastModified', 'location', 'version']) expect(typeof res.body.meta[field]).toBe('string');
  expect(res.headers['location']).toBe(res.body.meta.location);
  expect(res.body.meta.location).toMatch(new RegExp(`/Groups/${res.body.id}$`));
}

/** Member ids of a Group reply, sorted. */
export function memberValues(body: Json): string[] {
  return (body.members as { value: string }[]).map((m) => m.value).sort();
}

/** Users inserted in SQL (no invitation, no events): for member lists larger than a fixture should create one by one. */
export async function seedUsers(app: TestApp, accountId: string, count: number, prefix: string): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    app,
    `insert into app_user (id, account_id, user_name, user_name_key, active, phone_numbers, managed_by, created_at, updated_at, version)
     select gen_random_uuid(), ?, ? || g || '@example.com', lower(?) || g || '@example.com', true, '[]'::jsonb, 'scim', now(), now(), 1
       from generate_series(1, ?) g returning id`,
    [accountId, prefix, prefix, count],
  );
  return rows.map((r) => r.id);
}

/** The captured statements that read or write membership rows. */
export function membershipStatements(statements: readonly string[]): string[] {
  return statements.filter((s) => /group_membership/i.test(s));
}

/** Runs `action` with SQL capture on; returns what it returned and every statement it ran. */
export async function capturingSql<T>(app: TestApp, action: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  app.sql = [];
  app.captureSql = true;
  try {
    const result = await action();
    return { result, statements: [...app.sql] };
  } finally {
    app.captureSql = false;
    app.sql = [];
  }
}
