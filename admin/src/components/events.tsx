import { Link } from 'react-router';
import { graphql } from '../gql';
import type { ProvisioningEventFieldsFragment } from '../gql/graphql';
import { TableScroll, When } from './ui';

graphql(`
  fragment ProvisioningEventFields on ProvisioningEvent {
    id
    occurredAt
    actorType
    actorName
    actorId
    action
    resourceType
    resourceId
    outcome
    manual
    detail
    requestId
  }
`);

const ACTOR_TYPES = { SCIM_TOKEN: 'SCIM token', API_TOKEN: 'API token', OPERATOR: 'operator', SYSTEM: 'Roster' } as const;

/** A link to the user or group an event is about, when the console has a page for it. */
export function ResourceLink({ type, id }: { type: string | null | undefined; id: string | null | undefined }) {
  if (!type) return <span className="muted">—</span>;
  if (id && type === 'User')
    return (
      <Link to={`/users/${id}`}>
        User <span className="mono">{id.slice(0, 8)}</span>
      </Link>
    );
  if (id && type === 'Group')
    return (
      <Link to={`/groups/${id}`}>
        Group <span className="mono">{id.slice(0, 8)}</span>
      </Link>
    );
  return (
    <span>
      {type}
      {id && (
        <>
          {' '}
          <span className="mono">{id.slice(0, 8)}</span>
        </>
      )}
    </span>
  );
}

/** A detail value in words that can wrap: lists joined by commas, nested objects as "key: value" pairs. */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : 'none';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join('; ');
  return String(value);
}

function Detail({ detail }: { detail: Record<string, unknown> | null | undefined }) {
  if (!detail || Object.keys(detail).length === 0) return <span className="muted">—</span>;
  return (
    <span className="detail">
      {Object.entries(detail).map(([key, value]) => (
        <span key={key} className="detail-item">
          <span className="muted">{key}:</span> {formatValue(value)}
        </span>
      ))}
    </span>
  );
}

export function EventsTable({ events, label, showResource = true }: { events: ProvisioningEventFieldsFragment[]; label: string; showResource?: boolean }) {
  return (
    <TableScroll label={label}>
      <table className="events">
        <caption className="sr-only">{label}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            {showResource && <th scope="col">Resource</th>}
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <When at={e.occurredAt} precise />
              </td>
              <td>
                {e.actorName} <span className="muted">({ACTOR_TYPES[e.actorType]})</span>
              </td>
              <td>
                <code>{e.action}</code>
                {e.manual && (
                  <>
                    {' '}
                    <span className="badge badge-manual-change" title="An admin changed a SCIM-managed resource under “Allow manual updates”">
                      manual
                    </span>
                  </>
                )}
              </td>
              {showResource && (
                <td>
                  <ResourceLink type={e.resourceType} id={e.resourceId} />
                </td>
              )}
              <td>
                <span className={e.outcome === 'SUCCESS' ? 'badge badge-success' : 'badge badge-failure'}>{e.outcome === 'SUCCESS' ? 'success' : 'failure'}</span>
              </td>
              <td>
                <Detail detail={e.detail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
