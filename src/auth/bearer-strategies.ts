import type { Request } from 'express';
import passportLib from 'passport';

export type Authenticator = InstanceType<typeof passportLib.Authenticator>;
import { Strategy as BearerStrategy, type IVerifyOptions, type VerifyFunctionWithRequest } from 'passport-http-bearer';
import type { Orm } from '../db/orm';
import type { TokenKind } from '../domain/token/token-secret';
import { authenticateToken, type Principal } from './authenticate-token';

/**
 * passport-http-bearer also accepts `access_token` from the query string and the body. Tokens there leak into
 * logs and browser histories (RFC 6750 §2.3, RFC 7644 §7.5.2), so this strategy shows it the headers only.
 */
class HeaderOnlyBearerStrategy extends BearerStrategy<VerifyFunctionWithRequest> {
  override authenticate(req: Request, options?: object): void {
    const headersOnly = Object.create(req, { body: { value: undefined }, query: { value: undefined } }) as Request;
    super.authenticate(headersOnly, options);
  }
}

export const SCIM_STRATEGY = 'scim-bearer';
export const API_STRATEGY = 'api-bearer';

export function createPassport(orm: Orm): Authenticator {
  const passport = new passportLib.Authenticator();
  const strategy = (kind: TokenKind) =>
    new HeaderOnlyBearerStrategy({ passReqToCallback: true }, (req: Request, raw: string, done: (error: unknown, principal?: Principal | false, info?: IVerifyOptions | string) => void) => {
      const param = req.params['accountId'];
      const accountId = kind === 'scim' ? (typeof param === 'string' ? param : '') : null;
      authenticateToken(orm.em.fork(), raw, kind, accountId, new Date())
        .then((principal) => done(null, principal ?? false))
        .catch((error: unknown) => done(error));
    });
  passport.use(SCIM_STRATEGY, strategy('scim'));
  passport.use(API_STRATEGY, strategy('api'));
  return passport;
}
