import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: typed documents (`TypedDocumentNode`) for the operations in `test/graphql/*.graphql`
 * and `scripts/graphql/*.graphql`,
 * checked against the committed `schema.graphql` (itself emitted from the resolvers by `npm run schema:emit`).
 * typescript-operations emits the enum types the operations use, so the `typescript` plugin is not needed.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'test/graphql/generated.ts': {
      documents: ['test/graphql/*.graphql'],
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumType: 'string-literal',
        useTypeImports: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
    // Operator scripts (scripts/sync-ip-ranges.ts) get their own file: the build compiles scripts/, never test/.
    'scripts/graphql/generated.ts': {
      documents: ['scripts/graphql/*.graphql'],
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumType: 'string-literal',
        useTypeImports: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
