import { useId, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { BlockedReason, CopyField, Empty, ErrorNotice, Loading, Status, TableScroll, When } from '../components/ui';
import { graphql } from '../gql';
import type { IpAllowlistPageQuery } from '../gql/graphql';
import { ViewerDocument, useViewer, useWriteBlock } from '../viewer';

const IpAllowlistDocument = graphql(`
  query IpAllowlistPage($first: Int!) {
    viewer {
      requestAddress
    }
    ipAllowlist {
      enforced
      sources {
        source
        count
        lastChangedAt
      }
      entries(first: $first) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            cidr
            source
            description
            createdAt
            createdBy
          }
        }
      }
    }
  }
`);

const AddIpAllowlistEntriesDocument = graphql(`
  mutation AddIpAllowlistEntries($input: AddIpAllowlistEntriesInput!) {
    addIpAllowlistEntries(input: $input) {
      added
      unchanged
      addedCidrs
      ipAllowlist {
        enforced
      }
    }
  }
`);

const RemoveIpAllowlistEntriesDocument = graphql(`
  mutation RemoveIpAllowlistEntries($input: RemoveIpAllowlistEntriesInput!) {
    removeIpAllowlistEntries(input: $input) {
      removed
      removedCidrs
      notFoundCidrs
      ipAllowlist {
        enforced
      }
    }
  }
`);

const SetIpAllowlistEnforcedDocument = graphql(`
  mutation SetIpAllowlistEnforced($input: SetIpAllowlistEnforcedInput!) {
    setIpAllowlistEnforced(input: $input) {
      account {
        id
        settings {
          ipAllowlistEnforced
        }
      }
      ipAllowlist {
        enforced
      }
    }
  }
`);

/** The most entries the page shows; an account with more still works, the page says so. */
const MAX_ENTRIES = 1000;
const CHANGE_TYPES = { additionalTypenames: ['IpAllowlistEntry', 'IpAllowlist'] };

type Entry = IpAllowlistPageQuery['ipAllowlist']['entries']['edges'][number]['node'];

const isLockout = (error: CombinedError | undefined) => !!error?.graphQLErrors.some((e) => e.extensions?.['code'] === 'IP_ALLOWLIST_LOCKOUT');

export function IpAllowlistPage() {
  const [{ data, error, fetching }] = useQuery({ query: IpAllowlistDocument, variables: { first: MAX_ENTRIES }, context: CHANGE_TYPES });
  const entries = data?.ipAllowlist.entries.edges.map((e) => e.node) ?? [];
  const bySource = new Map<string, Entry[]>();
  for (const entry of entries) bySource.set(entry.source, [...(bySource.get(entry.source) ?? []), entry]);
  return (
    <>
      <h1>IP allowlist</h1>
      <p className="lead">
        While enforcement is on, every SCIM and GraphQL request of your account from an address outside this list is refused (403), and the
        provisioning log records the refused address. If your IdP provisions over SCIM, its addresses must be on the list.
      </p>
      {fetching && !data && <Loading what="the IP allowlist" />}
      <ErrorNotice error={error} title="Could not load the IP allowlist" />
      {data && (
        <>
          <Enforcement enforced={data.ipAllowlist.enforced} requestAddress={data.viewer.requestAddress ?? null} />
          <section aria-labelledby="ip-sources">
            <h2 id="ip-sources">Sources</h2>
            {data.ipAllowlist.sources.length === 0 ? (
              <Empty>The allowlist is empty. Add your own addresses below, and your IdP’s ranges with sync:ip-ranges.</Empty>
            ) : (
              <TableScroll label="Allowlist sources">
                <table>
                  <caption className="sr-only">Entries per source</caption>
                  <thead>
                    <tr>
                      <th scope="col">Source</th>
                      <th scope="col" className="num">
                        Entries
                      </th>
                      <th scope="col">Last change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.ipAllowlist.sources.map((s) => (
                      <tr key={s.source}>
                        <th scope="row">
                          <a href={`#source-${s.source}`}>{s.source}</a>
                        </th>
                        <td className="num">{s.count}</td>
                        <td>
                          <When at={s.lastChangedAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
          <AddEntries />
          {data.ipAllowlist.entries.pageInfo.hasNextPage && (
            <p className="notice notice-warning" role="note">
              Showing the first {MAX_ENTRIES} of {data.ipAllowlist.entries.totalCount} entries.
            </p>
          )}
          {[...bySource.entries()].map(([source, list]) => (
            <SourceEntries key={source} source={source} entries={list} />
          ))}
          <SyncCommands />
        </>
      )}
    </>
  );
}

function Enforcement({ enforced, requestAddress }: { enforced: boolean; requestAddress: string | null }) {
  const viewer = useViewer();
  const block = useWriteBlock();
  const client = useClient();
  const [state, setEnforced] = useMutation(SetIpAllowlistEnforcedDocument);
  const [asked, setAsked] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  // The page and the viewer are fetched again before the outcome is reported, so the switch and the words agree.
  const change = async (next: boolean, force = false) => {
    if (busy) return;
    setAsked(next);
    setBusy(true);
    const result = await setEnforced({ input: { enforced: next, force } }, CHANGE_TYPES);
    if (!result.error) {
      await Promise.all([
        client.query(IpAllowlistDocument, { first: MAX_ENTRIES }, { requestPolicy: 'network-only' }).toPromise(),
        client.query(ViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise(),
      ]);
    }
    setBusy(false);
  };
  return (
    <section aria-labelledby="ip-enforcement">
      <h2 id="ip-enforcement">Enforcement</h2>
      <p>
        This browser reaches Roster from <strong className="mono">{requestAddress ?? 'an unknown address'}</strong> (the address the
        allowlist sees).
      </p>
      <div className="setting">
        <div className="setting-control">
          <input
            id={id}
            type="checkbox"
            role="switch"
            checked={busy && asked !== null ? asked : enforced}
            disabled={!!block}
            aria-busy={busy}
            onChange={(e) => void change(e.target.checked)}
            aria-describedby={`${id}-d`}
          />
          <label htmlFor={id}>Enforce the IP allowlist</label>
        </div>
        <div className="setting-description" id={`${id}-d`}>
          <p>
            <strong>Lock-out guard:</strong> turning enforcement on, or removing entries, is refused when it would refuse the address you are
            using now, and so is enforcement on an empty list. If you are locked out anyway, an operator on the server runs{' '}
            <code>npm run roster -- ip-allowlist enforcement off --account {viewer.account.id}</code>.
          </p>
        </div>
      </div>
      <BlockedReason reason={block} />
      <ErrorNotice error={state.error} title={asked ? 'Enforcement was not turned on' : 'Enforcement was not changed'}>
        {isLockout(state.error) && asked && (
          <p>
            Add {requestAddress ?? 'your address'} (or a range that holds it) first. If you are sure, for instance because this browser
            goes through another path than your IdP,{' '}
            <button type="button" className="danger" onClick={() => void change(true, true)} disabled={busy}>
              Turn on anyway
            </button>
          </p>
        )}
      </ErrorNotice>
      {state.data && !state.error && !busy && <Status>Enforcement is {state.data.setIpAllowlistEnforced.ipAllowlist.enforced ? 'on' : 'off'}.</Status>}
    </section>
  );
}

function AddEntries() {
  const block = useWriteBlock();
  const [state, add] = useMutation(AddIpAllowlistEntriesDocument);
  const [cidrs, setCidrs] = useState('');
  const [description, setDescription] = useState('');
  const ids = { cidrs: useId(), description: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = cidrs
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const result = await add({ input: { cidrs: list, description: description.trim() || null, source: 'manual' } }, CHANGE_TYPES);
    if (result.data) {
      setCidrs('');
      setDescription('');
    }
  };
  const done = state.data?.addIpAllowlistEntries;
  return (
    <section aria-labelledby="ip-add">
      <h2 id="ip-add">Add manual entries</h2>
      <form onSubmit={submit} className="card">
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.cidrs}>Addresses or CIDRs (IPv4 or IPv6, one per line)</label>
            <textarea id={ids.cidrs} rows={3} value={cidrs} onChange={(e) => setCidrs(e.target.value)} placeholder={'203.0.113.0/24\n2001:db8::/32'} disabled={!!block} />
          </div>
          <div className="field">
            <label htmlFor={ids.description}>Description (optional)</label>
            <input id={ids.description} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Office" disabled={!!block} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={!!block || state.fetching || !cidrs.trim()}>
            Add to allowlist
          </button>
        </div>
        <ErrorNotice error={state.error} title="Nothing was added" />
        {done && !state.error && (
          <Status>
            Added {done.added} {done.added === 1 ? 'entry' : 'entries'}
            {done.unchanged > 0 && `; ${done.unchanged} already listed`}.
          </Status>
        )}
      </form>
    </section>
  );
}

function SourceEntries({ source, entries }: { source: string; entries: Entry[] }) {
  const block = useWriteBlock();
  const [state, remove] = useMutation(RemoveIpAllowlistEntriesDocument);
  const [pending, setPending] = useState<string | null>(null);
  const manual = source === 'manual';
  const run = (cidr: string, force = false) => {
    setPending(cidr);
    void remove({ input: { cidrs: [cidr], source, force } }, CHANGE_TYPES);
  };
  return (
    <section aria-labelledby={`source-${source}`}>
      <h2 id={`source-${source}`}>
        Source <code>{source}</code> ({entries.length})
      </h2>
      {!manual && (
        <p className="hint">
          Kept by a sync (<code>npm run sync:ip-ranges</code>): the next run makes this source exactly the published list again, so change
          it there.
        </p>
      )}
      <ErrorNotice error={state.error} title={`${pending ?? 'The entry'} was not removed`}>
        {isLockout(state.error) && pending && (
          <p>
            Removing it would lock this browser out.{' '}
            <button type="button" className="danger" onClick={() => run(pending, true)} disabled={state.fetching}>
              Remove anyway
            </button>
          </p>
        )}
      </ErrorNotice>
      {state.data && !state.error && <Status>Removed {state.data.removeIpAllowlistEntries.removedCidrs.join(', ') || 'nothing'}.</Status>}
      <TableScroll label={`Entries of ${source}`}>
        <table>
          <caption className="sr-only">Entries of source {source}</caption>
          <thead>
            <tr>
              <th scope="col">CIDR</th>
              <th scope="col">Description</th>
              <th scope="col">Added</th>
              <th scope="col">Added by</th>
              {manual && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <th scope="row" className="mono">
                  {e.cidr}
                </th>
                <td>{e.description ?? <span className="muted">—</span>}</td>
                <td>
                  <When at={e.createdAt} />
                </td>
                <td>{e.createdBy}</td>
                {manual && (
                  <td className="row-actions">
                    <button type="button" className="secondary" disabled={!!block || state.fetching} onClick={() => run(e.cidr)} aria-label={`Remove ${e.cidr}`}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function SyncCommands() {
  const origin = window.location.origin;
  const env = `export ROSTER_API_URL=${origin}\nexport ROSTER_API_TOKEN=rst_api_…   # an ADMIN API token of this account`;
  return (
    <section aria-labelledby="ip-sync">
      <h2 id="ip-sync">Keep your IdP’s ranges current</h2>
      <p>
        Entra’s provisioning service calls from the <code>AzureActiveDirectory</code> service tag, whose ranges change about every two weeks;
        Okta calls from the ranges of your org’s cell. Run these weekly on the server (cron or a systemd timer, see the README): each makes
        one source exactly the published list, in one transaction.
      </p>
      <CopyField label="Environment" value={env} multiline />
      <CopyField
        label="Microsoft Entra ID"
        value="npm run sync:ip-ranges -- --provider entra --source ServiceTags_Public.json --tag AzureActiveDirectory"
        hint="Azure’s weekly ServiceTags_Public_<date>.json, a file or an https:// URL."
      />
      <CopyField label="Okta" value={'npm run sync:ip-ranges -- --provider okta --source "$OKTA_IP_RANGES_URL" --cells us_cell_1'} hint="Okta’s ip_ranges.json; --cells names your org’s cell(s), or all." />
    </section>
  );
}
