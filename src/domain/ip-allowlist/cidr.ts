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
  v4: bigint | null;
  v6: bigint | null;
  /** What people read: an IPv4-mapped address is shown as the IPv4 address it carries. */
  text: string;
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;
const V4_MAPPED_PREFIX = 0xffffn << 32n;

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

/** Parses a client address as a socket or Express reports it (`203.0.113.7`, `::ffff:127.0.0.1`, `::1`). */
export function parseAddress(raw: string): ParsedAddress | null {
  const input = raw.trim();
  const zone = input.indexOf('%');
  const bare = zone === -1 ? input : input.slice(0, zone);
  if (bare.includes(':')) {
    if (!ipaddr.IPv6.isValid(bare)) return null;
    const v6 = toBigInt(ipaddr.IPv6.parse(bare).toByteArray());
    if (v6 >> 32n === 0xffffn) {
      const v4 = v6 & 0xffffffffn;
      return { v4, v6, text: ipaddr.fromByteArray(fromBigInt(v4, 4)).toString() };
    }
    return { v4: null, v6, text: ipaddr.fromByteArray(fromBigInt(v6, 16)).toString() };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  const v4 = toBigInt(ipaddr.IPv4.parse(bare).toByteArray());
  return { v4, v6: V4_MAPPED_PREFIX | v4, text: ipaddr.fromByteArray(fromBigInt(v4, 4)).toString() };
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
