import { addressBits, maskOf, parseCidr, wordsOf, type Cidr, type V6Words } from './cidr';

/** IPv4 networks by prefix length, as unsigned 32-bit numbers: no BigInt on the hot path. */
class V4Index {
  private readonly byPrefix = new Map<number, Set<number>>();
  private masks: { mask: number; networks: Set<number> }[] = [];

  add(cidr: Cidr): void {
    let networks = this.byPrefix.get(cidr.prefix);
    if (!networks) {
      networks = new Set();
      this.byPrefix.set(cidr.prefix, networks);
      this.masks = [...this.byPrefix.entries()].sort(([a], [b]) => a - b).map(([prefix, set]) => ({ mask: Number(maskOf(4, prefix)), networks: set }));
    }
    networks.add(Number(cidr.network));
  }

  /** One set look-up per distinct prefix length (at most 33), whatever the entry count. */
  has(address: number): boolean {
    for (const { mask, networks } of this.masks) if (networks.has((address & mask) >>> 0)) return true;
    return false;
  }
}

/**
 * IPv6 networks by prefix length, keyed by the words the prefix covers as a short string: V8 hashes BigInt
 * Set keys so poorly that a BigInt look-up degrades to a scan, strings do not.
 */
class V6Index {
  private readonly byPrefix = new Map<number, Set<string>>();
  private prefixes: { prefix: number; networks: Set<string> }[] = [];

  static key(words: V6Words, prefix: number): string {
    const whole = prefix >>> 5;
    let key = '';
    for (let i = 0; i < whole; i++) key += `${words[i]}:`;
    const rest = prefix & 31;
    if (rest) key += `${(words[whole]! & (-1 << (32 - rest))) >>> 0}`;
    return key;
  }

  add(cidr: Cidr): void {
    let networks = this.byPrefix.get(cidr.prefix);
    if (!networks) {
      networks = new Set();
      this.byPrefix.set(cidr.prefix, networks);
      this.prefixes = [...this.byPrefix.entries()].sort(([a], [b]) => a - b).map(([prefix, set]) => ({ prefix, networks: set }));
    }
    networks.add(V6Index.key(wordsOf(cidr.network), cidr.prefix));
  }

  /** One set look-up per distinct prefix length (at most 129), whatever the entry count. */
  has(words: V6Words): boolean {
    for (const { prefix, networks } of this.prefixes) if (networks.has(V6Index.key(words, prefix))) return true;
    return false;
  }
}

/**
 * An allowlist compiled for look-ups: the cost of `matches` depends on how many distinct prefix lengths the list
 * uses, not on how many entries it has, so 10 and 5,000 entries cost the same.
 */
export class IpAllowlistMatcher {
  private readonly v4 = new V4Index();
  private readonly v6 = new V6Index();
  readonly size: number;

  private constructor(cidrs: Iterable<Cidr>) {
    let size = 0;
    for (const cidr of cidrs) {
      (cidr.family === 4 ? this.v4 : this.v6).add(cidr);
      size++;
    }
    this.size = size;
  }

  /** Compiles stored CIDR texts; a row that does not parse (it cannot, the commands normalize) is skipped. */
  static compile(cidrs: Iterable<string | Cidr>): IpAllowlistMatcher {
    const parsed: Cidr[] = [];
    for (const c of cidrs) {
      const cidr = typeof c === 'string' ? parseCidr(c) : c;
      if (cidr) parsed.push(cidr);
    }
    return new IpAllowlistMatcher(parsed);
  }

  /** True when the address lies in some entry; IPv4-mapped IPv6 addresses match IPv4 entries. */
  matches(address: string): boolean {
    const parsed = addressBits(address);
    if (!parsed) return false;
    return (parsed.v4 !== null && this.v4.has(parsed.v4)) || this.v6.has(parsed.v6);
  }
}
