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
          reportedByEmployee
          sickReportConfirmedAt
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

/** What moves the clock beyond the common path, as every party of a case reads it (never the
 * safety net's kind: that is `Case.safetyNetKind`, for the doctor and the employee only). */
export const ClockFieldsFragment = graphql(`
  fragment ClockFields on ClockEvents {
    leaves {
      id
      from
      until
    }
    employmentEndsOn
    rivOnLeaving
    ownRiskCarrier
    returnProspectOn
    ivaFrom
    wageSanction {
      kind
      weeks
      imposedOn
      repairedOn
      shorteningRequestedOn
      decidedOn
      granted
    }
    secondOpinions {
      id
      requestedOn
      givenOn
    }
  }
`);

export const CaseDetailDocument = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      ...CaseHeaderFields
      reportedByEmployee
      sickReportConfirmedAt
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
      clock {
        ...ClockFields
      }
      expertOpinions {
        id
        requestedBy
        feeEuros
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

/** The employee asked another company doctor for a second opinion (he, the employer or the
 * doctor records it). */
export const RequestSecondOpinionDocument = graphql(`
  mutation RequestSecondOpinion($caseId: ID!, $requestedOn: Date!) {
    requestSecondOpinion(caseId: $caseId, requestedOn: $requestedOn) {
      id
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

/** The second opinion was given (the employee, the employer or the doctor records it). */
export const RecordSecondOpinionGivenDocument = graphql(`
  mutation RecordSecondOpinionGiven($caseId: ID!, $id: ID!, $givenOn: Date!) {
    recordSecondOpinionGiven(caseId: $caseId, id: $id, givenOn: $givenOn) {
      id
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

/** UWV granted an IVA benefit early (the employee or the employer records it). */
export const RecordIvaGrantedDocument = graphql(`
  mutation RecordIvaGranted($caseId: ID!, $from: Date!) {
    recordIvaGranted(caseId: $caseId, from: $from) {
      id
      clock {
        ivaFrom
      }
    }
  }
`);

/** One case as the employer's and the employee's case pages read it. */
export type CaseDetail = NonNullable<CaseDetailQuery['case']>;

/** The clock's events of a case (leaves, end of employment, sanction, second opinions). */
export type ClockEvents = CaseDetail['clock'];

/** urql: refetch case queries after any of these change. */
export const caseContext = {
  additionalTypenames: ['Case', 'PlanOfAction', 'Evaluation', 'ExpertOpinion', 'Activity', 'Milestone'],
};
