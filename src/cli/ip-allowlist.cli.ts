import type { Command } from 'commander';
import type { Ctx } from '../commands/context';
import { addIpAllowlistEntries } from '../commands/ip-allowlist/add-ip-allowlist-entries';
import { countIpAllowlistEntriesBySource, getIpAllowlistEnforced, listAllIpAllowlistEntries } from '../commands/ip-allowlist/ip-allowlist.queries';
import { requireSource } from '../commands/ip-allowlist/ip-allowlist-guard';
import { removeIpAllowlistEntries } from '../commands/ip-allowlist/remove-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../commands/ip-allowlist/set-ip-allowlist-enforced';
import { getAccount } from '../commands/account.queries';
import type { Database } from '../db/database';

export interface CliHost {
  withDatabase<T>(run: (db: Database) => Promise<T>): Promise<T>;
  ctxFor(db: Database, accountId: string): Ctx;
  print(json: boolean, value: Record<string, unknown>, text: string): void;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/**
 * `roster ip-allowlist list|add|remove|enforcement`: the operator on the box, through the same commands as the
 * API. An operator is not behind the allowlist, so there is no request address to lock out; `enforcement off`
 * is the way back in for an admin who forced a lock-out.
 */
export function registerIpAllowlistCommands(program: Command, host: CliHost): void {
  const allowlist = program.command('ip-allowlist').description('List and change an account\'s IP allowlist');

  allowlist
    .command('list')
    .description('List the entries, with counts per source and whether the list is enforced')
    .requiredOption('--account <id>', 'the account id')
    .option('--source <source>', 'only this source (manual, AzureActiveDirectory, okta, …)')
    .option('--json', 'print one JSON object')
    .action(async (options: { account: string; source?: string; json?: boolean }) => {
      await host.withDatabase(async (db) => {
        const ctx = host.ctxFor(db, options.account);
        await getAccount(ctx);
        const source = options.source === undefined ? null : requireSource(options.source);
        const [entries, sources, enforced] = [await listAllIpAllowlistEntries(ctx, source), await countIpAllowlistEntriesBySource(ctx), await getIpAllowlistEnforced(ctx)];
        const rows = entries.map((e) => ({ cidr: e.cidr, source: e.source, description: e.description, createdBy: e.createdBy, createdAt: e.createdAt }));
        host.print(
          !!options.json,
          { enforced, sources, entries: rows },
          [
            `IP allowlist ${enforced ? 'ENFORCED' : 'not enforced'}; ${sources.map((s) => `${s.source}: ${s.count}`).join(', ') || 'no entries'}`,
            ...rows.map((r) => `${r.cidr.padEnd(43)} ${r.source.padEnd(22)} ${r.description ?? ''}`.trimEnd()),
          ].join('\n'),
        );
      });
    });

  allowlist
    .command('add')
    .description('Add CIDRs (or single addresses) under a source')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--cidr <cidr>', 'a CIDR; repeat, or separate with commas', collect)
    .option('--source <source>', 'the source tag', 'manual')
    .option('--description <text>', 'what the range is')
    .option('--json', 'print one JSON object')
    .action(async (options: { account: string; cidr: string[]; source: string; description?: string; json?: boolean }) => {
      await host.withDatabase(async (db) => {
        const result = await addIpAllowlistEntries(host.ctxFor(db, options.account), { cidrs: options.cidr, source: options.source, description: options.description ?? null });
        host.print(
          !!options.json,
          { source: result.source, added: result.added, unchanged: result.unchanged },
          `Added ${result.added.length} to ${result.source}${result.unchanged ? ` (${result.unchanged} already there)` : ''}${result.added.map((c) => `\n+ ${c}`).join('')}`,
        );
      });
    });

  allowlist
    .command('remove')
    .description('Remove CIDRs (from every source unless --source)')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--cidr <cidr>', 'a CIDR; repeat, or separate with commas', collect)
    .option('--source <source>', 'only from this source')
    .option('--force', 'even if it leaves an enforced list empty')
    .option('--json', 'print one JSON object')
    .action(async (options: { account: string; cidr: string[]; source?: string; force?: boolean; json?: boolean }) => {
      await host.withDatabase(async (db) => {
        const result = await removeIpAllowlistEntries(host.ctxFor(db, options.account), {
          cidrs: options.cidr,
          source: options.source ?? null,
          force: !!options.force,
          requestAddress: null,
        });
        host.print(
          !!options.json,
          { removed: result.removed, notFound: result.notFound },
          `Removed ${result.removed.length}${result.notFound.length ? `; not in the list: ${result.notFound.join(', ')}` : ''}${result.removed.map((c) => `\n- ${c}`).join('')}`,
        );
      });
    });

  allowlist
    .command('enforcement')
    .description('Turn enforcement on or off (off is the way back in after a forced lock-out)')
    .argument('<state>', 'on or off')
    .requiredOption('--account <id>', 'the account id')
    .option('--force', 'turn it on even with an empty list')
    .option('--json', 'print one JSON object')
    .action(async (state: string, options: { account: string; force?: boolean; json?: boolean }) => {
      if (state !== 'on' && state !== 'off') throw new Error('expected on or off');
      await host.withDatabase(async (db) => {
        const account = await setIpAllowlistEnforced(host.ctxFor(db, options.account), { enforced: state === 'on', force: !!options.force, requestAddress: null });
        host.print(!!options.json, { enforced: account.ipAllowlistEnforced }, `IP allowlist ${account.ipAllowlistEnforced ? 'enforced' : 'not enforced'} for ${account.id}.`);
      });
    });
}
