import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { systemClock } from '../../src/commands/context';
import { createApiToken } from '../../src/commands/manage-tokens';
import { ActorType } from '../../src/domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../../src/domain/token/api-token.entity';
import { ViewerDocument, type ViewerQuery } from '../graphql/generated';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let app: TestApp;
let acme: TestAccount;

beforeAll(async () => {
  app = await startTestApp();
  acme = await createTestAccount(app, 'Acme');
});
afterAll(() => app.close());

/** Sends a typed document; the result is typed by the operation, so a renamed field fails to compile. */
async function execute<R, V>(document: TypedDocumentNode<R, V>, token: string, variables?: V): Promise<{ status: number; data?: R; errors?: { message: string; extensions: { code: string } }[] }> {
  const res = await app.http.post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: print(document), variables });
  return { status: res.status, ...(res.body as { data?: R; errors?: { message: string; extensions: { code: string } }[] }) };
}

describe('query Viewer (typed document from test/graphql/viewer.graphql)', () => {
  it("returns the token's account with its default settings and the ADMIN token itself", async () => {
    const res = await execute(ViewerDocument, acme.apiToken);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const [tokenRow] = await app.orm.em.fork().getConnection().execute<{ id: string }[]>('select id from api_token where account_id = ?', [acme.accountId]);
    const expected: ViewerQuery = {
      viewer: {
        account: {
          id: acme.accountId,
          name: 'Acme',
          settings: { scimEnabled: true, allowManualUpdates: false, scimLicenseManagement: false, defaultLicenseType: null, ipAllowlistEnforced: false },
        },
        token: { id: tokenRow!.id, name: 'Initial admin token', role: 'ADMIN' },
      },
    };
    expect(res.data).toEqual(expected);
  });

  it('reflects the stored settings and a READ_ONLY token', async () => {
    await app.orm.em
      .fork()
      .getConnection()
      .execute(`update account set default_license_type = 'developer', scim_license_management = true, allow_manual_updates = true where id = ?`, [acme.accountId]);
    const issued = await createApiToken(
      { em: app.orm.em.fork(), accountId: acme.accountId, actor: { type: ActorType.OPERATOR, id: null, name: 'test', role: null }, requestId: null, clock: systemClock },
      { name: 'Dashboards', role: ApiRole.READ_ONLY },
    );
    const res = await execute(ViewerDocument, issued.secret);
    expect(res.status).toBe(200);
    expect(res.data?.viewer.account.settings).toEqual({
      scimEnabled: true,
      allowManualUpdates: true,
      scimLicenseManagement: true,
      defaultLicenseType: 'DEVELOPER',
      ipAllowlistEnforced: false,
    });
    expect(res.data?.viewer.token).toEqual({ id: issued.token.id, name: 'Dashboards', role: 'READ_ONLY' });
  });

  it("sees only its own account: another account's token gets that account", async () => {
    const globex = await createTestAccount(app, 'Globex');
    const res = await execute(ViewerDocument, globex.apiToken);
    expect(res.data?.viewer.account).toMatchObject({ id: globex.accountId, name: 'Globex' });
  });

  it('answers a document that does not match the schema with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send({ query: '{ viewer { secret } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
