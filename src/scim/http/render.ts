import type { Request, Response } from 'express';
import { SCIM_MEDIA_TYPE } from '../protocol/urns';

/** Every SCIM reply is `application/scim+json` (RFC 7644 §3.1). */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** The absolute SCIM base URL of the account a request addresses. */
export function scimBaseUrl(publicBaseUrl: string, req: Request): string {
  return `${publicBaseUrl}/scim/v2/accounts/${req.params['accountId']}`;
}
