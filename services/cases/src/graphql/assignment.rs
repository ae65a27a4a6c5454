//! Who works on a case from outside the employer: assignable people, assignments, and the
//! doctor requests a health service answers (decision 76).

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;
use platform::{GqlResultExt, Role};

use super::Named;
use crate::assignment::{self, Assigned};

/// A doctor or consultant who may be assigned to a case.
#[derive(SimpleObject, Clone)]
pub struct AssignableUser {
    /// The user.
    pub id: ID,
    /// His name.
    pub name: String,
    /// COMPANY_DOCTOR or REINTEGRATION_CONSULTANT.
    pub role: Role,
    /// His organisation (an engaged provider).
    pub organisation: Named,
}

/// Whether the person works on the case, or was asked for.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum AssignmentStatus {
    /// He works on the case.
    Assigned,
    /// The employer asked the health service for this doctor; its administrator decides.
    Requested,
}

/// A doctor or consultant assigned to (or asked for on) a case.
#[derive(SimpleObject, Clone)]
pub struct CaseAssignment {
    /// Id (of the assignment, or of the request).
    pub id: ID,
    /// The case.
    pub case_id: ID,
    /// The assigned (or requested) user.
    pub user_id: ID,
    /// His role on the case.
    pub role: Role,
    /// Since when (or when asked).
    pub assigned_at: DateTime<Utc>,
    /// Assigned, or only requested.
    pub status: AssignmentStatus,
}

impl From<Assigned> for CaseAssignment {
    fn from(a: Assigned) -> Self {
        match a {
            Assigned::Assignment(a) => CaseAssignment {
                id: ID(a.id.to_string()),
                case_id: ID(a.case_id.to_string()),
                user_id: ID(a.user_id.to_string()),
                role: a.role,
                assigned_at: a.assigned_at,
                status: AssignmentStatus::Assigned,
            },
            Assigned::Requested(r) => CaseAssignment {
                id: ID(r.id.to_string()),
                case_id: ID(r.case_id.to_string()),
                user_id: ID(r
                    .requested_user_id
                    .map(|u| u.to_string())
                    .unwrap_or_default()),
                role: Role::CompanyDoctor,
                assigned_at: r.requested_at,
                status: AssignmentStatus::Requested,
            },
        }
    }
}

/// An employer's open request for a company doctor, as its health service sees it.
#[derive(SimpleObject, Clone)]
pub struct DoctorRequest {
    /// Id.
    pub id: ID,
    /// The case.
    pub case_id: ID,
    /// The employer.
    pub employer: String,
    /// The employee.
    pub employee: String,
    /// First day of sickness.
    pub sick_since: Date,
    /// The doctor the employer asked for, if any.
    pub requested_doctor_id: Option<ID>,
    /// His name.
    pub requested_doctor: Option<String>,
    /// When asked.
    pub requested_at: DateTime<Utc>,
}

/// Queries about assignments.
#[derive(Default)]
pub struct AssignmentQuery;

#[Object]
impl AssignmentQuery {
    /// Doctors and consultants of the providers the case's employer engaged.
    async fn assignable_users(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Vec<AssignableUser>> {
        let ctx = request_ctx(gql)?;
        let rows = assignment::assignable(ctx, parse_id(&case_id)?)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|a| AssignableUser {
                id: ID(a.user.id.to_string()),
                name: a.user.name,
                role: a.role,
                organisation: Named {
                    id: ID(a.organisation.id.to_string()),
                    name: a.organisation.name,
                },
            })
            .collect())
    }

    /// Open requests of employers for a company doctor of your health service
    /// (its administrators), oldest first.
    async fn doctor_requests(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<DoctorRequest>> {
        let ctx = request_ctx(gql)?;
        let rows = assignment::open_requests(ctx).await.gql()?;
        Ok(rows
            .into_iter()
            .map(|r| DoctorRequest {
                id: ID(r.request.id.to_string()),
                case_id: ID(r.request.case_id.to_string()),
                employer: r.employer,
                employee: r.employee,
                sick_since: Date(r.sick_since),
                requested_doctor_id: r.request.requested_user_id.map(|u| ID(u.to_string())),
                requested_doctor: r.requested_doctor,
                requested_at: r.request.requested_at,
            })
            .collect())
    }
}

/// Mutations about assignments.
#[derive(Default)]
pub struct AssignmentMutation;

#[Object]
impl AssignmentMutation {
    /// Puts a person on the case. The employer assigns a consultant of an engaged agency, and
    /// asks for a company doctor (status REQUESTED: the health service decides). A health
    /// service's administrator assigns one of its doctors to a case of an employer that
    /// engaged it.
    async fn assign_to_case(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        user_id: ID,
    ) -> async_graphql::Result<CaseAssignment> {
        let ctx = request_ctx(gql)?;
        Ok(
            assignment::assign_to_case(ctx, parse_id(&case_id)?, parse_id(&user_id)?)
                .await
                .gql()?
                .into(),
        )
    }

    /// The health service's administrator accepts an employer's request: the doctor asked
    /// for is assigned.
    async fn accept_doctor_request(
        &self,
        gql: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<CaseAssignment> {
        let ctx = request_ctx(gql)?;
        Ok(Assigned::Assignment(
            assignment::accept_request(ctx, parse_id(&id)?)
                .await
                .gql()?,
        )
        .into())
    }
}
