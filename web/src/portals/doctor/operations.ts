import { graphql } from '../../gql';

// The company doctor's operations: his cases across employers, the case with its medical file,
// the access log, and what he writes (consultations, assessments, workability advice). His
// advice is read with the shared WorkabilityFields fragment (cases/operations.ts).

export const DoctorCasesDocument = graphql(`
  query DoctorCases($first: Int, $after: String, $filter: CaseFilter, $sort: CaseSort) {
    cases(first: $first, after: $after, filter: $filter, sort: $sort) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          sickWeek
          employee {
            id
            name
          }
          employer {
            id
            name
          }
          deadlines {
            kind
            dueOn
            status
            completedOn
            week
          }
          workability {
            id
            givenOn
          }
        }
      }
    }
  }
`);

export const DoctorCaseDocument = graphql(`
  query DoctorCase($id: ID!) {
    case(id: $id) {
      ...CaseHeaderFields
      employer {
        id
        name
      }
      deadlines {
        kind
        dueOn
        status
        completedOn
        week
      }
      workability {
        ...WorkabilityFields
      }
      workabilityHistory {
        ...WorkabilityFields
      }
      safetyNet
      safetyNetKind
      clock {
        secondOpinions {
          id
          requestedOn
          givenOn
        }
      }
    }
  }
`);

/** Which safety net applies (he or the employee himself sets it; null clears the kind). */
export const DoctorSetSafetyNetDocument = graphql(`
  mutation DoctorSetSafetyNet($caseId: ID!, $kind: SafetyNet) {
    setSafetyNet(caseId: $caseId, kind: $kind) {
      id
      safetyNet
      safetyNetKind
    }
  }
`);

export const DoctorMedicalFileDocument = graphql(`
  query DoctorMedicalFile($id: ID!) {
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
          personalNotes
          createdAt
          doctor {
            id
            name
          }
        }
        assessments {
          id
          kind
          madeOn
          medical
          advice {
            ...WorkabilityFields
          }
          doctor {
            id
            name
          }
        }
      }
      consents {
        id
        part
        grantedAt
        revokedAt
        party {
          id
          name
        }
      }
    }
  }
`);

export const DoctorAccessLogDocument = graphql(`
  query DoctorAccessLog($caseId: ID!) {
    accessLog(caseId: $caseId) {
      at
      who
      role
      organisation
      resource
      action
      outcome
    }
  }
`);

export const DoctorRecordConsultationDocument = graphql(`
  mutation DoctorRecordConsultation($caseId: ID!, $input: ConsultationRecordInput!) {
    recordConsultation(caseId: $caseId, input: $input) {
      id
      date
    }
  }
`);

export const DoctorRecordAssessmentDocument = graphql(`
  mutation DoctorRecordAssessment($caseId: ID!, $kind: AssessmentKind!, $medicalPart: String!, $advice: WorkabilityAdviceInput!) {
    recordAssessment(caseId: $caseId, kind: $kind, medicalPart: $medicalPart, advice: $advice) {
      id
      kind
      madeOn
    }
  }
`);

export const DoctorGiveAdviceDocument = graphql(`
  mutation DoctorGiveAdvice($caseId: ID!, $input: WorkabilityAdviceInput!) {
    giveWorkabilityAdvice(caseId: $caseId, input: $input) {
      id
      givenOn
    }
  }
`);
