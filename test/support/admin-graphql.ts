import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { systemClock, type Ctx } from '../../src/commands/context';
import { createApiToken } from '../../src/commands/manage-tokens';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import type { TestApp } from './test-app';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; [key: string]: unknown };
}

export interface GqlResponse<R> {
  status: number;
  data?: R | null;
  errors?: GqlError[];
  /** The raw response body, for "this secret appears nowhere" checks. */
  text: string;
}

/** Sends a typed document from test/graphql/ over HTTP; the result is typed by the operation. */
export async function gql<R, V>(app: TestApp, token: string, document: TypedDocumentNode<R, V>, variables?: V, headers: Record<string, string> = {}): Promise<GqlResponse<R>> {
  const req = app.http.post('/graphql').set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  const res = await req.send({ query: print(document), variables });
  const body = res.body as { data?: R | null; errors?: GqlError[] };
  return { status: res.status, data: body.data, errors: body.errors, text: res.text };
}

/** A successful result's data; fails the test with the errors otherwise. */
export function dataOf<R>(res: GqlResponse<R>): R {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors (HTTP ${res.status}): ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** The one error of a failed operation, checked to carry `code` and nothing of the server's internals. */
export function errorOf(res: GqlResponse<unknown>, code: string): GqlError {
  expect(res.errors?.map((e) => e.extensions.code)).toEqual([code]);
  const [error] = res.errors!;
  expect(error!.message).not.toMatch(/\bat .+\.(js|ts):\d+|select |insert |update |constraint|stack/i);
  expect(error!.extensions).not.toHaveProperty('stacktrace');
  expect(error!.extensions).not.toHaveProperty('exception');
  return error!;
}

export function operatorCtx(app: TestApp, accountId: string): Ctx {
  return { em: app.orm.em.fork(), accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock };
}

export async function readOnlyToken(app: TestApp, accountId: string, name = 'Dashboards'): Promise<string> {
  return (await createApiToken(operatorCtx(app, accountId), { name, role: ApiRole.READ_ONLY })).secret;
}
