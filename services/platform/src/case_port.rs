//! The case port: how the services below cases (medical, documents, reintegration) reach a
//! case. The cases service owns reach, relations and the legal clock; those services only need
//! to know whose case it is, how the actor relates to it, and to tell the clock that a step was
//! done. The port lives here, in the shared kernel, so none of them depends on another service
//! to reach a case, and the gate travels on [`Ctx`] so there is one way to reach it.

use std::fmt::Debug;

use chrono::NaiveDate;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::access::Relation;
use crate::context::{Ctx, Target};
use crate::error::AppResult;

/// A case as a service below cases needs to see it: whose it is and how the actor relates to
/// it. Computed by the cases service, which owns reach and relations.
#[derive(Clone, Debug)]
pub struct CaseAccess {
    /// The employer owning the case.
    pub tenant_id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The employee it is about.
    pub employee_id: Uuid,
    /// Every relation the actor has to the case.
    pub relations: Vec<Relation>,
}

impl CaseAccess {
    /// The access-log target for a record of this case.
    pub fn target(&self, resource_type: &'static str, resource_id: Option<Uuid>) -> Target {
        Target {
            tenant_id: self.tenant_id,
            subject_employee_id: Some(self.employee_id),
            resource_type,
            resource_id: resource_id.map(|id| id.to_string()),
            relations: self.relations.clone(),
        }
    }

    /// The actor is the company doctor assigned to the case.
    pub fn is_doctor(&self) -> bool {
        self.relations.contains(&Relation::AssignedDoctor)
    }

    /// The actor is the employee himself, on an account the health service verified: the only
    /// employee relation that reaches medical data (decision 76).
    pub fn is_verified_subject(&self) -> bool {
        self.relations.contains(&Relation::VerifiedSubject)
    }
}

/// A step of the legal clock a record of a service below cases completes (a medical record,
/// a track 2 engagement or report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockStep {
    /// Probleemanalyse (week 6).
    ProblemAnalysis,
    /// Actueel oordeel (before the WIA application).
    CurrentAssessment,
    /// Start of track 2 (recorded once; a later engagement of another agency is no new start).
    Track2Start,
    /// A track 2 progress report submitted.
    Track2Report,
}

impl Ctx {
    /// The case in the actor's reach with his relations to it, through the case port;
    /// NOT_FOUND when out of reach.
    pub async fn case_access(&self, case_id: Uuid) -> AppResult<CaseAccess> {
        self.gate()?.access(self, case_id).await
    }
}

/// What the services below cases ask of the cases service. Implemented there and installed on
/// every [`Ctx`] by the gateway, so they do not depend on cases (cases shows their fields of a
/// case, so it depends on them).
#[async_trait::async_trait]
pub trait CaseGate: Send + Sync + Debug {
    /// The case in the actor's reach with his relations to it; NOT_FOUND when out of reach.
    async fn access(&self, ctx: &Ctx, case_id: Uuid) -> AppResult<CaseAccess>;

    /// Records that a step of the clock was done (the milestone ledger), in `txn`.
    async fn step_done(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        step: ClockStep,
        on: NaiveDate,
        source_id: Uuid,
    ) -> AppResult<()>;

    /// Notes the date of new workability advice on the case (the "advice not acted on" signal),
    /// in `txn`.
    async fn advice_given(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        on: NaiveDate,
    ) -> AppResult<()>;

    /// Notes a contact with the employee by the doctor (a consultation) or the agency (a track 2
    /// contact), so the "employee unreachable" signal counts it; in `txn`. Only the date
    /// crosses the port.
    async fn contact_made(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        on: NaiveDate,
    ) -> AppResult<()>;

    /// Notes that what track 2's effort is judged on changed (an application or proposal
    /// recorded), so the case's risk signals follow; in `txn`.
    async fn effort_changed(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
    ) -> AppResult<()>;

    /// Tells the employer's case manager (or HR) that there is new advice — after the commit,
    /// best effort, and without any medical content: only that advice exists and where to read
    /// it.
    async fn notify_advice(&self, ctx: &Ctx, case: &CaseAccess);

    /// The limitations of the latest workability advice on the case, as the actor may read
    /// them (the WORKABILITY cell: empty when there is none or he may not). The track 2 view
    /// shows them to the consultant; the cases service composes them from the medical
    /// service, so reintegration needs no medical dependency.
    async fn workability_limitations(&self, ctx: &Ctx, case: &CaseAccess)
    -> AppResult<Vec<String>>;
}
