import { graphql } from '../../../gql';

// The employer's case mutations (the employee's and shared ones are in src/cases/operations.ts).

export const CaseManagersDocument = graphql(`
  query CaseManagers {
    caseManagers {
      id
      name
    }
  }
`);

export const SickReportEmployeesDocument = graphql(`
  query SickReportEmployees {
    employees(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

export const ReportSickDocument = graphql(`
  mutation ReportSick($input: ReportSickInput!) {
    reportSick(input: $input) {
      id
    }
  }
`);

export const SavePlanDocument = graphql(`
  mutation SavePlan($caseId: ID!, $input: PlanOfActionInput!) {
    savePlanOfAction(caseId: $caseId, input: $input) {
      id
      version
      status
    }
  }
`);

export const RecordEvaluationDocument = graphql(`
  mutation RecordEvaluation($caseId: ID!, $kind: EvaluationKind!, $input: EvaluationInput!) {
    recordEvaluation(caseId: $caseId, kind: $kind, input: $input) {
      id
    }
  }
`);

export const LogActivityDocument = graphql(`
  mutation LogActivity($caseId: ID!, $input: ActivityInput!) {
    logActivity(caseId: $caseId, input: $input) {
      id
    }
  }
`);

export const AnswerExpertOpinionDocument = graphql(`
  mutation AnswerExpertOpinion($id: ID!, $answeredOn: Date!, $outcome: String!) {
    recordExpertOpinionAnswer(id: $id, answeredOn: $answeredOn, outcome: $outcome) {
      id
      status
    }
  }
`);

export const FollowUpExpertOpinionDocument = graphql(`
  mutation FollowUpExpertOpinion($id: ID!, $followedUpOn: Date!, $followUp: String!) {
    recordExpertOpinionFollowUp(id: $id, followedUpOn: $followedUpOn, followUp: $followUp) {
      id
      status
    }
  }
`);

export const ReportRecoveryDocument = graphql(`
  mutation ReportRecovery($caseId: ID!, $recoveredOn: Date!) {
    reportRecovery(caseId: $caseId, recoveredOn: $recoveredOn) {
      id
      status
    }
  }
`);

export const ReportPartialRecoveryDocument = graphql(`
  mutation ReportPartialRecovery($caseId: ID!, $from: Date!, $workingPercentage: Int!) {
    reportPartialRecovery(caseId: $caseId, from: $from, workingPercentage: $workingPercentage) {
      id
    }
  }
`);

export const UpdateCaseDocument = graphql(`
  mutation UpdateCase($caseId: ID!, $input: UpdateCaseInput!) {
    updateCase(caseId: $caseId, input: $input) {
      id
      track
      returnProspect
      caseManager {
        id
        name
      }
    }
  }
`);

// The clock's events beyond the common path ("Bijzondere situaties"): each returns the case,
// and the case context refetches the case page, so its timeline moves at once.

export const ImposeWageSanctionDocument = graphql(`
  mutation ImposeWageSanction($caseId: ID!, $weeks: Int!, $decidedOn: Date!, $kind: SanctionKind) {
    imposeWageSanction(caseId: $caseId, weeks: $weeks, decidedOn: $decidedOn, kind: $kind) {
      id
      sanctionWeeks
    }
  }
`);

export const RecordSanctionRepairDocument = graphql(`
  mutation RecordSanctionRepair($caseId: ID!, $repairedOn: Date!) {
    recordSanctionRepair(caseId: $caseId, repairedOn: $repairedOn) {
      id
    }
  }
`);

export const RequestSanctionShorteningDocument = graphql(`
  mutation RequestSanctionShortening($caseId: ID!, $requestedOn: Date!) {
    requestSanctionShortening(caseId: $caseId, requestedOn: $requestedOn) {
      id
    }
  }
`);

export const RecordSanctionDecisionDocument = graphql(`
  mutation RecordSanctionDecision($caseId: ID!, $decidedOn: Date!, $granted: Boolean!) {
    recordSanctionDecision(caseId: $caseId, decidedOn: $decidedOn, granted: $granted) {
      id
    }
  }
`);

export const RecordLeaveDocument = graphql(`
  mutation RecordLeave($caseId: ID!, $from: Date!, $until: Date!) {
    recordLeave(caseId: $caseId, from: $from, until: $until) {
      id
      clock {
        leaves {
          id
          from
          until
        }
      }
    }
  }
`);

export const RemoveLeaveDocument = graphql(`
  mutation RemoveLeave($caseId: ID!, $leaveId: ID!) {
    removeLeave(caseId: $caseId, leaveId: $leaveId) {
      id
    }
  }
`);

export const RecordEmploymentEndDocument = graphql(`
  mutation RecordEmploymentEnd($caseId: ID!, $lastDay: Date) {
    recordEmploymentEnd(caseId: $caseId, lastDay: $lastDay) {
      id
      clock {
        employmentEndsOn
        rivOnLeaving
      }
    }
  }
`);

export const ExtendWagePaymentDocument = graphql(`
  mutation ExtendWagePayment($caseId: ID!, $weeks: Int!, $agreedOn: Date!) {
    extendWagePayment(caseId: $caseId, weeks: $weeks, agreedOn: $agreedOn) {
      id
      extensionWeeks
    }
  }
`);

export const CloseCaseDocument = graphql(`
  mutation CloseCase($caseId: ID!, $reason: CloseReason!, $closedOn: Date!) {
    closeCase(caseId: $caseId, reason: $reason, closedOn: $closedOn) {
      id
      status
      closeReason
      closedOn
    }
  }
`);

// Track 2: the agencies' consultants the employer may engage on this case (of the agencies it
// has engaged), and engaging one or changing the agreed intensity.

export const Track2ConsultantsDocument = graphql(`
  query Track2Consultants($caseId: ID!) {
    assignableUsers(caseId: $caseId) {
      id
      name
      role
      organisation {
        id
        name
      }
    }
  }
`);

export const AssignAgencyDocument = graphql(`
  mutation AssignAgency(
    $caseId: ID!
    $organisationId: ID!
    $consultantId: ID
    $startedOn: Date
    $contactsPerMonth: Int
    $applicationsPerMonth: Int
  ) {
    assignAgency(
      caseId: $caseId
      organisationId: $organisationId
      consultantId: $consultantId
      startedOn: $startedOn
      contactsPerMonth: $contactsPerMonth
      applicationsPerMonth: $applicationsPerMonth
    ) {
      id
      startedOn
      contactsPerMonth
      applicationsPerMonth
      agency {
        id
        name
      }
      consultant {
        id
        name
      }
    }
  }
`);
