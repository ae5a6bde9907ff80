import {
  attributePathLabel,
  filterEqualities,
  findSubAttribute,
  matchesValueFilter,
  userResourceSchemas,
  type AttributePath,
  type ResourceSchemas,
} from '../protocol/attribute-path';
import { expandPatchOperations, isJsonObject, type PatchOperation, type TargetedPatchOperation } from '../protocol/patch';
import type { AttributeDefinition } from '../protocol/schema-definitions';
import { ScimProtocolError } from '../protocol/scim-error';
import { URN } from '../protocol/urns';

/** One value of a multi-valued complex attribute (`emails`, `phoneNumbers`, `groups`), RFC 7643 §2.4. */
export interface ScimMultiValue {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  $ref?: string;
}

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

export interface ScimManager {
  value?: string;
  $ref?: string;
  displayName?: string;
}

export interface ScimEnterpriseUser {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: ScimManager;
}

export interface ScimLicenseUser {
  licenseType?: string;
}

export interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

/**
 * A User resource as SCIM JSON (RFC 7643 §4.1): core attributes at top level, each extension under its URN.
 * An attribute without a value is absent (never null, never an empty array or object).
 */
export interface ScimUserJson {
  schemas?: string[];
  id?: string;
  externalId?: string;
  meta?: ScimMeta;
  userName?: string;
  name?: ScimName;
  displayName?: string;
  nickName?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  emails?: ScimMultiValue[];
  phoneNumbers?: ScimMultiValue[];
  groups?: ScimMultiValue[];
  [URN.enterpriseUser]?: ScimEnterpriseUser;
  [URN.licenseUser]?: ScimLicenseUser;
}

/** The outcome of applying a PATCH to a resource document. */
export interface PatchApplication<T> {
  /** A new document; the input is never mutated. */
  readonly resource: T;
  /** Labels (`active`, `name`, `urn:…:enterprise:2.0:User:manager`) of the attributes whose value differs from the input. */
  readonly changed: string[];
  /** Keys of pathless values and sub-attributes of values that Roster does not support, ignored rather than rejected. */
  readonly ignored: string[];
}

type JsonObject = Record<string, unknown>;

const invalidValue = (detail: string) => new ScimProtocolError(400, 'invalidValue', detail);

/**
 * Applies PATCH operations to a User document, in memory and in order, and returns the new document (RFC 7644 §3.5.2,
 * with the IdP quirks of IDP-TRAFFIC.md). Throws ScimProtocolError (400) when an operation cannot apply; as the input is
 * untouched, a failure leaves nothing half-applied. The caller validates and saves the result like a PUT.
 */
export function applyUserPatch(resource: ScimUserJson, operations: readonly PatchOperation[]): ScimUserJson {
  return applyUserPatchWithReport(resource, operations).resource;
}

/** `applyUserPatch`, also reporting which attributes changed and which were ignored. */
export function applyUserPatchWithReport(resource: ScimUserJson, operations: readonly PatchOperation[]): PatchApplication<ScimUserJson> {
  const result = applyPatchToJson(resource as unknown as JsonObject, operations, userResourceSchemas);
  return { ...result, resource: result.resource as unknown as ScimUserJson };
}

/**
 * Applies PATCH operations to any resource document described by `schemas` (a Group without its members, say).
 * Rules where the RFC is silent or IdPs depart from it:
 * - add on a multi-valued attribute appends; a value whose `value` (and `type`, when both have one) equals an existing
 *   one is merged into it instead, so exact duplicates change nothing; a value added or set with `primary: true`
 *   clears `primary` on the others; more than one primary value is `invalidValue` (RFC 7643 §2.4).
 * - add on a single-valued attribute sets it (Entra sends `Add` for a change). add or replace on a complex attribute
 *   merges sub-attributes (RFC 7644 §3.5.2.1/3), except for an attribute that refers to another resource through
 *   `value` (`manager`), which is set whole so no stale `$ref`/`displayName` survives a change of `value`.
 * - A filtered add/replace matching no value creates one from the filter's `eq` conditions plus the value (Entra's
 *   `emails[type eq "work"].value` on a user without a work email); a filter that is not `eq`s joined by `and` then
 *   fails with `noTarget`. A filtered remove matching nothing succeeds; remove of an absent attribute succeeds.
 * - remove on a multi-valued attribute with a `value` removes only the listed values, matched on `value` (Entra).
 * - null, `""`, `[]` and `{}` clear the target (RFC 7643 §2.5), except an add of null to a multi-valued attribute,
 *   which adds nothing.
 * - Values are coerced to the schema: `"True"`/`"false"` (any case) to booleans, finite numbers to strings for string
 *   attributes, a bare string to `{value}` for `manager` and for elements of complex multi-valued attributes, a
 *   one-element array to its element for a single-valued attribute, a single value to an array for a multi-valued
 *   one, sub-attribute names and canonical values (`"Work"` → `"work"`) to the schema's spelling. Anything else of the
 *   wrong shape is `invalidValue` naming the attribute.
 * - Read-only sub-attributes inside values (`manager.displayName`) are dropped; unknown sub-attributes are ignored
 *   and reported, except `displayName` on a value that has `display` (Microsoft's validator sends it for `members`).
 */
export function applyPatchToJson(resource: JsonObject, operations: readonly PatchOperation[], schemas: ResourceSchemas): PatchApplication<JsonObject> {
  const expanded = expandPatchOperations(operations, schemas);
  const ignored = [...expanded.ignored];
  const doc = structuredClone(resource);
  for (const operation of expanded.operations) applyOperation(doc, operation, ignored);
  syncExtensions(doc, schemas);
  return { resource: doc, changed: changedAttributes(resource, doc, schemas), ignored: [...new Set(ignored)] };
}

// ---------------------------------------------------------------------------------------------------------------
// Value normalization against the schema

function label(path: AttributePath): string {
  return attributePathLabel(path);
}

function isReferenceLike(definition: AttributeDefinition): boolean {
  return definition.type === 'complex' && !definition.multiValued && findSubAttribute(definition, 'value') !== undefined;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0);
}

/** A simple (non-complex) value in the type the schema says; null means "no value". */
function normalizeSimple(definition: AttributeDefinition, value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1) return normalizeSimple(definition, value[0], name);
    throw invalidValue(`Attribute "${name}" is single-valued; got ${value.length} values`);
  }
  if (value === null || value === undefined) return null;
  switch (definition.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const lower = value.trim().toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
      }
      throw invalidValue(`Attribute "${name}" must be a boolean; got ${JSON.stringify(value)}`);
    }
    case 'integer':
    case 'decimal': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number) && (definition.type === 'decimal' || Number.isInteger(number))) return number;
      throw invalidValue(`Attribute "${name}" must be ${definition.type === 'integer' ? 'an integer' : 'a number'}; got ${JSON.stringify(value)}`);
    }
    case 'complex':
      throw invalidValue(`Attribute "${name}" is complex`);
    default: {
      let text: string;
      if (typeof value === 'string') text = value;
      else if (definition.type === 'string' && typeof value === 'number' && Number.isFinite(value)) text = String(value);
      else throw invalidValue(`Attribute "${name}" must be a string; got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : JSON.stringify(value)}`);
      if (text === '') return null;
      if (definition.type === 'dateTime' && Number.isNaN(Date.parse(text))) throw invalidValue(`Attribute "${name}" must be a dateTime; got ${JSON.stringify(text)}`);
      if (definition.canonicalValues && !definition.caseExact) {
        const canonical = definition.canonicalValues.find((c) => c.toLowerCase() === text.toLowerCase());
        if (canonical) return canonical;
      }
      return text;
    }
  }
}

/**
 * One complex value with its sub-attributes normalized; a sub-attribute set to null stays null (it clears that
 * sub-attribute in a merge). Returns null for "no value".
 */
function normalizeComplex(definition: AttributeDefinition, value: unknown, name: string, ignored: string[]): JsonObject | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1) return normalizeComplex(definition, value[0], name, ignored);
    throw invalidValue(`Attribute "${name}" is single-valued; got ${value.length} values`);
  }
  const valueDefinition = findSubAttribute(definition, 'value');
  if (!isJsonObject(value)) {
    if (valueDefinition && (typeof value === 'string' || typeof value === 'number')) {
      const simple = normalizeSimple(valueDefinition, value, `${name}.value`);
      return simple === null ? null : { value: simple };
    }
    throw invalidValue(`Attribute "${name}" must be an object; got ${JSON.stringify(value)}`);
  }
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    let sub = findSubAttribute(definition, key);
    if (!sub && key.toLowerCase() === 'displayname') sub = findSubAttribute(definition, 'display');
    if (!sub) {
      ignored.push(`${name}.${key}`);
      continue;
    }
    if (sub.mutability === 'readOnly' || sub.mutability === 'writeOnly') continue;
    if (sub.name in result && key !== sub.name) continue; // `display` wins over its `displayName` alias
    result[sub.name] = sub.type === 'complex' ? normalizeComplex(sub, item, `${name}.${sub.name}`, ignored) : normalizeSimple(sub, item, `${name}.${sub.name}`);
  }
  // A reference without its `value` refers to nothing.
  if (isReferenceLike(definition) && 'value' in result && result['value'] === null) return null;
  return result;
}

function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

/** One element of a multi-valued attribute, without null sub-attributes; null when nothing is left. */
function normalizeElement(definition: AttributeDefinition, value: unknown, name: string, ignored: string[]): unknown {
  if (definition.type !== 'complex') return normalizeSimple(definition, value, name);
  if (Array.isArray(value)) throw invalidValue(`Each value of attribute "${name}" must be an object; got an array`);
  const object = normalizeComplex(definition, value, name, ignored);
  if (!object) return null;
  const clean = withoutNulls(object);
  return Object.keys(clean).length === 0 ? null : clean;
}

/** The values of a multi-valued attribute; null for "no value". A single value is read as a one-element array. */
function normalizeMulti(definition: AttributeDefinition, value: unknown, name: string, ignored: string[]): unknown[] | null {
  if (value === null || value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  const elements = list.map((item) => normalizeElement(definition, item, name, ignored)).filter((item) => item !== null);
  return elements.length === 0 ? null : elements;
}

function normalizeSingleValued(definition: AttributeDefinition, value: unknown, name: string, ignored: string[]): unknown {
  return definition.type === 'complex' ? normalizeComplex(definition, value, name, ignored) : normalizeSimple(definition, value, name);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and writing the document

function findKey(object: JsonObject, name: string): string | undefined {
  if (name in object) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

function read(object: JsonObject, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** Writes `value` under the canonical `name`; an empty value removes the attribute (RFC 7643 §2.5). */
function write(object: JsonObject, name: string, value: unknown): void {
  const key = findKey(object, name);
  if (key !== undefined) delete object[key];
  if (!isEmpty(value)) object[name] = value;
}

function container(doc: JsonObject, path: AttributePath, create: boolean): JsonObject | undefined {
  if (path.container === null) return doc;
  const existing = read(doc, path.container);
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const fresh: JsonObject = {};
  write(doc, path.container, undefined);
  doc[path.container] = fresh;
  return fresh;
}

function currentArray(object: JsonObject, name: string): unknown[] {
  const value = read(object, name);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function currentObject(object: JsonObject, name: string): JsonObject {
  const value = read(object, name);
  return isJsonObject(value) ? { ...value } : {};
}

function equalStrings(definition: AttributeDefinition | undefined, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && definition && !definition.caseExact) return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Whether two values of a multi-valued attribute denote the same thing: same `value`, and same `type` when both say. */
function sameElement(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  const valueDefinition = findSubAttribute(definition, 'value');
  if (valueDefinition && isJsonObject(a) && isJsonObject(b) && a['value'] !== undefined && b['value'] !== undefined) {
    if (!equalStrings(valueDefinition, a['value'], b['value'])) return false;
    const typeDefinition = findSubAttribute(definition, 'type');
    return a['type'] === undefined || b['type'] === undefined || equalStrings(typeDefinition, a['type'], b['type']);
  }
  return deepEqual(a, b);
}

function isPrimary(element: unknown): boolean {
  return isJsonObject(element) && element['primary'] === true;
}

/** RFC 7643 §2.4: at most one value is primary; the newly set one wins over the others. */
function clearOtherPrimaries(elements: unknown[], keep: ReadonlySet<unknown>): void {
  elements.forEach((element, index) => {
    if (!keep.has(element) && isJsonObject(element) && element['primary'] === true) elements[index] = { ...element, primary: false };
  });
}

function checkOnePrimary(elements: readonly unknown[], name: string): void {
  if (elements.filter(isPrimary).length > 1) throw invalidValue(`At most one value of attribute "${name}" may be primary`);
}

function mergeInto(target: JsonObject, values: JsonObject): JsonObject {
  const result = { ...target };
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Operations

function applyOperation(doc: JsonObject, operation: TargetedPatchOperation, ignored: string[]): void {
  const { path } = operation;
  if (operation.op === 'remove') {
    const holder = container(doc, path, false);
    if (holder) remove(holder, path, operation.value, ignored);
    return;
  }
  const holder = container(doc, path, true) as JsonObject;
  if (path.filter) setFiltered(holder, path, operation.op, operation.value, ignored);
  else if (path.subAttribute) setSubAttribute(holder, path, operation.value, ignored);
  else setAttribute(holder, path, operation.op, operation.value, ignored);
}

function setAttribute(holder: JsonObject, path: AttributePath, op: 'add' | 'replace', value: unknown, ignored: string[]): void {
  const { definition } = path;
  const name = label(path);
  if (definition.multiValued) {
    const values = normalizeMulti(definition, value, name, ignored);
    if (values) checkOnePrimary(values, name);
    if (op === 'replace') {
      write(holder, definition.name, values);
      return;
    }
    if (!values) return;
    const elements = currentArray(holder, definition.name);
    for (const added of values) {
      const index = elements.findIndex((element) => sameElement(definition, element, added));
      const merged = index === -1 ? added : isJsonObject(elements[index]) && isJsonObject(added) ? mergeInto(elements[index] as JsonObject, added) : added;
      if (index === -1) elements.push(merged);
      else elements[index] = merged;
      if (isPrimary(added)) clearOtherPrimaries(elements, new Set([merged]));
    }
    write(holder, definition.name, elements);
    return;
  }
  const normalized = normalizeSingleValued(definition, value, name, ignored);
  if (definition.type !== 'complex' || normalized === null) {
    write(holder, definition.name, normalized);
    return;
  }
  const values = normalized as JsonObject;
  write(holder, definition.name, isReferenceLike(definition) ? withoutNulls(values) : mergeInto(currentObject(holder, definition.name), values));
}

function setSubAttribute(holder: JsonObject, path: AttributePath, value: unknown, ignored: string[]): void {
  const { definition } = path;
  const sub = path.subDefinition as AttributeDefinition;
  const name = label(path);
  const normalized = normalizeSingleValued(sub, value, name, ignored);
  if (definition.multiValued) {
    // No filter: the sub-attribute of every value (RFC 7644 §3.5.2.3), or a new value when there is none.
    const elements = currentArray(holder, definition.name);
    if (elements.length === 0) {
      if (normalized !== null) write(holder, definition.name, [{ [sub.name]: normalized }]);
      return;
    }
    const updated = elements.map((element) => withoutNulls(mergeInto(isJsonObject(element) ? element : {}, { [sub.name]: normalized })));
    checkOnePrimary(updated, label({ ...path, subAttribute: null }));
    write(holder, definition.name, updated.filter((e) => !isEmpty(e)));
    return;
  }
  const current = currentObject(holder, definition.name);
  if (isReferenceLike(definition) && sub.name === 'value') {
    // A new referent makes the old `$ref` and `displayName` wrong: keep them only when `value` is unchanged.
    if (normalized === null) write(holder, definition.name, undefined);
    else if (!equalStrings(sub, current['value'], normalized)) write(holder, definition.name, { value: normalized });
    return;
  }
  write(holder, definition.name, mergeInto(current, { [sub.name]: normalized }));
}

function setFiltered(holder: JsonObject, path: AttributePath, op: 'add' | 'replace', value: unknown, ignored: string[]): void {
  const { definition } = path;
  const filter = path.filter!;
  const name = label({ ...path, subAttribute: null });
  const sub = path.subDefinition;
  const elements = currentArray(holder, definition.name);
  const matched = new Set(elements.filter((element) => matchesValueFilter(element, filter)));
  const newValue = sub ? normalizeSingleValued(sub, value, label(path), ignored) : normalizeElement(definition, value, name, ignored);

  if (matched.size === 0) {
    const equalities = filterEqualities(filter);
    if (!equalities)
      throw new ScimProtocolError(400, 'noTarget', `No value of attribute "${name}" matches the filter of path "${path.raw}", and it does not say which value to create`);
    if (newValue === null) return;
    let created: unknown;
    if (definition.type !== 'complex') created = newValue;
    else {
      const seed = (normalizeElement(definition, equalities, name, ignored) ?? {}) as JsonObject;
      created = sub ? { ...seed, [sub.name]: newValue } : { ...seed, ...(newValue as JsonObject) };
    }
    elements.push(created);
    if (isPrimary(created)) clearOtherPrimaries(elements, new Set([created]));
    checkOnePrimary(elements, name);
    write(holder, definition.name, elements);
    return;
  }

  const seed = (definition.type === 'complex' ? normalizeElement(definition, filterEqualities(filter) ?? {}, name, ignored) : null) as JsonObject | null;
  const updated = new Set<unknown>();
  const result: unknown[] = [];
  for (const element of elements) {
    if (!matched.has(element)) {
      result.push(element);
      continue;
    }
    let next: unknown;
    if (sub) next = withoutNulls(mergeInto(isJsonObject(element) ? element : {}, { [sub.name]: newValue }));
    else if (newValue === null) next = op === 'replace' ? null : element;
    else if (op === 'replace') next = definition.type === 'complex' ? { ...(seed ?? {}), ...(newValue as JsonObject) } : newValue;
    else next = isJsonObject(element) && isJsonObject(newValue) ? mergeInto(element, newValue) : newValue;
    if (next === null || isEmpty(next)) continue;
    result.push(next);
    updated.add(next);
  }
  if ([...updated].some(isPrimary)) clearOtherPrimaries(result, updated);
  checkOnePrimary(result, name);
  write(holder, definition.name, result);
}

function remove(holder: JsonObject, path: AttributePath, value: unknown, ignored: string[]): void {
  const { definition } = path;
  const sub = path.subDefinition;
  if (definition.multiValued) {
    const elements = currentArray(holder, definition.name);
    const targeted = (element: unknown) => !path.filter || matchesValueFilter(element, path.filter);
    if (sub) {
      write(
        holder,
        definition.name,
        elements.map((element) => (targeted(element) && isJsonObject(element) ? withoutNulls({ ...element, [sub.name]: null }) : element)).filter((e) => !isEmpty(e)),
      );
      return;
    }
    if (path.filter) {
      write(holder, definition.name, elements.filter((element) => !targeted(element)));
      return;
    }
    if (value !== undefined && value !== null) {
      // Entra: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes only the listed values.
      const listed = removalValues(definition, value, label(path), ignored);
      write(holder, definition.name, elements.filter((element) => !listed.some((l) => sameValue(definition, element, l))));
      return;
    }
    write(holder, definition.name, undefined);
    return;
  }
  if (sub) {
    if (isReferenceLike(definition) && sub.name === 'value') write(holder, definition.name, undefined);
    else write(holder, definition.name, mergeInto(currentObject(holder, definition.name), { [sub.name]: null }));
    return;
  }
  write(holder, definition.name, undefined);
}

function removalValues(definition: AttributeDefinition, value: unknown, name: string, ignored: string[]): unknown[] {
  const list = normalizeMulti(definition, value, name, ignored) ?? [];
  const hasValue = findSubAttribute(definition, 'value') !== undefined;
  if (hasValue && list.some((item) => !isJsonObject(item) || item['value'] === undefined))
    throw invalidValue(`Each value to remove from attribute "${name}" needs a "value"`);
  return list;
}

function sameValue(definition: AttributeDefinition, element: unknown, listed: unknown): boolean {
  const valueDefinition = findSubAttribute(definition, 'value');
  if (valueDefinition && isJsonObject(element) && isJsonObject(listed)) return equalStrings(valueDefinition, element['value'], listed['value']);
  return deepEqual(element, listed);
}

// ---------------------------------------------------------------------------------------------------------------
// Document bookkeeping

/** Drops emptied extension objects and keeps `schemas` (when the document has it) listing exactly the extensions present. */
function syncExtensions(doc: JsonObject, schemas: ResourceSchemas): void {
  for (const extension of schemas.extensions) {
    const key = findKey(doc, extension.id);
    if (key === undefined) continue;
    const value = doc[key];
    delete doc[key];
    if (!isEmpty(value)) doc[extension.id] = value;
  }
  const list = doc['schemas'];
  if (!Array.isArray(list)) return;
  const present = new Set(schemas.extensions.filter((e) => e.id in doc).map((e) => e.id.toLowerCase()));
  const extensionIds = new Set(schemas.extensions.map((e) => e.id.toLowerCase()));
  const kept = list.filter((s) => typeof s !== 'string' || !extensionIds.has(s.toLowerCase()) || present.has(s.toLowerCase()));
  for (const extension of schemas.extensions)
    if (present.has(extension.id.toLowerCase()) && !kept.some((s) => typeof s === 'string' && s.toLowerCase() === extension.id.toLowerCase())) kept.push(extension.id);
  doc['schemas'] = kept;
}

function changedAttributes(before: JsonObject, after: JsonObject, schemas: ResourceSchemas): string[] {
  const extensionIds = new Set(schemas.extensions.map((e) => e.id));
  const changed: string[] = [];
  const compare = (a: JsonObject, b: JsonObject, prefix: string | null) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (prefix === null && (key === 'schemas' || extensionIds.has(key))) continue;
      if (!deepEqual(a[key], b[key])) changed.push(prefix ? `${prefix}:${key}` : key);
    }
  };
  compare(before, after, null);
  for (const id of extensionIds) {
    const a = before[id];
    const b = after[id];
    compare(isJsonObject(a) ? a : {}, isJsonObject(b) ? b : {}, id);
  }
  return changed;
}
