import { Router, type Request } from 'express';
import type { Config } from '../../config/config';
import { listResponse, resourceTypes, schemaResources, serviceProviderConfig } from '../protocol/discovery';
import { ScimProtocolError } from '../protocol/scim-error';
import { scimBaseUrl, sendScim } from './render';

/** RFC 7644 §4: ServiceProviderConfig, Schemas and ResourceTypes, served per account. */
export function discoveryRouter(config: Config): Router {
  const router = Router({ mergeParams: true });
  const base = (req: Parameters<typeof scimBaseUrl>[1]) => scimBaseUrl(config.publicBaseUrl, req);

  router.get('/ServiceProviderConfig', (req, res) => sendScim(res, 200, serviceProviderConfig(base(req))));

  // The token's account, loaded when the token was checked: its userName rule shapes the User schema.
  const schemas = (req: Request) => schemaResources(base(req), req.principal!.account);
  router.get('/Schemas', (req, res) => sendScim(res, 200, listResponse(schemas(req))));
  router.get('/Schemas/:id', (req, res) => {
    const schema = schemas(req).find((s) => s.id === req.params.id);
    if (!schema) throw new ScimProtocolError(404, undefined, `Schema ${req.params.id} is not served here`);
    sendScim(res, 200, schema);
  });

  router.get('/ResourceTypes', (req, res) => sendScim(res, 200, listResponse(resourceTypes(base(req)))));
  router.get('/ResourceTypes/:id', (req, res) => {
    const type = resourceTypes(base(req)).find((t) => t.id === req.params.id);
    if (!type) throw new ScimProtocolError(404, undefined, `Resource type ${req.params.id} is not served here`);
    sendScim(res, 200, type);
  });
  return router;
}
