//! Types of the medical service, and the gate through which it reaches a case.

use std::future::Future;
use std::pin::Pin;

use chrono::NaiveDate;
use platform::access::Relation;
use platform::context::Target;
use platform::{AppResult, Ctx};
use sea_orm::DatabaseTransaction;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A case as the medical service needs to see it: whose it is and how the actor relates to it.
/// Computed by the cases service, which owns reach and relations.
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
    /// The access-log target for a medical record of this case.
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

/// A boxed future, so the gate can be a trait object installed by the gateway.
pub type GateFuture<'a, T> = Pin<Box<dyn Future<Output = AppResult<T>> + Send + 'a>>;

/// What the services below cases (medical, documents, reintegration) ask of the cases service.
/// Implemented there and installed as schema data, so they do not depend on cases (cases shows
/// their fields of a case).
pub trait CaseGate: Send + Sync {
    /// The case in the actor's reach with his relations to it; NOT_FOUND when out of reach.
    fn access<'a>(&'a self, ctx: &'a Ctx, case_id: Uuid) -> GateFuture<'a, CaseAccess>;

    /// Records that a step of the clock was done (the milestone ledger), in `txn`.
    fn step_done<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        ctx: &'a Ctx,
        case: &'a CaseAccess,
        step: ClockStep,
        on: NaiveDate,
        source_id: Uuid,
    ) -> GateFuture<'a, ()>;

    /// Notes the date of new workability advice on the case (the "advice not acted on" signal),
    /// in `txn`.
    fn advice_given<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        ctx: &'a Ctx,
        case: &'a CaseAccess,
        on: NaiveDate,
    ) -> GateFuture<'a, ()>;

    /// Tells the employer's case manager (or HR) that there is new advice — after the commit,
    /// best effort, and without any medical content: only that advice exists and where to read
    /// it.
    fn notify_advice<'a>(&'a self, ctx: &'a Ctx, case: &'a CaseAccess) -> GateFuture<'a, ()>;
}

/// Kind of medical assessment.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentKind {
    /// Probleemanalyse.
    ProblemAnalysis,
    /// Actueel oordeel.
    CurrentAssessment,
}

impl AssessmentKind {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentKind::ProblemAnalysis => "PROBLEM_ANALYSIS",
            AssessmentKind::CurrentAssessment => "CURRENT_ASSESSMENT",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> AssessmentKind {
        if raw == "CURRENT_ASSESSMENT" {
            AssessmentKind::CurrentAssessment
        } else {
            AssessmentKind::ProblemAnalysis
        }
    }
}

/// The headings of the functional capacity list (FML) in plain words: where the limitations
/// lie, never why.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LimitationCategory {
    /// Persoonlijk functioneren: concentration, attention, memory, pace.
    PersonalFunctioning,
    /// Sociaal functioneren: dealing with conflict, customers, colleagues.
    SocialFunctioning,
    /// Aanpassing aan fysieke omgevingseisen: heat, cold, noise, dust.
    PhysicalEnvironment,
    /// Dynamische handelingen: lifting, carrying, walking, climbing.
    DynamicActions,
    /// Statische houdingen: sitting, standing, bending.
    StaticPostures,
    /// Werktijden: hours per day and week, night work.
    WorkingHours,
}

/// A part of the medical file the employee can share with a named organisation.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentPart {
    /// The medical part of the problem analyses.
    ProblemAnalysis,
    /// The medical part of the current assessments.
    CurrentAssessment,
    /// The consultations (without the doctor's personal working notes).
    Consultations,
}

impl ConsentPart {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPart::ProblemAnalysis => "PROBLEM_ANALYSIS",
            ConsentPart::CurrentAssessment => "CURRENT_ASSESSMENT",
            ConsentPart::Consultations => "CONSULTATIONS",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> Option<ConsentPart> {
        match raw {
            "PROBLEM_ANALYSIS" => Some(ConsentPart::ProblemAnalysis),
            "CURRENT_ASSESSMENT" => Some(ConsentPart::CurrentAssessment),
            "CONSULTATIONS" => Some(ConsentPart::Consultations),
            _ => None,
        }
    }
}

/// Who sees which part of the file, decided from the relations (after the policy allowed the
/// read at all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visibility {
    /// Consultations.
    pub consultations: bool,
    /// The author's own personal working notes (the doctor who wrote them, nobody else).
    pub personal_notes_of: Option<Uuid>,
    /// Medical part of problem analyses.
    pub problem_analyses: bool,
    /// Medical part of current assessments.
    pub current_assessments: bool,
}
