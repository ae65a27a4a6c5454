import { graphql } from '../gql';

// Who controls an identity (decision 76): the organisation administrators' people and doctor
// requests, the administrative trail, and the employee's medical access by activation code.

// The users and open invitations of the actor's own organisation (HR and the health service's
// or agency's administrators alike).
export const OrganisationStaffDocument = graphql(`
  query OrganisationStaff {
    users {
      id
      name
      email
      roles
      totpEnabled
      createdAt
    }
    invitations {
      id
      name
      email
      role
      expiresAt
      acceptedAt
      organisation {
        id
        name
      }
    }
  }
`);

export const DoctorRequestsDocument = graphql(`
  query DoctorRequests {
    doctorRequests {
      id
      caseId
      employer
      employee
      sickSince
      requestedDoctorId
      requestedDoctor
      requestedAt
    }
    users {
      id
      name
      roles
    }
  }
`);

export const AcceptDoctorRequestDocument = graphql(`
  mutation AcceptDoctorRequest($id: ID!) {
    acceptDoctorRequest(id: $id) {
      id
      caseId
      userId
      role
      status
    }
  }
`);

export const AssignToCaseDocument = graphql(`
  mutation AssignToCase($caseId: ID!, $userId: ID!) {
    assignToCase(caseId: $caseId, userId: $userId) {
      id
      caseId
      userId
      role
      status
    }
  }
`);

export const AdminTrailDocument = graphql(`
  query AdminTrail($first: Int) {
    adminTrail(first: $first) {
      ...TrailEntryFields
    }
  }
`);

export const MyAccountEventsDocument = graphql(`
  query MyAccountEvents($first: Int) {
    myAccountEvents(first: $first) {
      ...TrailEntryFields
    }
  }
`);

export const TrailEntryFields = graphql(`
  fragment TrailEntryFields on TrailEntry {
    occurredAt
    actorName
    actorEmail
    actorRole
    actorOrganisation
    resourceType
    action
    outcome
    detail
  }
`);

export const MyMedicalAccessDocument = graphql(`
  query MyMedicalAccess {
    me {
      id
      totpEnabled
      mfaVerified
      medicalAccess {
        ...MedicalAccessFields
      }
    }
  }
`);

export const EmployeeMedicalAccessDocument = graphql(`
  query EmployeeMedicalAccess($caseId: ID!) {
    employeeMedicalAccess(caseId: $caseId) {
      ...MedicalAccessFields
    }
  }
`);

export const MedicalAccessFields = graphql(`
  fragment MedicalAccessFields on MedicalAccess {
    status
    verifiedAt
    verifiedBy
    suspendedAt
    suspendedReason
  }
`);

export const ActivateMedicalAccessDocument = graphql(`
  mutation ActivateMedicalAccess($code: String!) {
    activateMedicalAccess(code: $code) {
      ...MedicalAccessFields
    }
  }
`);

export const IssueMedicalActivationCodeDocument = graphql(`
  mutation IssueMedicalActivationCode($caseId: ID!) {
    issueMedicalActivationCode(caseId: $caseId) {
      code
      expiresAt
    }
  }
`);
