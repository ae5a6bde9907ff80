import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BlockedReason, Dialog, Empty, ErrorNotice, Loading, ManagedByBadge, Pager, TableScroll, When, useCursorPager } from '../components/ui';
import { graphql } from '../gql';
import type { GroupFilterInput } from '../gql/graphql';
import { useWriteBlock } from '../viewer';

const GroupsDocument = graphql(`
  query Groups($first: Int, $after: String, $filter: GroupFilterInput) {
    groups(first: $first, after: $after, filter: $filter) {
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
          memberCount
          updatedAt
        }
      }
    }
  }
`);

const CreateGroupDocument = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      group {
        id
        displayName
      }
    }
  }
`);

const PAGE_SIZE = 25;
const GROUP_TYPES = { additionalTypenames: ['Group'] };

export function GroupsPage() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo<GroupFilterInput>(() => {
    const f: GroupFilterInput = {};
    const q = params.get('q');
    if (q) f.search = q;
    const managedBy = params.get('managedBy');
    if (managedBy === 'SCIM' || managedBy === 'MANUAL') f.managedBy = managedBy;
    return f;
  }, [params]);
  const pager = useCursorPager(params.toString());
  const [{ data, error, fetching }] = useQuery({ query: GroupsDocument, variables: { first: PAGE_SIZE, after: pager.after, filter }, context: GROUP_TYPES });
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [creating, setCreating] = useState(false);
  const block = useWriteBlock();
  const ids = { q: useId(), managedBy: useId() };
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const groups = data?.groups.edges.map((e) => e.node) ?? [];
  const filtered = params.toString() !== '';
  return (
    <>
      <h1>Groups</h1>
      <div className="actions">
        <button type="button" onClick={() => setCreating(true)} disabled={!!block}>
          Create group
        </button>
      </div>
      <BlockedReason reason={block} />
      <form
        className="filters"
        role="search"
        aria-label="Filter groups"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', search.trim());
        }}
      >
        <div className="field">
          <label htmlFor={ids.q}>Search</label>
          <input id={ids.q} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="part of the name" data-read="" />
        </div>
        <button type="submit" className="secondary" data-read="">
          Search
        </button>
        <div className="field">
          <label htmlFor={ids.managedBy}>Managed by</label>
          <select id={ids.managedBy} value={params.get('managedBy') ?? ''} onChange={(e) => setFilter('managedBy', e.target.value)} data-read="">
            <option value="">Any</option>
            <option value="SCIM">SCIM</option>
            <option value="MANUAL">Manual</option>
          </select>
        </div>
      </form>
      {fetching && !data && <Loading what="groups" />}
      <ErrorNotice error={error} title="Could not load the groups" />
      {data && (
        <p className="muted" role="status">
          {data.groups.totalCount} {data.groups.totalCount === 1 ? 'group' : 'groups'}
          {filtered ? ' match these filters' : ''}.
        </p>
      )}
      {data && groups.length === 0 && <Empty>{filtered ? 'No groups match these filters.' : 'No groups yet. Create one, or push groups from your IdP.'}</Empty>}
      {groups.length > 0 && (
        <TableScroll label="Groups">
          <table>
            <caption className="sr-only">Groups by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Managed by</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <Link to={`/groups/${g.id}`}>{g.displayName}</Link>
                  </th>
                  <td>
                    <ManagedByBadge managedBy={g.managedBy} />
                  </td>
                  <td className="num">{g.memberCount}</td>
                  <td>
                    <When at={g.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager pager={pager} pageInfo={data?.groups.pageInfo} label="Groups" />
      {creating && <CreateGroupDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateGroupDialog({ onClose }: { onClose(): void }) {
  const [state, create] = useMutation(CreateGroupDocument);
  const [name, setName] = useState('');
  const navigate = useNavigate();
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { displayName: name.trim() } }, GROUP_TYPES);
    const group = result.data?.createGroup.group;
    if (group) navigate(`/groups/${group.id}`);
  };
  return (
    <Dialog title="Create group" onClose={onClose}>
      <form onSubmit={submit}>
        <p>Creates an empty manual group. If your IdP later pushes a group with the same name, that group is linked to it.</p>
        <div className="field">
          <label htmlFor={id}>Group name</label>
          <input id={id} required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </div>
        <ErrorNotice error={state.error} title="The group was not created" />
        <div className="actions">
          <button type="submit" disabled={state.fetching || !name.trim()}>
            {state.fetching ? 'Creating…' : 'Create group'}
          </button>
          <button type="button" className="secondary" onClick={onClose} data-read="">
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
