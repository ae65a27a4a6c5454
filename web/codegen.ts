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
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
