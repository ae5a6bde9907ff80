import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { GroupPicker } from '../components/group-picker';
import { LicenseCell, personName } from '../components/people';
import {
  BlockedReason,
  Dialog,
  Empty,
  ErrorNotice,
  LICENSE_TYPES,
  Loading,
  ManagedByBadge,
  Pager,
  StateBadge,
  TableScroll,
  licenseLabel,
  useCursorPager,
} from '../components/ui';
import { graphql } from '../gql';
import type { UserFilterInput } from '../gql/graphql';
import { useViewer, useWriteBlock } from '../viewer';

const UsersDocument = graphql(`
  query Users($first: Int, $after: String, $filter: UserFilterInput) {
    users(first: $first, after: $after, filter: $filter) {
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
`);

const GroupNameDocument = graphql(`
  query GroupName($id: ID!) {
    group(id: $id) {
      id
      displayName
    }
  }
`);

const InviteUserDocument = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        id
        userName
        state
      }
    }
  }
`);

const PAGE_SIZE = 25;
const USER_TYPES = { additionalTypenames: ['User'] };

type FilterKey = 'q' | 'active' | 'managedBy' | 'license' | 'pending' | 'group';

export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const get = (key: FilterKey) => params.get(key) ?? '';
  const filter = useMemo<UserFilterInput>(() => {
    const f: UserFilterInput = {};
    const q = params.get('q');
    if (q) f.search = q;
    const active = params.get('active');
    if (active) f.active = active === 'true';
    const managedBy = params.get('managedBy');
    if (managedBy === 'SCIM' || managedBy === 'MANUAL') f.managedBy = managedBy;
    const license = params.get('license');
    if (license && (LICENSE_TYPES as readonly string[]).includes(license)) f.licenseType = license as (typeof LICENSE_TYPES)[number];
    const pending = params.get('pending');
    if (pending) f.licensePending = pending === 'true';
    const group = params.get('group');
    if (group) f.groupId = group;
    return f;
  }, [params]);
  const pager = useCursorPager(params.toString());
  const [{ data, error, fetching }] = useQuery({
    query: UsersDocument,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
    context: USER_TYPES,
  });
  const groupParam = get('group');
  const [groupText, setGroupText] = useState<string | null>(null);
  // A link to a group's members (?group=) names the group by id: show its name in the picker.
  const [{ data: groupName }] = useQuery({ query: GroupNameDocument, variables: { id: groupParam }, pause: !groupParam || groupText !== null });
  const [search, setSearch] = useState(get('q'));
  const [inviting, setInviting] = useState(false);
  const block = useWriteBlock();
  const ids = { q: useId(), active: useId(), managedBy: useId(), license: useId(), pending: useId(), group: useId() };

  const setFilter = (key: FilterKey, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', search.trim());
  };
  const users = data?.users.edges.map((e) => e.node) ?? [];
  const filtered = params.toString() !== '';

  return (
    <>
      <h1>Users</h1>
      <div className="actions">
        <button type="button" onClick={() => setInviting(true)} disabled={!!block}>
          Invite user
        </button>
      </div>
      <BlockedReason reason={block} />
      <form className="filters" role="search" aria-label="Filter users" onSubmit={submitSearch}>
        <div className="field">
          <label htmlFor={ids.q}>Search</label>
          <input id={ids.q} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name, email or userName" data-read="" />
        </div>
        <button type="submit" className="secondary" data-read="">
          Search
        </button>
        <div className="field">
          <label htmlFor={ids.active}>State</label>
          <select id={ids.active} value={get('active')} onChange={(e) => setFilter('active', e.target.value)} data-read="">
            <option value="">Any</option>
            <option value="true">Active</option>
            <option value="false">Deactivated</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.managedBy}>Managed by</label>
          <select id={ids.managedBy} value={get('managedBy')} onChange={(e) => setFilter('managedBy', e.target.value)} data-read="">
            <option value="">Any</option>
            <option value="SCIM">SCIM</option>
            <option value="MANUAL">Manual</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.license}>License</label>
          <select id={ids.license} value={get('license')} onChange={(e) => setFilter('license', e.target.value)} data-read="">
            <option value="">Any</option>
            {LICENSE_TYPES.map((l) => (
              <option key={l} value={l}>
                {licenseLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.pending}>License pending</label>
          <select id={ids.pending} value={get('pending')} onChange={(e) => setFilter('pending', e.target.value)} data-read="">
            <option value="">Any</option>
            <option value="true">Pending</option>
            <option value="false">Not pending</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>Group</label>
          <GroupPicker
            id={ids.group}
            value={groupText ?? groupName?.group?.displayName ?? ''}
            onChange={(text, group) => {
              setGroupText(text);
              if ((group?.id ?? '') !== groupParam) setFilter('group', group?.id ?? '');
            }}
            placeholder="Any group"
            read
          />
        </div>
        {filtered && (
          <button
            type="button"
            className="link-button"
            data-read=""
            onClick={() => {
              setSearch('');
              setGroupText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      {fetching && !data && <Loading what="users" />}
      <ErrorNotice error={error} title="Could not load the users" />
      {data && (
        <p className="muted" role="status">
          {data.users.totalCount} {data.users.totalCount === 1 ? 'user' : 'users'}
          {filtered ? ' match these filters' : ''}.
        </p>
      )}
      {data && users.length === 0 && <Empty>{filtered ? 'No users match these filters.' : 'No users yet. Invite one, or let your IdP provision them over SCIM.'}</Empty>}
      {users.length > 0 && (
        <TableScroll label="Users">
          <table>
            <caption className="sr-only">Users by userName</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">userName</th>
                <th scope="col">State</th>
                <th scope="col">Managed by</th>
                <th scope="col">License</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/users/${u.id}`}>{personName(u)}</Link>
                  </th>
                  <td>{u.email ?? <span className="muted">none</span>}</td>
                  <td>{u.email && u.userName.toLowerCase() === u.email.toLowerCase() ? <span className="muted">same as email</span> : u.userName}</td>
                  <td>
                    <StateBadge state={u.state} />
                  </td>
                  <td>
                    <ManagedByBadge managedBy={u.managedBy} />
                  </td>
                  <td>
                    <LicenseCell licenseType={u.licenseType} licensePending={u.licensePending} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager pager={pager} pageInfo={data?.users.pageInfo} label="Users" />
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
    </>
  );
}

function InviteDialog({ onClose }: { onClose(): void }) {
  const { settings } = useViewer().account;
  const [state, invite] = useMutation(InviteUserDocument);
  const navigate = useNavigate();
  const [form, setForm] = useState({ userName: '', email: '', givenName: '', familyName: '' });
  const ids = { userName: useId(), email: useId(), givenName: useId(), familyName: useId() };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await invite(
      {
        input: {
          userName: form.userName.trim(),
          email: settings.userNameMustMatchEmail ? null : form.email.trim() || null,
          givenName: form.givenName.trim() || null,
          familyName: form.familyName.trim() || null,
        },
      },
      USER_TYPES,
    );
    const user = result.data?.inviteUser.user;
    if (user) navigate(`/users/${user.id}`);
  };
  return (
    <Dialog title="Invite user" onClose={onClose}>
      <form onSubmit={submit}>
        <p>Creates a manual user and emails the invitation.</p>
        <div className="field">
          <label htmlFor={ids.userName}>{settings.userNameMustMatchEmail ? 'Email (also the userName)' : 'userName'}</label>
          <input
            id={ids.userName}
            type={settings.userNameMustMatchEmail ? 'email' : 'text'}
            required
            value={form.userName}
            onChange={set('userName')}
            autoFocus
          />
        </div>
        {!settings.userNameMustMatchEmail && (
          <div className="field">
            <label htmlFor={ids.email}>Email (where the invitation goes; the userName when empty)</label>
            <input id={ids.email} type="email" value={form.email} onChange={set('email')} />
          </div>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.givenName}>Given name</label>
            <input id={ids.givenName} value={form.givenName} onChange={set('givenName')} />
          </div>
          <div className="field">
            <label htmlFor={ids.familyName}>Family name</label>
            <input id={ids.familyName} value={form.familyName} onChange={set('familyName')} />
          </div>
        </div>
        <ErrorNotice error={state.error} title="The user was not invited" />
        <div className="actions">
          <button type="submit" disabled={state.fetching || !form.userName.trim()}>
            {state.fetching ? 'Inviting…' : 'Send invitation'}
          </button>
          <button type="button" className="secondary" onClick={onClose} data-read="">
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
