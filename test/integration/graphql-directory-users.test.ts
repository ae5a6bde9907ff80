import {
  AcceptInvitationDocument,
  AddGroupMembersDocument,
  ConfirmEmailChangeDocument,
  CreateGroupDocument,
  DeactivateUserDocument,
  DeleteUserDocument,
  DirectoryUserDocument,
  DirectoryUserNamesDocument,
  DirectoryUsersDocument,
  InviteUserDocument,
  ReactivateUserDocument,
  ResendInvitationDocument,
  UpdateUserDocument,
  type DirectoryUserNamesQuery,
} from '../graphql/generated';
import { deliverPendingEmails } from '../../src/email/deliver-pending-emails';
import { createMailer, type Mailer } from '../../src/email/mailer';
import { dataOf, errorOf, gql, readOnlyToken } from '../support/admin-graphql';
import { scimUser, setManualUpdates, successEvents } from '../support/directory-kit';
import { capturingLogger, startSmtpSink, tokenIn, type SmtpSink } from '../support/email-test-kit';
import { idpHeaders, sql, URN_PATCH } from '../support/scim-users-helpers';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/test-app';

let smtp: SmtpSink;
let app: TestApp;
let mailer: Mailer;
let acme: TestAccount;
let globex: TestAccount;
let readOnly: string;
const MISSING = '00000000-0000-4000-8000-000000000000';
const log = capturingLogger();

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Roster <invites@roster.test>' });
  mailer = createMailer(app.config)!;
  [acme, globex] = await Promise.all([createTestAccount(app, 'Acme'), createTestAccount(app, 'Globex')]);
  readOnly = await readOnlyToken(app, acme.accountId);
});
afterAll(async () => {
  mailer.close();
  await app.close();
  await smtp.close();
});

const admin = () => acme.apiToken;
const deliver = () => deliverPendingEmails(app.orm, mailer, app.config, log.logger, 100);

async function invite(userName: string, account = acme, extra: { givenName?: string; familyName?: string } = {}) {
  return dataOf(await gql(app, account.apiToken, InviteUserDocument, { input: { userName, ...extra } })).inviteUser.user;
}

/** Delivers the outbox and returns the token of the last mail sent to `address`. */
async function linkTokenFor(address: string): Promise<string> {
  await deliver();
  const mail = [...smtp.mails].reverse().find((m) => m.to.map((t) => t.toLowerCase()).includes(address.toLowerCase()));
  if (!mail) throw new Error(`no mail to ${address}`);
  return tokenIn(mail);
}

describe('inviteUser', () => {
  it('creates a MANUAL user whose email is the userName, INVITED, with an invitation in the outbox', async () => {
    const user = await invite('Ada.Lovelace@Acme.test', acme, { givenName: 'Ada', familyName: 'Lovelace' });
    expect(user).toMatchObject({
      userName: 'Ada.Lovelace@Acme.test',
      email: 'Ada.Lovelace@Acme.test',
      pendingEmail: null,
      givenName: 'Ada',
      familyName: 'Lovelace',
      active: true,
      managedBy: 'MANUAL',
      state: 'INVITED',
      licenseType: null,
      licenseSource: null,
      licensePending: false,
      invitationAcceptedAt: null,
    });
    expect(user.invitedAt).toEqual(expect.any(String));
    expect(await sql(app, `select kind, to_address from email_outbox where user_id = ?`, [user.id])).toEqual([
      { kind: 'invitation', to_address: 'Ada.Lovelace@Acme.test' },
    ]);
    expect(await successEvents(app, user.id)).toEqual([{ action: 'user.invited', manual: false, actor_type: 'api_token' }]);
  });

  it('holds the account default license from the start, pending until the invitation is accepted', async () => {
    await sql(app, `update account set default_license_type = 'analyst' where id = ?`, [globex.accountId]);
    const user = await invite('pending@globex.test', globex);
    expect(user).toMatchObject({ licenseType: 'ANALYST', licenseSource: 'DEFAULT', licensePending: true });
  });

  it('answers USER_NAME_TAKEN for a userName a manual user has, ignoring case', async () => {
    await invite('taken@acme.test');
    const error = errorOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'TAKEN@acme.test' } }), 'USER_NAME_TAKEN');
    expect(error.extensions['field']).toBe('userName');
  });

  it('answers USER_NAME_TAKEN for the userName of a SCIM-managed user, and leaves that user alone', async () => {
    const id = await scimUser(app, acme, 'provisioned@acme.test');
    errorOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'Provisioned@acme.test' } }), 'USER_NAME_TAKEN');
    expect(await sql(app, 'select managed_by from app_user where id = ?', [id])).toEqual([{ managed_by: 'scim' }]);
  });

  it('keeps the account\'s userName = email rule: another email is USER_NAME_EMAIL_MISMATCH, a non-address INVALID_EMAIL', async () => {
    errorOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'one@acme.test', email: 'two@acme.test' } }), 'USER_NAME_EMAIL_MISMATCH');
    errorOf(await gql(app, admin(), InviteUserDocument, { input: { userName: 'not-an-address' } }), 'INVALID_EMAIL');
    expect(await sql(app, `select 1 from app_user where user_name in ('one@acme.test', 'not-an-address')`)).toEqual([]);
  });
});

describe('acceptInvitation', () => {
  it('accepts with the token of the mailed link: the user becomes ACTIVE and its license no longer pending', async () => {
    const user = await invite('accepting@globex.test', globex);
    const token = await linkTokenFor('accepting@globex.test');
    const accepted = dataOf(await gql(app, globex.apiToken, AcceptInvitationDocument, { input: { token } })).acceptInvitation.user;
    expect(accepted).toMatchObject({ id: user.id, state: 'ACTIVE', licensePending: false, invitationAcceptedAt: expect.any(String) });
    const again = errorOf(await gql(app, globex.apiToken, AcceptInvitationDocument, { input: { token } }), 'INVALID_TOKEN');
    expect(again.extensions['field']).toBe('token');
  });

  it('answers INVALID_TOKEN for garbage and for a link of another account, which stays usable', async () => {
    errorOf(await gql(app, admin(), AcceptInvitationDocument, { input: { token: 'rst_inv_nope' } }), 'INVALID_TOKEN');
    await invite('foreign.link@globex.test', globex);
    const token = await linkTokenFor('foreign.link@globex.test');
    errorOf(await gql(app, admin(), AcceptInvitationDocument, { input: { token } }), 'INVALID_TOKEN');
    dataOf(await gql(app, globex.apiToken, AcceptInvitationDocument, { input: { token } }));
  });
});

describe('resendInvitation', () => {
  it('sends a new link that supersedes the old one', async () => {
    const user = await invite('resend@acme.test');
    const oldToken = await linkTokenFor('resend@acme.test');
    dataOf(await gql(app, admin(), ResendInvitationDocument, { input: { id: user.id } }));
    const newToken = await linkTokenFor('resend@acme.test');
    expect(newToken).not.toBe(oldToken);
    errorOf(await gql(app, admin(), AcceptInvitationDocument, { input: { token: oldToken } }), 'INVALID_TOKEN');
    dataOf(await gql(app, admin(), AcceptInvitationDocument, { input: { token: newToken } }));
    expect((await successEvents(app, user.id)).map((e) => e.action)).toEqual(['user.invited', 'user.invitation_resent', 'user.invitation_accepted']);
  });

  it('answers INVITATION_ALREADY_ACCEPTED once accepted, USER_DEACTIVATED for a deactivated user, NOT_FOUND for an unknown one', async () => {
    const user = await invite('accepted.once@acme.test');
    await sql(app, 'update app_user set invitation_accepted_at = now() where id = ?', [user.id]);
    errorOf(await gql(app, admin(), ResendInvitationDocument, { input: { id: user.id } }), 'INVITATION_ALREADY_ACCEPTED');
    const off = await invite('off@acme.test');
    await gql(app, admin(), DeactivateUserDocument, { input: { id: off.id } });
    errorOf(await gql(app, admin(), ResendInvitationDocument, { input: { id: off.id } }), 'USER_DEACTIVATED');
    expect(errorOf(await gql(app, admin(), ResendInvitationDocument, { input: { id: MISSING } }), 'NOT_FOUND').extensions['reason']).toBe('USER_NOT_FOUND');
  });
});

describe('updateUser and confirmEmailChange', () => {
  it('changes names; null clears one; an omitted field is kept', async () => {
    const user = await invite('names@acme.test', acme, { givenName: 'Grace', familyName: 'Hopper' });
    const updated = dataOf(await gql(app, admin(), UpdateUserDocument, { input: { id: user.id, displayName: 'Amazing Grace', familyName: null } })).updateUser.user;
    expect(updated).toMatchObject({ givenName: 'Grace', familyName: null, displayName: 'Amazing Grace', userName: 'names@acme.test' });
    expect((await successEvents(app, user.id)).map((e) => e.action)).toEqual(['user.invited', 'user.updated']);
  });

  it('changes the email (and with it the userName) once the new address confirms it; pendingEmail shows it until then', async () => {
    const user = await invite('old.address@acme.test');
    const changed = dataOf(await gql(app, admin(), UpdateUserDocument, { input: { id: user.id, email: 'new.address@acme.test' } })).updateUser.user;
    expect(changed).toMatchObject({ userName: 'new.address@acme.test', email: 'old.address@acme.test', pendingEmail: 'new.address@acme.test' });
    const token = await linkTokenFor('new.address@acme.test');
    const confirmed = dataOf(await gql(app, admin(), ConfirmEmailChangeDocument, { input: { token } })).confirmEmailChange.user;
    expect(confirmed).toMatchObject({ email: 'new.address@acme.test', pendingEmail: null });
    errorOf(await gql(app, admin(), ConfirmEmailChangeDocument, { input: { token } }), 'INVALID_TOKEN');
  });

  it('answers USER_NAME_TAKEN, USER_NAME_EMAIL_MISMATCH and NOT_FOUND', async () => {
    await invite('first@acme.test');
    const second = await invite('second@acme.test');
    errorOf(await gql(app, admin(), UpdateUserDocument, { input: { id: second.id, userName: 'FIRST@acme.test' } }), 'USER_NAME_TAKEN');
    errorOf(await gql(app, admin(), UpdateUserDocument, { input: { id: second.id, userName: 'a@acme.test', email: 'b@acme.test' } }), 'USER_NAME_EMAIL_MISMATCH');
    errorOf(await gql(app, admin(), UpdateUserDocument, { input: { id: MISSING, givenName: 'x' } }), 'NOT_FOUND');
  });
});

describe('deactivateUser, reactivateUser, deleteUser', () => {
  it('deactivates and reactivates (twice is a no-op), then deletes with the memberships', async () => {
    const user = await invite('lifecycle@acme.test');
    const group = dataOf(await gql(app, admin(), CreateGroupDocument, { input: { displayName: 'Lifecycle' } })).createGroup.group.id;
    await gql(app, admin(), AddGroupMembersDocument, { input: { groupId: group, userIds: [user.id] } });
    expect(dataOf(await gql(app, admin(), DeactivateUserDocument, { input: { id: user.id } })).deactivateUser.user).toEqual({ id: user.id, active: false, state: 'DEACTIVATED' });
    dataOf(await gql(app, admin(), DeactivateUserDocument, { input: { id: user.id } }));
    expect(dataOf(await gql(app, admin(), ReactivateUserDocument, { input: { id: user.id } })).reactivateUser.user).toEqual({ id: user.id, active: true, state: 'INVITED' });
    expect(dataOf(await gql(app, admin(), DeleteUserDocument, { input: { id: user.id } })).deleteUser.deletedUserId).toBe(user.id);
    expect(await sql(app, 'select member_count from app_group where id = ?', [group])).toEqual([{ member_count: 0 }]);
    expect(errorOf(await gql(app, admin(), DirectoryUserDocument, { id: user.id }), 'NOT_FOUND').extensions['reason']).toBe('USER_NOT_FOUND');
    expect((await successEvents(app, user.id)).map((e) => e.action)).toEqual(['user.invited', 'user.deactivated', 'user.reactivated', 'user.deleted']);
  });

  it('answers NOT_FOUND for unknown users, also those of another account', async () => {
    const theirs = await invite('theirs@globex.test', globex);
    for (const id of [MISSING, 'nope', theirs.id]) {
      errorOf(await gql(app, admin(), DeactivateUserDocument, { input: { id } }), 'NOT_FOUND');
      errorOf(await gql(app, admin(), ReactivateUserDocument, { input: { id } }), 'NOT_FOUND');
      errorOf(await gql(app, admin(), DeleteUserDocument, { input: { id } }), 'NOT_FOUND');
    }
  });
});

describe('users and user(id)', () => {
  let engineers: string;
  let dirToken: string;
  beforeAll(async () => {
    const other = await createTestAccount(app, 'Directory');
    const token = other.apiToken;
    const make = async (userName: string, givenName: string) => dataOf(await gql(app, token, InviteUserDocument, { input: { userName, givenName } })).inviteUser.user.id;
    const ids = {
      carol: await make('carol@dir.test', 'Carol'),
      alice: await make('Alice@dir.test', 'Alice'),
      bob: await make('bob@dir.test', 'Bob'),
      dave: await make('dave@dir.test', 'Dave'),
    };
    const scim = await scimUser(app, other, 'erin@dir.test', { name: { givenName: 'Erin' } });
    engineers = dataOf(await gql(app, token, CreateGroupDocument, { input: { displayName: 'Engineers' } })).createGroup.group.id;
    await gql(app, token, AddGroupMembersDocument, { input: { groupId: engineers, userIds: [ids.alice, ids.dave, scim] } });
    await gql(app, token, DeactivateUserDocument, { input: { id: ids.bob } });
    await sql(app, `update app_user set license_type = 'developer', license_source = 'default' where id in (?, ?)`, [ids.alice, ids.carol]);
    await sql(app, `update app_user set invitation_accepted_at = now() where id = ?`, [ids.carol]);
    dirToken = token;
  });

  const names = async (filter: object, first = 50) =>
    dataOf(await gql(app, dirToken, DirectoryUserNamesDocument, { first, filter })).users.edges.map((e) => e.node.userName);

  it('lists every user by userName ignoring case, and pages by cursor', async () => {
    expect(await names({})).toEqual(['Alice@dir.test', 'bob@dir.test', 'carol@dir.test', 'dave@dir.test', 'erin@dir.test']);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { users }: DirectoryUserNamesQuery = dataOf(await gql(app, dirToken, DirectoryUserNamesDocument, { first: 2, after }));
      seen.push(...users.edges.map((e) => e.node.userName));
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    expect(seen).toEqual(['Alice@dir.test', 'bob@dir.test', 'carol@dir.test', 'dave@dir.test', 'erin@dir.test']);
  });

  it('filters by text, active, managedBy, licenseType, licensePending and groupId', async () => {
    expect(await names({ search: 'ALI' })).toEqual(['Alice@dir.test']);
    expect(await names({ search: 'erin' })).toEqual(['erin@dir.test']);
    expect(await names({ search: '%' })).toEqual([]);
    expect(await names({ active: false })).toEqual(['bob@dir.test']);
    expect(await names({ managedBy: 'SCIM' })).toEqual(['erin@dir.test']);
    expect(await names({ licenseType: 'DEVELOPER' })).toEqual(['Alice@dir.test', 'carol@dir.test']);
    expect(await names({ licensePending: true })).toEqual(['Alice@dir.test']);
    expect(await names({ licensePending: false })).toEqual(['bob@dir.test', 'carol@dir.test', 'dave@dir.test', 'erin@dir.test']);
    expect(await names({ groupId: engineers })).toEqual(['Alice@dir.test', 'dave@dir.test', 'erin@dir.test']);
    expect(await names({ groupId: engineers, active: true, licenseType: 'DEVELOPER' })).toEqual(['Alice@dir.test']);
    expect(await names({ groupId: MISSING })).toEqual([]);
  });

  it('counts only when totalCount is selected', async () => {
    app.sql = [];
    app.captureSql = true;
    await gql(app, dirToken, DirectoryUserNamesDocument, { first: 2 });
    const without = app.sql.filter((l) => /count\(\*\)/.test(l)).length;
    app.sql = [];
    const counted = dataOf(await gql(app, dirToken, DirectoryUsersDocument, { first: 2, filter: { active: true } }));
    app.captureSql = false;
    expect(without).toBe(0);
    expect(app.sql.filter((l) => /count\(\*\)/.test(l))).toHaveLength(1);
    expect(counted.users.totalCount).toBe(4);
  });

  it('shows a user with its groups, to a READ_ONLY token too', async () => {
    const readOnlyDir = await readOnlyToken(app, (await sql<{ account_id: string }>(app, 'select account_id from app_group where id = ?', [engineers]))[0]!.account_id);
    const [alice] = (await gql(app, readOnlyDir, DirectoryUsersDocument, { filter: { search: 'alice' } })).data!.users.edges;
    const user = dataOf(await gql(app, readOnlyDir, DirectoryUserDocument, { id: alice!.node.id })).user!;
    expect(user.groups).toEqual({ totalCount: 1, edges: [{ node: { id: engineers, displayName: 'Engineers' } }] });
    expect(user.licenseSourceGroup).toBeNull();
  });
});

describe('roles', () => {
  it('answers FORBIDDEN to a READ_ONLY token on every user mutation', async () => {
    const user = await invite('guarded@acme.test');
    const attempts = await Promise.all([
      gql(app, readOnly, InviteUserDocument, { input: { userName: 'nope@acme.test' } }),
      gql(app, readOnly, UpdateUserDocument, { input: { id: user.id, givenName: 'Nope' } }),
      gql(app, readOnly, DeactivateUserDocument, { input: { id: user.id } }),
      gql(app, readOnly, ReactivateUserDocument, { input: { id: user.id } }),
      gql(app, readOnly, DeleteUserDocument, { input: { id: user.id } }),
      gql(app, readOnly, ResendInvitationDocument, { input: { id: user.id } }),
      gql(app, readOnly, AcceptInvitationDocument, { input: { token: 'x' } }),
      gql(app, readOnly, ConfirmEmailChangeDocument, { input: { token: 'x' } }),
    ]);
    for (const res of attempts) errorOf(res, 'FORBIDDEN');
    expect(dataOf(await gql(app, readOnly, DirectoryUserDocument, { id: user.id })).user).toMatchObject({ givenName: null, active: true });
  });
});

describe('the "allow manual updates" policy on SCIM-managed users', () => {
  afterEach(() => setManualUpdates(app, acme.accountId, false));

  it('while off, refuses every change with MANUAL_UPDATE_FORBIDDEN and changes nothing', async () => {
    const id = await scimUser(app, acme, 'idp.only@acme.test');
    const refused = [
      await gql(app, admin(), UpdateUserDocument, { input: { id, givenName: 'Hijack' } }),
      await gql(app, admin(), DeactivateUserDocument, { input: { id } }),
      await gql(app, admin(), ReactivateUserDocument, { input: { id } }),
      await gql(app, admin(), ResendInvitationDocument, { input: { id } }),
      await gql(app, admin(), DeleteUserDocument, { input: { id } }),
    ];
    for (const res of refused) errorOf(res, 'MANUAL_UPDATE_FORBIDDEN');
    expect(await sql(app, 'select given_name, active from app_user where id = ?', [id])).toEqual([{ given_name: null, active: true }]);
  });

  it('never blocks the IdP: a SCIM PATCH deactivates the user while off', async () => {
    const id = await scimUser(app, acme, 'idp.patch@acme.test');
    const res = await app.http
      .patch(`${acme.scimBase}/Users/${id}`)
      .set(idpHeaders(acme))
      .send(JSON.stringify({ schemas: [URN_PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }));
    expect(res.status).toBe(200);
    expect(await sql(app, 'select active from app_user where id = ?', [id])).toEqual([{ active: false }]);
  });

  it('while on, lets an admin change the user, and the events say manual', async () => {
    await setManualUpdates(app, acme.accountId, true);
    const id = await scimUser(app, acme, 'idp.manual@acme.test');
    expect(dataOf(await gql(app, admin(), UpdateUserDocument, { input: { id, givenName: 'Changed' } })).updateUser.user).toMatchObject({
      givenName: 'Changed',
      managedBy: 'SCIM',
    });
    dataOf(await gql(app, admin(), DeactivateUserDocument, { input: { id } }));
    dataOf(await gql(app, admin(), ReactivateUserDocument, { input: { id } }));
    dataOf(await gql(app, admin(), ResendInvitationDocument, { input: { id } }));
    dataOf(await gql(app, admin(), DeleteUserDocument, { input: { id } }));
    expect(await successEvents(app, id)).toEqual([
      { action: 'user.created', manual: false, actor_type: 'scim_token' },
      { action: 'user.updated', manual: true, actor_type: 'api_token' },
      { action: 'user.deactivated', manual: true, actor_type: 'api_token' },
      { action: 'user.reactivated', manual: true, actor_type: 'api_token' },
      { action: 'user.invitation_resent', manual: true, actor_type: 'api_token' },
      { action: 'user.deleted', manual: true, actor_type: 'api_token' },
    ]);
  });
});
