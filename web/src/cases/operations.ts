import { graphql } from '../gql';
import type { CaseDetailQuery } from '../gql/graphql';

// Case operations shared by the employer's and the employee's screens, and the fragments every
// portal's case page reads.

/** What every portal shows at the top of a case (see CaseHeader). */
export const CaseHeaderFieldsFragment = graphql(`
  fragment CaseHeaderFields on Case {
    id
    status
    track
    sickSince
    sickWeek
    employee {
      id
      name
    }
  }
`);

/** The company doctor's workability advice, as WorkabilityCard shows it and he writes it. */
export const WorkabilityFieldsFragment = graphql(`
  fragment WorkabilityFields on WorkabilityAdvice {
    id
    givenOn
    limitations
    limitationCategories
    capabilities
    hoursPerDay
    hoursPerWeek
    expectedRecoveryOn
    expectedRecoveryUntil
    advice
    noSustainableCapacity
    doctor {
      id
      name
    }
  }
`);

export const CaseListDocument = graphql(`
  query CaseList($first: Int, $after: String, $filter: CaseFilter, $sort: CaseSort) {
    cases(first: $first, after: $after, filter: $filter, sort: $sort) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          track
          sickSince
          sickWeek
          employee {
            id
            name
          }
          caseManager {
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
        }
      }
    }
  }
`);

export const CaseDetailDocument = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      ...CaseHeaderFields
      expectedDurationWeeks
      reachableAt
      safetyNet
      thirdPartyLiable
      workAccident
      extensionWeeks
      sanctionWeeks
      returnProspect
      caseManager {
        id
        name
      }
      recoveries {
        recoveredOn
        resickOn
      }
      partialRecoveries {
        from
        workingPercentage
      }
      deadlines {
        kind
        dueOn
        status
        completedOn
        week
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
      workability {
        ...WorkabilityFields
      }
      milestones {
        id
        kind
        occurredOn
        note
      }
      expertOpinions {
        id
        requestedBy
        question
        submittedOn
        expectedBy
        answeredOn
        outcome
        followedUpOn
        followUp
        status
      }
      planOfAction {
        ...PlanFields
      }
      planOfActionHistory {
        ...PlanFields
      }
      evaluations {
        id
        kind
        heldOn
        summary
        agreements
        returnProspect
        employeeView
        employeeViewAt
        recordedBy {
          id
          name
        }
      }
      activities {
        id
        kind
        occurredOn
        summary
        createdAt
        recordedBy {
          id
          name
        }
      }
    }
  }

  fragment PlanFields on PlanOfAction {
    id
    version
    status
    isAdjustment
    goal
    contactFrequency
    changeNote
    createdAt
    updatedAt
    caseManager {
      id
      name
    }
    createdBy {
      id
      name
    }
    activities {
      description
      owner
      dueOn
      done
    }
    employerSignature {
      signedAt
      signedBy {
        id
        name
      }
    }
    employeeSignature {
      signedAt
      signedBy {
        id
        name
      }
    }
  }
`);

export const SignPlanDocument = graphql(`
  mutation SignPlan($caseId: ID!, $version: Int) {
    signPlanOfAction(caseId: $caseId, version: $version) {
      id
      version
      status
    }
  }
`);

export const WriteEvaluationViewDocument = graphql(`
  mutation WriteEvaluationView($evaluationId: ID!, $view: String!) {
    writeEvaluationView(evaluationId: $evaluationId, view: $view) {
      id
      employeeView
      employeeViewAt
    }
  }
`);

export const RequestExpertOpinionDocument = graphql(`
  mutation RequestExpertOpinion($caseId: ID!, $question: ExpertOpinionQuestion!, $submittedOn: Date!) {
    requestExpertOpinion(caseId: $caseId, question: $question, submittedOn: $submittedOn) {
      id
      status
    }
  }
`);

export const RecordMilestoneDocument = graphql(`
  mutation RecordMilestone($caseId: ID!, $kind: DeadlineKind!, $on: Date!, $note: String) {
    recordMilestone(caseId: $caseId, kind: $kind, on: $on, note: $note) {
      id
      kind
      occurredOn
    }
  }
`);

/** One case as the employer's and the employee's case pages read it. */
export type CaseDetail = NonNullable<CaseDetailQuery['case']>;

/** urql: refetch case queries after any of these change. */
export const caseContext = {
  additionalTypenames: ['Case', 'PlanOfAction', 'Evaluation', 'ExpertOpinion', 'Activity', 'Milestone'],
};
