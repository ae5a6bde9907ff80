import type { Request } from 'express';
import { ScimProtocolError } from '../protocol/scim-error';

/**
 * Reads `If-Match` (RFC 7644 §3.14, RFC 9110 §13.1.1) as the version the client saw. `*` or no header means
 * "any version"; a tag that is not one of ours can never match, so it fails like a stale one.
 */
export function ifMatchVersion(req: Request): number[] | undefined {
  const header = req.get('if-match');
  if (!header || header.trim() === '*') return undefined;
  const versions = header.split(',').map((t) => parseVersionTag(t.trim()));
  const known = versions.filter((v): v is number => v !== null);
  if (known.length === 0) throw new ScimProtocolError(412, undefined, 'If-Match does not name the current version of the resource');
  // Several tags: any may match (RFC 9110 §13.1.1).
  return known;
}

export function ifNoneMatchHits(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = parseVersionTag(etag);
  return header.split(',').some((t) => parseVersionTag(t.trim()) === wanted);
}

function parseVersionTag(tag: string): number | null {
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(tag);
  return match ? Number(match[1]) : null;
}
