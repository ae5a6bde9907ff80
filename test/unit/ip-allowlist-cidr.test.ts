import ipaddr from 'ipaddr.js';
import { displayAddress, parseAddress, parseCidr, parseCidrs } from '../../src/domain/ip-allowlist/cidr';
import { IpAllowlistMatcher } from '../../src/domain/ip-allowlist/ip-allowlist-matcher';

describe('parseCidr normalizes', () => {
  it.each([
    ['20.190.128.0/18', '20.190.128.0/18'],
    ['20.190.128.5/18', '20.190.128.0/18'],
    ['203.0.113.7', '203.0.113.7/32'],
    [' 10.0.0.0/8 ', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2603:1000::/40', '2603:1000::/40'],
    ['2603:1000:0:0:0:0:0:0/40', '2603:1000::/40'],
    ['2603:1000:FF::1/40', '2603:1000::/40'],
    ['2001:DB8::1', '2001:db8::1/128'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['::ffff:20.190.128.1', '20.190.128.1/32'],
    ['::ffff:20.190.128.0/114', '20.190.128.0/18'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
    ['::ffff:0:0/80', '::/80'],
  ])('%s → %s', (raw, normalized) => {
    expect(parseCidr(raw)?.text).toBe(normalized);
  });
});

describe('parseCidr refuses', () => {
  it.each(['', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/', '10.0.0.0/8/8', '010.1.1.1', '10.1/8', '0x0a.0.0.0/8', '1.2.3', '1.2.3.256', '3232235777', 'fe80::1%eth0', 'fe80::1%eth0/64', '2001:db8::/129', '2001:db8:::/32', 'not-an-ip', '10.0.0.0 /8'])(
    '%j',
    (raw) => {
      expect(parseCidr(raw)).toBeNull();
    },
  );
});

it('parseCidrs deduplicates after normalizing and lists every invalid input', () => {
  const { cidrs, invalid } = parseCidrs(['10.0.0.1/8', '10.0.0.0/8', 'x', '1.2.3.4', '1.2.3.4/32', 'y']);
  expect(cidrs.map((c) => c.text)).toEqual(['10.0.0.0/8', '1.2.3.4/32']);
  expect(invalid).toEqual(['x', 'y']);
});

describe('client addresses', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['127.0.0.1', '127.0.0.1'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['::1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('%s reads as %s', (raw, shown) => {
    expect(parseAddress(raw)?.text).toBe(shown);
    expect(displayAddress(raw)).toBe(shown);
  });

  it.each(['', 'garbage', '1.2.3', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::'])('%j is no address', (raw) => {
    expect(parseAddress(raw)).toBeNull();
  });
});

describe('IpAllowlistMatcher', () => {
  const matcher = IpAllowlistMatcher.compile(['20.190.128.0/18', '40.126.0.0/18', '203.0.113.7', '2603:1000::/40', '2001:db8:abcd:12::/64']);

  it.each([
    ['20.190.128.1', true],
    ['20.190.191.255', true],
    ['20.190.192.0', false],
    ['::ffff:20.190.128.1', true],
    ['::FFFF:20.190.191.255', true],
    ['::ffff:20.190.192.0', false],
    ['203.0.113.7', true],
    ['::ffff:203.0.113.7', true],
    ['203.0.113.8', false],
    ['2603:1000::1', true],
    ['2603:1000:ff:ffff::1', true],
    ['2603:1000:100::1', false],
    ['2603:1100::1', false],
    ['2001:db8:abcd:12:ffff::1', true],
    ['2001:db8:abcd:13::1', false],
    ['::1', false],
    ['garbage', false],
  ])('%s → %s', (address, expected) => {
    expect(matcher.matches(address)).toBe(expected);
  });

  it('admits nobody when empty, everybody with 0.0.0.0/0 and ::/0', () => {
    expect(IpAllowlistMatcher.compile([]).matches('127.0.0.1')).toBe(false);
    const all = IpAllowlistMatcher.compile(['0.0.0.0/0', '::/0']);
    for (const a of ['127.0.0.1', '::ffff:10.0.0.1', '::1', '2603:1000::1']) expect(all.matches(a)).toBe(true);
  });

  it('agrees with a linear scan through ipaddr.js on 20,000 random addresses against 2,000 random ranges', () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const v4 = () => [next(4) + 10, next(4), next(256), next(256)].join('.');
    const v6 = () => ['2603', (0x1000 + next(4)).toString(16), next(4).toString(16), ...Array.from({ length: 5 }, () => next(0x10000).toString(16))].join(':');
    const ranges = Array.from({ length: 2000 }, () => (next(3) ? `${v4()}/${8 + next(25)}` : `${v6()}/${16 + next(113)}`));
    const compiled = IpAllowlistMatcher.compile(ranges);
    const parsed = ranges.map((r) => ipaddr.parseCIDR(r));
    for (let i = 0; i < 20_000; i++) {
      const kind = next(3);
      const address = kind === 0 ? v4() : kind === 1 ? `::ffff:${v4()}` : v6();
      const plain = ipaddr.process(address);
      const expected = parsed.some(([net, bits]) => net.kind() === plain.kind() && plain.match(net, bits));
      if (compiled.matches(address) !== expected) throw new Error(`${address}: matcher says ${!expected}, a scan says ${expected}`);
    }
  });
});
