import { ScimProtocolError } from './scim-error';
import { URN } from './urns';

type Json = Record<string, unknown>;

const CORE_URNS = [URN.user, URN.group].map((u) => u.toLowerCase());
const EXTENSION_URNS = [URN.enterpriseUser, URN.licenseUser];
/** Returned whatever the client asks (RFC 7643 §2.4 `returned: always`; `schemas` so the body stays typed). */
const ALWAYS = new Set(['id', 'schemas']);

interface Selector {
  /** The extension URN key, or null for core attributes. */
  container: string | null;
  /** Lower-cased attribute name, or null for "the whole extension". */
  attribute: string | null;
  sub: string | null;
}

export interface Projection {
  attributes: Selector[] | null;
  excluded: Selector[];
}

/** Parses `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5): comma-separated, case-insensitive. */
export function parseProjection(attributes: unknown, excludedAttributes: unknown): Projection {
  const list = (raw: unknown, name: string): Selector[] | null => {
    if (raw === undefined || raw === null || raw === '') return null;
    const text = Array.isArray(raw) ? raw.join(',') : raw;
    if (typeof text !== 'string') throw new ScimProtocolError(400, 'invalidValue', `${name} must be a comma-separated list of attribute names`);
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(parseSelector);
  };
  return { attributes: list(attributes, 'attributes'), excluded: list(excludedAttributes, 'excludedAttributes') ?? [] };
}

function parseSelector(path: string): Selector {
  let rest = path;
  let container: string | null = null;
  const lower = path.toLowerCase();
  if (lower.startsWith('urn:')) {
    const extension = EXTENSION_URNS.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`));
    const core = CORE_URNS.find((u) => lower === u || lower.startsWith(`${u}:`));
    const urn = extension ?? core;
    if (!urn) throw new ScimProtocolError(400, 'invalidValue', `Unknown schema in attribute "${path}"`);
    container = extension ?? null;
    rest = path.slice(urn.length + 1);
    if (!rest) return { container, attribute: null, sub: null };
  }
  const [attribute, sub] = rest.split('.', 2);
  return { container, attribute: attribute!.toLowerCase(), sub: sub?.toLowerCase() ?? null };
}

/** True when the projection leaves out a top-level attribute entirely (e.g. `members`): lets callers skip reading it. */
export function excludesAttribute(projection: Projection, name: string): boolean {
  const n = name.toLowerCase();
  if (projection.attributes) return !projection.attributes.some((s) => s.container === null && (s.attribute === n || s.attribute === null));
  return projection.excluded.some((s) => s.container === null && s.attribute === n && s.sub === null);
}

export function applyProjection(resource: Json, projection: Projection): Json {
  if (!projection.attributes && projection.excluded.length === 0) return resource;
  const out: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    const lowerKey = key.toLowerCase();
    if (ALWAYS.has(lowerKey)) {
      out[key] = value;
      continue;
    }
    const extension = EXTENSION_URNS.find((u) => u.toLowerCase() === lowerKey);
    const kept = extension ? projectExtension(value as Json, extension, projection) : projectAttribute(key, value, null, projection);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function projectExtension(value: Json, urn: string, projection: Projection): Json | undefined {
  const inner: Json = {};
  const whole = (list: Selector[]) => list.some((s) => s.container === urn && s.attribute === null);
  if (projection.attributes && whole(projection.attributes)) return whole(projection.excluded) ? undefined : value;
  if (whole(projection.excluded)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const kept = projectAttribute(key, v, urn, projection);
    if (kept !== undefined) inner[key] = kept;
  }
  return Object.keys(inner).length ? inner : undefined;
}

function projectAttribute(key: string, value: unknown, container: string | null, projection: Projection): unknown {
  const name = key.toLowerCase();
  const matches = (list: Selector[]) => list.filter((s) => s.container === container && s.attribute === name);
  let result: unknown = value;
  if (projection.attributes) {
    const wanted = matches(projection.attributes);
    if (wanted.length === 0) return undefined;
    if (!wanted.some((s) => s.sub === null)) result = pickSubs(value, new Set(wanted.map((s) => s.sub!)), true);
  }
  const excluded = matches(projection.excluded);
  if (excluded.some((s) => s.sub === null)) return undefined;
  if (excluded.length) result = pickSubs(result, new Set(excluded.map((s) => s.sub!)), false);
  return result;
}

function pickSubs(value: unknown, subs: Set<string>, keep: boolean): unknown {
  const pick = (obj: unknown) =>
    typeof obj === 'object' && obj !== null ? Object.fromEntries(Object.entries(obj).filter(([k]) => subs.has(k.toLowerCase()) === keep)) : obj;
  return Array.isArray(value) ? value.map(pick) : pick(value);
}
