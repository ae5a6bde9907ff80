import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../protocol/discovery';
import { ScimProtocolError } from '../protocol/scim-error';
import { parseProjection, type Projection } from '../protocol/projection';
import type { PageRequest } from '../../commands/paging/keyset-page';

/** Query parameters of a list (RFC 7644 §3.4.2), from a GET query string or a `.search` body alike. */
export interface ListParams {
  filter: string | null;
  sortBy: string | null;
  descending: boolean;
  page: PageRequest;
  projection: Projection;
}

function single(raw: unknown, name: string): unknown {
  if (Array.isArray(raw)) {
    if (raw.length > 1) throw new ScimProtocolError(400, 'invalidValue', `${name} is given more than once`);
    return raw[0];
  }
  return raw;
}

function integer(raw: unknown, name: string): number | null {
  const value = single(raw, name);
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new ScimProtocolError(400, 'invalidValue', `${name} must be an integer`);
  return n;
}

function text(raw: unknown, name: string): string | null {
  const value = single(raw, name);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new ScimProtocolError(400, 'invalidValue', `${name} must be a string`);
  return value;
}

export function parseListParams(source: Record<string, unknown>): ListParams {
  const get = (name: string) => {
    const key = Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : source[key];
  };
  // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; more than the maximum is the maximum.
  const startIndex = Math.max(1, integer(get('startIndex'), 'startIndex') ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, integer(get('count'), 'count') ?? DEFAULT_PAGE_SIZE));
  const sortOrder = text(get('sortOrder'), 'sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending')
    throw new ScimProtocolError(400, 'invalidValue', 'sortOrder must be "ascending" or "descending"');
  const cursor = single(get('cursor'), 'cursor');
  if (cursor !== undefined && typeof cursor !== 'string') throw new ScimProtocolError(400, 'invalidValue', 'cursor must be a string');
  if (cursor !== undefined && get('startIndex') !== undefined)
    throw new ScimProtocolError(400, 'invalidValue', 'Use either startIndex or cursor, not both');
  return {
    filter: text(get('filter'), 'filter'),
    sortBy: text(get('sortBy'), 'sortBy'),
    descending: sortOrder === 'descending',
    page: cursor !== undefined ? { kind: 'cursor', cursor, count } : { kind: 'index', startIndex, count },
    projection: parseProjection(get('attributes'), get('excludedAttributes')),
  };
}
