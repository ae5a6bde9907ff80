import type { Principal } from '../auth/authenticate-token';
import type { Ctx } from '../commands/context';

/** The GraphQL context: the request's command context plus who asked. Built by the HTTP layer. */
export interface GqlContext {
  app: Ctx;
  principal: Principal;
  requestId: string;
  /** The client address as the IP allowlist sees it (`req.ip`, honouring TRUST_PROXY). */
  requestAddress: string | null;
}
