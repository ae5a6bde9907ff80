import type { Principal } from '../auth/authenticate-token';
import type { Ctx } from '../commands/context';

declare global {
  namespace Express {
    interface Request {
      /** Set by the request-id middleware on every request. */
      id: string;
      principal?: Principal;
      ctx?: Ctx;
    }
  }
}
