//! Who is acting: the authenticated user (or a system job for one tenant), with the request's
//! origin for the access log.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

// Stored in the database (user_roles, case_assignments, invitations) as its API name; an
// unknown stored name is an error when the row is read (sea-orm active enum, same names).
/// The roles (stable names integrators rely on). Stored in the database by [`Role::as_str`].
#[derive(
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum Role {
    /// HR administrator of an employer: manages users, employees, providers and all cases.
    #[sea_orm(string_value = "HR_ADMIN")]
    HrAdmin,
    /// Case manager (casemanager) of an employer: runs sick-leave cases.
    #[sea_orm(string_value = "CASE_MANAGER")]
    CaseManager,
    /// Line manager (leidinggevende): sees the cases of his own employees.
    #[sea_orm(string_value = "MANAGER")]
    Manager,
    /// Employee (werknemer): sees only his own case(s).
    #[sea_orm(string_value = "EMPLOYEE")]
    Employee,
    /// Company doctor (bedrijfsarts) of an occupational health service.
    #[sea_orm(string_value = "COMPANY_DOCTOR")]
    CompanyDoctor,
    /// Consultant of a re-integration agency (track 2).
    #[sea_orm(string_value = "REINTEGRATION_CONSULTANT")]
    ReintegrationConsultant,
    /// Operator of the platform: manages organisations, never reads case content.
    #[sea_orm(string_value = "PLATFORM_ADMIN")]
    PlatformAdmin,
    /// Administrator of an occupational health service: its people, and which doctor handles
    /// a case of an employer that engaged it. Reads no medical data.
    #[sea_orm(string_value = "HEALTH_SERVICE_ADMIN")]
    HealthServiceAdmin,
    /// Administrator of a re-integration agency: its people.
    #[sea_orm(string_value = "AGENCY_ADMIN")]
    AgencyAdmin,
}

impl Role {
    /// Every role, in a stable order (documentation, tests).
    pub const ALL: [Role; 9] = [
        Role::HrAdmin,
        Role::CaseManager,
        Role::Manager,
        Role::Employee,
        Role::CompanyDoctor,
        Role::ReintegrationConsultant,
        Role::PlatformAdmin,
        Role::HealthServiceAdmin,
        Role::AgencyAdmin,
    ];

    /// The stored and printed name, as in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::HrAdmin => "HR_ADMIN",
            Role::CaseManager => "CASE_MANAGER",
            Role::Manager => "MANAGER",
            Role::Employee => "EMPLOYEE",
            Role::CompanyDoctor => "COMPANY_DOCTOR",
            Role::ReintegrationConsultant => "REINTEGRATION_CONSULTANT",
            Role::PlatformAdmin => "PLATFORM_ADMIN",
            Role::HealthServiceAdmin => "HEALTH_SERVICE_ADMIN",
            Role::AgencyAdmin => "AGENCY_ADMIN",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The kind of organisation a user with this role belongs to: a role outside its kind
    /// (a company doctor employed by an employer) would bypass the assignment model.
    pub fn organisation_kind(self) -> OrganisationKind {
        match self {
            Role::HrAdmin | Role::CaseManager | Role::Manager | Role::Employee => {
                OrganisationKind::Employer
            }
            Role::CompanyDoctor | Role::HealthServiceAdmin => {
                OrganisationKind::OccupationalHealthService
            }
            Role::ReintegrationConsultant | Role::AgencyAdmin => {
                OrganisationKind::ReintegrationAgency
            }
            Role::PlatformAdmin => OrganisationKind::Platform,
        }
    }

    /// Whether the role administers its organisation's people (invitations, second-factor
    /// resets, the administrative trail).
    pub fn is_administrator(self) -> bool {
        matches!(
            self,
            Role::HrAdmin | Role::HealthServiceAdmin | Role::AgencyAdmin | Role::PlatformAdmin
        )
    }
}

// Stored in organisations.kind as its API name.
/// Kinds of organisation (tenant).
#[derive(
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum OrganisationKind {
    /// Werkgever.
    #[sea_orm(string_value = "EMPLOYER")]
    Employer,
    /// Arbodienst: employs company doctors, serves many employers.
    #[sea_orm(string_value = "OCCUPATIONAL_HEALTH_SERVICE")]
    OccupationalHealthService,
    /// Re-integratiebureau: runs track 2, serves many employers.
    #[sea_orm(string_value = "REINTEGRATION_AGENCY")]
    ReintegrationAgency,
    /// The SaaS operator itself.
    #[sea_orm(string_value = "PLATFORM")]
    Platform,
}

impl OrganisationKind {
    /// Every kind, in a stable order.
    pub const ALL: [OrganisationKind; 4] = [
        OrganisationKind::Employer,
        OrganisationKind::OccupationalHealthService,
        OrganisationKind::ReintegrationAgency,
        OrganisationKind::Platform,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Employer => "EMPLOYER",
            OrganisationKind::OccupationalHealthService => "OCCUPATIONAL_HEALTH_SERVICE",
            OrganisationKind::ReintegrationAgency => "REINTEGRATION_AGENCY",
            OrganisationKind::Platform => "PLATFORM",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<OrganisationKind> {
        OrganisationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
    }

    /// The role that administers an organisation of this kind.
    pub fn administrator_role(self) -> Role {
        match self {
            OrganisationKind::Employer => Role::HrAdmin,
            OrganisationKind::OccupationalHealthService => Role::HealthServiceAdmin,
            OrganisationKind::ReintegrationAgency => Role::AgencyAdmin,
            OrganisationKind::Platform => Role::PlatformAdmin,
        }
    }

    /// Whether an employer may engage an organisation of this kind.
    pub fn is_provider(self) -> bool {
        matches!(
            self,
            OrganisationKind::OccupationalHealthService | OrganisationKind::ReintegrationAgency
        )
    }
}

/// An authenticated user, as carried by a verified access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserActor {
    /// The user.
    pub user_id: Uuid,
    /// His home organisation; also his tenant.
    pub organisation_id: Uuid,
    /// Kind of his home organisation.
    pub organisation_kind: OrganisationKind,
    /// His roles (all within his organisation's kind).
    pub roles: Vec<Role>,
    /// The session (refresh-token family) the token belongs to.
    pub session_id: Uuid,
    /// Whether this session passed a second factor (TOTP).
    pub mfa: bool,
}

impl UserActor {
    /// Whether the user has `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The party performing an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// No (valid) token.
    Anonymous,
    /// A logged-in user.
    User(UserActor),
    /// A background job acting for one tenant (reminders); never reads medical content.
    System {
        /// The tenant the job works for.
        tenant_id: Uuid,
        /// What the job is, for the access log.
        job: &'static str,
    },
    /// An employer's identity provider provisioning its employees over SCIM with a bearer
    /// token the employer's HR created. Not a person and not one of our jobs: it reaches the
    /// employee records and departments of that one employer, never an account with a role
    /// other than employee, and nothing of a case.
    Provisioning {
        /// The employer.
        tenant_id: Uuid,
        /// The token it presented (`scim_tokens.id`), named in the access log.
        token_id: Uuid,
    },
}

impl Actor {
    /// The user, when there is one.
    pub fn user(&self) -> Option<&UserActor> {
        match self {
            Actor::User(u) => Some(u),
            _ => None,
        }
    }
}

/// Where a request came from, for the access log (NEN 7513 "from where").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestMeta {
    /// Client IP (the socket peer, or the first X-Forwarded-For hop when configured).
    pub ip: Option<IpAddr>,
    /// The User-Agent header, truncated.
    pub user_agent: Option<String>,
    /// The request id (also in the logs and the `x-request-id` response header).
    pub request_id: Option<String>,
}
