import { checkFilterComplexity, type CompareOperator, type FilterLimits, type FilterValue, type ScimFilter } from '../protocol/filter';
import { ScimProtocolError, type ScimType } from '../protocol/scim-error';

/*
 * SCIM filter tree → one SQL condition over an allow-list of columns (RFC 7644 §3.4.2.2).
 * Only SQL written in an attribute map reaches the output; every value is a `?` parameter.
 */

export type FilterValueType = 'string' | 'boolean' | 'dateTime' | 'integer' | 'uuid';

/** A single-valued attribute stored in one column (or SQL expression) of the resource's row. */
export interface ColumnAttribute {
  kind: 'column';
  /** SQL over the map's alias (or, as a sub-attribute of a multi-valued attribute, over its alias): `u.title`. */
  column: string;
  /** `uuid`: eq/ne with a value that is not a UUID match nothing (no PostgreSQL cast error); other operators compare `column::text`. */
  type: FilterValueType;
  /** RFC 7643 §2.2 caseExact; false compares `lower(column)` with `lower(?)`. */
  caseExact: boolean;
  /**
   * The column holds a key the domain already normalized (e.g. `user_name_key`): the value goes through the same
   * function in JS and is compared to the bare column, so the index on it answers.
   */
  normalize?: (value: string) => string;
}

/** An attribute whose value is the same for every row, e.g. `meta.resourceType` = "User". */
export interface ConstantAttribute {
  kind: 'constant';
  value: string;
  caseExact: boolean;
}

export type SubAttribute = ColumnAttribute | ConstantAttribute;

/** A single-valued complex attribute (`name`, `meta`, `manager`): only its sub-attributes are compared. */
export interface ComplexAttribute {
  kind: 'complex';
  subAttributes: Record<string, SubAttribute>;
}

/** A multi-valued attribute with a row per value in a child table; a filter on it becomes an EXISTS subquery. */
export interface ChildTableAttribute {
  kind: 'childTable';
  table: string;
  alias: string;
  /** Correlates a child row with the main row, e.g. `e.user_id = u.id and e.account_id = u.account_id`. */
  join: string;
  /** Columns over `alias`. */
  subAttributes: Record<string, ColumnAttribute>;
  /** What `emails eq "x"` compares: `value` (RFC 7643 §2.4). */
  defaultSubAttribute: string;
  /** ORDER BY over `alias` whose first row gives the value sortBy uses (RFC 7644 §3.4.2.3: primary, else first); omit to refuse sorting. */
  sortOrder?: string;
}

/** A multi-valued attribute stored as a jsonb array of objects; a filter on it is an EXISTS over jsonb_array_elements. */
export interface JsonArrayAttribute {
  kind: 'jsonArray';
  /** The jsonb column, e.g. `u.phone_numbers`. */
  column: string;
  /** Alias of the elements' relation; each element is `<alias>.elem`, its position `<alias>.n`. */
  alias: string;
  /** JSON keys of the elements (letters, digits, `_`), each with its type. */
  subAttributes: Record<string, { key: string; type: 'string' | 'boolean'; caseExact: boolean }>;
  defaultSubAttribute: string;
  /** Name of the boolean sub-attribute that marks the value sortBy uses; sorting uses the first element otherwise. */
  primarySubAttribute?: string;
}

export type FilterAttribute = ColumnAttribute | ConstantAttribute | ComplexAttribute | ChildTableAttribute | JsonArrayAttribute;

/** The filterable attributes of one resource type: the allow-list. Names are matched case-insensitively. */
export interface FilterAttributeMap {
  /** Alias of the resource's table that every column refers to: `from app_user u`. */
  alias: string;
  /** The core schema URN; unqualified names resolve here first (RFC 7644 §3.10). */
  coreSchema: string;
  /** Attributes by schema URN, the core schema included. */
  schemas: Record<string, Record<string, FilterAttribute>>;
}

export interface CompiledFilter {
  /** A condition with `?` placeholders, e.g. for `qb.andWhere(sql, params)` or `knex.raw(sql, params)`. */
  sql: string;
  params: unknown[];
}

export type CompileFilterOptions = Partial<Pick<FilterLimits, 'maxNodes' | 'maxDepth'>>;

type MultiValued = ChildTableAttribute | JsonArrayAttribute;

interface ResolvedPath {
  /** The attribute as the client named it, for messages. */
  name: string;
  attribute: FilterAttribute;
  /** Sub-attribute, already checked to exist, when the path had one. */
  sub?: { name: string; attribute: SubAttribute };
}

function invalidFilter(detail: string): ScimProtocolError {
  return new ScimProtocolError(400, 'invalidFilter', detail);
}

// ---------------------------------------------------------------------------------------------------------------
// Name resolution

interface MapIndex {
  core: string;
  /** lower-cased schema URNs, longest first, with their original spelling */
  schemas: { lower: string; urn: string }[];
  attributes: Map<string, Map<string, { name: string; attribute: FilterAttribute }>>;
}

const indexes = new WeakMap<FilterAttributeMap, MapIndex>();

function indexOf(map: FilterAttributeMap): MapIndex {
  let index = indexes.get(map);
  if (!index) {
    const attributes = new Map<string, Map<string, { name: string; attribute: FilterAttribute }>>();
    for (const [urn, attrs] of Object.entries(map.schemas))
      attributes.set(urn.toLowerCase(), new Map(Object.entries(attrs).map(([name, attribute]) => [name.toLowerCase(), { name, attribute }])));
    const schemas = Object.keys(map.schemas)
      .map((urn) => ({ lower: urn.toLowerCase(), urn }))
      .sort((a, b) => b.lower.length - a.lower.length);
    index = { core: map.coreSchema.toLowerCase(), schemas, attributes };
    indexes.set(map, index);
  }
  return index;
}

/**
 * Resolves `[urn:…:]attr[.sub]`, case-insensitively. An unqualified name is a core attribute; failing that, an
 * extension attribute of the only extension schema that defines it (Entra and Okta send `employeeNumber` and the
 * like unqualified at times); a name two extensions define must be qualified.
 */
function resolvePath(path: string, map: FilterAttributeMap, fail: (detail: string) => ScimProtocolError): ResolvedPath {
  const index = indexOf(map);
  const lower = path.toLowerCase();
  let schema: string | undefined;
  let rest = lower;
  if (lower.startsWith('urn:')) {
    schema = index.schemas.find((s) => lower.startsWith(`${s.lower}:`))?.lower;
    if (!schema) throw fail(`"${path}" is not an attribute of a schema of this resource.`);
    rest = lower.slice(schema.length + 1);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) throw fail(`"${path}" is not a supported attribute path.`);
  const [attrName, subName] = parts;

  let found: { name: string; attribute: FilterAttribute } | undefined;
  if (schema) found = index.attributes.get(schema)?.get(attrName);
  else {
    found = index.attributes.get(index.core)?.get(attrName);
    if (!found) {
      const candidates = [...index.attributes.entries()].filter(([urn, attrs]) => urn !== index.core && attrs.has(attrName));
      if (candidates.length > 1) throw fail(`"${path}" is defined by several extension schemas: qualify it with the schema URN.`);
      found = candidates[0]?.[1].get(attrName);
    }
  }
  if (!found) throw fail(`"${path}" is not a filterable attribute.`);

  const resolved: ResolvedPath = { name: path, attribute: found.attribute };
  if (subName !== undefined) {
    const subs = subAttributesOf(found.attribute);
    if (!subs) throw fail(`"${found.name}" has no sub-attributes ("${path}").`);
    const sub = subs.get(subName);
    if (!sub) throw fail(`"${subName}" is not a filterable sub-attribute of "${found.name}" ("${path}").`);
    resolved.sub = sub;
  }
  return resolved;
}

const subIndexes = new WeakMap<object, Map<string, { name: string; attribute: SubAttribute }>>();

function subAttributesOf(attribute: FilterAttribute): Map<string, { name: string; attribute: SubAttribute }> | undefined {
  if (attribute.kind === 'column' || attribute.kind === 'constant') return undefined;
  let subs = subIndexes.get(attribute);
  if (!subs) {
    const entries: [string, SubAttribute][] =
      attribute.kind === 'jsonArray'
        ? Object.entries(attribute.subAttributes).map(([name, s]) => [name, jsonElementColumn(attribute, s)])
        : Object.entries(attribute.subAttributes);
    subs = new Map(entries.map(([name, sub]) => [name.toLowerCase(), { name, attribute: sub }]));
    subIndexes.set(attribute, subs);
  }
  return subs;
}

const JSON_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function jsonElementColumn(attribute: JsonArrayAttribute, sub: JsonArrayAttribute['subAttributes'][string]): ColumnAttribute {
  if (!JSON_KEY.test(sub.key)) throw new Error(`Unsafe JSON key in attribute map: ${sub.key}`);
  const text = `${attribute.alias}.elem->>'${sub.key}'`;
  // A non-boolean JSON value reads as null rather than failing the whole query on a cast.
  const column = sub.type === 'boolean' ? `(case when jsonb_typeof(${attribute.alias}.elem->'${sub.key}') = 'boolean' then (${text})::boolean end)` : `(${text})`;
  return { kind: 'column', column, type: sub.type, caseExact: sub.caseExact };
}

function jsonElementsFrom(attribute: JsonArrayAttribute): string {
  // A non-array document yields no elements instead of an error.
  return `jsonb_array_elements(case when jsonb_typeof(${attribute.column}) = 'array' then ${attribute.column} else '[]'::jsonb end) with ordinality as ${attribute.alias}(elem, n)`;
}

function existsOver(attribute: MultiValued, condition: string | undefined): string {
  const from = attribute.kind === 'childTable' ? `${attribute.table} ${attribute.alias}` : jsonElementsFrom(attribute);
  const where = [attribute.kind === 'childTable' ? attribute.join : undefined, condition].filter(Boolean);
  return `exists (select 1 from ${from}${where.length ? ` where ${where.join(' and ')}` : ''})`;
}

function defaultSub(attribute: MultiValued, name: string): { name: string; attribute: SubAttribute } {
  const sub = subAttributesOf(attribute)?.get(attribute.defaultSubAttribute.toLowerCase());
  if (!sub) throw new Error(`Attribute map: "${name}" has no sub-attribute "${attribute.defaultSubAttribute}"`);
  return sub;
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation

class Builder {
  readonly params: unknown[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return '?';
  }
}

/** Where attribute paths resolve: the resource, or the sub-attributes inside a value path `attr[...]`. */
type Scope =
  | { kind: 'resource'; map: FilterAttributeMap }
  | { kind: 'valuePath'; owner: string; subs: Map<string, { name: string; attribute: SubAttribute }> };

/**
 * Compiles a parsed filter into one SQL condition over `attributes.alias` (throws 400 invalidFilter for an unknown
 * attribute, an operator the attribute's type does not support, or a value of the wrong type).
 *
 * Semantics (RFC 7644 §3.4.2.2): a multi-valued attribute matches when one of its values matches, except `ne`,
 * which matches when none is equal (so also when there is none); `pr` on a string is neither null nor "";
 * `eq null` means "not present" and `ne null` "present".
 */
export function compileFilter(ast: ScimFilter, attributes: FilterAttributeMap, options: CompileFilterOptions = {}): CompiledFilter {
  checkFilterComplexity(ast, options);
  const builder = new Builder();
  const sql = compileNode(ast, { kind: 'resource', map: attributes }, builder);
  return { sql, params: builder.params };
}

function compileNode(node: ScimFilter, scope: Scope, b: Builder): string {
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${node.filters.map((f) => compileNode(f, scope, b)).join(` ${node.op} `)})`;
    case 'not':
      // SQL's NULL would make `not (title = 'x')` unknown for a user without a title; RFC 7644's `not` is
      // two-valued (that user is "not identical"), so an unknown inner condition counts as false.
      return `not coalesce(${compileNode(node.filter, scope, b)}, false)`;
    case '[]':
      return compileValuePath(node.attrPath, node.valFilter, scope, b);
    default:
      return compileComparison(node.attrPath, node.op, node.op === 'pr' ? undefined : node.compValue, scope, b);
  }
}

function resolveInScope(path: string, scope: Scope): ResolvedPath {
  if (scope.kind === 'resource') return resolvePath(path, scope.map, invalidFilter);
  const sub = scope.subs.get(path.toLowerCase());
  if (!sub) throw invalidFilter(`"${path}" is not a filterable sub-attribute of "${scope.owner}".`);
  return { name: `${scope.owner}.${sub.name}`, attribute: sub.attribute };
}

function compileValuePath(path: string, inner: ScimFilter, scope: Scope, b: Builder): string {
  if (scope.kind === 'valuePath') throw invalidFilter(`A value filter cannot nest inside "${scope.owner}[...]".`);
  const resolved = resolveInScope(path, scope);
  const { attribute } = resolved;
  if (resolved.sub || attribute.kind === 'column' || attribute.kind === 'constant')
    throw invalidFilter(`"${path}[...]" needs a complex attribute such as emails.`);
  const innerScope: Scope = { kind: 'valuePath', owner: path, subs: subAttributesOf(attribute)! };
  const condition = compileNode(inner, innerScope, b);
  return attribute.kind === 'complex' ? condition : existsOver(attribute, condition);
}

function compileComparison(path: string, op: CompareOperator | 'pr', value: FilterValue | undefined, scope: Scope, b: Builder): string {
  const resolved = resolveInScope(path, scope);
  const { attribute } = resolved;
  switch (attribute.kind) {
    case 'column':
    case 'constant':
      return compareSub(resolved.name, attribute, op, value, b);
    case 'complex': {
      if (resolved.sub) return compareSub(resolved.name, resolved.sub.attribute, op, value, b);
      // RFC 7644 §3.4.2.2: a complex attribute is present when one of its sub-attributes is.
      if (op === 'pr') return `(${[...subAttributesOf(attribute)!.values()].map((s) => compareSub(resolved.name, s.attribute, 'pr', undefined, b)).join(' or ')})`;
      throw invalidFilter(`"${path}" is complex: compare one of its sub-attributes, e.g. "${path}.${Object.keys(attribute.subAttributes)[0]}".`);
    }
    case 'childTable':
    case 'jsonArray': {
      if (op === 'pr' && !resolved.sub) return existsOver(attribute, undefined);
      const sub = resolved.sub ?? defaultSub(attribute, path);
      const name = resolved.sub ? resolved.name : `${path}.${sub.name}`;
      if (op === 'ne') return `not ${existsOver(attribute, compareSub(name, sub.attribute, 'eq', value, b))}`;
      return existsOver(attribute, compareSub(name, sub.attribute, op, value, b));
    }
  }
}

const ORDERING: Record<'gt' | 'ge' | 'lt' | 'le', string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

function compareSub(name: string, attribute: SubAttribute, op: CompareOperator | 'pr', value: FilterValue | undefined, b: Builder): string {
  if (attribute.kind === 'constant') return compareConstant(name, attribute, op, value) ? 'true' : 'false';
  const c = attribute.column;
  if (op === 'pr') return attribute.type === 'string' ? `(${c} is not null and ${c} <> '')` : `${c} is not null`;
  if (value === undefined) throw invalidFilter(`"${name} ${op}" needs a value.`);
  if (value === null) {
    if (op === 'eq') return attribute.type === 'string' ? `(${c} is null or ${c} = '')` : `${c} is null`;
    if (op === 'ne') return compareSub(name, attribute, 'pr', undefined, b);
    throw invalidFilter(`"${name} ${op} null" is not a valid comparison: null only goes with eq and ne.`);
  }
  switch (attribute.type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw invalidFilter(`"${name}" is a boolean: only eq, ne and pr apply to it, not ${op}.`);
      if (typeof value !== 'boolean') throw invalidFilter(`"${name}" is a boolean: compare it with true or false, not ${JSON.stringify(value)}.`);
      return op === 'eq' ? `${c} = ${b.param(value)}` : `${c} is distinct from ${b.param(value)}`;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidFilter(`"${name}" is an integer: compare it with an integer, not ${JSON.stringify(value)}.`);
      if (op === 'co' || op === 'sw' || op === 'ew') throw invalidFilter(`"${name}" is an integer: ${op} does not apply to it.`);
      return ordered(c, op, b.param(value));
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') throw invalidFilter(`"${name}" is a dateTime: ${op} does not apply to it; use gt, ge, lt or le.`);
      if (typeof value !== 'string' || !isDateTime(value))
        throw invalidFilter(`"${name}" is a dateTime: compare it with an xsd:dateTime string such as "2024-01-31T12:00:00Z", not ${JSON.stringify(value)}.`);
      return ordered(c, op, `${b.param(value)}::timestamptz`);
    }
    case 'uuid': {
      const text = stringValue(name, value).toLowerCase();
      if (op === 'eq' || op === 'ne') {
        // A value that is not a UUID equals no id; comparing it to a uuid column would be a PostgreSQL error.
        if (!UUID.test(text)) return op === 'eq' ? 'false' : 'true';
        return ordered(c, op, `${b.param(text)}::uuid`);
      }
      return compareText(`${c}::text`, op, text, 'exact', b);
    }
    case 'string': {
      const text = stringValue(name, value);
      if (attribute.normalize) return compareText(c, op, attribute.normalize(text), 'exact', b);
      return compareText(c, op, text, attribute.caseExact ? 'exact' : 'lower', b);
    }
  }
}

function ordered(c: string, op: CompareOperator, rhs: string): string {
  if (op === 'eq') return `${c} = ${rhs}`;
  if (op === 'ne') return `${c} is distinct from ${rhs}`;
  if (op === 'co' || op === 'sw' || op === 'ew') throw new Error(`unreachable: ${op}`);
  return `${c} ${ORDERING[op]} ${rhs}`;
}

function compareText(c: string, op: CompareOperator, text: string, mode: 'exact' | 'lower', b: Builder): string {
  const lhs = mode === 'lower' ? `lower(${c})` : c;
  const rhs = (v: string) => (mode === 'lower' ? `lower(${b.param(v)})` : b.param(v));
  switch (op) {
    case 'co':
      return `${lhs} like ${rhs(`%${escapeLike(text)}%`)} escape '\\'`;
    case 'sw':
      return `${lhs} like ${rhs(`${escapeLike(text)}%`)} escape '\\'`;
    case 'ew':
      return `${lhs} like ${rhs(`%${escapeLike(text)}`)} escape '\\'`;
    default:
      return ordered(lhs, op, rhs(text));
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function stringValue(name: string, value: FilterValue): string {
  if (typeof value === 'string') return value;
  // Numbers are accepted for string attributes (`employeeNumber eq 7`): their JSON text is the only reading.
  if (typeof value === 'number') return String(value);
  throw invalidFilter(`"${name}" is a string: compare it with a "double-quoted" value, not ${JSON.stringify(value)}.`);
}

function compareConstant(name: string, attribute: ConstantAttribute, op: CompareOperator | 'pr', value: FilterValue | undefined): boolean {
  if (op === 'pr') return true;
  if (value === undefined) throw invalidFilter(`"${name} ${op}" needs a value.`);
  if (value === null) {
    if (op === 'eq' || op === 'ne') return op === 'ne';
    throw invalidFilter(`"${name} ${op} null" is not a valid comparison: null only goes with eq and ne.`);
  }
  const fold = (s: string) => (attribute.caseExact ? s : s.toLowerCase());
  const actual = fold(attribute.value);
  const expected = fold(stringValue(name, value));
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// RFC 7643 §2.3.5: xsd:dateTime. A missing offset is taken as UTC by PostgreSQL's session (MikroORM forces UTC).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))?$/i;

/** A real calendar instant, not merely the right shape: PostgreSQL would reject 2024-02-30 with an error. */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (m[9] !== undefined && (Number(m[9]) > 15 || Number(m[10]) > 59)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------------------------------
// Sorting

function invalidSort(detail: string): ScimProtocolError {
  return new ScimProtocolError(400, 'invalidValue' satisfies ScimType, detail);
}

/**
 * The SQL expression to `order by` for a sortBy attribute (RFC 7644 §3.4.2.3), compared the way a filter compares
 * it: a case-insensitive string by its lower-cased (or key) form. A multi-valued attribute sorts by its primary
 * value, else its first (a scalar subquery). An unknown attribute is 400 invalidValue rather than silently
 * ignored: an IdP that asked for an order should not page through another one. Nulls: PostgreSQL puts them last
 * ascending and first descending, as §3.4.2.3 asks.
 */
export function resolveSortColumn(sortBy: string, attributes: FilterAttributeMap): string {
  if (typeof sortBy !== 'string' || sortBy.trim() === '') throw invalidSort('sortBy is empty.');
  const resolved = resolvePath(sortBy.trim(), attributes, (detail) => invalidSort(`Cannot sort: ${detail}`));
  const { attribute } = resolved;
  switch (attribute.kind) {
    case 'column':
    case 'constant':
      return sortExpression(attribute);
    case 'complex':
      if (!resolved.sub) throw invalidSort(`Cannot sort by "${sortBy}": it is complex; name a sub-attribute, e.g. "${sortBy}.${Object.keys(attribute.subAttributes)[0]}".`);
      return sortExpression(resolved.sub.attribute);
    case 'childTable':
    case 'jsonArray': {
      const sub = resolved.sub ?? defaultSub(attribute, sortBy);
      const value = sortExpression(sub.attribute);
      if (attribute.kind === 'childTable') {
        if (!attribute.sortOrder) throw invalidSort(`Cannot sort by "${sortBy}".`);
        return `(select ${value} from ${attribute.table} ${attribute.alias} where ${attribute.join} order by ${attribute.sortOrder} limit 1)`;
      }
      const primary = attribute.primarySubAttribute ? subAttributesOf(attribute)?.get(attribute.primarySubAttribute.toLowerCase()) : undefined;
      const order = [primary?.attribute.kind === 'column' ? `coalesce(${primary.attribute.column}, false) desc` : undefined, `${attribute.alias}.n`].filter(Boolean);
      return `(select ${value} from ${jsonElementsFrom(attribute)} order by ${order.join(', ')} limit 1)`;
    }
  }
}

function sortExpression(attribute: SubAttribute): string {
  if (attribute.kind === 'constant') {
    if (!/^[\w ]*$/.test(attribute.value)) throw new Error(`Attribute map: constant ${attribute.value} cannot be sorted by`);
    return `'${attribute.value}'`;
  }
  if (attribute.normalize || attribute.caseExact || attribute.type !== 'string') return attribute.column;
  return `lower(${attribute.column})`;
}
