import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { IpAllowlistEntry } from '../../domain/ip-allowlist/ip-allowlist-entry.entity';
import { AccountNode } from './account.types';
import { Connection } from './connection';

@ObjectType('IpAllowlistEntry', { description: 'One range requests may come from while the account enforces its IP allowlist.' })
export class IpAllowlistEntryNode {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Normalized CIDR, e.g. 20.190.128.0/18 or 2603:1000::/40; a single address is a /32 or /128.' })
  cidr!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'Who maintains the entry: manual, AzureActiveDirectory, okta, or another sync\'s name.' })
  source!: string;

  @Field({ description: 'The token (or `cli`) that added it.' })
  createdBy!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

export const IpAllowlistEntryConnection = Connection(IpAllowlistEntryNode, 'IpAllowlistEntry');

@ObjectType({ description: 'How many entries one source has.' })
export class IpAllowlistSourceCount {
  @Field()
  source!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => DateTimeResolver, { description: 'The newest remaining entry\'s `createdAt`: when the source last gained an entry it still holds. Removing the newest entries moves it back to the newest one left.' })
  lastChangedAt!: Date;
}

@ObjectType({ description: 'The account\'s IP allowlist: whether it is enforced, its entries and their sources.' })
export class IpAllowlist {
  @Field({ description: 'Whether requests from addresses outside the list are refused.' })
  enforced!: boolean;

  @Field(() => String, { nullable: true, description: 'The source `entries` is limited to; null for every source.' })
  source!: string | null;
}

@InputType({ description: 'CIDRs to add under one source.' })
export class AddIpAllowlistEntriesInput {
  @Field(() => [String], { description: 'IPv4/IPv6 CIDRs or single addresses.' })
  cidrs!: string[];

  @Field(() => String, { nullable: true, defaultValue: 'manual' })
  source?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ObjectType()
export class AddIpAllowlistEntriesPayload {
  @Field(() => Int)
  added!: number;

  @Field(() => Int, { description: 'CIDRs that were already in the source.' })
  unchanged!: number;

  @Field(() => [String])
  addedCidrs!: string[];

  @Field(() => IpAllowlist)
  ipAllowlist!: IpAllowlist;
}

@InputType({ description: 'CIDRs to remove. Refused with IP_ALLOWLIST_LOCKOUT when it would refuse your own address, unless `force`.' })
export class RemoveIpAllowlistEntriesInput {
  @Field(() => [String])
  cidrs!: string[];

  @Field(() => String, { nullable: true, description: 'Only from this source; omitted: from every source.' })
  source?: string | null;

  @Field({ defaultValue: false })
  force!: boolean;
}

@ObjectType()
export class RemoveIpAllowlistEntriesPayload {
  @Field(() => Int)
  removed!: number;

  @Field(() => [String])
  removedCidrs!: string[];

  @Field(() => [String], { description: 'Named CIDRs that were not in the list.' })
  notFoundCidrs!: string[];

  @Field(() => IpAllowlist)
  ipAllowlist!: IpAllowlist;
}

@InputType({ description: 'The complete new set of one source\'s CIDRs, applied atomically; other sources are untouched.' })
export class ReplaceIpAllowlistEntriesInput {
  @Field()
  source!: string;

  @Field(() => [String], { description: 'Never empty: removing a source\'s entries is removeIpAllowlistEntries.' })
  cidrs!: string[];

  @Field(() => String, { nullable: true, description: 'For the entries this call adds.' })
  description?: string | null;

  @Field({ defaultValue: false })
  force!: boolean;

  @Field({ defaultValue: false, description: 'Report what would change, lock-out check included, and change nothing.' })
  dryRun!: boolean;
}

@ObjectType()
export class ReplaceIpAllowlistEntriesPayload {
  @Field()
  source!: string;

  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  removed!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => [String])
  addedCidrs!: string[];

  @Field(() => [String])
  removedCidrs!: string[];

  @Field()
  dryRun!: boolean;

  @Field(() => IpAllowlist)
  ipAllowlist!: IpAllowlist;
}

@InputType({ description: 'Turning enforcement on is refused with IP_ALLOWLIST_LOCKOUT while the list is empty or misses your address, unless `force`.' })
export class SetIpAllowlistEnforcedInput {
  @Field()
  enforced!: boolean;

  @Field({ defaultValue: false })
  force!: boolean;
}

@ObjectType()
export class SetIpAllowlistEnforcedPayload {
  @Field(() => AccountNode)
  account!: AccountNode;

  @Field(() => IpAllowlist)
  ipAllowlist!: IpAllowlist;
}

export function toIpAllowlistEntryNode(entry: IpAllowlistEntry): IpAllowlistEntryNode {
  return { id: entry.id, cidr: entry.cidr, description: entry.description, source: entry.source, createdBy: entry.createdBy, createdAt: entry.createdAt };
}
