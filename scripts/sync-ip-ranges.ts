import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { parseCidrs } from '../src/domain/ip-allowlist/cidr';
import { ReplaceIpAllowlistEntriesDocument, type ReplaceIpAllowlistEntriesMutation, type ReplaceIpAllowlistEntriesMutationVariables } from './graphql/generated';

/**
 * `npm run sync:ip-ranges -- --provider entra|okta --source <file-or-https-url> …`: reads an IdP's published
 * ranges and makes one source of the account's IP allowlist exactly that set, through the GraphQL API
 * (`replaceIpAllowlistEntries`, one transaction). Anything doubtful (a malformed file, an unknown tag or
 * cell, an invalid prefix, an empty list) stops it before the API is called, so nothing changes.
 */

export type Provider = 'entra' | 'okta';

export interface SyncOptions {
  provider: Provider;
  source: string;
  tag: string;
  cells: string[] | null;
  as: string;
  dryRun: boolean;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** A failure the operator must see; the exit code says what kind. */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const DEFAULT_TAG = 'AzureActiveDirectory';
/**
 * The allowlist source each provider writes unless `--as` says otherwise. Entra's is `AzureActiveDirectory`
 * whatever `--tag` is (e.g. a regional `AzureActiveDirectory.WestEurope` is still Entra's ranges), so switching
 * tags replaces the Entra entries instead of leaving the old tag's behind under another name.
 */
export const DEFAULT_SOURCE: Record<Provider, string> = { entra: 'AzureActiveDirectory', okta: 'okta' };

/** `--help`: the text to print on stdout, exit 0. */
export class HelpRequested extends Error {}
const FETCH_TIMEOUT_MS = 60_000;
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export function parseArgs(argv: string[]): SyncOptions {
  const program = new Command('sync-ip-ranges')
    .description('Replace one source of an account\'s IP allowlist with an IdP\'s published ranges')
    .requiredOption('--provider <provider>', 'entra or okta', (raw: string): Provider => {
      if (raw !== 'entra' && raw !== 'okta') throw new InvalidArgumentError('expected entra or okta');
      return raw;
    })
    .requiredOption('--source <file-or-url>', 'a file, or an https:// URL, of the published ranges')
    .option('--tag <name>', `entra: the service tag to take (default ${DEFAULT_TAG})`)
    .option('--cells <list>', 'okta: comma-separated cells (e.g. us_cell_1,us_cell_2), or all')
    .option(
      '--as <source name>',
      `the allowlist source to replace (default ${DEFAULT_SOURCE.entra} for entra, whatever --tag is, and ${DEFAULT_SOURCE.okta} for okta); name one per tag to keep several tags side by side`,
    )
    .option('--dry-run', 'print what would change and change nothing')
    .addHelpText('after', '\nEnvironment: ROSTER_API_URL (the server) and ROSTER_API_TOKEN (an ADMIN API token).')
    .exitOverride();
  let help = '';
  program.configureOutput({ writeOut: (text) => (help += text), writeErr: () => undefined });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.helpDisplayed') throw new HelpRequested(help);
    if (error instanceof CommanderError) throw new SyncError(error.message.replace(/^error: /, ''), 2);
    throw error;
  }
  const o = program.opts<{ provider: Provider; source: string; tag?: string; cells?: string; as?: string; dryRun?: boolean }>();
  if (o.provider === 'okta' && o.tag !== undefined) throw new SyncError('--tag applies to --provider entra only', 2);
  if (o.provider === 'entra' && o.cells !== undefined) throw new SyncError('--cells applies to --provider okta only', 2);
  let cells: string[] | null = null;
  if (o.provider === 'okta') {
    cells = (o.cells ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    if (cells.length === 0) throw new SyncError('--provider okta needs --cells: the cells your org lives in (e.g. us_cell_1), or all', 2);
  }
  const tag = o.tag?.trim() || DEFAULT_TAG;
  return { provider: o.provider, source: o.source, tag, cells, as: o.as?.trim() || DEFAULT_SOURCE[o.provider], dryRun: !!o.dryRun };
}

async function readSource(source: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    if (!/^https:\/\//i.test(source)) throw new SyncError(`--source must be a file or an https:// URL, not ${source}`, 2);
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    } catch (error) {
      throw new SyncError(`Could not fetch ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!res.ok) throw new SyncError(`Fetching ${source} answered HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_SOURCE_BYTES) throw new SyncError(`${source} is larger than ${MAX_SOURCE_BYTES} bytes`);
    return text;
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new SyncError(`Could not read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new SyncError(`Malformed file: ${what} is not a list of strings`);
  return value;
}

/** Azure's service tags file: `{ values: [{ name, properties: { addressPrefixes: [...] } }] }`. */
export function entraPrefixes(data: unknown, tag: string): { prefixes: string[]; description: string } {
  if (!isObject(data) || !Array.isArray(data['values'])) throw new SyncError('Malformed file: not an Azure service tags file (no "values" list)');
  const values = data['values'] as unknown[];
  const named = values.filter((v): v is Record<string, unknown> => isObject(v) && typeof v['name'] === 'string');
  const match = named.find((v) => v['name'] === tag);
  if (!match) {
    const near = named.map((v) => v['name'] as string).filter((n) => n.toLowerCase().includes(tag.toLowerCase().split('.')[0]!)).slice(0, 10);
    throw new SyncError(`Unknown service tag "${tag}" in the file${near.length ? `; similar tags: ${near.join(', ')}` : ''}`);
  }
  const properties = match['properties'];
  if (!isObject(properties)) throw new SyncError(`Malformed file: service tag "${tag}" has no properties`);
  const prefixes = stringList(properties['addressPrefixes'], `addressPrefixes of "${tag}"`);
  const change = properties['changeNumber'] ?? data['changeNumber'];
  return { prefixes, description: `Azure service tag ${tag}${change !== undefined ? ` (change ${String(change)})` : ''}` };
}

/** Okta's ip_ranges.json: `{ "<cell>": { "ip_ranges": [...] }, … }`. */
export function oktaPrefixes(data: unknown, cells: string[]): { prefixes: string[]; description: string } {
  if (!isObject(data) || Object.keys(data).length === 0) throw new SyncError('Malformed file: not an Okta ip_ranges.json (an object of cells)');
  for (const [name, cell] of Object.entries(data))
    if (!isObject(cell) || !Array.isArray(cell['ip_ranges'])) throw new SyncError(`Malformed file: cell "${name}" has no "ip_ranges" list`);
  const known = Object.keys(data);
  const chosen = cells.length === 1 && cells[0] === 'all' ? known : cells;
  const unknown = chosen.filter((c) => !known.includes(c));
  if (unknown.length) throw new SyncError(`Unknown Okta cell(s) ${unknown.join(', ')}; the file has: ${known.join(', ')}`);
  const prefixes = chosen.flatMap((c) => stringList((data[c] as Record<string, unknown>)['ip_ranges'], `ip_ranges of "${c}"`));
  return { prefixes, description: `Okta ${cells[0] === 'all' ? 'all cells' : `cell${chosen.length > 1 ? 's' : ''} ${chosen.join(', ')}`}` };
}

export function graphqlEndpoint(apiUrl: string): string {
  const url = apiUrl.replace(/\/+$/, '');
  return /\/graphql$/.test(url) ? url : `${url}/graphql`;
}

async function callGraphql<R, V>(endpoint: string, token: string, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(document), variables }),
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SyncError(`Could not reach ${endpoint}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  let body: { data?: R | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SyncError(`${endpoint} answered HTTP ${res.status} with a body that is not JSON`);
  }
  if (body.errors?.length) {
    const messages = body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw new SyncError(`The API refused the change (HTTP ${res.status}): ${messages}`);
  }
  if (!res.ok || !body.data) throw new SyncError(`${endpoint} answered HTTP ${res.status} without data`);
  return body.data;
}

export async function sync(options: SyncOptions, env: Record<string, string | undefined>, io: Io): Promise<ReplaceIpAllowlistEntriesMutation['replaceIpAllowlistEntries']> {
  const apiUrl = env['ROSTER_API_URL']?.trim();
  const token = env['ROSTER_API_TOKEN']?.trim();
  if (!apiUrl || !token) throw new SyncError('Set ROSTER_API_URL (the server, e.g. https://roster.example.com) and ROSTER_API_TOKEN (an ADMIN API token)', 2);

  const text = await readSource(options.source);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SyncError(`Malformed file: ${options.source} is not JSON`);
  }
  const { prefixes, description } = options.provider === 'entra' ? entraPrefixes(data, options.tag) : oktaPrefixes(data, options.cells ?? []);
  const { cidrs, invalid } = parseCidrs(prefixes);
  if (invalid.length) throw new SyncError(`Invalid prefix(es) in ${options.source}: ${invalid.slice(0, 20).join(', ')}${invalid.length > 20 ? ` and ${invalid.length - 20} more` : ''}`);
  if (cidrs.length === 0) throw new SyncError(`No prefixes found for ${description}: refusing to empty the "${options.as}" entries`);

  const variables: ReplaceIpAllowlistEntriesMutationVariables = {
    input: { source: options.as, cidrs: cidrs.map((c) => c.text), description, dryRun: options.dryRun },
  };
  const { replaceIpAllowlistEntries: result } = await callGraphql(graphqlEndpoint(apiUrl), token, ReplaceIpAllowlistEntriesDocument, variables);
  if (result.added === 0 && result.removed === 0) {
    io.out(`No change: source "${result.source}" already holds exactly the ${result.unchanged} prefixes of ${description}.`);
  } else {
    const counts = `${result.added} added, ${result.removed} removed, ${result.unchanged} unchanged`;
    io.out(result.dryRun ? `Dry run, nothing changed: source "${result.source}" would get ${counts} (${description}).` : `Source "${result.source}": ${counts} (${description}).`);
    for (const c of result.addedCidrs) io.out(`+ ${c}`);
    for (const c of result.removedCidrs) io.out(`- ${c}`);
  }
  if (!result.ipAllowlist.enforced) io.out('Note: the account does not enforce its IP allowlist yet.');
  return result;
}

export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  try {
    await sync(parseArgs(argv), env, io);
    return 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.out(error.message.trimEnd());
      return 0;
    }
    if (error instanceof SyncError) {
      io.err(`sync:ip-ranges: ${error.message}`);
      return error.exitCode;
    }
    io.err(`sync:ip-ranges: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
