import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed schema. `schema.graphql` is produced by the backend
// (`poortwachter schema > web/schema.graphql`); src/gql is generated and not committed.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        // Date is YYYY-MM-DD, DateTime RFC 3339; both stay strings and are formatted by dates.ts.
        scalars: { DateTime: 'string', Date: 'string' },
      },
    },
  },
};

export default config;
