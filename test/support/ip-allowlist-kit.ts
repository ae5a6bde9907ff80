import type { Response } from 'supertest';
import type { TestAccount, TestApp } from './test-app';
import type { GqlResponse } from './admin-graphql';

export { gql, operatorCtx } from './admin-graphql';
export {
  AddIpAllowlistEntriesDocument as ADD,
  IpAllowlistDocument as LIST,
  RemoveIpAllowlistEntriesDocument as REMOVE,
  ReplaceIpAllowlistEntriesDocument as REPLACE,
  SetIpAllowlistEnforcedDocument as ENFORCE,
  ViewerAddressDocument as VIEWER_ADDRESS,
} from '../graphql/generated';

export function scimGet(app: TestApp, account: TestAccount, headers: Record<string, string> = {}) {
  const req = app.http.get(`${account.scimBase}/ServiceProviderConfig`).set('Authorization', `Bearer ${account.scimToken}`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req;
}

export function expectScim403(res: Response): void {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403' });
}

export function expectGraphqlIpRefused(res: GqlResponse<unknown>): void {
  expect(res.status).toBe(403);
  expect(res.errors?.[0]?.extensions.code).toBe('IP_NOT_ALLOWED');
  expect(res.data).toBeUndefined();
}

export function errorCode(res: GqlResponse<unknown>): string | undefined {
  return res.errors?.[0]?.extensions.code;
}
