import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { EventsTable } from '../components/events';
import { LicenseCell, personName } from '../components/people';
import {
  BlockedReason,
  ConfirmDialog,
  Empty,
  ErrorNotice,
  Loading,
  ManagedByBadge,
  Pager,
  StateBadge,
  Status,
  TableScroll,
  When,
  licenseLabel,
  useCursorPager,
} from '../components/ui';
import { graphql } from '../gql';
import type { GroupDetailQuery } from '../gql/graphql';
import { useViewer, useWriteBlock } from '../viewer';
import { ResourceEventsDocument } from './UserPage';

const GroupDetailDocument = graphql(`
  query GroupDetail($id: ID!, $first: Int, $after: String) {
    group(id: $id) {
      id
      displayName
      externalId
      managedBy
      manualUpdateBlockedReason
      memberCount
      createdAt
      updatedAt
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            userName
            email
            displayName
            givenName
            familyName
            state
            managedBy
            licenseType
            licensePending
          }
        }
      }
    }
    licenseMappings {
      id
      groupName
      licenseType
    }
  }
`);

const MemberCandidatesDocument = graphql(`
  query MemberCandidates($search: String) {
    users(first: 10, filter: { search: $search }) {
      edges {
        node {
          id
          userName
          email
          displayName
          givenName
          familyName
        }
      }
    }
  }
`);

const RenameGroupDocument = graphql(`
  mutation RenameGroup($input: RenameGroupInput!) {
    renameGroup(input: $input) {
      group {
        id
        displayName
        updatedAt
      }
    }
  }
`);

const DeleteGroupDocument = graphql(`
  mutation DeleteGroup($input: DeleteGroupInput!) {
    deleteGroup(input: $input) {
      deletedGroupId
    }
  }
`);

const AddGroupMembersDocument = graphql(`
  mutation AddGroupMembers($input: AddGroupMembersInput!) {
    addGroupMembers(input: $input) {
      addedCount
      group {
        id
        memberCount
      }
    }
  }
`);

const RemoveGroupMembersDocument = graphql(`
  mutation RemoveGroupMembers($input: RemoveGroupMembersInput!) {
    removeGroupMembers(input: $input) {
      removedCount
      group {
        id
        memberCount
      }
    }
  }
`);

type Group = NonNullable<GroupDetailQuery['group']>;
const PAGE_SIZE = 25;
const CHANGE_TYPES = { additionalTypenames: ['User', 'Group', 'ProvisioningEvent'] };

export function GroupPage() {
  const { id = '' } = useParams();
  const pager = useCursorPager(id);
  const [{ data, error, fetching }] = useQuery({ query: GroupDetailDocument, variables: { id, first: PAGE_SIZE, after: pager.after }, context: CHANGE_TYPES });
  const group = data?.group;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/groups">Groups</Link> /
      </p>
      {!group && <h1>Group</h1>}
      {fetching && !data && <Loading what="the group" />}
      <ErrorNotice error={error} title="Could not load the group" />
      {data && !group && <Empty>No group with this id in your account.</Empty>}
      {group && data && <GroupView group={group} mappings={data.licenseMappings} pager={pager} />}
    </>
  );
}

function GroupView({ group, mappings, pager }: { group: Group; mappings: GroupDetailQuery['licenseMappings']; pager: ReturnType<typeof useCursorPager> }) {
  const viewer = useViewer();
  const block = useWriteBlock(group.manualUpdateBlockedReason ?? null);
  const reasonId = useId();
  const [deleting, setDeleting] = useState(false);
  const [remove, runRemove] = useMutation(RemoveGroupMembersDocument);
  const [events] = useQuery({ query: ResourceEventsDocument, variables: { resourceId: group.id }, context: CHANGE_TYPES });
  const members = group.members.edges.map((e) => e.node);
  const mapping = mappings.find((m) => m.groupName.toLowerCase() === group.displayName.toLowerCase());
  return (
    <>
      <h1>
        {group.displayName} <ManagedByBadge managedBy={group.managedBy} />
      </h1>
      <p>
        {group.memberCount} {group.memberCount === 1 ? 'member' : 'members'} · created <When at={group.createdAt} /> · updated{' '}
        <When at={group.updatedAt} />
        {group.externalId && (
          <>
            {' '}
            · externalId <code>{group.externalId}</code>
          </>
        )}
      </p>
      <p>
        License mapping:{' '}
        {mapping ? (
          <>
            members get <strong>{licenseLabel(mapping.licenseType)}</strong>
            {viewer.account.settings.scimLicenseManagement && ' (inactive while SCIM license management is on)'}.
          </>
        ) : (
          'none for this name.'
        )}{' '}
        <Link to="/license-mappings">License mappings</Link>
      </p>
      <BlockedReason reason={block} id={reasonId} />
      <RenameForm group={group} block={block} reasonId={reasonId} />

      <section aria-labelledby="group-members">
        <h2 id="group-members">Members</h2>
        <AddMembers group={group} block={block} reasonId={reasonId} />
        <ErrorNotice error={remove.error} title="The member was not removed" />
        {remove.data && !remove.error && <Status>Removed {remove.data.removeGroupMembers.removedCount} member.</Status>}
        {members.length === 0 ? (
          <Empty>No members.</Empty>
        ) : (
          <TableScroll label={`Members of ${group.displayName}`}>
            <table>
              <caption className="sr-only">Members of {group.displayName}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">State</th>
                  <th scope="col">Managed by</th>
                  <th scope="col">License</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to={`/users/${u.id}`}>{personName(u)}</Link>
                    </th>
                    <td>{u.email ?? <span className="muted">none</span>}</td>
                    <td>
                      <StateBadge state={u.state} />
                    </td>
                    <td>
                      <ManagedByBadge managedBy={u.managedBy} />
                    </td>
                    <td>
                      <LicenseCell licenseType={u.licenseType} licensePending={u.licensePending} />
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="secondary"
                        disabled={!!block || remove.fetching}
                        aria-describedby={block ? reasonId : undefined}
                        aria-label={`Remove ${personName(u)} from ${group.displayName}`}
                        onClick={() => runRemove({ input: { groupId: group.id, userIds: [u.id] } }, CHANGE_TYPES)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager pager={pager} pageInfo={group.members.pageInfo} label="Members" />
        <p>
          <Link to={`/users?group=${group.id}`}>Filter the user list by this group</Link>
        </p>
      </section>

      <section aria-labelledby="group-danger">
        <h2 id="group-danger">Delete</h2>
        <p>Deleting a group removes its memberships; its former members’ licenses are resolved again.</p>
        <button type="button" className="danger" disabled={!!block} aria-describedby={block ? reasonId : undefined} onClick={() => setDeleting(true)}>
          Delete group
        </button>
      </section>

      <section aria-labelledby="group-events">
        <h2 id="group-events">Provisioning events</h2>
        {events.fetching && !events.data && <Loading what="events" />}
        <ErrorNotice error={events.error} title="Could not load the events" />
        {events.data && events.data.provisioningEvents.edges.length === 0 && <Empty>No events for this group.</Empty>}
        {events.data && events.data.provisioningEvents.edges.length > 0 && (
          <EventsTable events={events.data.provisioningEvents.edges.map((e) => e.node)} label="This group’s provisioning events" showResource={false} />
        )}
      </section>
      {deleting && <DeleteGroupDialog group={group} onClose={() => setDeleting(false)} />}
    </>
  );
}

function RenameForm({ group, block, reasonId }: { group: Group; block: string | null; reasonId: string }) {
  const [state, rename] = useMutation(RenameGroupDocument);
  const [name, setName] = useState(group.displayName);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void rename({ input: { id: group.id, displayName: name.trim() } }, CHANGE_TYPES);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Group name</label>
        <input id={id} value={name} onChange={(e) => setName(e.target.value)} disabled={!!block} aria-describedby={block ? reasonId : undefined} required />
      </div>
      <button type="submit" className="secondary" disabled={!!block || state.fetching || !name.trim() || name.trim() === group.displayName}>
        Rename
      </button>
      <ErrorNotice error={state.error} title="The group was not renamed" />
    </form>
  );
}

function AddMembers({ group, block, reasonId }: { group: Group; block: string | null; reasonId: string }) {
  const [search, setSearch] = useState('');
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [candidates] = useQuery({ query: MemberCandidatesDocument, variables: { search: submitted ?? '' }, pause: submitted === null });
  const [add, runAdd] = useMutation(AddGroupMembersDocument);
  const id = useId();
  const found = candidates.data?.users.edges.map((e) => e.node) ?? [];
  return (
    <div className="add-members">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(search.trim());
        }}
      >
        <div className="field">
          <label htmlFor={id}>Find users to add</label>
          <input
            id={id}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="name, email or userName"
            disabled={!!block}
            aria-describedby={block ? reasonId : undefined}
          />
        </div>
        <button type="submit" className="secondary" disabled={!!block}>
          Find
        </button>
      </form>
      {candidates.fetching && <Loading what="users" />}
      <ErrorNotice error={candidates.error} title="Could not search users" />
      {submitted !== null && candidates.data && found.length === 0 && <Empty>No users match “{submitted}”.</Empty>}
      {found.length > 0 && (
        <ul className="candidates" aria-label="Users found">
          {found.map((u) => (
            <li key={u.id}>
              <span>
                {personName(u)} <span className="muted">{u.email ?? u.userName}</span>
              </span>
              <button
                type="button"
                className="secondary"
                disabled={!!block || add.fetching}
                aria-label={`Add ${personName(u)} to ${group.displayName}`}
                onClick={() => runAdd({ input: { groupId: group.id, userIds: [u.id] } }, CHANGE_TYPES)}
              >
                Add
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={add.error} title="The member was not added" />
      {add.data && !add.error && (
        <Status>{add.data.addGroupMembers.addedCount ? 'Member added.' : 'Already a member: nothing changed.'}</Status>
      )}
    </div>
  );
}

function DeleteGroupDialog({ group, onClose }: { group: Group; onClose(): void }) {
  const [state, remove] = useMutation(DeleteGroupDocument);
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      title={`Delete ${group.displayName}?`}
      confirmLabel="Delete group"
      busy={state.fetching}
      error={state.error}
      onClose={onClose}
      onConfirm={async () => {
        const result = await remove({ input: { id: group.id } }, CHANGE_TYPES);
        if (!result.error) navigate('/groups');
      }}
    >
      <p>
        Deletes the group and its {group.memberCount} memberships. The users stay. If your IdP still pushes this group, it comes back on the
        next push. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
