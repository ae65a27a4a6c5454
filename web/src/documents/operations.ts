import { graphql } from '../gql';

// Documents of a case and the re-integration report's completeness. The files themselves move
// over REST (upload.ts, download.ts).

export const DocumentFieldsFragment = graphql(`
  fragment DocumentFields on Document {
    id
    title
    filename
    classification
    documentType
    contentType
    size
    uploadedAt
    uploadedBy
    canDelete
  }
`);

export const CaseDocumentsDocument = graphql(`
  query CaseDocuments($id: ID!) {
    case(id: $id) {
      id
      documents {
        ...DocumentFields
      }
    }
  }
`);

export const DeleteDocumentDocument = graphql(`
  mutation DeleteDocument($id: ID!) {
    deleteDocument(id: $id)
  }
`);

export const RivCompletenessDocument = graphql(`
  query RivCompleteness($caseId: ID!) {
    rivCompleteness(caseId: $caseId) {
      complete
      missing
      dueOn
      parts {
        part
        state
        lastOn
        dueOn
      }
    }
  }
`);

/**
 * urql: queries that list documents are refetched after a document is deleted (the mutation
 * answers a bare Boolean, so the cache cannot tell what changed), also when the list was empty.
 */
export const documentsContext = { additionalTypenames: ['Document'] };
