import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { EventsTable } from '../components/events';
import { Empty, ErrorNotice, Loading, Pager, When, useCursorPager } from '../components/ui';
import { graphql } from '../gql';
import type { ProvisioningEventFilter } from '../gql/graphql';

const ProvisioningLogDocument = graphql(`
  query ProvisioningLog($first: Int, $after: String, $filter: ProvisioningEventFilter) {
    provisioningEvents(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ProvisioningEventFields
        }
      }
    }
  }
`);

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;
const RESOURCE_TYPES = ['User', 'Group', 'ScimToken', 'ApiToken', 'Account', 'LicenseMapping', 'SsoMappingRule', 'IpAllowlist'];
const KEYS = ['from', 'to', 'actorName', 'resourceType', 'resourceId', 'outcome', 'action'] as const;
type Key = (typeof KEYS)[number];

/** datetime-local (the browser's local time) to an ISO instant, and back. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function ProvisioningLogPage() {
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<Record<Key, string>>(() => Object.fromEntries(KEYS.map((k) => [k, k === 'from' || k === 'to' ? toLocal(params.get(k) ?? '') : params.get(k) ?? ''])) as Record<Key, string>);
  const filter = useMemo<ProvisioningEventFilter>(() => {
    const f: ProvisioningEventFilter = {};
    for (const key of KEYS) {
      const value = params.get(key);
      if (!value) continue;
      if (key === 'outcome') f.outcome = value === 'FAILURE' ? 'FAILURE' : 'SUCCESS';
      else f[key] = value;
    }
    return f;
  }, [params]);
  const pager = useCursorPager(params.toString());
  const [auto, setAuto] = useState(true);
  const [{ data, error, fetching }, refresh] = useQuery({
    query: ProvisioningLogDocument,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
    requestPolicy: 'cache-and-network',
  });
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);
  useEffect(() => {
    if (data && !fetching) setRefreshedAt(new Date().toISOString());
  }, [data, fetching]);
  // Newest first: only the first page gains rows, so only it refreshes by itself.
  useEffect(() => {
    if (!auto || pager.page !== 1) return;
    const timer = setInterval(() => refresh({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, pager.page, refresh]);

  const ids = Object.fromEntries(KEYS.map((k) => [k, `log-${k}`])) as Record<Key, string>;
  const autoId = useId();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of KEYS) {
      const value = form[key].trim();
      if (value) next.set(key, key === 'from' || key === 'to' ? toIso(value) : value);
    }
    setParams(next, { replace: true });
  };
  const set = (key: Key) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const events = data?.provisioningEvents.edges.map((e) => e.node) ?? [];
  const filtered = params.toString() !== '';

  return (
    <>
      <h1>Provisioning log</h1>
      <p className="lead">Every SCIM and admin write, failed ones included: who, what, on which resource, and how it ended. Newest first.</p>
      <form className="filters" role="search" aria-label="Filter events" onSubmit={apply}>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="datetime-local" value={form.from} onChange={set('from')} data-read="" />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>Before</label>
          <input id={ids.to} type="datetime-local" value={form.to} onChange={set('to')} data-read="" />
        </div>
        <div className="field">
          <label htmlFor={ids.actorName}>Actor (token name)</label>
          <input id={ids.actorName} value={form.actorName} onChange={set('actorName')} data-read="" />
        </div>
        <div className="field">
          <label htmlFor={ids.resourceType}>Resource type</label>
          <select id={ids.resourceType} value={form.resourceType} onChange={set('resourceType')} data-read="">
            <option value="">Any</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.resourceId}>Resource id</label>
          <input id={ids.resourceId} value={form.resourceId} onChange={set('resourceId')} data-read="" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor={ids.action}>Action</label>
          <input id={ids.action} value={form.action} onChange={set('action')} placeholder="user.updated" data-read="" />
        </div>
        <div className="field">
          <label htmlFor={ids.outcome}>Outcome</label>
          <select id={ids.outcome} value={form.outcome} onChange={set('outcome')} data-read="">
            <option value="">Any</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
          </select>
        </div>
        <button type="submit" className="secondary" data-read="">
          Apply filters
        </button>
        {filtered && (
          <button
            type="button"
            className="link-button"
            data-read=""
            onClick={() => {
              setForm(Object.fromEntries(KEYS.map((k) => [k, ''])) as Record<Key, string>);
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <div className="actions refresh">
        <button type="button" className="secondary" onClick={() => refresh({ requestPolicy: 'network-only' })} data-read="">
          Refresh now
        </button>
        <span className="checkbox">
          <input id={autoId} type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} data-read="" />
          <label htmlFor={autoId}>Refresh every {REFRESH_MS / 1000} seconds</label>
        </span>
        <span className="muted">
          {refreshedAt && (
            <>
              Updated <When at={refreshedAt} />
            </>
          )}
        </span>
      </div>
      {fetching && !data && <Loading what="events" />}
      <ErrorNotice error={error} title="Could not load the provisioning log" />
      {data && events.length === 0 && <Empty>{filtered ? 'No events match these filters.' : 'No events yet.'}</Empty>}
      {events.length > 0 && <EventsTable events={events} label="Provisioning events" />}
      <Pager pager={pager} pageInfo={data?.provisioningEvents.pageInfo} label="Events" />
    </>
  );
}
