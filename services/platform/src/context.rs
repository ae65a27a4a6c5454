//! The service context: who acts, from where, on which database, and the one door to the
//! access policy.

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement,
    TransactionTrait,
};
use uuid::Uuid;

use crate::access::{Action, DataClass, Decision, Relation, decide_for};
use crate::actor::{Actor, OrganisationKind, RequestMeta, UserActor};
use crate::audit::{AccessEvent, AccessLog, Outcome};
use crate::case_port::CaseGate;
use crate::clock::SharedClock;
use crate::error::{AppError, AppResult, ErrorReason};

/// Everything a service operation needs besides its input.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The database (a pool; transactions are opened by the service).
    pub db: DatabaseConnection,
    /// Who acts.
    pub actor: Actor,
    /// From where.
    pub meta: RequestMeta,
    /// Now.
    pub clock: SharedClock,
    /// The access log.
    pub log: AccessLog,
    /// The case port, installed by the gateway (the cases service's gate); `None` only where
    /// no case is reached (the identity service's own tests, tools).
    pub case_gate: Option<Arc<dyn CaseGate>>,
}

/// The resource an operation touches, as the policy and the access log need to see it.
#[derive(Clone, Debug)]
pub struct Target {
    /// The organisation owning the data.
    pub tenant_id: Uuid,
    /// The employee the data is about, if any.
    pub subject_employee_id: Option<Uuid>,
    /// Kind of record, for the log.
    pub resource_type: &'static str,
    /// The record's id, for the log.
    pub resource_id: Option<String>,
    /// Every relation the actor has to it.
    pub relations: Vec<Relation>,
}

/// The PostgreSQL role a tenant-bound transaction switches to (created by the migrations).
pub const TENANT_ROLE: &str = "poortwachter_tenant";

impl Ctx {
    /// The one way a service below cases reaches a case (see [`crate::case_port`]).
    pub fn gate(&self) -> AppResult<&dyn CaseGate> {
        self.case_gate
            .as_deref()
            .ok_or_else(|| AppError::invariant("no case gate on this context"))
    }

    /// A transaction for an employer's own people (HR, case managers, managers, employees)
    /// and its provisioning. On PostgreSQL it runs as the role that row-level security
    /// confines to the actor's organisation, so a query that forgets its tenant filter still
    /// sees only that tenant (decision 74). Doctors and agency consultants reach cases of many
    /// employers through their assignments, anonymous and system actors have no tenant: theirs
    /// is a plain transaction, and the application's own filters are their only wall (as on
    /// SQLite).
    pub async fn tenant_txn(&self) -> AppResult<DatabaseTransaction> {
        let txn = self.db.begin().await?;
        let tenant = match &self.actor {
            Actor::User(user) if user.organisation_kind == OrganisationKind::Employer => {
                Some(user.organisation_id)
            }
            Actor::Provisioning { tenant_id, .. } => Some(*tenant_id),
            _ => None,
        };
        if let Some(tenant) = tenant
            && txn.get_database_backend() == DbBackend::Postgres
        {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT set_config('role', $1, true), set_config('poortwachter.tenant_id', $2, true)",
                [TENANT_ROLE.into(), tenant.to_string().into()],
            ))
            .await?;
        }
        Ok(txn)
    }

    /// The acting user, or `UNAUTHENTICATED`.
    pub fn user(&self) -> AppResult<&UserActor> {
        self.actor.user().ok_or_else(AppError::unauthenticated)
    }

    /// Asks the policy. A denial is written to the access log; it surfaces as `NOT_FOUND` when
    /// the actor may not even read the resource (no oracle), else as `FORBIDDEN`.
    pub async fn authorize(
        &self,
        target: &Target,
        class: DataClass,
        action: Action,
    ) -> AppResult<()> {
        let user = self.user()?;
        let decision = decide_for(&user.roles, &target.relations, class, action, user.mfa);
        let (detail, error) = match decision {
            Decision::Allow => return Ok(()),
            Decision::AllowWithMfa => (
                format!(
                    "{} {}: second factor required",
                    class.as_str(),
                    action.code()
                ),
                AppError::Forbidden {
                    reason: ErrorReason::MfaRequired,
                    message: "confirm your login with your authenticator code first",
                },
            ),
            Decision::Deny => {
                let visible = DataClass::ALL.iter().any(|c| {
                    decide_for(&user.roles, &target.relations, *c, Action::Read, true)
                        != Decision::Deny
                });
                (
                    format!("{} {}: denied by policy", class.as_str(), action.code()),
                    if visible {
                        AppError::forbidden()
                    } else {
                        AppError::NotFound
                    },
                )
            }
        };
        self.record(target, action, Outcome::Denied, Some(detail))
            .await?;
        Err(error)
    }

    /// Refuses an operation the service knows the actor may not do (a finer rule than the
    /// table's cell, e.g. an employee changing his case's track); logged like every denial.
    pub async fn deny(
        &self,
        target: &Target,
        class: DataClass,
        action: Action,
        why: &str,
    ) -> AppResult<()> {
        self.record(
            target,
            action,
            Outcome::Denied,
            Some(format!("{} {}: {why}", class.as_str(), action.code())),
        )
        .await?;
        Err(AppError::forbidden())
    }

    /// Records an attempt on a record outside the actor's reach (another tenant's case, a case
    /// not assigned to him): the caller answers NOT_FOUND, the owner's log keeps the attempt.
    pub async fn log_out_of_reach(
        &self,
        target: &Target,
        class: DataClass,
        action: Action,
    ) -> AppResult<()> {
        self.record(
            target,
            action,
            Outcome::Denied,
            Some(format!(
                "{} {}: outside the actor's reach",
                class.as_str(),
                action.code()
            )),
        )
        .await
    }

    /// Records an allowed access (every medical read/write, every export).
    pub async fn log_allowed(
        &self,
        target: &Target,
        action: Action,
        detail: Option<String>,
    ) -> AppResult<()> {
        self.record(target, action, Outcome::Allowed, detail).await
    }
}

impl Ctx {
    /// One access-log entry about `target` by this actor.
    async fn record(
        &self,
        target: &Target,
        action: Action,
        outcome: Outcome,
        detail: Option<String>,
    ) -> AppResult<()> {
        self.log
            .record(
                &self.actor,
                &self.meta,
                AccessEvent {
                    tenant_id: target.tenant_id,
                    subject_employee_id: target.subject_employee_id,
                    resource_type: target.resource_type,
                    resource_id: target.resource_id.clone(),
                    action,
                    outcome,
                    detail,
                },
            )
            .await
    }
}

/// The per-request [`Ctx`] that the gateway puts into every GraphQL request.
pub fn request_ctx<'a>(gql: &'a async_graphql::Context<'_>) -> async_graphql::Result<&'a Ctx> {
    use async_graphql::ErrorExtensions;
    gql.data::<Ctx>()
        .map_err(|_| AppError::invariant("no request context").extend())
}
