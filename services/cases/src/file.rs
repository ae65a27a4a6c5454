//! The rest of the case file (verzuimdossier): the plan of action with its signatures and
//! adjustments, evaluations, expert opinion requests, the activity log and the steps recorded
//! as done. Each use case: authorize → validate → write in one transaction → refresh the clock.

use chrono::{Duration, NaiveDate};
use platform::access::Action;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::entities::{
    case_activity, case_milestone, evaluation, expert_opinion, plan_of_action_version,
};
use crate::model::{
    ActivityKind, CaseRecord, EvaluationKind, ExpertOpinionQuestion, Party, PlanActivity,
    PlanStatus, Track,
};
use crate::repo;
use crate::service::{Side, authorized_case, authorized_case_as, refresh_clock, side_of};
use crate::timeline::DeadlineKind;

/// UWV answers an expert opinion request in 2 to 4 weeks; the answer is expected by the latest.
pub const EXPERT_OPINION_ANSWER_DAYS: i64 = 28;
/// At most this many activities in one plan of action.
pub const MAX_PLAN_ACTIVITIES: usize = 50;

// Free texts of the case file: trimmed, bounded, line breaks kept (shared with track 2).
pub use platform::text::{optional_text, text};

/// A date of something that happened in the case: not before its first sick day, not in the
/// future.
fn past_date(
    record: &CaseRecord,
    today: NaiveDate,
    field: &'static str,
    date: NaiveDate,
) -> AppResult<()> {
    platform::text::not_in_future(field, date, today)?;
    if date < record.case.sick_since {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "this date lies before the first sick day of the case",
        ));
    }
    Ok(())
}

async fn add_milestone(
    txn: &DatabaseTransaction,
    ctx: &Ctx,
    record: &CaseRecord,
    kind: DeadlineKind,
    on: NaiveDate,
    source_id: Option<Uuid>,
    note: Option<String>,
) -> AppResult<case_milestone::Model> {
    Ok(case_milestone::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(record.case.id),
        kind: Set(kind),
        occurred_on: Set(on),
        source_id: Set(source_id),
        note: Set(note),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(txn)
    .await?)
}

/// Bumps a date column of the case to `on` when later (the risk signals read them).
async fn touch_case(
    txn: &DatabaseTransaction,
    record: &CaseRecord,
    contact_on: Option<NaiveDate>,
    plan_changed_on: Option<NaiveDate>,
) -> AppResult<()> {
    let mut c = record.case.clone().into_active_model();
    let mut changed = false;
    if let Some(on) = contact_on
        && record.case.last_contact_on.is_none_or(|l| l < on)
    {
        c.last_contact_on = Set(Some(on));
        changed = true;
    }
    if let Some(on) = plan_changed_on
        && record.case.plan_changed_on.is_none_or(|l| l < on)
    {
        c.plan_changed_on = Set(Some(on));
        changed = true;
    }
    if changed {
        c.update(txn).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Plan of action

/// The content of a plan of action as the employer writes it.
#[derive(Clone, Debug, Default)]
pub struct PlanInput {
    /// The goal (e.g. return to own work at 100% in 3 months).
    pub goal: String,
    /// The agreed activities.
    pub activities: Vec<PlanActivity>,
    /// The case manager named in the plan; defaults to the case's.
    pub case_manager_user_id: Option<Uuid>,
    /// How often employer and employee are in contact, and how.
    pub contact_frequency: String,
    /// Why the plan changed (for an adjustment).
    pub change_note: Option<String>,
}

/// Where a version stands.
pub fn plan_status(v: &plan_of_action_version::Model) -> PlanStatus {
    match (v.employer_signed_at, v.employee_signed_at) {
        (Some(_), Some(_)) => PlanStatus::Signed,
        (None, None) => PlanStatus::Draft,
        _ => PlanStatus::PartlySigned,
    }
}

/// The activities stored with a version.
pub fn plan_activities(v: &plan_of_action_version::Model) -> Vec<PlanActivity> {
    v.activities.0.clone()
}

/// Every version of the case's plan of action, newest first.
pub async fn plan_versions(
    ctx: &Ctx,
    case_id: Uuid,
) -> AppResult<Vec<plan_of_action_version::Model>> {
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    repo::plan_versions_of(&ctx.db, vec![record.case.id]).await
}

/// Saves the plan of action. A draft nobody signed is changed in place; once anyone signed, the
/// change becomes a new version that needs both signatures again — an adjustment (bijstelling)
/// when an earlier version was fully signed. Employer side only.
pub async fn save_plan(
    ctx: &Ctx,
    case_id: Uuid,
    input: PlanInput,
) -> AppResult<plan_of_action_version::Model> {
    let record = authorized_case_as(ctx, case_id, Action::Update, Side::Employer).await?;
    let today = ctx.clock.today();
    let goal = text("goal", &input.goal, 5000)?;
    let contact_frequency = text("contactFrequency", &input.contact_frequency, 300)?;
    let change_note = optional_text("changeNote", input.change_note.as_deref(), 2000)?;
    if input.activities.is_empty() {
        return Err(AppError::validation(
            ErrorReason::Required,
            "activities",
            "a plan of action names at least one activity",
        ));
    }
    if input.activities.len() > MAX_PLAN_ACTIVITIES {
        return Err(AppError::validation(
            ErrorReason::TooLong,
            "activities",
            format!("at most {MAX_PLAN_ACTIVITIES} activities"),
        ));
    }
    let mut activities = Vec::with_capacity(input.activities.len());
    for a in input.activities {
        if a.due_on < record.case.sick_since || a.due_on > today + Duration::weeks(156) {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "activities.dueOn",
                "the date lies before the case or more than three years ahead",
            ));
        }
        activities.push(PlanActivity {
            description: text("activities.description", &a.description, 500)?,
            ..a
        });
    }
    let case_manager = input
        .case_manager_user_id
        .or(record.case.case_manager_user_id);
    if let Some(user_id) = case_manager {
        crate::service::check_case_manager(
            ctx,
            record.case.tenant_id,
            user_id,
            "caseManagerUserId",
        )
        .await?;
    }
    let activities = crate::model::PlanActivities(activities);
    let actor = ctx.user()?.user_id;
    let now = ctx.clock.now();

    let txn = ctx.db.begin().await?;
    let versions = repo::plan_versions_of(&txn, vec![case_id]).await?;
    let saved = match versions.first() {
        Some(latest) if plan_status(latest) == PlanStatus::Draft => {
            let mut v = latest.clone().into_active_model();
            v.goal = Set(goal);
            v.activities = Set(activities);
            v.case_manager_user_id = Set(case_manager);
            v.contact_frequency = Set(contact_frequency);
            v.change_note = Set(change_note);
            v.updated_at = Set(now);
            v.update(&txn).await?
        }
        latest => {
            let is_adjustment = versions
                .iter()
                .any(|v| plan_status(v) == PlanStatus::Signed);
            if is_adjustment && change_note.is_none() {
                return Err(AppError::validation(
                    ErrorReason::Required,
                    "changeNote",
                    "an adjustment of a signed plan says what changed and why",
                ));
            }
            plan_of_action_version::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(record.case.tenant_id),
                case_id: Set(case_id),
                version: Set(latest.map_or(1, |l| l.version + 1)),
                goal: Set(goal),
                activities: Set(activities),
                case_manager_user_id: Set(case_manager),
                contact_frequency: Set(contact_frequency),
                change_note: Set(change_note),
                is_adjustment: Set(is_adjustment),
                created_by: Set(actor),
                created_at: Set(now),
                updated_at: Set(now),
                employer_signed_by: Set(None),
                employer_signed_at: Set(None),
                employee_signed_by: Set(None),
                employee_signed_at: Set(None),
            }
            .insert(&txn)
            .await?
        }
    };
    if case_manager != record.case.case_manager_user_id {
        let mut c = record.case.clone().into_active_model();
        c.case_manager_user_id = Set(case_manager);
        c.update(&txn).await?;
    }
    let record = CaseRecord {
        case: crate::entities::case_file::Entity::find_by_id(case_id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?,
        ..record
    };
    touch_case(&txn, &record, None, Some(today)).await?;
    refresh_clock(&txn, today, case_id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Signs the current version of the plan of action for the actor's side: the employee himself,
/// or the employer (any of its staff with the case in reach). `version`, when given, must be the
/// current one — a plan that changed since the signer read it is not signed. When both have
/// signed the first plan, the PLAN_OF_ACTION deadline is done.
pub async fn sign_plan(
    ctx: &Ctx,
    case_id: Uuid,
    version: Option<i32>,
) -> AppResult<plan_of_action_version::Model> {
    let record = authorized_case(ctx, case_id, Action::Update).await?;
    let side = side_of(ctx, &record).await?;
    let Some(side) = side else {
        return Err(AppError::Forbidden {
            reason: ErrorReason::NotAParty,
            message: "only the employer and the employee sign the plan of action",
        });
    };
    let actor = ctx.user()?.user_id;
    let now = ctx.clock.now();
    let today = ctx.clock.today();
    let txn = ctx.db.begin().await?;
    let versions = repo::plan_versions_of(&txn, vec![case_id]).await?;
    let Some(latest) = versions.first().cloned() else {
        return Err(AppError::conflict(
            ErrorReason::NoPlan,
            "there is no plan of action to sign yet",
        ));
    };
    if version.is_some_and(|v| v != latest.version) {
        return Err(AppError::conflict(
            ErrorReason::PlanChanged,
            "the plan of action changed since you read it; read the new version before signing",
        ));
    }
    let already = match side {
        Side::Employee => latest.employee_signed_at.is_some(),
        _ => latest.employer_signed_at.is_some(),
    };
    if already {
        txn.commit().await?;
        return Ok(latest);
    }
    let earlier_signed = versions
        .iter()
        .skip(1)
        .any(|v| plan_status(v) == PlanStatus::Signed);
    let mut v = latest.into_active_model();
    match side {
        Side::Employee => {
            v.employee_signed_by = Set(Some(actor));
            v.employee_signed_at = Set(Some(now));
        }
        _ => {
            v.employer_signed_by = Set(Some(actor));
            v.employer_signed_at = Set(Some(now));
        }
    }
    let signed = v.update(&txn).await?;
    if plan_status(&signed) == PlanStatus::Signed && !earlier_signed {
        add_milestone(
            &txn,
            ctx,
            &record,
            DeadlineKind::PlanOfAction,
            today,
            Some(signed.id),
            None,
        )
        .await?;
    }
    refresh_clock(&txn, today, case_id).await?;
    txn.commit().await?;
    Ok(signed)
}

// ---------------------------------------------------------------------------------------------
// Evaluations

/// An evaluation as the employer records it.
#[derive(Clone, Debug, Default)]
pub struct EvaluationInput {
    /// When it was held.
    pub held_on: NaiveDate,
    /// What was discussed and how the re-integration goes.
    pub summary: String,
    /// New agreements.
    pub agreements: Option<String>,
    /// First-year evaluation: is there a concrete prospect of structural return within the own
    /// organisation (then track 2 need not start)?
    pub return_prospect: Option<bool>,
}

/// Evaluations of a case, oldest first.
pub async fn evaluations(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<evaluation::Model>> {
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    repo::evaluations_of(&ctx.db, vec![record.case.id]).await
}

/// Records an evaluation; it completes the matching deadline (a periodic evaluation the
/// 6-weekly PLAN_EVALUATION, the first-year and final ones their own and the 6-weekly one).
pub async fn record_evaluation(
    ctx: &Ctx,
    case_id: Uuid,
    kind: EvaluationKind,
    input: EvaluationInput,
) -> AppResult<evaluation::Model> {
    let record = authorized_case_as(ctx, case_id, Action::Create, Side::Employer).await?;
    let today = ctx.clock.today();
    past_date(&record, today, "heldOn", input.held_on)?;
    let summary = text("summary", &input.summary, 10_000)?;
    let agreements = optional_text("agreements", input.agreements.as_deref(), 10_000)?;
    if input.return_prospect.is_some() && kind != EvaluationKind::FirstYear {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "returnProspect",
            "the prospect of return is judged at the first-year evaluation",
        ));
    }
    let txn = ctx.db.begin().await?;
    let saved = evaluation::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(case_id),
        kind: Set(kind),
        held_on: Set(input.held_on),
        summary: Set(summary),
        agreements: Set(agreements),
        return_prospect: Set(input.return_prospect),
        employee_view: Set(None),
        employee_view_at: Set(None),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&txn)
    .await?;
    let milestone = match kind {
        EvaluationKind::Periodic => DeadlineKind::PlanEvaluation,
        EvaluationKind::FirstYear => DeadlineKind::FirstYearEvaluation,
        EvaluationKind::Final => DeadlineKind::FinalEvaluation,
    };
    add_milestone(
        &txn,
        ctx,
        &record,
        milestone,
        input.held_on,
        Some(saved.id),
        None,
    )
    .await?;
    if let Some(prospect) = input.return_prospect
        && prospect != record.case.return_prospect
    {
        let mut c = record.case.clone().into_active_model();
        c.return_prospect = Set(prospect);
        // Judged at this evaluation: the three months run from its date (decision 82).
        c.return_prospect_on = Set(prospect.then_some(input.held_on));
        c.update(&txn).await?;
    }
    // An evaluation is a conversation with the employee and a review of the plan.
    let record = reload(&txn, record).await?;
    touch_case(&txn, &record, Some(input.held_on), Some(input.held_on)).await?;
    refresh_clock(&txn, today, case_id).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn reload(db: &impl ConnectionTrait, record: CaseRecord) -> AppResult<CaseRecord> {
    Ok(CaseRecord {
        case: crate::entities::case_file::Entity::find_by_id(record.case.id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?,
        ..record
    })
}

/// The employee writes (or rewrites) his own view in an evaluation. Only he can.
pub async fn write_evaluation_view(
    ctx: &Ctx,
    evaluation_id: Uuid,
    view: &str,
) -> AppResult<evaluation::Model> {
    let found = evaluation::Entity::find_by_id(evaluation_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Reach decides first: someone outside the case learns nothing, not even that it exists.
    let record = authorized_case(ctx, found.case_id, Action::Read).await?;
    authorized_case_as(ctx, record.case.id, Action::Update, Side::Employee).await?;
    let view = text("view", view, 10_000)?;
    let mut e = found.into_active_model();
    e.employee_view = Set(Some(view));
    e.employee_view_at = Set(Some(ctx.clock.now()));
    Ok(e.update(&ctx.db).await?)
}

// ---------------------------------------------------------------------------------------------
// Expert opinions

/// Expert opinion requests of a case, oldest first.
pub async fn expert_opinions(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<expert_opinion::Model>> {
    Ok(authorized_case(ctx, case_id, Action::Read)
        .await?
        .expert_opinions)
}

async fn party(ctx: &Ctx, record: &CaseRecord) -> AppResult<Party> {
    match side_of(ctx, record).await? {
        Some(Side::Employee) => Ok(Party::Employee),
        Some(_) => Ok(Party::Employer),
        None => Err(AppError::Forbidden {
            reason: ErrorReason::NotAParty,
            message: "only the employer and the employee ask UWV for an expert opinion",
        }),
    }
}

/// Records that the employer or the employee (whoever the actor is) asked UWV for an expert
/// opinion; the answer is expected within 4 weeks.
pub async fn request_expert_opinion(
    ctx: &Ctx,
    case_id: Uuid,
    question: ExpertOpinionQuestion,
    submitted_on: NaiveDate,
) -> AppResult<expert_opinion::Model> {
    let record = authorized_case(ctx, case_id, Action::Create).await?;
    let requested_by = party(ctx, &record).await?;
    let today = ctx.clock.today();
    past_date(&record, today, "submittedOn", submitted_on)?;
    // The expected answer is a deadline of its own (reminded of, on the task lists): it is
    // materialised in the same transaction.
    let txn = ctx.db.begin().await?;
    let saved = expert_opinion::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(case_id),
        requested_by: Set(requested_by),
        question: Set(question),
        submitted_on: Set(submitted_on),
        expected_by: Set(submitted_on + Duration::days(EXPERT_OPINION_ANSWER_DAYS)),
        answered_on: Set(None),
        outcome: Set(None),
        followed_up_on: Set(None),
        follow_up: Set(None),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&txn)
    .await?;
    refresh_clock(&txn, today, case_id).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn opinion_in_reach(ctx: &Ctx, id: Uuid) -> AppResult<(CaseRecord, expert_opinion::Model)> {
    let found = expert_opinion::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let record = authorized_case(ctx, found.case_id, Action::Update).await?;
    party(ctx, &record).await?;
    Ok((record, found))
}

/// Records UWV's answer; the follow-up deadline starts.
pub async fn record_expert_opinion_answer(
    ctx: &Ctx,
    id: Uuid,
    answered_on: NaiveDate,
    outcome: &str,
) -> AppResult<expert_opinion::Model> {
    let (record, found) = opinion_in_reach(ctx, id).await?;
    let today = ctx.clock.today();
    past_date(&record, today, "answeredOn", answered_on)?;
    if answered_on < found.submitted_on {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "answeredOn",
            "the answer cannot precede the request",
        ));
    }
    let outcome = text("outcome", outcome, 5000)?;
    let txn = ctx.db.begin().await?;
    let mut o = found.into_active_model();
    o.answered_on = Set(Some(answered_on));
    o.outcome = Set(Some(outcome));
    let saved = o.update(&txn).await?;
    refresh_clock(&txn, today, record.case.id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Records what the parties did with the answer; completes EXPERT_OPINION_FOLLOW_UP.
pub async fn record_expert_opinion_follow_up(
    ctx: &Ctx,
    id: Uuid,
    followed_up_on: NaiveDate,
    follow_up: &str,
) -> AppResult<expert_opinion::Model> {
    let (record, found) = opinion_in_reach(ctx, id).await?;
    let today = ctx.clock.today();
    past_date(&record, today, "followedUpOn", followed_up_on)?;
    let Some(answered_on) = found.answered_on else {
        return Err(AppError::conflict(
            ErrorReason::NotAnswered,
            "record UWV's answer before its follow-up",
        ));
    };
    if followed_up_on < answered_on {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "followedUpOn",
            "the follow-up cannot precede the answer",
        ));
    }
    let follow_up = text("followUp", follow_up, 5000)?;
    let txn = ctx.db.begin().await?;
    let mut o = found.into_active_model();
    o.followed_up_on = Set(Some(followed_up_on));
    o.follow_up = Set(Some(follow_up));
    let saved = o.update(&txn).await?;
    refresh_clock(&txn, today, record.case.id).await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------------------------------------------------------------------------------------------
// Activity log

/// Entries of the activity log, newest first.
pub async fn activities(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<case_activity::Model>> {
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    repo::activities_of(&ctx.db, vec![record.case.id]).await
}

/// Logs a conversation, agreement, contact or note. Employer side: the log is the employer's
/// account of his effort (the employee reads it in his portal).
pub async fn log_activity(
    ctx: &Ctx,
    case_id: Uuid,
    kind: ActivityKind,
    occurred_on: NaiveDate,
    summary: &str,
) -> AppResult<case_activity::Model> {
    let record = authorized_case_as(ctx, case_id, Action::Create, Side::Employer).await?;
    let today = ctx.clock.today();
    past_date(&record, today, "occurredOn", occurred_on)?;
    let summary = text("summary", summary, 5000)?;
    let txn = ctx.db.begin().await?;
    let saved = case_activity::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(case_id),
        kind: Set(kind),
        occurred_on: Set(occurred_on),
        summary: Set(summary),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&txn)
    .await?;
    touch_case(
        &txn,
        &record,
        kind.is_contact().then_some(occurred_on),
        (kind == ActivityKind::Agreement).then_some(occurred_on),
    )
    .await?;
    refresh_clock(&txn, ctx.clock.today(), record.case.id).await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------------------------------------------------------------------------------------------
// Steps recorded as done

/// Steps that are recorded directly (they happen outside the product, or the product's own
/// record of them comes later: a problem analysis received from an occupational health service
/// that does not work in Poortwachter).
pub const RECORDABLE_STEPS: [DeadlineKind; 12] = [
    DeadlineKind::ProblemAnalysis,
    DeadlineKind::SafetyNetReport,
    DeadlineKind::Uwv42WeekReport,
    DeadlineKind::LabourExpertExamination,
    DeadlineKind::Track2Start,
    DeadlineKind::EarlyIvaApplication,
    DeadlineKind::WiaLetter,
    DeadlineKind::CurrentAssessment,
    DeadlineKind::RivToEmployee,
    DeadlineKind::WiaApplication,
    DeadlineKind::EmploymentEndReport,
    DeadlineKind::RivOnLeaving,
];

/// Steps the employee records himself (besides the employer): what he sends to or receives
/// from UWV.
const EMPLOYEE_STEPS: [DeadlineKind; 3] = [
    DeadlineKind::WiaApplication,
    DeadlineKind::WiaLetter,
    DeadlineKind::EarlyIvaApplication,
];

/// Records a step as done on `on`. The employer records every recordable step; the employee
/// may record his own WIA application, UWV's WIA letter and an early IVA application. Starting track 2 moves a track-1 case to track 2.
pub async fn record_step(
    ctx: &Ctx,
    case_id: Uuid,
    kind: DeadlineKind,
    on: NaiveDate,
    note: Option<&str>,
) -> AppResult<case_milestone::Model> {
    if !RECORDABLE_STEPS.contains(&kind) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "kind",
            "this step is recorded by its own record (a signed plan, an evaluation, a report)",
        ));
    }
    let side = if EMPLOYEE_STEPS.contains(&kind) {
        Side::Any
    } else {
        Side::Employer
    };
    let record = authorized_case_as(ctx, case_id, Action::Create, side).await?;
    if side == Side::Any && side_of(ctx, &record).await?.is_none() {
        return Err(AppError::Forbidden {
            reason: ErrorReason::NotAParty,
            message: "this step is recorded by the employee or the employer",
        });
    }
    let today = ctx.clock.today();
    past_date(&record, today, "on", on)?;
    let note = optional_text("note", note, 2000)?;
    let txn = ctx.db.begin().await?;
    let saved = add_milestone(&txn, ctx, &record, kind, on, None, note).await?;
    if kind == DeadlineKind::Track2Start && record.case.track == Track::Track1 {
        let mut c = record.case.clone().into_active_model();
        c.track = Set(Track::Track2);
        c.update(&txn).await?;
    }
    refresh_clock(&txn, today, case_id).await?;
    txn.commit().await?;
    Ok(saved)
}
