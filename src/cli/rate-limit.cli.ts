import { InvalidArgumentError, type Command } from 'commander';
import { getAccount } from '../commands/account.queries';
import { setAccountRateLimit } from '../commands/set-account-rate-limit';
import { loadConfig, type RateLimitRule } from '../config/config';
import { accountRateLimit } from '../domain/account/account-rate-limit';
import type { CliHost } from './ip-allowlist.cli';

const parseCount = (raw: string): number => {
  if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError('expected a whole number, e.g. 100');
  return Number(raw);
};

const ruleText = (rule: RateLimitRule) => `${rule.perSecond}/s, bursts of ${rule.burst}`;

/**
 * `roster accounts rate-limit --account <id> [--per-second N [--burst N] | --default]`: without a change it
 * shows the limit in force. An operator's setting, not an admin's: an account cannot raise its own limit.
 */
export function registerRateLimitCommand(accounts: Command, host: CliHost): void {
  accounts
    .command('rate-limit')
    .description('Show or set the rate limit of one account (all its tokens together, and each token alone)')
    .requiredOption('--account <id>', 'the account id')
    .option('--per-second <n>', 'sustained requests per second', parseCount)
    .option('--burst <n>', 'requests allowed at once (default: four seconds\' worth of --per-second)', parseCount)
    .option('--default', 'go back to the server\'s defaults (RATE_LIMIT_* environment variables)')
    .option('--json', 'print one JSON object')
    .action(async (options: { account: string; perSecond?: number; burst?: number; default?: boolean; json?: boolean }) => {
      if (options.default && (options.perSecond !== undefined || options.burst !== undefined))
        throw new InvalidArgumentError('--default cannot be combined with --per-second or --burst');
      if (options.burst !== undefined && options.perSecond === undefined) throw new InvalidArgumentError('--burst needs --per-second');
      const { rateLimit: defaults } = loadConfig();
      await host.withDatabase(async (db) => {
        const ctx = host.ctxFor(db, options.account);
        const change = options.default ? { perSecond: null } : options.perSecond !== undefined ? { perSecond: options.perSecond, burst: options.burst ?? null } : null;
        const result = change ? await setAccountRateLimit(ctx, change) : { account: await getAccount(ctx), changed: false };
        const own = accountRateLimit(result.account);
        const effective = { token: own ?? defaults.token, account: own ?? defaults.account };
        const what = own
          ? `${ruleText(own)} for the account and for each of its tokens (set for this account)`
          : `the server's defaults: ${ruleText(defaults.account)} for the account, ${ruleText(defaults.token)} for each token`;
        host.print(
          !!options.json,
          { accountId: result.account.id, rateLimit: own, effective, enabled: defaults.enabled, changed: result.changed },
          [
            `Rate limit of account "${result.account.name}" (${result.account.id}): ${what}${change && !result.changed ? ' (unchanged)' : ''}.`,
            ...(defaults.enabled ? [] : ['Note: RATE_LIMIT_ENABLED is off in this environment, so no limit is enforced by servers started with it.']),
          ].join('\n'),
        );
      });
    });
}
