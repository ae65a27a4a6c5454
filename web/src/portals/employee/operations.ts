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
