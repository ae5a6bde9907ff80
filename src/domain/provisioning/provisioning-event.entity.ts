import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';

export enum ActorType {
  SCIM_TOKEN = 'scim_token',
  API_TOKEN = 'api_token',
  OPERATOR = 'operator',
  SYSTEM = 'system',
}

export enum EventOutcome {
  SUCCESS = 'success',
  FAILURE = 'failure',
}

/** The audit trail of one write: who, what, on which resource, and how it ended. No secrets, no payloads. */
@Entity({ tableName: 'provisioning_event' })
@Index({ properties: ['account', 'occurredAt', 'id'] })
export class ProvisioningEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'timestamptz' })
  occurredAt: Date = new Date();

  @Enum({ items: () => ActorType, nativeEnumName: 'actor_type' })
  actorType!: ActorType;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text' })
  actorName!: string;

  /** e.g. `user.created`, `group.members_added`, `token.revoked`. */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  resourceType: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  resourceId: string | null = null;

  @Enum({ items: () => EventOutcome, nativeEnumName: 'event_outcome' })
  outcome: EventOutcome = EventOutcome.SUCCESS;

  /** True when an admin changed a SCIM-managed resource under "allow manual updates". */
  @Property({ type: 'boolean' })
  manual: boolean = false;

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'json', nullable: true })
  detail: Record<string, unknown> | null = null;
}
