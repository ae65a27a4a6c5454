import { graphql } from '../../gql';

// The employee's own reads beyond the shared case detail (cases/operations.ts).

/**
 * Which safety net applies to his own case. It names a cause, so only he (on a verified account)
 * and the assigned doctor get a value, and each read is logged; the employer's screens never ask
 * for it.
 */
export const MySafetyNetDocument = graphql(`
  query MySafetyNet($id: ID!) {
    case(id: $id) {
      id
      safetyNetKind
    }
  }
`);

/** How his case was reported: by himself (and whether his employer confirmed it) or by his
 * employer. */
export const MySickReportDocument = graphql(`
  query MySickReport($id: ID!) {
    case(id: $id) {
      id
      reportedByEmployee
      sickReportConfirmedAt
    }
  }
`);

/** He reports himself sick (no `employeeId`: the server takes his own employee record). */
export const ReportMyselfSickDocument = graphql(`
  mutation ReportMyselfSick($input: ReportSickInput!) {
    reportSick(input: $input) {
      id
      status
      sickSince
      reportedByEmployee
    }
  }
`);

/** He reports himself recovered: `recoveredOn` is the first day he is fit again. */
export const ReportMyRecoveryDocument = graphql(`
  mutation ReportMyRecovery($caseId: ID!, $recoveredOn: Date!) {
    reportRecovery(caseId: $caseId, recoveredOn: $recoveredOn) {
      id
      status
      recoveries {
        recoveredOn
        resickOn
      }
    }
  }
`);
