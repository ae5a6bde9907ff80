import { allSchemas, commonAttributes, type AttributeDefinition, type SchemaDefinition } from './schema-definitions';
import { URN } from './urns';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** RFC 7643 §5, with RFC 9865's `pagination` block: what this server supports, stated once. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
      cursorTimeout: 86_400,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A SCIM token of this account in the Authorization header: "Authorization: Bearer rst_scim_…".',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: URN.user,
      schemaExtensions: [
        { schema: URN.enterpriseUser, required: false },
        { schema: URN.licenseUser, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [URN.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: URN.group,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

/** The account settings that change what `/Schemas` says. */
export interface SchemaSettings {
  userNameMustMatchEmail: boolean;
}

const ANY_USER_NAME =
  'Unique identifier for the User. Unique per account ignoring case; any non-empty string without control characters: this account does not require it to be an email address. The user signs in with the primary email (else the only one, else the first work one).';

/** The userName rule is an account setting, so its description is too; everything else is fixed. */
function describeUserName(attributes: AttributeDefinition[], settings: SchemaSettings): AttributeDefinition[] {
  if (settings.userNameMustMatchEmail) return attributes;
  return attributes.map((a) => (a.name === 'userName' ? { ...a, description: ANY_USER_NAME } : a));
}

/** RFC 7643 §7: core schemas list the common attributes too, so schema-aware IdPs see `externalId`. */
export function schemaResources(baseUrl: string, settings: SchemaSettings, schemas: SchemaDefinition[] = allSchemas) {
  return schemas.map((schema) => ({
    schemas: [URN.schema],
    ...schema,
    attributes:
      schema.id === URN.user
        ? [...describeUserName(schema.attributes, settings), ...commonAttributes.filter((a) => a.name === 'externalId')]
        : schema.id === URN.group
          ? [...schema.attributes, ...commonAttributes.filter((a) => a.name === 'externalId')]
          : schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }));
}

export function listResponse<T>(resources: T[], totalResults = resources.length, startIndex = 1) {
  return { schemas: [URN.listResponse], totalResults, itemsPerPage: resources.length, startIndex, Resources: resources };
}
