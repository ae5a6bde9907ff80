import {
  AcceptInvitationDocument,
  ConfirmEmailChangeDocument,
  CreateGroupDocument,
  CreateLicenseMappingDocument,
  CreateSsoMappingRuleDocument,
  DirectoryUserDocument,
  InviteUserDocument,
  RenameGroupDocument,
  ResendInvitationDocument,
  ResolveSsoSignInDocument,
  UpdateAccountSettingsDocument,
  UpdateLicenseMappingDocument,
  UpdateSsoMappingRuleDocument,
  UpdateUserDocument,
} from '../graphql/generated';
import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { dataOf, errorOf, gql, type GqlResponse } from '../support/admin-graphql';
import { dbFingerprint } from '../support/db-fingerprint';
import { scimUser, setManualUpdates } from '../support/directory-kit';
import { capturingLogger, startSmtpSink, tokenIn, type SmtpSink } from '../support/email-test-kit';
import { sql } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let mailer: Mailer;
/** userName = email rule on (the default). */
let acme: TestAccount;
/** userName = email rule off: userNames that are not addresses, and users without an email. */
let loose: TestAccount;
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Roster <invites@roster.test>' });
  mailer = createMailer(app.config)!;
  [acme, loose] = await Promise.all([createTestAccount(app, 'Acme'), createTestAccount(app, 'Loose')]);
  dataOf(await gql(app, loose.apiToken, UpdateAccountSettingsDocument, { input: { userNameMustMatchEmail: false } }));
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});

const admin = () => acme.apiToken;

/**
 * Sends a request that must be refused with `code` and leave every row as it was (the audit row of the
 * refusal aside); returns the error, already checked to be in words and free of internals.
 */
async function refused(send: () => Promise<GqlResponse<unknown>>, code: string, field?: string) {
  const before = await dbFingerprint(app);
  const res = await send();
  const error = errorOf(res, code);
  expect(res.data ?? null).toBeNull();
  // A sentence for a person: not the code again, not a JavaScript error.
  expect(error.message).toMatch(/^["A-Za-z].*[a-z]{3,} [a-z]{2,}/);
  expect(error.message).not.toContain(code);
  expect(error.message).not.toMatch(/TypeError|undefined|Cannot read|\bnull\b|Internal server error/);
  if (field !== undefined) expect(error.extensions['field']).toBe(field);
  expect(await dbFingerprint(app)).toEqual(before);
  return error;
}

async function invite(account: TestAccount, userName: string, email?: string) {
  return dataOf(await gql(app, account.apiToken, InviteUserDocument, { input: { userName, ...(email !== undefined ? { email } : {}) } })).inviteUser.user;
}

async function createGroup(displayName: string): Promise<string> {
  return dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName } })).createGroup.group.id;
}

/** Delivers the outbox and returns the token of the last mail sent to `address`. */
async function linkTokenFor(address: string): Promise<string> {
  await deliverPendingEmails(app.orm, mailer, app.config, log.logger, 100);
  const mail = [...smtp.mails].reverse().find((m) => m.to.includes(address));
  if (!mail) throw new Error(`no mail to ${address}`);
  return tokenIn(mail);
}

describe('resolveSsoSignIn', () => {
  it('answers AMBIGUOUS_EMAIL when several users have the address and none has it as userName, in a dry run too', async () => {
    await invite(loose, 'alpha', 'shared@loose.test');
    await invite(loose, 'beta', 'Shared@Loose.test');
    for (const dryRun of [false, true]) {
      const error = await refused(() => gql(app, loose.apiToken, ResolveSsoSignInDocument, { input: { email: 'shared@loose.test', groups: [], dryRun } }), 'AMBIGUOUS_EMAIL', 'email');
      expect(error.message).toMatch(/Several users have the email shared@loose\.test/);
    }
    // The fix the message names: the user whose userName is the address is the one signed in.
    await invite(loose, 'shared@loose.test');
    const signedIn = dataOf(await gql(app, loose.apiToken, ResolveSsoSignInDocument, { input: { email: 'SHARED@loose.test', groups: [] } })).resolveSsoSignIn;
    expect(signedIn).toMatchObject({ created: false, user: { userName: 'shared@loose.test' } });
  });

  it('answers TOO_MANY_GROUPS for over 1000 claim values or one over 1024 characters, and takes both limits themselves', async () => {
    const signIn = (groups: string[]) => gql(app, admin(), ResolveSsoSignInDocument, { input: { email: 'claims@acme.test', groups } });
    const many = await refused(() => signIn(Array.from({ length: 1001 }, (_, i) => `g${i}`)), 'TOO_MANY_GROUPS', 'groups');
    expect(many.message).toBe('At most 1000 group claim values of at most 1024 characters');
    await refused(() => signIn(['eng', 'x'.repeat(1025)]), 'TOO_MANY_GROUPS', 'groups');

    const atLimits = dataOf(await signIn([...Array.from({ length: 999 }, (_, i) => `g${i}`), 'x'.repeat(1024)])).resolveSsoSignIn;
    expect(atLimits).toMatchObject({ created: true, user: { userName: 'claims@acme.test' } });
  });
});

describe('resendInvitation', () => {
  it('answers USER_HAS_NO_EMAIL for a user the IdP provisioned without an email', async () => {
    await setManualUpdates(app, loose.accountId, true);
    try {
      const id = await scimUser(app, loose, 'no-mail', { emails: [] });
      expect(await sql(app, 'select email from app_user where id = ?', [id])).toEqual([{ email: null }]);
      await refused(() => gql(app, loose.apiToken, ResendInvitationDocument, { input: { id } }), 'USER_HAS_NO_EMAIL', 'id');
    } finally {
      await setManualUpdates(app, loose.accountId, false);
    }
  });
});

describe('inviteUser', () => {
  it('answers USER_HAS_NO_EMAIL for a blank email while the userName = email rule is off, instead of inviting no one', async () => {
    await refused(() => gql(app, loose.apiToken, InviteUserDocument, { input: { userName: 'nomail', email: ' ' } }), 'USER_HAS_NO_EMAIL', 'email');
    expect(await invite(loose, 'hasmail', 'hasmail@loose.test')).toMatchObject({ email: 'hasmail@loose.test', state: 'INVITED' });
  });
});

describe('inviteUser and updateUser refuse a bad userName', () => {
  const overLong = `${'a'.repeat(310)}@acme.test.x`;

  it('answers USER_NAME_REQUIRED for a blank userName', async () => {
    await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: '   ' } }), 'USER_NAME_REQUIRED', 'userName');
    await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: '', email: 'blank@acme.test' } }), 'USER_NAME_REQUIRED', 'userName');
    const user = await invite(acme, 'keeps.name@acme.test');
    await refused(() => gql(app, admin(), UpdateUserDocument, { input: { id: user.id, userName: ' ' } }), 'USER_NAME_REQUIRED', 'userName');
    const loner = await invite(loose, 'loner', 'loner@loose.test');
    await refused(() => gql(app, loose.apiToken, UpdateUserDocument, { input: { id: loner.id, userName: '\t' } }), 'USER_NAME_REQUIRED', 'userName');
  });

  it('answers INVALID_USER_NAME for control characters and for more than 320 characters', async () => {
    expect(overLong.length).toBe(322);
    await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: 'bell\u0007@acme.test' } }), 'INVALID_USER_NAME', 'userName');
    const long = await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: overLong } }), 'INVALID_USER_NAME', 'userName');
    expect(long.message).toBe('userName has at most 320 characters');
    const user = await invite(acme, 'steady@acme.test');
    await refused(() => gql(app, admin(), UpdateUserDocument, { input: { id: user.id, userName: 'line\nbreak@acme.test' } }), 'INVALID_USER_NAME', 'userName');
    await refused(() => gql(app, admin(), UpdateUserDocument, { input: { id: user.id, userName: overLong } }), 'INVALID_USER_NAME', 'userName');
    await refused(() => gql(app, loose.apiToken, InviteUserDocument, { input: { userName: 'esc\u001b', email: 'esc@loose.test' } }), 'INVALID_USER_NAME', 'userName');
    expect(dataOf(await gql(app, admin(), DirectoryUserDocument, { id: user.id })).user).toMatchObject({ userName: 'steady@acme.test', pendingEmail: null });
  });

  it('answers USER_NAME_NOT_EMAIL for a userName that is not an address while the rule is on', async () => {
    await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: 'ada', email: 'ada@acme.test' } }), 'USER_NAME_NOT_EMAIL', 'userName');
    const user = await invite(acme, 'grace@acme.test');
    await refused(() => gql(app, admin(), UpdateUserDocument, { input: { id: user.id, userName: 'grace', email: 'grace@acme.test' } }), 'USER_NAME_NOT_EMAIL', 'userName');
  });
});

describe('group names', () => {
  const tooLong = 'G'.repeat(257);

  it('createGroup and renameGroup answer INVALID_GROUP_NAME for more than 256 characters and for control characters', async () => {
    const long = await refused(() => gql(app, admin(), CreateGroupDocument, { input: { displayName: tooLong } }), 'INVALID_GROUP_NAME', 'displayName');
    expect(long.message).toBe('displayName has at most 256 characters');
    await refused(() => gql(app, admin(), CreateGroupDocument, { input: { displayName: 'Tab\u0001bed' } }), 'INVALID_GROUP_NAME', 'displayName');
    expect(dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName: 'G'.repeat(256) } })).createGroup.group.displayName).toHaveLength(256);

    const id = await createGroup('Steady name');
    await refused(() => gql(app, admin(), RenameGroupDocument, { input: { id, displayName: tooLong } }), 'INVALID_GROUP_NAME', 'displayName');
    await refused(() => gql(app, admin(), RenameGroupDocument, { input: { id, displayName: 'New\u007fname' } }), 'INVALID_GROUP_NAME', 'displayName');
    expect(await sql(app, 'select display_name from app_group where id = ?', [id])).toEqual([{ display_name: 'Steady name' }]);
  });

  it('createLicenseMapping and updateLicenseMapping answer INVALID_GROUP_NAME on the groupName field', async () => {
    const long = await refused(() => gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: tooLong, licenseType: 'IT' } }), 'INVALID_GROUP_NAME', 'groupName');
    expect(long.message).toBe('groupName has at most 256 characters');
    await refused(() => gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Bad\u0002', licenseType: 'IT' } }), 'INVALID_GROUP_NAME', 'groupName');
    const id = dataOf(await gql(app, admin(), CreateLicenseMappingDocument, { input: { groupName: 'Mapped', licenseType: 'IT' } })).createLicenseMapping.licenseMapping.id;
    await refused(() => gql(app, admin(), UpdateLicenseMappingDocument, { input: { id, groupName: tooLong } }), 'INVALID_GROUP_NAME', 'groupName');
    expect(await sql(app, 'select group_name from license_mapping where id = ?', [id])).toEqual([{ group_name: 'Mapped' }]);
  });
});

describe('SSO mapping rule claim values', () => {
  it('createSsoMappingRule and updateSsoMappingRule answer INVALID_CLAIM_VALUE for more than 256 characters and for control characters', async () => {
    const group = await createGroup('Claims target');
    const create = (claimValue: string) => gql(app, admin(), CreateSsoMappingRuleDocument, { input: { claimValue, matchType: 'EXACT', groupId: group } });
    await refused(() => create('c'.repeat(257)), 'INVALID_CLAIM_VALUE', 'claimValue');
    await refused(() => create('eng\u0003'), 'INVALID_CLAIM_VALUE', 'claimValue');
    const id = dataOf(await create('engineers')).createSsoMappingRule.ssoMappingRule.id;
    await refused(() => gql(app, admin(), UpdateSsoMappingRuleDocument, { input: { id, claimValue: 'c'.repeat(257) } }), 'INVALID_CLAIM_VALUE', 'claimValue');
    expect(await sql(app, 'select claim_value from sso_mapping_rule where id = ?', [id])).toEqual([{ claim_value: 'engineers' }]);
  });
});

describe('email links past their expiry', () => {
  const expire = (userId: string) => sql(app, `update email_outbox set expires_at = now() - interval '1 minute' where user_id = ? and consumed_at is null`, [userId]);

  it('acceptInvitation answers TOKEN_EXPIRED and leaves the user INVITED and the link unused', async () => {
    const user = await invite(acme, 'late.invitee@acme.test');
    const token = await linkTokenFor('late.invitee@acme.test');
    await expire(user.id);
    await refused(() => gql(app, admin(), AcceptInvitationDocument, { input: { token } }), 'TOKEN_EXPIRED', 'token');
    expect(dataOf(await gql(app, admin(), DirectoryUserDocument, { id: user.id })).user).toMatchObject({ state: 'INVITED', invitationAcceptedAt: null });
    expect(await sql(app, 'select consumed_at from email_outbox where user_id = ?', [user.id])).toEqual([{ consumed_at: null }]);
  });

  it('confirmEmailChange answers TOKEN_EXPIRED and keeps the old address in effect (the lapsed change no longer shows as pending)', async () => {
    const user = await invite(acme, 'slow.old@acme.test');
    dataOf(await gql(app, admin(), UpdateUserDocument, { input: { id: user.id, email: 'slow.new@acme.test' } }));
    const token = await linkTokenFor('slow.new@acme.test');
    await expire(user.id);
    await refused(() => gql(app, admin(), ConfirmEmailChangeDocument, { input: { token } }), 'TOKEN_EXPIRED', 'token');
    expect(dataOf(await gql(app, admin(), DirectoryUserDocument, { id: user.id })).user).toMatchObject({ email: 'slow.old@acme.test', pendingEmail: null });
    expect(await sql(app, `select consumed_at from email_outbox where user_id = ? and kind = 'email_change'`, [user.id])).toEqual([{ consumed_at: null }]);
  });

  it('tells an expired link from a wrong one only once the secret matched', async () => {
    const user = await invite(acme, 'guessed@acme.test');
    const token = await linkTokenFor('guessed@acme.test');
    await expire(user.id);
    const forged = `${token.slice(0, -1)}${token.at(-1) === 'A' ? 'B' : 'A'}`;
    await refused(() => gql(app, admin(), AcceptInvitationDocument, { input: { token: forged } }), 'INVALID_TOKEN', 'token');
  });
});

describe('text no column can store', () => {
  it('answers UNSTORABLE_TEXT with HTTP 400 for a NUL character or a lone surrogate in the variables', async () => {
    await refused(() => gql(app, admin(), InviteUserDocument, { input: { userName: 'nul@acme.test', givenName: 'A\u0000da' } }), 'UNSTORABLE_TEXT');
    const res = await gql(app, admin(), CreateGroupDocument, { input: { displayName: 'Half \ud800 pair' } });
    expect(res.status).toBe(400);
    errorOf(res, 'UNSTORABLE_TEXT');
  });
});
