import type { Response } from 'supertest';
import { systemClock, type Ctx } from '../../src/commands/context';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import type { TestAccount, TestApp } from './test-app';

/** An operator's command context (as the CLI builds it): no request address, so no lock-out guard. */
export function operatorCtx(app: TestApp, accountId: string): Ctx {
  return { em: app.orm.em.fork(), accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock };
}

export function gql(app: TestApp, token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const req = app.http.post('/graphql').set('Authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req.send({ query, variables });
}

export function scimGet(app: TestApp, account: TestAccount, headers: Record<string, string> = {}) {
  const req = app.http.get(`${account.scimBase}/ServiceProviderConfig`).set('Authorization', `Bearer ${account.scimToken}`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req;
}

export const VIEWER_ADDRESS = '{ viewer { requestAddress } }';

export function expectScim403(res: Response): void {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403' });
}

export function expectGraphqlIpRefused(res: Response): void {
  expect(res.status).toBe(403);
  expect(res.body.errors[0].extensions.code).toBe('IP_NOT_ALLOWED');
  expect(res.body.data).toBeUndefined();
}

export function errorCode(res: Response): string | undefined {
  return res.body?.errors?.[0]?.extensions?.code;
}

export const REPLACE = `mutation($input: ReplaceIpAllowlistEntriesInput!) {
  replaceIpAllowlistEntries(input: $input) { source added removed unchanged addedCidrs removedCidrs dryRun }
}`;
export const ADD = `mutation($input: AddIpAllowlistEntriesInput!) {
  addIpAllowlistEntries(input: $input) { added unchanged addedCidrs ipAllowlist { enforced sources { source count } } }
}`;
export const REMOVE = `mutation($input: RemoveIpAllowlistEntriesInput!) {
  removeIpAllowlistEntries(input: $input) { removed removedCidrs notFoundCidrs }
}`;
export const ENFORCE = `mutation($input: SetIpAllowlistEnforcedInput!) {
  setIpAllowlistEnforced(input: $input) { account { settings { ipAllowlistEnforced } } ipAllowlist { enforced } }
}`;
