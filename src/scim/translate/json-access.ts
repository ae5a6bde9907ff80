import { ScimProtocolError } from '../protocol/scim-error';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SCIM attribute names are case-insensitive (RFC 7643 §2.1): read keys without regard to case. */
export function caseless(object: Json): (name: string) => unknown {
  const byLower = new Map<string, unknown>();
  for (const [key, value] of Object.entries(object)) byLower.set(key.toLowerCase(), value);
  return (name) => byLower.get(name.toLowerCase());
}

export function optionalString(value: unknown, attribute: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new ScimProtocolError(400, 'invalidValue', `Attribute "${attribute}" must be a string`);
}

/** IdPs send booleans as strings ("True", "false"); RFC 7643 types them as booleans. */
export function optionalBoolean(value: unknown, attribute: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new ScimProtocolError(400, 'invalidValue', `Attribute "${attribute}" must be a boolean`);
}

export function optionalObject(value: unknown, attribute: string): Json | null {
  if (value === undefined || value === null) return null;
  if (isObject(value)) return value;
  throw new ScimProtocolError(400, 'invalidValue', `Attribute "${attribute}" must be an object`);
}

export function optionalArray(value: unknown, attribute: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw new ScimProtocolError(400, 'invalidValue', `Attribute "${attribute}" must be an array`);
}
