import type { Principal } from '../auth/authenticate-token';
import type { Ctx } from '../commands/context';
import type { Loaders } from './loaders';

/** The GraphQL context: the request's command context plus who asked. Built by the HTTP layer. */
export interface GqlContext {
  app: Ctx;
  principal: Principal;
  requestId: string;
  /** Per-request DataLoaders: built for each request, so nothing cached outlives it. */
  loaders: Loaders;
  /** Tells the email deliverer that a mutation committed mail to the outbox. */
  mailQueued(): void;
  /** The client address as the IP allowlist sees it (`req.ip`, honouring TRUST_PROXY). */
  requestAddress: string | null;
}
