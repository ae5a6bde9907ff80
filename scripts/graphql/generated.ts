/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The complete new set of one source's CIDRs, applied atomically; other sources are untouched. */
export type ReplaceIpAllowlistEntriesInput = {
  /** Never empty: removing a source's entries is removeIpAllowlistEntries. */
  cidrs: Array<string>;
  /** For the entries this call adds. */
  description?: string | null | undefined;
  /** Report what would change, lock-out check included, and change nothing. */
  dryRun?: boolean;
  force?: boolean;
  source: string;
};

export type ReplaceIpAllowlistEntriesMutationVariables = Exact<{
  input: ReplaceIpAllowlistEntriesInput;
}>;


export type ReplaceIpAllowlistEntriesMutation = { replaceIpAllowlistEntries: { source: string, added: number, removed: number, unchanged: number, addedCidrs: Array<string>, removedCidrs: Array<string>, dryRun: boolean, ipAllowlist: { enforced: boolean } } };


export const ReplaceIpAllowlistEntriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReplaceIpAllowlistEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReplaceIpAllowlistEntriesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replaceIpAllowlistEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"addedCidrs"}},{"kind":"Field","name":{"kind":"Name","value":"removedCidrs"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"ipAllowlist"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enforced"}}]}}]}}]}}]} as unknown as DocumentNode<ReplaceIpAllowlistEntriesMutation, ReplaceIpAllowlistEntriesMutationVariables>;