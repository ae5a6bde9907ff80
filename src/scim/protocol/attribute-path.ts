import {
  commonAttributes,
  enterpriseUserSchema,
  groupSchema,
  licenseUserSchema,
  userSchema,
  type AttributeDefinition,
  type SchemaDefinition,
} from './schema-definitions';
import { parseFilter, type CompareOperator, type FilterValue, type ScimFilter } from './filter';
import { ScimProtocolError } from './scim-error';

/** The schemas one resource type is made of: its core schema (plus RFC 7643 §3.1 common attributes) and its extensions. */
export interface ResourceSchemas {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
}

export const userResourceSchemas: ResourceSchemas = { core: userSchema, extensions: [enterpriseUserSchema, licenseUserSchema] };
export const groupResourceSchemas: ResourceSchemas = { core: groupSchema, extensions: [] };

export type { CompareOperator } from './filter';
export type CompareValue = FilterValue;

/**
 * A value-selection filter (the part in brackets of `emails[type eq "work"]`), with attribute names resolved to the
 * sub-attributes of the multi-valued attribute it selects from. `attribute` is `null` for a multi-valued attribute
 * without sub-attributes, whose filter compares the element itself through `value` (RFC 7644 §3.5.2).
 */
export type ValueFilter =
  | { readonly op: 'and' | 'or'; readonly filters: readonly ValueFilter[] }
  | { readonly op: 'not'; readonly filter: ValueFilter }
  | { readonly op: 'pr'; readonly attribute: string | null; readonly definition: AttributeDefinition }
  | { readonly op: CompareOperator; readonly attribute: string | null; readonly definition: AttributeDefinition; readonly value: CompareValue };

/** A parsed PATCH `path` (RFC 7644 §3.5.2, Figure 1), every name in the schema's own spelling. */
export interface AttributePath {
  /** The path as the client sent it. */
  readonly raw: string;
  /** URN of the schema that defines the attribute (the core schema's for common attributes such as `externalId`). */
  readonly schema: string;
  /** Key of the object that holds the attribute in the resource JSON: `null` at top level, else the extension URN. */
  readonly container: string | null;
  /** Canonical attribute name, e.g. `emails`, `manager`. */
  readonly attribute: string;
  readonly definition: AttributeDefinition;
  /** The bracket filter of a value path, or null. */
  readonly filter: ValueFilter | null;
  /** Canonical sub-attribute name (`givenName` in `name.givenName`, `value` in `emails[…].value`), or null. */
  readonly subAttribute: string | null;
  readonly subDefinition: AttributeDefinition | null;
}

/** Why a path names nothing Roster knows: callers that ignore unknown attributes (pathless values) need to tell this apart. */
export class UnknownAttributeError extends ScimProtocolError {
  constructor(readonly path: string, detail: string) {
    super(400, 'invalidPath', detail);
    this.name = 'UnknownAttributeError';
  }
}

const ATTR_NAME = /^[A-Za-z$][\w$-]*$/;

const invalidPath = (detail: string) => new ScimProtocolError(400, 'invalidPath', detail);
const invalidFilter = (detail: string) => new ScimProtocolError(400, 'invalidFilter', detail);

function findAttribute(attributes: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === lower);
}

/** Finds a sub-attribute of a complex attribute by name, ignoring case (RFC 7643 §2.1). */
export function findSubAttribute(definition: AttributeDefinition, name: string): AttributeDefinition | undefined {
  return findAttribute(definition.subAttributes ?? [], name);
}

/** All schemas of a resource type, core first. */
export function schemasOf(schemas: ResourceSchemas): SchemaDefinition[] {
  return [schemas.core, ...schemas.extensions];
}

/** The known schema whose URN is `urn` (ignoring case), or undefined. */
export function findSchema(schemas: ResourceSchemas, urn: string): SchemaDefinition | undefined {
  const lower = urn.toLowerCase();
  return schemasOf(schemas).find((s) => s.id.toLowerCase() === lower);
}

interface Resolved {
  schema: SchemaDefinition;
  definition: AttributeDefinition;
}

function resolveAttribute(schemas: ResourceSchemas, schema: SchemaDefinition | null, name: string): Resolved | undefined {
  if (schema) {
    const own = findAttribute(schema.attributes, name);
    if (own) return { schema, definition: own };
    const common = schema === schemas.core ? findAttribute(commonAttributes, name) : undefined;
    return common ? { schema, definition: common } : undefined;
  }
  // RFC 7644 §3.10 makes the core schema the default; IdPs also send extension attributes unqualified
  // (Entra: `"path":"manager"`), so fall back to the extensions when the name is unambiguous.
  const core = resolveAttribute(schemas, schemas.core, name);
  if (core) return core;
  const matches = schemas.extensions.flatMap((s) => {
    const definition = findAttribute(s.attributes, name);
    return definition ? [{ schema: s, definition }] : [];
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** Splits `urn:…:User:name.givenName` into its schema and the attribute part; a plain name has no schema. */
function splitSchemaPrefix(schemas: ResourceSchemas, path: string): { schema: SchemaDefinition | null; rest: string } {
  if (!/^urn:/i.test(path)) return { schema: null, rest: path };
  const lower = path.toLowerCase();
  const schema = schemasOf(schemas)
    .filter((s) => lower.startsWith(`${s.id.toLowerCase()}:`))
    .sort((a, b) => b.id.length - a.id.length)[0];
  if (!schema) {
    if (findSchema(schemas, path)) throw invalidPath(`Path "${path}" names a schema, not an attribute`);
    throw new UnknownAttributeError(path, `Path "${path}" is in a schema this resource does not have`);
  }
  return { schema, rest: path.slice(schema.id.length + 1) };
}

/** Index of the `]` closing the bracket opened at `open`, skipping quoted strings of the filter. */
function closingBracket(text: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ']') return i;
    else if (c === '[') throw invalidFilter(`Nested value filters are not supported in "${text}"`);
  }
  return -1;
}

/**
 * Parses a PATCH `path`: `attr`, `attr.subAttr`, either with a schema URN prefix, or a value path `attr[filter]`
 * optionally followed by `.subAttr` (RFC 7644 §3.5.2, Figure 1). Names are matched ignoring case and returned in the
 * schema's spelling. Throws ScimProtocolError: `invalidPath` for a malformed path or an unknown attribute
 * (UnknownAttributeError), `invalidFilter` for a bracket filter that does not parse or names an unknown sub-attribute
 * (RFC 7644 §3.12 lists invalidFilter for PATCH path filters).
 */
export function parseAttributePath(path: string, schemas: ResourceSchemas): AttributePath {
  const raw = path;
  const text = path.trim();
  if (text === '') throw invalidPath('Path is empty');
  const { schema, rest } = splitSchemaPrefix(schemas, text);

  let name = rest;
  let filterText: string | null = null;
  let subName: string | null = null;
  const bracket = rest.indexOf('[');
  const dot = rest.indexOf('.');
  if (bracket !== -1 && (dot === -1 || bracket < dot)) {
    const close = closingBracket(rest, bracket);
    if (close === -1) throw invalidPath(`Path "${raw}" has an unclosed "["`);
    name = rest.slice(0, bracket);
    filterText = rest.slice(bracket + 1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith('.')) throw invalidPath(`Path "${raw}" has unexpected text after "]"`);
      subName = after.slice(1);
    }
  } else if (dot !== -1) {
    name = rest.slice(0, dot);
    subName = rest.slice(dot + 1);
  }
  if (!ATTR_NAME.test(name)) throw invalidPath(`Path "${raw}" is malformed`);
  if (subName !== null && !ATTR_NAME.test(subName)) throw invalidPath(`Path "${raw}" is malformed`);

  const resolved = resolveAttribute(schemas, schema, name);
  if (!resolved) throw new UnknownAttributeError(raw, `Attribute "${name}" in path "${raw}" is not supported`);
  const { definition } = resolved;
  const isCore = resolved.schema === schemas.core;

  let subDefinition: AttributeDefinition | null = null;
  if (subName !== null) {
    if (definition.type !== 'complex') throw invalidPath(`Attribute "${definition.name}" in path "${raw}" has no sub-attributes`);
    subDefinition = findSubAttribute(definition, subName) ?? null;
    if (!subDefinition) throw new UnknownAttributeError(raw, `Attribute "${definition.name}" has no sub-attribute "${subName}" (path "${raw}")`);
  }

  let filter: ValueFilter | null = null;
  if (filterText !== null) {
    if (!definition.multiValued) throw invalidPath(`Attribute "${definition.name}" in path "${raw}" is single-valued and cannot take a filter`);
    filter = parseValueFilter(filterText, definition);
  }

  return {
    raw,
    schema: resolved.schema.id,
    container: isCore ? null : resolved.schema.id,
    attribute: definition.name,
    definition,
    filter,
    subAttribute: subDefinition?.name ?? null,
    subDefinition,
  };
}

/** A short, canonical name for messages and change reports: `emails`, `name.givenName`, `urn:…:User:manager`. */
export function attributePathLabel(path: Pick<AttributePath, 'container' | 'attribute' | 'subAttribute'>): string {
  const base = path.container ? `${path.container}:${path.attribute}` : path.attribute;
  return path.subAttribute ? `${base}.${path.subAttribute}` : base;
}

/**
 * Parses the text inside the brackets of a value path against the sub-attributes of `definition`, with the same
 * parser as GET filters (RFC 7644 §3.4.2.2 grammar); a syntax error is `400 invalidFilter`.
 */
export function parseValueFilter(text: string, definition: AttributeDefinition): ValueFilter {
  const ast = parseFilter(text);
  return convertFilter(ast, definition, text);
}

function convertFilter(node: ScimFilter, definition: AttributeDefinition, text: string): ValueFilter {
  switch (node.op) {
    case 'and':
    case 'or':
      return { op: node.op, filters: node.filters.map((f) => convertFilter(f, definition, text)) };
    case 'not':
      return { op: 'not', filter: convertFilter(node.filter, definition, text) };
    case '[]':
      throw invalidFilter(`Nested value filters are not supported in "${text}"`);
    case 'pr':
      return { op: 'pr', ...filterAttribute(node.attrPath, definition, text) };
    default:
      return { op: node.op, ...filterAttribute(node.attrPath, definition, text), value: node.compValue };
  }
}

function filterAttribute(attrPath: string, definition: AttributeDefinition, text: string): { attribute: string | null; definition: AttributeDefinition } {
  let name = attrPath;
  // Tolerate a redundant prefix: `emails[emails.type eq "work"]`.
  const prefix = `${definition.name.toLowerCase()}.`;
  if (name.toLowerCase().startsWith(prefix)) name = name.slice(prefix.length);
  if (!definition.subAttributes) {
    if (name.toLowerCase() === 'value') return { attribute: null, definition };
    throw invalidFilter(`Filter "${text}" may only compare "value" of attribute "${definition.name}"`);
  }
  const sub = findSubAttribute(definition, name);
  if (!sub) throw invalidFilter(`Filter "${text}": attribute "${definition.name}" has no sub-attribute "${attrPath}"`);
  return { attribute: sub.name, definition: sub };
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** A boolean written as a string (`"True"`, Entra) compares as a boolean. */
function coerceOperand(value: CompareValue, definition: AttributeDefinition): CompareValue {
  if (definition.type === 'boolean' && typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return value;
}

function compare(op: CompareOperator, actual: unknown, expected: CompareValue, definition: AttributeDefinition): boolean {
  const operand = coerceOperand(expected, definition);
  const current = coerceOperand(actual as CompareValue, definition);
  if (current === undefined || current === null) return op === 'ne' ? operand !== null : op === 'eq' && operand === null;
  if (typeof current === 'string' && typeof operand === 'string') {
    if (definition.type === 'dateTime' && !['co', 'sw', 'ew'].includes(op)) {
      const a = Date.parse(current);
      const b = Date.parse(operand);
      if (!Number.isNaN(a) && !Number.isNaN(b)) return compareOrdered(op, a, b);
    }
    const a = definition.caseExact ? current : current.toLowerCase();
    const b = definition.caseExact ? operand : operand.toLowerCase();
    if (op === 'co') return a.includes(b);
    if (op === 'sw') return a.startsWith(b);
    if (op === 'ew') return a.endsWith(b);
    return compareOrdered(op, a, b);
  }
  if (typeof current === 'number' && typeof operand === 'number') return compareOrdered(op, current, operand);
  if (typeof current === 'boolean' && typeof operand === 'boolean') {
    if (op === 'eq') return current === operand;
    if (op === 'ne') return current !== operand;
    return false;
  }
  return op === 'ne';
}

function compareOrdered<T extends string | number>(op: CompareOperator, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'lt':
      return a < b;
    case 'ge':
      return a >= b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

/**
 * Evaluates a value filter against one element of a multi-valued attribute, in memory: this is one resource's
 * attribute, never a table. String comparisons ignore case unless the sub-attribute is caseExact (RFC 7644 §3.4.2.2).
 */
export function matchesValueFilter(element: unknown, filter: ValueFilter): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesValueFilter(element, f));
    case 'or':
      return filter.filters.some((f) => matchesValueFilter(element, f));
    case 'not':
      return !matchesValueFilter(element, filter.filter);
    case 'pr':
      return isPresent(readOperand(element, filter.attribute));
    default:
      return compare(filter.op, readOperand(element, filter.attribute), filter.value, filter.definition);
  }
}

function readOperand(element: unknown, attribute: string | null): unknown {
  if (attribute === null) return element;
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
  const lower = attribute.toLowerCase();
  const key = Object.keys(element).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : (element as Record<string, unknown>)[key];
}

/**
 * The sub-attribute values a filter pins with `eq`, when it is an `eq` or an `and` of `eq`s
 * (`type eq "work" and primary eq true` → `{ type: 'work', primary: true }`); null for any other shape.
 * Used to create the element a filtered add/replace targets when none matches, and by Group PATCH to read
 * `members[value eq "id"]` without loading members. Booleans written as strings become booleans.
 */
export function filterEqualities(filter: ValueFilter): Record<string, CompareValue> | null {
  if (filter.op === 'and') {
    const result: Record<string, CompareValue> = {};
    for (const part of filter.filters) {
      const values = filterEqualities(part);
      if (!values) return null;
      for (const [key, value] of Object.entries(values)) {
        if (key in result && result[key] !== value) return null;
        result[key] = value;
      }
    }
    return result;
  }
  if (filter.op === 'eq' && filter.value !== null) {
    return { [filter.attribute ?? 'value']: coerceOperand(filter.value, filter.definition) };
  }
  return null;
}
