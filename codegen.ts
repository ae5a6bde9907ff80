import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: typed documents (`TypedDocumentNode`) for the operations in `test/graphql/*.graphql`,
 * checked against the committed `schema.graphql` (itself emitted from the resolvers by `npm run schema:emit`).
 * typescript-operations emits the enum types the operations use, so the `typescript` plugin is not needed.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/graphql/*.graphql'],
  generates: {
    'test/graphql/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumType: 'string-literal',
        useTypeImports: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
