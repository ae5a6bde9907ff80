import { RefusalThrottle } from '../../src/commands/ip-allowlist/record-refused-request';

/** A throttle on a clock the test moves: 60 s window, 20 rows per second in all. */
function throttleAt() {
  let now = 1_000_000;
  const throttle = new RefusalThrottle(() => now, 60_000, 20);
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('RefusalThrottle', () => {
  it('keys by account, token and address: each token of one account from one address gets its row', () => {
    const { throttle } = throttleAt();
    expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBe(0);
    expect(throttle.admit('acct', 'token-b', '203.0.113.9')).toBe(0);
    expect(throttle.admit('acct', 'token-a', '203.0.113.10')).toBe(0);
    expect(throttle.admit('other', 'token-a', '203.0.113.9')).toBe(0);
    expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBeNull();
    expect(throttle.admit('acct', 'token-b', '203.0.113.9')).toBeNull();
  });

  it('records one row per key per window, carrying how many refusals it skipped', () => {
    const { throttle, advance } = throttleAt();
    expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBe(0);
    for (let i = 0; i < 4; i++) expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBeNull();
    advance(59_999);
    expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBeNull();
    advance(1);
    expect(throttle.admit('acct', 'token-a', '203.0.113.9')).toBe(5);
  });
});
