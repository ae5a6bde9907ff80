import type { EntityManager } from '@mikro-orm/postgresql';
import type { ActorType } from '../domain/provisioning/provisioning-event.entity';
import type { ApiRole } from '../domain/token/api-token.entity';

/** Who is acting: a SCIM token, an API token, or an operator at the CLI. Never carries a secret. */
export interface Actor {
  type: ActorType;
  id: string | null;
  name: string;
  role: ApiRole | null;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything a command needs, built once per request (or CLI call) and passed explicitly. */
export interface Ctx {
  em: EntityManager;
  accountId: string;
  actor: Actor;
  requestId: string | null;
  clock: Clock;
}
