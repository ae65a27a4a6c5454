//! The re-integratieverslag (RIV, docs/domain.md §5): which of its parts are there, missing or stale
//! ([`completeness`]), and the employer's export as one PDF ([`export`]) — generated from the
//! structured file (clock, plan versions, evaluations, activity log, steps, expert opinions,
//! the doctor's workability advice) plus the list of CASE documents. It reads no medical table:
//! the medical part reaches UWV from the employee or the doctor.

use chrono::NaiveDate;
use documents::Documents;
use documents::pdf::render;
use medical::Medical;
use medical::entities::workability_advice;
use platform::access::Action;
use platform::document::{Classification, Document, DocumentType};
use platform::stored_enum;
use platform::{AppResult, Ctx};
use uuid::Uuid;

use crate::entities::{case_activity, evaluation, plan_of_action_version};
use crate::model::{CaseRecord, EvaluationKind, Track};
use crate::repo;
use crate::service::{authorized_case, deadlines};
use crate::timeline::{DeadlineKind, Timeline};

mod check;
mod labels;
mod sections;

pub use labels::{deadline_label, document_type_label};

stored_enum! {
    /// A part of the RIV.
    RivPart {
        /// Probleemanalyse.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// Plan van aanpak, signed by both.
        PlanOfAction = "PLAN_OF_ACTION",
        /// Periodic evaluations and adjustments of the plan.
        PlanEvaluations = "PLAN_EVALUATIONS",
        /// Activity log (conversations, agreements, contacts).
        ActivityLog = "ACTIVITY_LOG",
        /// The doctor's workability advice.
        WorkabilityAdvice = "WORKABILITY_ADVICE",
        /// 42e-weeksmelding.
        Uwv42WeekReport = "UWV_42_WEEK_REPORT",
        /// Eerstejaarsevaluatie.
        FirstYearEvaluation = "FIRST_YEAR_EVALUATION",
        /// Arbeidsdeskundig rapport (expected once track 2 is at issue).
        LabourExpertReport = "LABOUR_EXPERT_REPORT",
        /// Track 2 progress reports.
        Track2Reports = "TRACK2_REPORTS",
        /// Actueel oordeel, not older than 3 months.
        CurrentAssessment = "CURRENT_ASSESSMENT",
        /// Eindevaluatie.
        FinalEvaluation = "FINAL_EVALUATION",
        /// The employee's own view in the final evaluation.
        EmployeeView = "EMPLOYEE_VIEW",
    }
}

stored_enum! {
    /// Where a part of the RIV stands.
    RivPartState {
        /// There and current.
        Present = "PRESENT",
        /// Its time has come and it is not there.
        Missing = "MISSING",
        /// There, but too old to count (e.g. an actueel oordeel older than 3 months).
        Stale = "STALE",
        /// Not due yet.
        NotYetDue = "NOT_YET_DUE",
        /// Not part of this case's RIV (no track 2).
        NotApplicable = "NOT_APPLICABLE",
    }
}

/// One part with its state.
#[derive(Clone, Debug)]
pub struct PartStatus {
    /// The part.
    pub part: RivPart,
    /// Its state.
    pub state: RivPartState,
    /// The latest date it was done, if ever.
    pub last_on: Option<NaiveDate>,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
}

/// The RIV check of a case.
#[derive(Clone, Debug)]
pub struct Completeness {
    /// Every part.
    pub parts: Vec<PartStatus>,
    /// When the RIV is due to the employee.
    pub due_on: Option<NaiveDate>,
}

impl Completeness {
    /// Whether nothing is lacking.
    pub fn complete(&self) -> bool {
        self.parts
            .iter()
            .all(|p| matches!(p.state, RivPartState::Present | RivPartState::NotApplicable))
    }

    /// The parts still lacking, in RIV order.
    pub fn missing(&self) -> Vec<RivPart> {
        self.parts
            .iter()
            .filter(|p| !matches!(p.state, RivPartState::Present | RivPartState::NotApplicable))
            .map(|p| p.part)
            .collect()
    }
}

/// Everything the check and the export read.
struct RivData {
    record: CaseRecord,
    timeline: Timeline,
    plans: Vec<plan_of_action_version::Model>,
    evaluations: Vec<evaluation::Model>,
    activities: Vec<case_activity::Model>,
    advice: Vec<workability_advice::Model>,
    documents: Vec<Document>,
    track2_reports: Vec<reintegration::entities::report::Model>,
}

impl RivData {
    fn milestones(&self, kind: DeadlineKind) -> Vec<NaiveDate> {
        self.record
            .milestones
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.occurred_on)
            .collect()
    }

    fn due(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        self.timeline
            .deadlines
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.due)
            .min()
    }

    fn docs(&self, kinds: &[DocumentType]) -> Vec<NaiveDate> {
        self.documents
            .iter()
            .filter(|d| {
                d.classification == Classification::Case && kinds.contains(&d.document_type)
            })
            .map(|d| platform::clock::dutch_date(d.uploaded_at))
            .collect()
    }

    fn evaluations_of(&self, kind: EvaluationKind) -> Vec<&evaluation::Model> {
        self.evaluations.iter().filter(|e| e.kind == kind).collect()
    }

    fn track2(&self) -> bool {
        matches!(self.record.case.track, Track::Track2 | Track::Both)
            || !self.milestones(DeadlineKind::Track2Start).is_empty()
    }
}

async fn load(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    record: CaseRecord,
) -> AppResult<RivData> {
    let timeline = deadlines(ctx, &record)?;
    let ids = vec![record.case.id];
    let access = crate::gate::access_to(ctx, &record.case).await?;
    Ok(RivData {
        plans: repo::plan_versions_of(&ctx.db, ids.clone()).await?,
        evaluations: repo::evaluations_of(&ctx.db, ids.clone()).await?,
        activities: repo::activities_of(&ctx.db, ids).await?,
        advice: medical.advice(ctx, &access).await?,
        documents: documents
            .list(ctx, &access, Some(Classification::Case))
            .await?,
        track2_reports: reintegration::repo::submitted_reports(
            &ctx.db,
            record.case.tenant_id,
            record.case.id,
        )
        .await?,
        timeline,
        record,
    })
}

/// The RIV check of a case, for everyone who reads the case.
pub async fn completeness(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    case_id: Uuid,
) -> AppResult<Completeness> {
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    let data = load(ctx, documents, medical, record).await?;
    Ok(check::check(&data, ctx.clock.today()))
}

/// The employer's RIV of a case as a PDF: for whoever may export the case (HR, the case
/// manager, the employee himself). Logged as an export.
pub async fn export(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    case_id: Uuid,
) -> AppResult<Vec<u8>> {
    let record = authorized_case(ctx, case_id, Action::Export).await?;
    let target = platform::context::Target {
        tenant_id: record.case.tenant_id,
        subject_employee_id: Some(record.case.employee_id),
        resource_type: "riv",
        resource_id: Some(record.case.id.to_string()),
        relations: vec![],
    };
    let data = load(ctx, documents, medical, record).await?;
    let check = check::check(&data, ctx.clock.today());
    let report = sections::build(ctx, &data, &check).await?;
    let pdf = render(&report);
    ctx.log_allowed(&target, Action::Export, Some("RIV exported".into()))
        .await?;
    Ok(pdf)
}
