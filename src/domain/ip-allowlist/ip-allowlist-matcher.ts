import { maskOf, parseAddress, parseCidr, type Cidr } from './cidr';

/** The networks of one address family, grouped by prefix length. */
class FamilyIndex {
  private readonly byPrefix = new Map<number, Set<bigint>>();
  private masks: { mask: bigint; networks: Set<bigint> }[] = [];

  constructor(private readonly family: 4 | 6) {}

  add(cidr: Cidr): void {
    let networks = this.byPrefix.get(cidr.prefix);
    if (!networks) {
      networks = new Set();
      this.byPrefix.set(cidr.prefix, networks);
      this.masks = [...this.byPrefix.entries()].sort(([a], [b]) => a - b).map(([prefix, set]) => ({ mask: maskOf(this.family, prefix), networks: set }));
    }
    networks.add(cidr.network);
  }

  /** At most one set look-up per distinct prefix length (≤ 33 for IPv4, ≤ 129 for IPv6), whatever the entry count. */
  has(address: bigint): boolean {
    for (const { mask, networks } of this.masks) if (networks.has(address & mask)) return true;
    return false;
  }
}

/**
 * An allowlist compiled for look-ups: the cost of `matches` depends on how many distinct prefix lengths the list
 * uses, not on how many entries it has, so 10 and 5,000 entries cost the same.
 */
export class IpAllowlistMatcher {
  private readonly v4 = new FamilyIndex(4);
  private readonly v6 = new FamilyIndex(6);
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
    const parsed = parseAddress(address);
    if (!parsed) return false;
    return (parsed.v4 !== null && this.v4.has(parsed.v4)) || (parsed.v6 !== null && this.v6.has(parsed.v6));
  }
}
