import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ActorType, EventOutcome, type ProvisioningEvent } from '../../domain/provisioning/provisioning-event.entity';
import { Connection } from './connection';
import { NewestFirstArgs } from './newest-first-page';

registerEnumType(ActorType, { name: 'ActorType', description: 'What wrote: a SCIM token, an API token, an operator at the CLI, or Roster itself.' });
registerEnumType(EventOutcome, { name: 'EventOutcome' });

@ObjectType('ProvisioningEvent', { description: 'One write to the account, by SCIM or an admin: who, what, on which resource, and how it ended.' })
export class ProvisioningEventNode {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeResolver)
  occurredAt!: Date;

  @Field(() => ActorType)
  actorType!: ActorType;

  @Field(() => ID, { nullable: true, description: 'The token that wrote, when a token did.' })
  actorId!: string | null;

  @Field({ description: 'The token\'s name at the time (or "cli" for the operator).' })
  actorName!: string;

  @Field({ description: 'e.g. user.created, group.members_added, scim_token.rotated, account.settings_updated.' })
  action!: string;

  @Field(() => String, { nullable: true })
  resourceType!: string | null;

  @Field(() => ID, { nullable: true })
  resourceId!: string | null;

  @Field(() => EventOutcome)
  outcome!: EventOutcome;

  @Field({ description: 'True when an admin changed a SCIM-managed resource under "allow manual updates".' })
  manual!: boolean;

  @Field(() => String, { nullable: true, description: 'The X-Request-Id of the request that wrote.' })
  requestId!: string | null;

  @Field(() => JSONObjectResolver, { nullable: true, description: 'What changed, in brief: never a secret or a full payload.' })
  detail!: Record<string, unknown> | null;
}

export const ProvisioningEventConnection = Connection(ProvisioningEventNode, 'ProvisioningEvent');

@InputType({ description: 'Every field given must match.' })
export class ProvisioningEventFilter {
  @Field(() => DateTimeResolver, { nullable: true, description: 'Events at or after this time.' })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Events before this time.' })
  to?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The id of the token that wrote.' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the token that wrote (exact).' })
  actorName?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. User, Group, ScimToken, Account.' })
  resourceType?: string | null;

  @Field(() => ID, { nullable: true })
  resourceId?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. user.created (exact).' })
  action?: string | null;

  @Field(() => EventOutcome, { nullable: true })
  outcome?: EventOutcome | null;
}

@ArgsType()
export class ProvisioningEventsArgs extends NewestFirstArgs {
  @Field(() => ProvisioningEventFilter, { nullable: true })
  filter?: ProvisioningEventFilter | null;
}

export function toProvisioningEventNode(event: ProvisioningEvent): ProvisioningEventNode {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    manual: event.manual,
    requestId: event.requestId,
    detail: event.detail,
  };
}
