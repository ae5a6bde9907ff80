import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { addIpAllowlistEntries } from '../../commands/ip-allowlist/add-ip-allowlist-entries';
import { requireSource } from '../../commands/ip-allowlist/ip-allowlist-guard';
import { countIpAllowlistEntriesBySource, getIpAllowlistEnforced, listIpAllowlistEntries } from '../../commands/ip-allowlist/ip-allowlist.queries';
import { removeIpAllowlistEntries } from '../../commands/ip-allowlist/remove-ip-allowlist-entries';
import { replaceIpAllowlistEntries } from '../../commands/ip-allowlist/replace-ip-allowlist-entries';
import { setIpAllowlistEnforced } from '../../commands/ip-allowlist/set-ip-allowlist-enforced';
import { getAccount } from '../../commands/account.queries';
import { InvalidInputError } from '../../domain/errors';
import type { GqlContext } from '../context';
import { toAccountNode } from '../types/account.mappers';
import { connection, decodeCursor, encodeCursor, type ConnectionShape } from '../types/connection';
import {
  AddIpAllowlistEntriesInput,
  AddIpAllowlistEntriesPayload,
  IpAllowlist,
  IpAllowlistEntryConnection,
  IpAllowlistEntryNode,
  IpAllowlistSourceCount,
  RemoveIpAllowlistEntriesInput,
  RemoveIpAllowlistEntriesPayload,
  ReplaceIpAllowlistEntriesInput,
  ReplaceIpAllowlistEntriesPayload,
  SetIpAllowlistEnforcedInput,
  SetIpAllowlistEnforcedPayload,
  toIpAllowlistEntryNode,
} from '../types/ip-allowlist.types';

@ArgsType()
class IpAllowlistEntriesArgs {
  @Field(() => Int, { defaultValue: 100, description: 'At most 1000.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

async function ipAllowlistOf(ctx: GqlContext, source: string | null): Promise<IpAllowlist> {
  return { enforced: await getIpAllowlistEnforced(ctx.app), source };
}

function afterKey(after: string | null | undefined): { source: string; cidr: string } | null {
  if (after == null) return null;
  const values = decodeCursor(after);
  if (!values || values.length !== 2 || typeof values[0] !== 'string' || typeof values[1] !== 'string')
    throw new InvalidInputError('INVALID_CURSOR', 'The cursor is not one this list gave out', { field: 'after' });
  return { source: values[0], cidr: values[1] };
}

/** The IP allowlist: reads for any token, changes for ADMIN tokens, each through one command. */
@Resolver(() => IpAllowlist)
export class IpAllowlistResolver {
  @Query(() => IpAllowlist, { description: 'The account\'s IP allowlist; `source` limits `entries` to one source.' })
  async ipAllowlist(@Arg('source', () => String, { nullable: true }) source: string | null | undefined, @Ctx() ctx: GqlContext): Promise<IpAllowlist> {
    return ipAllowlistOf(ctx, source == null ? null : requireSource(source));
  }

  @FieldResolver(() => IpAllowlistEntryConnection, { description: 'Entries ordered by source, then CIDR.' })
  async entries(@Root() list: IpAllowlist, @Args(() => IpAllowlistEntriesArgs) args: IpAllowlistEntriesArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<IpAllowlistEntryNode>> {
    const page = await listIpAllowlistEntries(ctx.app, { source: list.source, first: args.first, after: afterKey(args.after) });
    const edges = page.entries.map((e) => ({ node: toIpAllowlistEntryNode(e), cursor: encodeCursor([e.source, e.cidr]) }));
    return connection(edges, page.hasNextPage, async () => {
      const counts = await countIpAllowlistEntriesBySource(ctx.app);
      return counts.filter((c) => list.source === null || c.source === list.source).reduce((sum, c) => sum + c.count, 0);
    });
  }

  @FieldResolver(() => [IpAllowlistSourceCount], { description: 'Entry counts per source, of every source whatever `source` is.' })
  async sources(@Ctx() ctx: GqlContext): Promise<IpAllowlistSourceCount[]> {
    return countIpAllowlistEntriesBySource(ctx.app);
  }

  @Authorized('ADMIN')
  @Mutation(() => AddIpAllowlistEntriesPayload)
  async addIpAllowlistEntries(@Arg('input', () => AddIpAllowlistEntriesInput) input: AddIpAllowlistEntriesInput, @Ctx() ctx: GqlContext): Promise<AddIpAllowlistEntriesPayload> {
    const result = await addIpAllowlistEntries(ctx.app, { cidrs: input.cidrs, source: input.source ?? null, description: input.description ?? null });
    return { added: result.added.length, unchanged: result.unchanged, addedCidrs: result.added, ipAllowlist: await ipAllowlistOf(ctx, null) };
  }

  @Authorized('ADMIN')
  @Mutation(() => RemoveIpAllowlistEntriesPayload)
  async removeIpAllowlistEntries(@Arg('input', () => RemoveIpAllowlistEntriesInput) input: RemoveIpAllowlistEntriesInput, @Ctx() ctx: GqlContext): Promise<RemoveIpAllowlistEntriesPayload> {
    const result = await removeIpAllowlistEntries(ctx.app, { cidrs: input.cidrs, source: input.source ?? null, force: input.force, requestAddress: ctx.requestAddress });
    return { removed: result.removed.length, removedCidrs: result.removed, notFoundCidrs: result.notFound, ipAllowlist: await ipAllowlistOf(ctx, null) };
  }

  @Authorized('ADMIN')
  @Mutation(() => ReplaceIpAllowlistEntriesPayload, { description: 'Makes one source\'s entries exactly `cidrs` in one transaction (what sync scripts call).' })
  async replaceIpAllowlistEntries(@Arg('input', () => ReplaceIpAllowlistEntriesInput) input: ReplaceIpAllowlistEntriesInput, @Ctx() ctx: GqlContext): Promise<ReplaceIpAllowlistEntriesPayload> {
    const result = await replaceIpAllowlistEntries(ctx.app, {
      source: input.source,
      cidrs: input.cidrs,
      description: input.description ?? null,
      force: input.force,
      dryRun: input.dryRun,
      requestAddress: ctx.requestAddress,
    });
    return {
      source: result.source,
      added: result.added.length,
      removed: result.removed.length,
      unchanged: result.unchanged,
      addedCidrs: result.added,
      removedCidrs: result.removed,
      dryRun: result.dryRun,
      ipAllowlist: await ipAllowlistOf(ctx, result.source),
    };
  }

  @Authorized('ADMIN')
  @Mutation(() => SetIpAllowlistEnforcedPayload, { description: 'Turns IP allowlist enforcement on or off for the account.' })
  async setIpAllowlistEnforced(@Arg('input', () => SetIpAllowlistEnforcedInput) input: SetIpAllowlistEnforcedInput, @Ctx() ctx: GqlContext): Promise<SetIpAllowlistEnforcedPayload> {
    await setIpAllowlistEnforced(ctx.app, { enforced: input.enforced, force: input.force, requestAddress: ctx.requestAddress });
    const account = await getAccount({ ...ctx.app, em: ctx.app.em.fork() });
    return { account: toAccountNode(account), ipAllowlist: await ipAllowlistOf(ctx, null) };
  }
}
