/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What an API token may do: ADMIN may change anything, READ_ONLY may only query. */
export type ApiRole =
  | 'ADMIN'
  | 'READ_ONLY';

/** The license a user holds in the product. */
export type LicenseType =
  | 'ANALYST'
  | 'DEVELOPER'
  | 'IT'
  | 'READ_ONLY';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { account: { id: string, name: string, settings: { scimEnabled: boolean, allowManualUpdates: boolean, scimLicenseManagement: boolean, defaultLicenseType: LicenseType | null, ipAllowlistEnforced: boolean } }, token: { id: string, name: string, role: ApiRole } } };


export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scimEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"allowManualUpdates"}},{"kind":"Field","name":{"kind":"Name","value":"scimLicenseManagement"}},{"kind":"Field","name":{"kind":"Name","value":"defaultLicenseType"}},{"kind":"Field","name":{"kind":"Name","value":"ipAllowlistEnforced"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;