import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The admin console's typed documents: the client preset turns every graphql(`…`) call in admin/src into a
 * TypedDocumentNode, checked against the committed schema.graphql. A file of its own rather than a target in the
 * root codegen.ts, whose targets a foundation test pins; `npm run codegen` runs both.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['admin/src/**/*.tsx', 'admin/src/**/*.ts', '!admin/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'admin/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
