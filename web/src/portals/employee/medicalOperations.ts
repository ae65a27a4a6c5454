import { graphql } from '../../gql';

// The employee's own medical file, consents and access log ("Mijn medisch dossier").

export const EmployeeMedicalFileDocument = graphql(`
  query EmployeeMedicalFile($id: ID!) {
    case(id: $id) {
      id
      medicalFile {
        diagnosis
        consultations {
          id
          date
          complaints
          diagnosis
          notes
          treatment
          doctor {
            id
            name
          }
          createdAt
        }
        assessments {
          id
          kind
          madeOn
          medical
          advice {
            id
            limitations
            capabilities
            hoursPerDay
            hoursPerWeek
          }
          doctor {
            id
            name
          }
        }
        documents {
          ...DocumentFields
        }
      }
      parties {
        id
        name
      }
      consents {
        id
        part
        party {
          id
          name
        }
        grantedAt
        revokedAt
      }
    }
  }
`);

export const EmployeeAccessLogDocument = graphql(`
  query EmployeeAccessLog($caseId: ID!) {
    accessLog(caseId: $caseId) {
      at
      who
      role
      organisation
      resource
      action
      outcome
      detail
    }
  }
`);

export const EmployeeGrantConsentDocument = graphql(`
  mutation EmployeeGrantConsent($caseId: ID!, $part: ConsentPart!, $organisationId: ID!) {
    grantConsent(caseId: $caseId, part: $part, organisationId: $organisationId) {
      id
      part
      party {
        id
        name
      }
      grantedAt
      revokedAt
    }
  }
`);

export const EmployeeRevokeConsentDocument = graphql(`
  mutation EmployeeRevokeConsent($caseId: ID!, $consentId: ID!) {
    revokeConsent(caseId: $caseId, consentId: $consentId) {
      id
      part
      party {
        id
        name
      }
      grantedAt
      revokedAt
    }
  }
`);

/**
 * Both queries are refetched after a consent is given or revoked (the file's consents, and the
 * log that records the change), also when the file held no consent before.
 */
export const medicalContext = { additionalTypenames: ['Consent'] };
