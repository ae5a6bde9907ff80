import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { capturingLogger, startSmtpSink, tokenIn, type SmtpSink } from '../support/email-test-kit';
import { scimUser } from '../support/directory-kit';
import { URN_GROUP } from '../support/scim-groups-helpers';
import { idpHeaders, sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let acme: TestAccount;
let mailer: Mailer;
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url });
  acme = await createTestAccount(app, 'Acme Pending');
  mailer = createMailer(app.config)!;
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});

function graphql(query: string, variables: Record<string, unknown> = {}) {
  return app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send({ query, variables });
}

const PENDING_USERS = `query($filter: UserFilterInput) { users(first: 100, filter: $filter) { edges { node { id licenseType licensePending } } } }`;

type UserNode = { id: string; licenseType: string | null; licensePending: boolean };
const nodesOf = (res: { body: { data: { users: { edges: { node: UserNode }[] } } } }) => res.body.data.users.edges.map((e) => e.node);

describe('a group push with members who have not accepted their invitation', () => {
  it('is accepted whole: pending members keep membership and license, show as pending, and are licensed the moment they accept', async () => {
    await sql(
      app,
      `insert into license_mapping (id, account_id, group_name, group_name_key, license_type, created_at, updated_at)
       values (gen_random_uuid(), ?, 'Developers', 'developers', 'developer', now(), now())`,
      [acme.accountId],
    );
    const [ada, bob] = [await scimUser(app, acme, 'pending-ada@example.com'), await scimUser(app, acme, 'pending-bob@example.com')];
    // Where dbt refuses the whole push ("All users must have licenses on the account"), Roster takes it.
    const pushed = await app.http
      .post(`${acme.scimBase}/Groups`)
      .set(idpHeaders(acme))
      .send({ schemas: [URN_GROUP], displayName: 'Developers', members: [{ value: ada }, { value: bob }] });
    expect(pushed.status).toBe(201);
    expect(pushed.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ada, bob].sort());

    const pending = await graphql(PENDING_USERS, { filter: { licensePending: true } });
    expect(pending.body.errors).toBeUndefined();
    expect(nodesOf(pending).map((u) => u.id).sort()).toEqual([ada, bob].sort());
    for (const node of nodesOf(pending)) expect(node).toMatchObject({ licenseType: 'DEVELOPER', licensePending: true });

    await deliverPendingEmails(app.orm, mailer, app.config, log.logger, 50);
    const invitation = smtp.mails.find((m) => m.to.map((a) => a.toLowerCase()).includes('pending-ada@example.com'));
    const accepted = await graphql('mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { user { id licenseType licensePending } } }', {
      input: { token: tokenIn(invitation!) },
    });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptInvitation.user).toEqual({ id: ada, licenseType: 'DEVELOPER', licensePending: false });

    const still = await graphql(PENDING_USERS, { filter: { licensePending: true } });
    expect(nodesOf(still).map((u) => u.id)).toEqual([bob]);
    const members = await sql<{ user_id: string }>(app, 'select user_id from group_membership where group_id = ? order by user_id', [pushed.body.id]);
    expect(members.map((m) => m.user_id)).toEqual([ada, bob].sort());
  });
});
