import type { EntityManager } from '@mikro-orm/postgresql';
import { IpAllowlistMatcher } from '../../domain/ip-allowlist/ip-allowlist-matcher';
import { loadIpAllowlistSnapshot } from './ip-allowlist.queries';

interface Cached {
  version: number;
  matcher: Promise<IpAllowlistMatcher>;
}

/** Enough for every busy account of one process; the least recently used account is dropped past it. */
const DEFAULT_MAX_ACCOUNTS = 1000;

/**
 * Compiled allowlists per account, keyed by (account id, `ipAllowlistVersion`). The version arrives with the
 * account row the token look-up already loads, so a hit costs no query and a change committed by any process
 * is seen on the next request: its version no longer matches, and the list is read again once.
 */
export class IpAllowlistMatcherCache {
  private readonly byAccount = new Map<string, Cached>();

  constructor(
    private readonly fork: () => EntityManager,
    private readonly maxAccounts = DEFAULT_MAX_ACCOUNTS,
  ) {}

  async get(accountId: string, version: number): Promise<IpAllowlistMatcher> {
    const hit = this.byAccount.get(accountId);
    if (hit && hit.version >= version) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.byAccount.delete(accountId);
      this.byAccount.set(accountId, hit);
      return hit.matcher;
    }
    // Concurrent misses share one load.
    const matcher = this.load(accountId, version);
    this.remember(accountId, { version, matcher });
    return matcher;
  }

  private async load(accountId: string, version: number): Promise<IpAllowlistMatcher> {
    try {
      const snapshot = await loadIpAllowlistSnapshot(this.fork(), accountId);
      const matcher = IpAllowlistMatcher.compile(snapshot?.cidrs ?? []);
      // The snapshot may be newer than the version the token look-up read; key it by what it really is.
      if (snapshot && snapshot.version > version) this.remember(accountId, { version: snapshot.version, matcher: Promise.resolve(matcher) });
      return matcher;
    } catch (error) {
      if (this.byAccount.get(accountId)?.version === version) this.byAccount.delete(accountId);
      throw error;
    }
  }

  private remember(accountId: string, entry: Cached): void {
    const current = this.byAccount.get(accountId);
    if (current && current.version > entry.version) return;
    this.byAccount.delete(accountId);
    this.byAccount.set(accountId, entry);
    while (this.byAccount.size > this.maxAccounts) this.byAccount.delete(this.byAccount.keys().next().value!);
  }

  get size(): number {
    return this.byAccount.size;
  }
}
