import {
  UnknownAttributeError,
  attributePathLabel,
  findSchema,
  parseAttributePath,
  userResourceSchemas,
  type AttributePath,
  type ResourceSchemas,
} from './attribute-path';
import type { AttributeDefinition } from './schema-definitions';
import { ScimProtocolError } from './scim-error';
import { URN } from './urns';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One normalized PATCH operation (RFC 7644 §3.5.2). `path` is null for a pathless add/replace, whose value is an object. */
export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path: AttributePath | null;
  readonly value: unknown;
}

/** An operation on one attribute: what `expandPatchOperations` turns every operation into. */
export interface TargetedPatchOperation extends PatchOperation {
  readonly path: AttributePath;
}

export interface ExpandedPatchOperations {
  readonly operations: TargetedPatchOperation[];
  /** Keys of pathless values that name no attribute Roster supports, ignored rather than rejected. */
  readonly ignored: string[];
}

/**
 * The RFC sets no limit; this one bounds the work of one request. More operations are a `400 invalidValue`
 * (`tooMany` is defined for filters that match too many resources, RFC 7644 §3.12, so it would mislead here).
 */
export const MAX_PATCH_OPERATIONS = 1000;

const syntax = (detail: string) => new ScimProtocolError(400, 'invalidSyntax', detail);

type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Attribute names are case-insensitive (RFC 7643 §2.1), message attributes included: `operations`, `Op`, `Path`. */
function getIgnoringCase(object: JsonObject, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function checkSchemas(schemas: unknown): void {
  if (schemas === undefined) return; // Some clients omit it; the body is unambiguous without it.
  const list = typeof schemas === 'string' ? [schemas] : schemas;
  if (!Array.isArray(list) || !list.some((s) => typeof s === 'string' && s.trim().toLowerCase() === URN.patchOp.toLowerCase()))
    throw syntax(`"schemas" must contain "${URN.patchOp}"`);
}

function isReadOnly(path: AttributePath): boolean {
  return path.definition.mutability === 'readOnly' || path.subDefinition?.mutability === 'readOnly';
}

/** Roster never stores write-only attributes (`password`): operations on them are accepted and dropped. */
function isWriteOnly(path: AttributePath): boolean {
  return path.definition.mutability === 'writeOnly' || path.subDefinition?.mutability === 'writeOnly';
}

/**
 * RFC 7643 §4.1 User attributes Roster does not keep. Entra's default attribute mappings send some of them
 * (`addresses[type eq "work"].formatted`): accepted and dropped like unknown pathless keys, so a default
 * Entra app never fails a PATCH on them.
 */
const UNMODELED_USER_ATTRIBUTES = new Set(['addresses', 'ims', 'photos', 'entitlements', 'roles', 'x509certificates', 'profileurl']);

function isUnmodeledUserAttribute(path: string): boolean {
  const withoutCore = path.trim().toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, '');
  return UNMODELED_USER_ATTRIBUTES.has(withoutCore.split(/[.[]/, 1)[0]!);
}

function withContext(index: number, error: unknown): unknown {
  if (error instanceof ScimProtocolError) return new ScimProtocolError(error.status, error.scimType, `Operations[${index}]: ${error.message}`);
  return error;
}

/**
 * Validates and normalizes a PatchOp request body (RFC 7644 §3.5.2). Lenient where IdPs differ from the RFC:
 * a missing `schemas`, op names in any case (Entra's `Replace`), member names in any case, an empty or null `path`
 * read as no path, an empty `Operations` array (a no-op). A `path` that is a schema URN alone
 * (`urn:…:enterprise:2.0:User`) becomes a pathless operation whose value sits under that URN (add/replace), or one
 * remove per attribute of that extension (remove).
 *
 * `schemas` defaults to the User resource; Group PATCH passes `groupResourceSchemas`.
 * Throws ScimProtocolError (400): invalidSyntax for the envelope and unknown ops, invalidValue for too many
 * operations and a missing value, noTarget for a remove without path, invalidPath/invalidFilter for bad paths,
 * mutability for a path that targets a read-only attribute (`id`, `meta`, `groups`, `manager.displayName`).
 */
export function parsePatchRequest(body: unknown, schemas: ResourceSchemas = userResourceSchemas): PatchOperation[] {
  if (!isJsonObject(body)) throw syntax('A PATCH body must be a JSON object');
  checkSchemas(getIgnoringCase(body, 'schemas'));
  const operations = getIgnoringCase(body, 'Operations');
  if (!Array.isArray(operations)) throw syntax('"Operations" must be an array of operations');
  if (operations.length > MAX_PATCH_OPERATIONS)
    throw new ScimProtocolError(400, 'invalidValue', `A PATCH may hold at most ${MAX_PATCH_OPERATIONS} operations; this one has ${operations.length}`);

  const result: PatchOperation[] = [];
  operations.forEach((operation, index) => {
    try {
      result.push(...parseOperation(operation, schemas));
    } catch (error) {
      throw withContext(index, error);
    }
  });
  return result;
}

function parseOperation(operation: unknown, schemas: ResourceSchemas): PatchOperation[] {
  if (!isJsonObject(operation)) throw syntax('An operation must be a JSON object');
  const rawOp = getIgnoringCase(operation, 'op');
  const op = typeof rawOp === 'string' ? rawOp.trim().toLowerCase() : undefined;
  if (op !== 'add' && op !== 'replace' && op !== 'remove')
    throw syntax(`Unknown operation ${JSON.stringify(rawOp) ?? 'undefined'}: "op" must be "add", "replace" or "remove"`);

  const rawPath = getIgnoringCase(operation, 'path');
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') throw syntax('"path" must be a string');
  const pathText = typeof rawPath === 'string' && rawPath.trim() !== '' ? rawPath : null;
  const value = getIgnoringCase(operation, 'value');
  const hasValue = value !== undefined;

  if (op === 'remove' && pathText === null) throw new ScimProtocolError(400, 'noTarget', 'A remove operation needs a "path"');
  if (op !== 'remove' && !hasValue) throw new ScimProtocolError(400, 'invalidValue', `An ${op} operation needs a "value"`);

  if (pathText === null) {
    if (!isJsonObject(value)) throw new ScimProtocolError(400, 'invalidValue', `An ${op} operation without "path" needs an object "value"`);
    return [{ op, path: null, value }];
  }

  const schema = findSchema(schemas, pathText.trim());
  if (schema) {
    if (op === 'remove') {
      if (schema === schemas.core) throw new ScimProtocolError(400, 'invalidPath', `Path "${pathText}" would remove the whole resource`);
      return schema.attributes
        .filter((a) => a.mutability !== 'readOnly')
        .map((a) => ({ op, path: parseAttributePath(`${schema.id}:${a.name}`, schemas), value: undefined }));
    }
    if (!isJsonObject(value) && !(value === null && schema !== schemas.core))
      throw new ScimProtocolError(400, 'invalidValue', `The value of path "${pathText}" must be an object of its attributes`);
    return [{ op, path: null, value: { [schema.id]: value } }];
  }

  if (schemas === userResourceSchemas && isUnmodeledUserAttribute(pathText)) return [];
  const path = parseAttributePath(pathText, schemas);
  if (isReadOnly(path)) throw new ScimProtocolError(400, 'mutability', `Attribute "${attributePathLabel(path)}" is read-only`);
  return [{ op, path, value }];
}

/**
 * Turns every operation into operations on one attribute each: a pathless value `{"active":false,"name.givenName":"A",
 * "urn:…:enterprise:2.0:User:employeeNumber":"7","urn:…:enterprise:2.0:User":{…}}` becomes one operation per key, as
 * if each key were a path. Inside pathless values, read-only attributes (`id`, `meta`, `groups`, `schemas`) are
 * dropped: Okta sends back what it read. Write-only attributes (`password`) are dropped everywhere. Keys that name no
 * supported attribute (custom or unsupported core attributes, unknown extensions) are ignored and reported in
 * `ignored`, because IdPs send attributes an admin mapped for other apps; a malformed key still fails.
 */
export function expandPatchOperations(operations: readonly PatchOperation[], schemas: ResourceSchemas): ExpandedPatchOperations {
  const expanded: TargetedPatchOperation[] = [];
  const ignored: string[] = [];
  for (const operation of operations) {
    if (operation.path) {
      if (!isWriteOnly(operation.path)) expanded.push({ op: operation.op, path: operation.path, value: operation.value });
      continue;
    }
    if (!isJsonObject(operation.value)) throw new ScimProtocolError(400, 'invalidValue', `An ${operation.op} operation without "path" needs an object "value"`);
    expandObject(operation.op, operation.value, null, schemas, expanded, ignored);
  }
  return { operations: expanded, ignored };
}

function expandObject(
  op: PatchOpName,
  value: JsonObject,
  prefix: string | null,
  schemas: ResourceSchemas,
  into: TargetedPatchOperation[],
  ignored: string[],
): void {
  for (const [key, item] of Object.entries(value)) {
    if (prefix === null && key.toLowerCase() === 'schemas') continue;
    const schema = prefix === null ? findSchema(schemas, key) : undefined;
    if (schema) {
      if (item === null && schema !== schemas.core) {
        for (const attribute of schema.attributes.filter((a: AttributeDefinition) => a.mutability !== 'readOnly'))
          into.push({ op: 'remove', path: parseAttributePath(`${schema.id}:${attribute.name}`, schemas), value: undefined });
        continue;
      }
      if (!isJsonObject(item)) throw new ScimProtocolError(400, 'invalidValue', `"${key}" must be an object of the attributes of that schema`);
      expandObject(op, item, schema.id, schemas, into, ignored);
      continue;
    }
    const name = prefix === null ? key : `${prefix}:${key}`;
    let path: AttributePath;
    try {
      path = parseAttributePath(name, schemas);
    } catch (error) {
      if (error instanceof UnknownAttributeError) {
        ignored.push(name);
        continue;
      }
      throw error;
    }
    if (isReadOnly(path) || isWriteOnly(path)) continue;
    into.push({ op, path, value: item });
  }
}
