import { graphql } from '../../gql';

// The re-integration consultant's operations: his cases across employers, one case with its
// track 2 file, and what he writes in it (profile, occupations, activities, contacts,
// applications, reports).

export const AgencyCasesDocument = graphql(`
  query AgencyCases($first: Int, $after: String, $filter: CaseFilter, $sort: CaseSort) {
    cases(first: $first, after: $after, filter: $filter, sort: $sort) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          sickSince
          sickWeek
          employee {
            id
            name
          }
          employer {
            id
            name
          }
          nextDeadline {
            kind
            dueOn
            status
          }
          riskSignals {
            kind
            since
            reference
          }
          track2 {
            id
            startedOn
            endedOn
          }
        }
      }
    }
  }
`);

export const AgencyTrack2FieldsFragment = graphql(`
  fragment AgencyTrack2Fields on Track2 {
    ...Track2Overview
    canEdit
    profile {
      limitations
    }
    reports {
      updatedAt
    }
  }
`);

export const AgencyCaseDocument = graphql(`
  query AgencyCase($id: ID!) {
    case(id: $id) {
      ...CaseHeaderFields
      employer {
        id
        name
      }
      riskSignals {
        kind
        since
        reference
      }
      workability {
        ...WorkabilityFields
      }
      track2 {
        ...AgencyTrack2Fields
      }
    }
  }
`);

export const SaveTrack2ProfileDocument = graphql(`
  mutation SaveTrack2Profile($caseId: ID!, $input: Track2ProfileInput!) {
    saveTrack2Profile(caseId: $caseId, input: $input) {
      id
    }
  }
`);

export const AddPromisingOccupationDocument = graphql(`
  mutation AddPromisingOccupation($caseId: ID!, $title: String!, $reason: String!) {
    addPromisingOccupation(caseId: $caseId, title: $title, reason: $reason) {
      id
    }
  }
`);

export const RemovePromisingOccupationDocument = graphql(`
  mutation RemovePromisingOccupation($id: ID!) {
    removePromisingOccupation(id: $id)
  }
`);

export const RecordTrack2ActivityDocument = graphql(`
  mutation RecordTrack2Activity($caseId: ID!, $input: Track2ActivityInput!) {
    recordTrack2Activity(caseId: $caseId, input: $input) {
      id
    }
  }
`);

export const UpdateTrack2ActivityDocument = graphql(`
  mutation UpdateTrack2Activity($id: ID!, $input: Track2ActivityInput!) {
    updateTrack2Activity(id: $id, input: $input) {
      id
    }
  }
`);

export const RecordContactDocument = graphql(`
  mutation RecordTrack2Contact($caseId: ID!, $input: Track2ContactInput!) {
    recordContact(caseId: $caseId, input: $input) {
      id
    }
  }
`);

export const RecordApplicationDocument = graphql(`
  mutation RecordTrack2Application($caseId: ID!, $input: Track2ApplicationInput!) {
    recordApplication(caseId: $caseId, input: $input) {
      id
    }
  }
`);

export const UpdateApplicationDocument = graphql(`
  mutation UpdateTrack2Application($id: ID!, $status: ApplicationStatus!, $outcome: String) {
    updateApplication(id: $id, status: $status, outcome: $outcome) {
      id
      status
      outcome
    }
  }
`);

export const DraftTrack2ReportDocument = graphql(`
  mutation DraftTrack2Report($caseId: ID!, $kind: Track2ReportKind, $rewrite: Boolean) {
    draftTrack2Report(caseId: $caseId, kind: $kind, rewrite: $rewrite) {
      id
      kind
      status
      periodFrom
      periodTo
      activities
      assessment
      attitude
      updatedAt
    }
  }
`);

export const SaveTrack2ReportDocument = graphql(`
  mutation SaveTrack2Report($id: ID!, $input: Track2ReportInput!) {
    saveTrack2Report(id: $id, input: $input) {
      id
      updatedAt
    }
  }
`);

export const SubmitTrack2ReportDocument = graphql(`
  mutation SubmitTrack2Report($caseId: ID!, $input: Track2ReportInput!) {
    submitTrack2Report(caseId: $caseId, input: $input) {
      id
      kind
      status
      submittedOn
    }
  }
`);
