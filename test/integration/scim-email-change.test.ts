import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { capturingLogger, startSmtpSink, tokenIn, type SmtpSink } from '../support/email-test-kit';
import { idpHeaders, sql, URN_USER } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let acme: TestAccount;
let mailer: Mailer;
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url });
  acme = await createTestAccount(app, 'Acme Email');
  mailer = createMailer(app.config)!;
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const deliver = () => deliverPendingEmails(app.orm, mailer, app.config, log.logger, 50);
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.map((a) => a.toLowerCase()).includes(address));

function graphql(query: string, variables: Record<string, unknown> = {}) {
  return app.http.post('/graphql').set('Authorization', `Bearer ${acme.apiToken}`).send({ query, variables });
}

async function effective(id: string): Promise<{ email: string | null; pendingEmail: string | null }> {
  const res = await graphql('query($id: ID!) { user(id: $id) { email pendingEmail } }', { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.user;
}

/** Okta's profile push of a new address: userName and the primary email move together. */
const moveTo = (id: string, address: string) =>
  app.http
    .patch(`${acme.scimBase}/Users/${id}`)
    .set(idpHeaders(acme))
    .send({ schemas: [PATCH], Operations: [{ op: 'replace', value: { userName: address, emails: [{ value: address, type: 'work', primary: true }] } }] });

describe('an email change sent by the IdP over SCIM', () => {
  it('shows the IdP its new address at once, switches the effective email only when the new address confirms, and mails once', async () => {
    const created = await app.http
      .post(`${acme.scimBase}/Users`)
      .set(idpHeaders(acme))
      .send({ schemas: [URN_USER], userName: 'grace@example.com', emails: [{ value: 'grace@example.com', type: 'work', primary: true }], active: true });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const moved = await moveTo(id, 'grace.hopper@example.com');
    expect(moved.status).toBe(200);
    expect(moved.body.userName).toBe('grace.hopper@example.com');
    expect(moved.body.emails).toEqual([{ value: 'grace.hopper@example.com', type: 'work', primary: true }]);
    const scim = await app.http.get(`${acme.scimBase}/Users/${id}`).set(idpHeaders(acme));
    expect(scim.body.userName).toBe('grace.hopper@example.com');
    expect(await effective(id)).toEqual({ email: 'grace@example.com', pendingEmail: 'grace.hopper@example.com' });

    // The IdP retries the same change: no second mail.
    expect((await moveTo(id, 'Grace.Hopper@example.com')).status).toBe(200);
    await deliver();
    await deliver();
    expect(mailsTo('grace.hopper@example.com')).toHaveLength(1);
    const pending = await sql<{ n: number }>(app, `select count(*)::int as n from email_outbox where user_id = ? and kind = 'email_change' and consumed_at is null`, [id]);
    expect(pending[0]!.n).toBe(1);

    const token = tokenIn(mailsTo('grace.hopper@example.com')[0]!);
    const confirmed = await graphql('mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { user { id email pendingEmail } } }', { input: { token } });
    expect(confirmed.body.errors).toBeUndefined();
    expect(confirmed.body.data.confirmEmailChange.user).toMatchObject({ id, email: 'grace.hopper@example.com', pendingEmail: null });
    expect(await effective(id)).toEqual({ email: 'grace.hopper@example.com', pendingEmail: null });

    const again = await graphql('mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { user { id } } }', { input: { token } });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    // The SCIM resource never drifted from what the IdP sent.
    expect((await app.http.get(`${acme.scimBase}/Users/${id}`).set(idpHeaders(acme))).body.emails[0].value).toBe('Grace.Hopper@example.com');
  });
});
