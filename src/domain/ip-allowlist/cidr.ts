import ipaddr from 'ipaddr.js';

/** One allowlist range, normalized: the network address with its host bits cleared, and the prefix length. */
export interface Cidr {
  /** Canonical text: `20.190.128.0/18`, `2603:1000::/40` (RFC 5952 for IPv6). */
  text: string;
  family: 4 | 6;
  prefix: number;
  /** The network address as an integer (32 or 128 bits). */
  network: bigint;
}

/** A client address as integers: `v4` for IPv4 and IPv4-mapped IPv6 (`::ffff:a.b.c.d`), `v6` for any IPv6. */
export interface ParsedAddress {
  v4: number | null;
  v6: V6Words;
  /** What people read: an IPv4-mapped address is shown as the IPv4 address it carries. */
  text: string;
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function fromBigInt(value: bigint, length: number): number[] {
  const bytes = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

export function maskOf(family: 4 | 6, prefix: number): bigint {
  const bits = family === 4 ? 32n : 128n;
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function render(family: 4 | 6, network: bigint, prefix: number): string {
  const address = ipaddr.fromByteArray(fromBigInt(network, family === 4 ? 4 : 16));
  return `${address.toString()}/${prefix}`;
}

/**
 * Parses an IPv4 or IPv6 CIDR or a bare address (then a /32 or /128), strictly: dotted-quad decimal IPv4
 * only (ipaddr.js alone would also take octal, hex and short forms), no IPv6 zone id. Host bits are cleared.
 * An IPv4-mapped IPv6 range of /96 or longer is stored as the IPv4 range it means. Null when invalid.
 */
export function parseCidr(raw: string): Cidr | null {
  const input = raw.trim();
  const slash = input.indexOf('/');
  const addressText = slash === -1 ? input : input.slice(0, slash);
  const prefixText = slash === -1 ? null : input.slice(slash + 1);
  let family: 4 | 6;
  let bytes: number[];
  if (addressText.includes(':')) {
    if (addressText.includes('%') || !ipaddr.IPv6.isValid(addressText)) return null;
    family = 6;
    bytes = ipaddr.IPv6.parse(addressText).toByteArray();
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) return null;
    family = 4;
    bytes = ipaddr.IPv4.parse(addressText).toByteArray();
  }
  const maxPrefix = family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (prefixText !== null) {
    if (!PREFIX.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > maxPrefix) return null;
  }
  let value = toBigInt(bytes);
  if (family === 6 && prefix >= 96 && value >> 32n === 0xffffn) {
    family = 4;
    prefix -= 96;
    value &= 0xffffffffn;
  }
  const network = value & maskOf(family, prefix);
  return { text: render(family, network, prefix), family, prefix, network };
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED_QUAD = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const HEX_AND_COLONS = /^[0-9a-f:]+$/i;

/** A dotted quad as an unsigned 32-bit number; null for anything else (leading zeros included). */
function quadValue(text: string): number | null {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255 || (m[i]!.length > 1 && m[i]![0] === '0')) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** Plain hex-group IPv6 (what sockets report) as eight 16-bit groups; null sends anything else to ipaddr.js. */
function hexGroups(text: string): number[] | null {
  if (!HEX_AND_COLONS.test(text)) return null;
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  const head = gap === -1 ? text.split(':') : gap === 0 ? [] : text.slice(0, gap).split(':');
  const tail = gap === -1 || gap + 2 === text.length ? [] : text.slice(gap + 2).split(':');
  if (gap === -1 ? head.length !== 8 : head.length + tail.length > 7) return null;
  const groups: number[] = [];
  for (const group of head) {
    if (!HEX_GROUP.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  while (groups.length < 8 - tail.length) groups.push(0);
  for (const group of tail) {
    if (!HEX_GROUP.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

/** An IPv6 address as four unsigned 32-bit words, the form the matcher keys on. */
export type V6Words = [number, number, number, number];

export function wordsOf(value: bigint): V6Words {
  return [Number((value >> 96n) & 0xffffffffn), Number((value >> 64n) & 0xffffffffn), Number((value >> 32n) & 0xffffffffn), Number(value & 0xffffffffn)];
}

/**
 * The numbers the matcher compares: `v4` for IPv4 and IPv4-mapped IPv6, `v6` (four words) for the IPv6 form.
 * The shapes sockets report skip ipaddr.js, which stays the judge of anything unusual.
 */
export function addressBits(raw: string): { v4: number | null; v6: V6Words } | null {
  const zone = raw.indexOf('%');
  const bare = zone === -1 ? raw : raw.slice(0, zone);
  const v4 = quadValue(MAPPED_QUAD.exec(bare)?.[1] ?? bare);
  if (v4 !== null) return { v4, v6: [0, 0, 0xffff, v4] };
  if (!bare.includes(':')) return null;
  let groups = hexGroups(bare);
  if (groups === null) {
    try {
      groups = ipaddr.IPv6.parse(bare).parts;
    } catch {
      return null;
    }
  }
  const v6: V6Words = [groups[0]! * 0x10000 + groups[1]!, groups[2]! * 0x10000 + groups[3]!, groups[4]! * 0x10000 + groups[5]!, groups[6]! * 0x10000 + groups[7]!];
  return { v4: v6[0] === 0 && v6[1] === 0 && v6[2] === 0xffff ? v6[3] : null, v6 };
}

/** Parses a client address as a socket or Express reports it (`203.0.113.7`, `::ffff:127.0.0.1`, `::1`). */
export function parseAddress(raw: string): ParsedAddress | null {
  const bits = addressBits(raw.trim());
  if (!bits) return null;
  const text = bits.v4 !== null ? ipaddr.fromByteArray(fromBigInt(BigInt(bits.v4), 4)).toString() : new ipaddr.IPv6(bits.v6.flatMap((w) => [w >>> 16, w & 0xffff])).toString();
  return { ...bits, text };
}

/** The address as the allowlist sees it, for people: `::ffff:127.0.0.1` reads `127.0.0.1`. */
export function displayAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  return parseAddress(raw)?.text ?? raw;
}

export interface ParsedCidrs {
  /** Normalized and deduplicated, in input order. */
  cidrs: Cidr[];
  /** The inputs that are not CIDRs, as given. */
  invalid: string[];
}

export function parseCidrs(raws: readonly string[]): ParsedCidrs {
  const seen = new Set<string>();
  const cidrs: Cidr[] = [];
  const invalid: string[] = [];
  for (const raw of raws) {
    const cidr = typeof raw === 'string' ? parseCidr(raw) : null;
    if (!cidr) invalid.push(String(raw));
    else if (!seen.has(cidr.text)) {
      seen.add(cidr.text);
      cidrs.push(cidr);
    }
  }
  return { cidrs, invalid };
}
