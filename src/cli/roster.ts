import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { getAccount } from '../commands/account.queries';
import { createAccount } from '../commands/create-account';
import { systemClock, type Actor } from '../commands/context';
import { createApiToken, createScimToken, revokeApiToken, revokeScimToken } from '../commands/manage-tokens';
import { ConfigError, loadConfig } from '../config/config';
import { openDatabase, type Database } from '../db/database';
import { DomainError } from '../domain/errors';
import { ActorType } from '../domain/provisioning/provisioning-event.entity';
import { ApiRole } from '../domain/token/api-token.entity';
import { createLogger } from '../http/logger';
import { registerIpAllowlistCommands } from './ip-allowlist.cli';
import { registerRateLimitCommand } from './rate-limit.cli';

/** The operator at the console: every CLI write is recorded under this actor. */
const OPERATOR: Actor = { type: ActorType.OPERATOR, id: null, name: 'cli', role: null };

async function withDatabase<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('silent'), { poolMax: 2 });
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

function ctxFor(db: Database, accountId: string) {
  return { em: db.orm.em.fork(), accountId, actor: OPERATOR, requestId: null, clock: systemClock };
}

function print(json: boolean, value: Record<string, unknown>, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

const parseDate = (raw: string): Date => {
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date, e.g. 2027-01-31T00:00:00Z');
  return date;
};

const parseRole = (raw: string): ApiRole => {
  const role = raw.toUpperCase();
  if (role !== ApiRole.ADMIN && role !== ApiRole.READ_ONLY) throw new InvalidArgumentError('expected ADMIN or READ_ONLY');
  return role as ApiRole;
};

const parseKind = (raw: string): 'scim' | 'api' => {
  if (raw !== 'scim' && raw !== 'api') throw new InvalidArgumentError('expected scim or api');
  return raw;
};

const program = new Command('roster').description('Roster operator commands').showHelpAfterError();

const accounts = program.command('accounts').description('Create and inspect accounts');
accounts
  .command('create')
  .description('Create an account with its first SCIM token and ADMIN API token (shown once)')
  .requiredOption('--name <name>', 'the account name')
  .option('--allow-any-user-name', 'let userName be any string instead of the user\'s email address (for IdPs that send other user names)')
  .option('--json', 'print one JSON object')
  .action(async (options: { name: string; allowAnyUserName?: boolean; json?: boolean }) => {
    await withDatabase(async (db) => {
      const config = loadConfig();
      const result = await createAccount(
        { em: db.orm.em.fork(), actor: OPERATOR, clock: systemClock, requestId: null },
        { name: options.name, userNameMustMatchEmail: !options.allowAnyUserName },
      );
      const scimBaseUrl = `${config.publicBaseUrl}/scim/v2/accounts/${result.account.id}`;
      print(
        !!options.json,
        { accountId: result.account.id, scimBaseUrl, scimToken: result.scimToken, apiToken: result.apiToken },
        [
          `Created account "${result.account.name}" (${result.account.id}).`,
          `SCIM base URL:  ${scimBaseUrl}`,
          `SCIM token:     ${result.scimToken}`,
          `API token:      ${result.apiToken}  (ADMIN, for ${config.publicBaseUrl}/graphql)`,
          ...(result.account.userNameMustMatchEmail ? [] : ['userName:       any user name allowed (need not be the email address)']),
          'Both tokens are shown this once: store them now.',
        ].join('\n'),
      );
    });
  });

accounts
  .command('show')
  .description('Show an account and its settings')
  .requiredOption('--account <id>', 'the account id')
  .option('--json', 'print one JSON object')
  .action(async (options: { account: string; json?: boolean }) => {
    await withDatabase(async (db) => {
      const config = loadConfig();
      const account = await getAccount(ctxFor(db, options.account));
      const settings = {
        scimEnabled: account.scimEnabled,
        allowManualUpdates: account.allowManualUpdates,
        scimLicenseManagement: account.scimLicenseManagement,
        defaultLicenseType: account.defaultLicenseType,
        ipAllowlistEnforced: account.ipAllowlistEnforced,
        userNameMustMatchEmail: account.userNameMustMatchEmail,
      };
      const scimBaseUrl = `${config.publicBaseUrl}/scim/v2/accounts/${account.id}`;
      const onOff = (on: boolean) => (on ? 'on' : 'off');
      print(
        !!options.json,
        { id: account.id, name: account.name, createdAt: account.createdAt, scimBaseUrl, settings },
        [
          `Account "${account.name}" (${account.id}), created ${account.createdAt.toISOString()}`,
          `SCIM base URL:              ${scimBaseUrl}`,
          `SCIM enabled:               ${onOff(settings.scimEnabled)}`,
          `Allow manual updates:       ${onOff(settings.allowManualUpdates)}`,
          `SCIM license management:    ${onOff(settings.scimLicenseManagement)}`,
          `Default license type:       ${settings.defaultLicenseType ?? 'none'}`,
          `IP allowlist enforced:      ${onOff(settings.ipAllowlistEnforced)}`,
          `userName must match email:  ${onOff(settings.userNameMustMatchEmail)}`,
        ].join('\n'),
      );
    });
  });

registerRateLimitCommand(accounts, { withDatabase, ctxFor, print });

const tokens = program.command('tokens').description('Create and revoke SCIM and API tokens');
tokens
  .command('create')
  .description('Create a token (shown once)')
  .requiredOption('--account <id>', 'the account id')
  .requiredOption('--kind <kind>', 'scim or api', parseKind)
  .requiredOption('--name <name>', 'a name that tells where the token is used')
  .option('--role <role>', 'ADMIN or READ_ONLY (API tokens)', parseRole)
  .option('--expires-at <date>', 'an ISO 8601 expiry', parseDate)
  .option('--json', 'print one JSON object')
  .action(async (options: { account: string; kind: 'scim' | 'api'; name: string; role?: ApiRole; expiresAt?: Date; json?: boolean }) => {
    if (options.kind === 'scim' && options.role) throw new InvalidArgumentError('--role applies to API tokens only');
    await withDatabase(async (db) => {
      const ctx = ctxFor(db, options.account);
      const input = { name: options.name, expiresAt: options.expiresAt ?? null };
      const issued =
        options.kind === 'scim'
          ? await createScimToken(ctx, input)
          : await createApiToken(ctx, { ...input, role: options.role ?? ApiRole.ADMIN });
      const role = 'role' in issued.token ? (issued.token.role as string) : null;
      print(
        !!options.json,
        { id: issued.token.id, kind: options.kind, name: issued.token.name, role, prefix: issued.token.displayPrefix, expiresAt: issued.token.expiresAt, token: issued.secret },
        `Created ${options.kind.toUpperCase()} token "${issued.token.name}" (${issued.token.id}${role ? `, ${role}` : ''}):\n${issued.secret}\nIt is shown this once: store it now.`,
      );
    });
  });

tokens
  .command('revoke')
  .description('Revoke a token at once')
  .requiredOption('--account <id>', 'the account id')
  .requiredOption('--kind <kind>', 'scim or api', parseKind)
  .requiredOption('--id <tokenId>', 'the token id')
  .option('--json', 'print one JSON object')
  .action(async (options: { account: string; kind: 'scim' | 'api'; id: string; json?: boolean }) => {
    await withDatabase(async (db) => {
      const ctx = ctxFor(db, options.account);
      const token = options.kind === 'scim' ? await revokeScimToken(ctx, { id: options.id }) : await revokeApiToken(ctx, { id: options.id });
      print(!!options.json, { id: token.id, revokedAt: token.revokedAt }, `Revoked ${options.kind.toUpperCase()} token "${token.name}" (${token.id}).`);
    });
  });

registerIpAllowlistCommands(program, { withDatabase, ctxFor, print });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof DomainError || error instanceof InvalidArgumentError
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`roster: ${message}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
