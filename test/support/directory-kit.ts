import { idpHeaders, sql, URN_USER, type Json } from './scim-users-helpers';
import type { TestAccount, TestApp } from './test-app';

const URN_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Turns the account's "allow manual updates" setting on or off, straight in SQL. */
export async function setManualUpdates(app: TestApp, accountId: string, on: boolean): Promise<void> {
  await sql(app, 'update account set allow_manual_updates = ? where id = ?', [on, accountId]);
}

/** A user provisioned by the IdP through the SCIM endpoint; returns its id. */
export async function scimUser(app: TestApp, account: TestAccount, userName: string, extra: Json = {}): Promise<string> {
  const res = await app.http
    .post(`${account.scimBase}/Users`)
    .set(idpHeaders(account))
    .send(JSON.stringify({ schemas: [URN_USER], userName, emails: [{ value: userName, type: 'work', primary: true }], active: true, ...extra }));
  if (res.status !== 201) throw new Error(`SCIM POST /Users answered ${res.status}: ${res.text}`);
  return res.body.id as string;
}

/** A group provisioned by the IdP through the SCIM endpoint; returns its id. */
export async function scimGroup(app: TestApp, account: TestAccount, displayName: string, memberIds: string[] = []): Promise<string> {
  const res = await app.http
    .post(`${account.scimBase}/Groups`)
    .set(idpHeaders(account))
    .send(JSON.stringify({ schemas: [URN_GROUP], displayName, members: memberIds.map((value) => ({ value })) }));
  if (res.status !== 201) throw new Error(`SCIM POST /Groups answered ${res.status}: ${res.text}`);
  return res.body.id as string;
}

/** The successful audit rows of one resource, oldest first. */
export async function successEvents(app: TestApp, resourceId: string): Promise<{ action: string; manual: boolean; actor_type: string }[]> {
  return sql(app, `select action, manual, actor_type from provisioning_event where resource_id = ? and outcome = 'success' order by occurred_at, id`, [resourceId]);
}

export async function memberIds(app: TestApp, groupId: string): Promise<string[]> {
  return (await sql<{ user_id: string }>(app, 'select user_id from group_membership where group_id = ? order by user_id', [groupId])).map((r) => r.user_id);
}
