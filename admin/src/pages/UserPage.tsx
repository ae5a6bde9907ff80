import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { EventsTable } from '../components/events';
import { LicenseCell, personName } from '../components/people';
import { BlockedReason, ConfirmDialog, Dialog, Empty, ErrorNotice, Loading, ManagedByBadge, StateBadge, Status, When } from '../components/ui';
import { graphql } from '../gql';
import type { UpdateUserInput, UserDetailQuery, UserGroupsPageFragment } from '../gql/graphql';
import { useViewer, useWriteBlock } from '../viewer';

const UserDetailDocument = graphql(`
  query UserDetail($id: ID!) {
    user(id: $id) {
      id
      userName
      email
      pendingEmail
      givenName
      middleName
      familyName
      displayName
      title
      active
      state
      managedBy
      manualUpdateBlockedReason
      licenseType
      licenseSource
      licensePending
      licenseSourceGroup {
        id
        displayName
      }
      invitedAt
      invitationAcceptedAt
      createdAt
      updatedAt
      groups(first: 50) {
        ...UserGroupsPage
      }
    }
  }
`);

graphql(`
  fragment UserGroupsPage on GroupConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        displayName
        managedBy
      }
    }
  }
`);

const MoreUserGroupsDocument = graphql(`
  query MoreUserGroups($id: ID!, $after: String) {
    user(id: $id) {
      id
      groups(first: 100, after: $after) {
        ...UserGroupsPage
      }
    }
  }
`);

export const ResourceEventsDocument = graphql(`
  query ResourceEvents($resourceId: ID!) {
    provisioningEvents(first: 20, filter: { resourceId: $resourceId }) {
      edges {
        node {
          ...ProvisioningEventFields
        }
      }
    }
  }
`);

const UpdateUserDocument = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        userName
        email
        pendingEmail
        givenName
        familyName
        displayName
        title
        updatedAt
      }
    }
  }
`);

const DeactivateUserDocument = graphql(`
  mutation DeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) {
      user {
        id
        active
        state
      }
    }
  }
`);

const ReactivateUserDocument = graphql(`
  mutation ReactivateUser($input: ReactivateUserInput!) {
    reactivateUser(input: $input) {
      user {
        id
        active
        state
      }
    }
  }
`);

const DeleteUserDocument = graphql(`
  mutation DeleteUser($input: DeleteUserInput!) {
    deleteUser(input: $input) {
      deletedUserId
    }
  }
`);

const ResendInvitationDocument = graphql(`
  mutation ResendInvitation($input: ResendInvitationInput!) {
    resendInvitation(input: $input) {
      user {
        id
        state
        invitedAt
      }
    }
  }
`);

type UserDetail = NonNullable<UserDetailQuery['user']>;

const EVENT_TYPES = { additionalTypenames: ['ProvisioningEvent'] };

export function UserPage() {
  const { id = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({ query: UserDetailDocument, variables: { id } });
  const user = data?.user;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/users">Users</Link> /
      </p>
      {!user && <h1>User</h1>}
      {fetching && !data && <Loading what="the user" />}
      <ErrorNotice error={error} title="Could not load the user" />
      {data && !user && <Empty>No user with this id in your account.</Empty>}
      {user && <UserView user={user} />}
    </>
  );
}

const LICENSE_SOURCES = { SCIM: 'the SCIM licenseType attribute', MAPPING: 'a license mapping', DEFAULT: 'the account’s default license' } as const;

function LicenseOrigin({ user }: { user: UserDetail }) {
  if (!user.licenseType) return <span>No license: no mapping, SCIM attribute or default gives one.</span>;
  if (user.licenseSource === 'MAPPING' && user.licenseSourceGroup)
    return (
      <span>
        From a license mapping through group <Link to={`/groups/${user.licenseSourceGroup.id}`}>{user.licenseSourceGroup.displayName}</Link>.
      </span>
    );
  return <span>From {user.licenseSource ? LICENSE_SOURCES[user.licenseSource] : 'an unknown source'}.</span>;
}

function UserView({ user }: { user: UserDetail }) {
  const block = useWriteBlock(user.manualUpdateBlockedReason ?? null);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [deactivate, runDeactivate] = useMutation(DeactivateUserDocument);
  const [reactivate, runReactivate] = useMutation(ReactivateUserDocument);
  const [resend, runResend] = useMutation(ResendInvitationDocument);
  const [events] = useQuery({ query: ResourceEventsDocument, variables: { resourceId: user.id }, context: EVENT_TYPES });
  const reasonId = useId();
  const busy = deactivate.fetching || reactivate.fetching || resend.fetching;
  const blockedProps = { disabled: !!block || busy, 'aria-describedby': block ? reasonId : undefined };
  return (
    <>
      <h1>
        {personName(user)} <ManagedByBadge managedBy={user.managedBy} /> <StateBadge state={user.state} />
      </h1>
      <div className="actions">
        <button type="button" onClick={() => setDialog('edit')} {...blockedProps}>
          Edit
        </button>
        {user.active ? (
          <button type="button" className="secondary" onClick={() => runDeactivate({ input: { id: user.id } }, EVENT_TYPES)} {...blockedProps}>
            Deactivate
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => runReactivate({ input: { id: user.id } }, EVENT_TYPES)} {...blockedProps}>
            Reactivate
          </button>
        )}
        {user.state === 'INVITED' && (
          <button type="button" className="secondary" onClick={() => runResend({ input: { id: user.id } }, EVENT_TYPES)} {...blockedProps}>
            Resend invitation
          </button>
        )}
        <button type="button" className="danger" onClick={() => setDialog('delete')} {...blockedProps}>
          Delete
        </button>
      </div>
      <BlockedReason reason={block} id={reasonId} />
      <ErrorNotice error={deactivate.error ?? reactivate.error ?? resend.error} title="The user was not changed" />
      {resend.data && !resend.error && <Status>A new invitation is on its way.</Status>}

      <section aria-labelledby="user-attributes">
        <h2 id="user-attributes">Attributes</h2>
        <dl className="attributes">
          <dt>userName</dt>
          <dd>{user.userName}</dd>
          <dt>Email</dt>
          <dd>
            {user.email ?? <span className="muted">none</span>}
            {user.pendingEmail && <span className="muted"> (changing to {user.pendingEmail} once that address confirms)</span>}
          </dd>
          <dt>Given name</dt>
          <dd>{user.givenName ?? <span className="muted">—</span>}</dd>
          <dt>Family name</dt>
          <dd>{user.familyName ?? <span className="muted">—</span>}</dd>
          <dt>Display name</dt>
          <dd>{user.displayName ?? <span className="muted">—</span>}</dd>
          <dt>Title</dt>
          <dd>{user.title ?? <span className="muted">—</span>}</dd>
          <dt>Managed by</dt>
          <dd>{user.managedBy === 'SCIM' ? 'SCIM (your identity provider)' : 'Manual (this console or the API)'}</dd>
          <dt>Invited</dt>
          <dd>
            <When at={user.invitedAt} empty="not invited" />
            {user.invitationAcceptedAt && (
              <>
                {' '}
                · accepted <When at={user.invitationAcceptedAt} />
              </>
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <When at={user.createdAt} />
          </dd>
          <dt>Updated</dt>
          <dd>
            <When at={user.updatedAt} />
          </dd>
        </dl>
      </section>

      <section aria-labelledby="user-license">
        <h2 id="user-license">License</h2>
        <p>
          <strong>
            <LicenseCell licenseType={user.licenseType} licensePending={user.licensePending} />
          </strong>{' '}
          <LicenseOrigin user={user} />
          {user.licensePending && ' Pending until the invitation is accepted.'}
        </p>
      </section>

      <UserGroups key={user.id} userId={user.id} first={user.groups} />

      <section aria-labelledby="user-events">
        <h2 id="user-events">Provisioning events</h2>
        {events.fetching && !events.data && <Loading what="events" />}
        <ErrorNotice error={events.error} title="Could not load the events" />
        {events.data && events.data.provisioningEvents.edges.length === 0 && <Empty>No events for this user.</Empty>}
        {events.data && events.data.provisioningEvents.edges.length > 0 && (
          <EventsTable events={events.data.provisioningEvents.edges.map((e) => e.node)} label="This user’s provisioning events" showResource={false} />
        )}
        <p>
          <Link to={`/log?resourceId=${user.id}`}>All events for this user in the provisioning log</Link>
        </p>
      </section>

      {dialog === 'edit' && <EditUserDialog user={user} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteUserDialog user={user} onClose={() => setDialog(null)} />}
    </>
  );
}

/**
 * The user's groups, a page at a time: the first page comes with the user, "Show more groups" asks for the next
 * one after the last cursor, so a member of hundreds of groups sees them all.
 */
function UserGroups({ userId, first }: { userId: string; first: UserGroupsPageFragment }) {
  const client = useClient();
  const [more, setMore] = useState<UserGroupsPageFragment[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const pages = [first, ...more];
  const last = pages[pages.length - 1]!;
  const groups = pages.flatMap((p) => p.edges.map((e) => e.node));
  const total = first.totalCount;
  const loadMore = async () => {
    setLoading(true);
    const result = await client.query(MoreUserGroupsDocument, { id: userId, after: last.pageInfo.endCursor ?? null }, { requestPolicy: 'network-only' }).toPromise();
    setLoading(false);
    setError(result.error);
    const page = result.data?.user?.groups;
    if (page) setMore((pages) => [...pages, page]);
  };
  return (
    <section aria-labelledby="user-groups">
      <h2 id="user-groups">Groups ({total})</h2>
      {groups.length === 0 ? (
        <Empty>Not in any group.</Empty>
      ) : (
        <ul className="chips" aria-label="Groups of this user">
          {groups.map((g) => (
            <li key={g.id}>
              <Link to={`/groups/${g.id}`}>{g.displayName}</Link> <ManagedByBadge managedBy={g.managedBy} />
            </li>
          ))}
        </ul>
      )}
      {last.pageInfo.hasNextPage && (
        <div className="actions">
          <p className="muted" role="status">
            Showing {groups.length} of {total} groups.
          </p>
          <button type="button" className="secondary" onClick={loadMore} disabled={loading} data-read="">
            {loading ? 'Loading…' : 'Show more groups'}
          </button>
        </div>
      )}
      <ErrorNotice error={error} title="Could not load more groups" />
    </section>
  );
}

const EDITABLE = ['userName', 'email', 'givenName', 'familyName', 'displayName', 'title'] as const;
const LABELS: Record<(typeof EDITABLE)[number], string> = {
  userName: 'userName',
  email: 'Email',
  givenName: 'Given name',
  familyName: 'Family name',
  displayName: 'Display name',
  title: 'Title',
};

function EditUserDialog({ user, onClose }: { user: UserDetail; onClose(): void }) {
  const { settings } = useViewer().account;
  const [state, update] = useMutation(UpdateUserDocument);
  const initial = Object.fromEntries(EDITABLE.map((k) => [k, user[k] ?? ''])) as Record<(typeof EDITABLE)[number], string>;
  const [form, setForm] = useState(initial);
  const baseId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: UpdateUserInput = { id: user.id };
    for (const key of EDITABLE) {
      const value = form[key].trim();
      if (value === initial[key]) continue;
      if (key === 'userName' || key === 'email') {
        if (value) input[key] = value;
      } else input[key] = value || null;
    }
    const result = await update({ input }, EVENT_TYPES);
    if (!result.error) onClose();
  };
  return (
    <Dialog title={`Edit ${personName(user)}`} onClose={onClose}>
      <form onSubmit={submit}>
        {settings.userNameMustMatchEmail && <p className="hint">While userName must match email, changing one changes the other.</p>}
        {EDITABLE.map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`${baseId}-${key}`}>{LABELS[key]}</label>
            <input
              id={`${baseId}-${key}`}
              type={key === 'email' ? 'email' : 'text'}
              value={form[key]}
              onChange={(e) => setForm({ ...form, [key]: e.target.value })}
              required={key === 'userName'}
            />
          </div>
        ))}
        <p className="hint">A new email address takes effect once that address confirms it.</p>
        <ErrorNotice error={state.error} title="The user was not changed" />
        <div className="actions">
          <button type="submit" disabled={state.fetching}>
            {state.fetching ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="secondary" onClick={onClose} data-read="">
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteUserDialog({ user, onClose }: { user: UserDetail; onClose(): void }) {
  const [state, remove] = useMutation(DeleteUserDocument);
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      title={`Delete ${personName(user)}?`}
      confirmLabel="Delete user"
      busy={state.fetching}
      error={state.error}
      onClose={onClose}
      onConfirm={async () => {
        const result = await remove({ input: { id: user.id } }, { additionalTypenames: ['User', 'Group', 'ProvisioningEvent'] });
        if (!result.error) navigate('/users');
      }}
    >
      <p>
        Deletes {user.userName} with their group memberships and pending emails. To keep the user but block sign-in, deactivate instead.
        This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
