//! GraphQL surface of the identity service: thin resolvers that parse, call the service, map.
//!
//! This module owns the GraphQL types of the identity service (payloads, views, inputs) and
//! the helpers that map service rows onto them; the resolvers live in `query`
//! ([`IdentityQuery`]) and `mutation` ([`IdentityMutation`]), re-exported here.

use async_graphql::{Context, ID, MaybeUndefined, SimpleObject};
use chrono::{DateTime, Utc};
use platform::graphql::gql_err;
pub use platform::graphql::parse_id;
use platform::{AppError, OrganisationKind, Role};

use crate::entities::{employee, invitation, organisation, user};
use crate::model::{AuthTokens, Language};
use crate::service::Identity;

mod mutation;
mod provisioning;
mod query;
mod sso;

pub use mutation::IdentityMutation;
pub use provisioning::{ProvisioningMutation, ProvisioningQuery};
pub use query::IdentityQuery;
pub use sso::{SsoMutation, SsoQuery};

fn identity<'a>(gql: &'a Context<'_>) -> async_graphql::Result<&'a Identity> {
    gql.data::<Identity>()
        .map_err(|_| gql_err(AppError::invariant("identity service missing")))
}

/// Result of login, refresh and accepting an invitation.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Bearer token for `Authorization`, short-lived.
    pub access_token: Option<String>,
    /// Single-use token for `refresh`; a new one comes with every refresh.
    pub refresh_token: Option<String>,
    /// Seconds until the access token expires.
    pub expires_in: Option<i64>,
    /// The password was right but a TOTP code is needed: log in again with `totp`.
    pub mfa_required: bool,
    /// The user must enrol TOTP before medical data is reachable (company doctors).
    pub mfa_enrollment_required: bool,
    /// With `mfaRequired`, when the user has passkeys: answer it with `loginWithPasskey`
    /// (or log in again with `totp`, when he also has an authenticator app).
    pub passkey_challenge: Option<PasskeyChallenge>,
}

/// A WebAuthn ceremony for the browser to continue.
#[derive(SimpleObject)]
pub struct PasskeyChallenge {
    /// The ceremony's id, to send back with the result (valid five minutes, once).
    pub id: String,
    /// The options for `navigator.credentials.create/get` as JSON (binary fields base64url).
    pub options: String,
}

impl From<crate::passkeys::Challenge> for PasskeyChallenge {
    fn from(c: crate::passkeys::Challenge) -> Self {
        PasskeyChallenge {
            id: c.id,
            options: c.options,
        }
    }
}

/// A passkey of the logged-in user.
#[derive(SimpleObject)]
pub struct Passkey {
    /// Id.
    pub id: ID,
    /// The name he gave it ("Telefoon", "YubiKey").
    pub name: String,
    /// When added.
    pub created_at: DateTime<Utc>,
    /// When last used to log in.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<crate::entities::passkey::Model> for Passkey {
    fn from(p: crate::entities::passkey::Model) -> Self {
        Passkey {
            id: ID(p.id.to_string()),
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        }
    }
}

impl From<AuthTokens> for AuthPayload {
    fn from(t: AuthTokens) -> Self {
        AuthPayload {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            expires_in: t.expires_in,
            mfa_required: t.mfa_required,
            mfa_enrollment_required: t.mfa_enrollment_required,
            passkey_challenge: t.passkey_challenge.map(Into::into),
        }
    }
}

/// An organisation (tenant).
#[derive(SimpleObject, Clone)]
pub struct Organisation {
    /// Id.
    pub id: ID,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Eigenrisicodrager (WGA/ZW): absence files are kept 10 years after a case ends, not 2.
    pub own_risk_carrier: bool,
}

impl From<organisation::Model> for Organisation {
    fn from(o: organisation::Model) -> Self {
        Organisation {
            id: ID(o.id.to_string()),
            kind: o.kind,
            name: o.name,
            own_risk_carrier: o.own_risk_carrier,
        }
    }
}

/// The logged-in user.
#[derive(SimpleObject)]
pub struct Me {
    /// User id.
    pub id: ID,
    /// Login e-mail.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Home organisation.
    pub organisation: Organisation,
    /// Interface language.
    pub language: Language,
    /// Whether an authenticator app is set up.
    pub totp_enabled: bool,
    /// Whether this session passed the second factor.
    pub mfa_verified: bool,
    /// How many passkeys the account has (a second factor beside the authenticator app).
    pub passkey_count: i32,
    /// For an employee: whether his medical file is open to this account (verified by the
    /// health service), and if not, why.
    pub medical_access: Option<MedicalAccessView>,
}

/// An employee account's medical access.
#[derive(SimpleObject)]
#[graphql(name = "MedicalAccess")]
pub struct MedicalAccessView {
    /// Not verified, active, or suspended.
    pub status: crate::verification::MedicalAccessStatus,
    /// When the health service verified it.
    pub verified_at: Option<DateTime<Utc>>,
    /// The doctor who verified it.
    pub verified_by: Option<String>,
    /// When it was suspended.
    pub suspended_at: Option<DateTime<Utc>>,
    /// Why it was suspended.
    pub suspended_reason: Option<String>,
}

impl From<crate::verification::MedicalAccess> for MedicalAccessView {
    fn from(a: crate::verification::MedicalAccess) -> Self {
        MedicalAccessView {
            status: a.status,
            verified_at: a.verified_at,
            verified_by: a.verified_by,
            suspended_at: a.suspended_at,
            suspended_reason: a.suspended_reason,
        }
    }
}

/// An event of the administrative trail: who did what to which account, case assignment or
/// engagement. Never medical content.
#[derive(SimpleObject)]
pub struct TrailEntry {
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who acted (name), when it was a user.
    pub actor_name: Option<String>,
    /// His e-mail.
    pub actor_email: Option<String>,
    /// His roles at the time (or SYSTEM).
    pub actor_role: Option<String>,
    /// His organisation.
    pub actor_organisation: Option<String>,
    /// What kind of record (`user`, `invitation`, `second_factor`, `medical_binding`, ...).
    pub resource_type: String,
    /// C, R, U, D or E.
    pub action: String,
    /// ALLOWED or DENIED.
    pub outcome: String,
    /// What happened.
    pub detail: Option<String>,
}

impl From<crate::trail::TrailEntry> for TrailEntry {
    fn from(t: crate::trail::TrailEntry) -> Self {
        let (actor_name, actor_email) = t.actor.map_or((None, None), |(n, e)| (Some(n), Some(e)));
        TrailEntry {
            occurred_at: t.entry.occurred_at,
            actor_name,
            actor_email,
            actor_role: t.entry.actor_role,
            actor_organisation: t.actor_organisation,
            resource_type: t.entry.resource_type,
            action: t.entry.action,
            outcome: t.entry.outcome,
            detail: t.entry.detail,
        }
    }
}

/// A new TOTP secret to put into an authenticator app.
#[derive(SimpleObject)]
pub struct TotpEnrollment {
    /// Base32 secret (to type in).
    pub secret: String,
    /// `otpauth://` URL (for a QR code).
    pub otpauth_url: String,
}

/// An invitation to become a user.
#[derive(SimpleObject)]
pub struct Invitation {
    /// Id.
    pub id: ID,
    /// Invited address.
    pub email: String,
    /// Invitee's name.
    pub name: String,
    /// Role he will have.
    pub role: Role,
    /// Organisation he will belong to.
    pub organisation: Organisation,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
    /// When it was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
}

fn invitation(i: invitation::Model, org: Organisation) -> Invitation {
    Invitation {
        id: ID(i.id.to_string()),
        role: i.role,
        email: i.email,
        name: i.name,
        organisation: org,
        expires_at: i.expires_at,
        accepted_at: i.accepted_at,
    }
}

/// An employee of an employer (with or without a login).
#[derive(SimpleObject, Clone)]
pub struct Employee {
    /// Id.
    pub id: ID,
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone number (reachable while sick).
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// Whether he can log in to the employee portal.
    pub has_login: bool,
    /// His department.
    pub department_id: Option<ID>,
    /// His line manager (a user with role MANAGER).
    pub manager_user_id: Option<ID>,
    /// The line manager is his department's (and changes with it).
    pub manager_follows_department: bool,
    /// Contract hours per week.
    pub hours_per_week: Option<f64>,
    /// First day of employment.
    pub employed_since: Option<platform::scalars::Date>,
    /// Last day of employment.
    pub employed_until: Option<platform::scalars::Date>,
    /// Kind of contract.
    pub contract_type: Option<crate::model::ContractType>,
    /// When registered.
    pub created_at: DateTime<Utc>,
}

/// A department of an employer (a small tree).
#[derive(SimpleObject, Clone)]
pub struct Department {
    /// Id.
    pub id: ID,
    /// Name, unique within the employer.
    pub name: String,
    /// The department it is part of.
    pub parent_id: Option<ID>,
    /// Its line manager (a user with role MANAGER).
    pub manager_user_id: Option<ID>,
}

impl From<crate::entities::department::Model> for Department {
    fn from(d: crate::entities::department::Model) -> Self {
        Department {
            id: ID(d.id.to_string()),
            name: d.name,
            parent_id: d.parent_id.map(|p| ID(p.to_string())),
            manager_user_id: d.manager_user_id.map(|m| ID(m.to_string())),
        }
    }
}

impl From<employee::Model> for Employee {
    fn from(e: employee::Model) -> Self {
        Employee {
            id: ID(e.id.to_string()),
            name: e.name,
            email: e.email,
            phone: e.phone,
            employee_number: e.employee_number,
            has_login: e.user_id.is_some(),
            department_id: e.department_id.map(|d| ID(d.to_string())),
            manager_user_id: e.manager_user_id.map(|m| ID(m.to_string())),
            manager_follows_department: e.manager_follows_department,
            hours_per_week: e.hours_per_week,
            employed_since: e.employed_since.map(platform::scalars::Date),
            employed_until: e.employed_until.map(platform::scalars::Date),
            contract_type: e.contract_type,
            created_at: e.created_at,
        }
    }
}

/// Extra fields of the employee connection.
#[derive(SimpleObject)]
pub struct EmployeeConnectionFields {
    /// Employees in reach in total.
    pub total_count: i64,
}

/// An employer engaging a provider.
#[derive(SimpleObject)]
pub struct Engagement {
    /// Id.
    pub id: ID,
    /// The occupational health service or agency.
    pub provider: Organisation,
    /// The employer.
    pub employer: Organisation,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// A user of an organisation.
#[derive(SimpleObject)]
pub struct User {
    /// Id.
    pub id: ID,
    /// Login e-mail.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Whether an authenticator app is set up.
    pub totp_enabled: bool,
    /// Whether the account is locked after failed logins right now.
    pub locked: bool,
    /// When created.
    pub created_at: DateTime<Utc>,
}

fn user(u: user::Model, roles: Vec<Role>, now: DateTime<Utc>) -> User {
    User {
        id: ID(u.id.to_string()),
        locked: u.locked_until.is_some_and(|t| t > now),
        email: u.email,
        name: u.name,
        roles,
        totp_enabled: u.totp_enabled,
        created_at: u.created_at,
    }
}

/// Input of `updateEmployee`: a field left out stays as it is; `null` clears it.
#[derive(async_graphql::InputObject)]
pub struct UpdateEmployeeInput {
    /// Full name.
    pub name: Option<String>,
    /// E-mail of the record. An employee's own account keeps its own address.
    pub email: MaybeUndefined<String>,
    /// Phone number.
    pub phone: MaybeUndefined<String>,
    /// Personnel number.
    pub employee_number: MaybeUndefined<String>,
    /// Department.
    pub department_id: MaybeUndefined<ID>,
    /// A line manager of his own (a user with role MANAGER); he then no longer follows his
    /// department's.
    pub manager_user_id: MaybeUndefined<ID>,
    /// `true`: follow the department's line manager again.
    pub manager_follows_department: Option<bool>,
    /// Contract hours per week (above 0, at most 80).
    pub hours_per_week: MaybeUndefined<f64>,
    /// First day of employment.
    pub employed_since: MaybeUndefined<platform::scalars::Date>,
    /// Last day of employment.
    pub employed_until: MaybeUndefined<platform::scalars::Date>,
    /// Contract type.
    pub contract_type: MaybeUndefined<crate::model::ContractType>,
}

/// Input of `createDepartment` and `updateDepartment`.
#[derive(async_graphql::InputObject)]
pub struct DepartmentInput {
    /// Name, unique within the employer.
    pub name: String,
    /// The department it is part of.
    pub parent_id: Option<ID>,
    /// Its line manager (a user with role MANAGER); employees who follow the department
    /// have him as theirs.
    pub manager_user_id: Option<ID>,
}

/// Input of `createEmployee`.
#[derive(async_graphql::InputObject)]
pub struct CreateEmployeeInput {
    /// Full name.
    pub name: String,
    /// E-mail (needed for an invitation).
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// Line manager: a user of this employer with role MANAGER.
    pub manager_user_id: Option<ID>,
    /// Send an invitation to the employee portal (needs an e-mail address).
    pub invite: Option<bool>,
}
