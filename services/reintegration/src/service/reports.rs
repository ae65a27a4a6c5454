//! Reports: the consultant drafts a report from the period's data, edits its texts and
//! submits it, which records the six-weekly step; a final report ends track 2.

use platform::access::Action;
use platform::case_port::{CaseAccess, ClockStep};
use platform::ids::new_id;
use platform::text::{optional_text, text};
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::{LONG_TEXT, ReportTexts, authorized, find_in_case, running};
use crate::entities::{report, trajectory};
use crate::model::{Track2ReportKind, Track2ReportStatus};
use crate::repo;

/// The open draft of a case's report, or a new one for the period since the last submitted
/// report, its activities written from the period's structured data. An open draft keeps the
/// consultant's edited text unless `rewrite` asks for it to be written again from the file.
pub async fn draft_report(
    ctx: &Ctx,
    case_id: Uuid,
    kind: Track2ReportKind,
    rewrite: bool,
) -> AppResult<report::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    draft_in(ctx, &access, &t, Some(kind), rewrite).await
}

/// The draft of a case already authorized, for `kind` (the open draft's kind, else a progress
/// report, when `None`).
async fn draft_in(
    ctx: &Ctx,
    access: &CaseAccess,
    t: &trajectory::Model,
    kind: Option<Track2ReportKind>,
    rewrite: bool,
) -> AppResult<report::Model> {
    let case_id = access.case_id;
    let file = repo::file(&ctx.db, access.tenant_id, case_id).await?;
    let open = file
        .reports
        .iter()
        .find(|r| r.status == Track2ReportStatus::Draft);
    let kind = kind
        .or_else(|| open.map(|r| r.kind))
        .unwrap_or(Track2ReportKind::Progress);
    let today = ctx.clock.today();
    let from = file
        .reports
        .iter()
        .filter(|r| r.status == Track2ReportStatus::Submitted)
        .map(|r| r.period_to)
        .max()
        .and_then(|d| d.succ_opt())
        .unwrap_or(t.started_on)
        .min(today);
    let text = crate::draft::activities(&file, from, today);
    let now = ctx.clock.now();
    if let Some(draft) = file
        .reports
        .into_iter()
        .find(|r| r.status == Track2ReportStatus::Draft)
    {
        // The draft follows the period up to today; the consultant's own texts stay.
        let mut d = draft.into_active_model();
        d.kind = Set(kind);
        d.period_from = Set(from);
        d.period_to = Set(today);
        if rewrite {
            d.activities = Set(text);
        }
        d.updated_at = Set(now);
        return Ok(d.update(&ctx.db).await?);
    }
    Ok(report::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(kind),
        period_from: Set(from),
        period_to: Set(today),
        status: Set(Track2ReportStatus::Draft),
        activities: Set(text),
        assessment: Set(None),
        attitude: Set(None),
        submitted_on: Set(None),
        submitted_by: Set(None),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant saves the texts of the draft (absent texts stay as they are).
pub async fn save_report(ctx: &Ctx, id: Uuid, texts: ReportTexts) -> AppResult<report::Model> {
    let row = find_in_case::<report::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    if row.status != Track2ReportStatus::Draft {
        return Err(AppError::conflict(
            ErrorReason::ReportSubmitted,
            "a submitted report is not changed; write the next one",
        ));
    }
    let mut r = row.into_active_model();
    apply_texts(&mut r, &texts)?;
    r.updated_at = Set(ctx.clock.now());
    Ok(r.update(&ctx.db).await?)
}

fn apply_texts(r: &mut report::ActiveModel, texts: &ReportTexts) -> AppResult<()> {
    if let Some(a) = &texts.activities {
        r.activities = Set(text("activities", a, LONG_TEXT)?);
    }
    if texts.assessment.is_some() {
        r.assessment = Set(optional_text(
            "assessment",
            texts.assessment.as_deref(),
            LONG_TEXT,
        )?);
    }
    if texts.attitude.is_some() {
        r.attitude = Set(optional_text(
            "attitude",
            texts.attitude.as_deref(),
            LONG_TEXT,
        )?);
    }
    Ok(())
}

/// The consultant submits the report (the open draft, or one drafted now) with his assessment
/// and the employee's attitude: it is frozen, employer and employee read it, it counts as the
/// six-weekly TRACK2_REPORT step and goes into the RIV. A final report ends track 2.
pub async fn submit_report(
    ctx: &Ctx,
    case_id: Uuid,
    kind: Option<Track2ReportKind>,
    texts: ReportTexts,
) -> AppResult<report::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    let draft = draft_in(ctx, &access, &t, kind, false).await?;
    let final_report = draft.kind == Track2ReportKind::Final;
    let mut r = draft.into_active_model();
    apply_texts(&mut r, &texts)?;
    let assessment = match &r.assessment {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v.clone(),
        sea_orm::ActiveValue::NotSet => None,
    };
    if assessment.is_none() {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "assessment",
            "write your assessment of the progress before submitting",
        ));
    }
    let today = ctx.clock.today();
    let user = ctx.user()?.user_id;
    r.status = Set(Track2ReportStatus::Submitted);
    r.submitted_on = Set(Some(today));
    r.submitted_by = Set(Some(user));
    r.updated_at = Set(ctx.clock.now());
    let txn = ctx.db.begin().await?;
    let saved = r.update(&txn).await?;
    ctx.gate()?
        .step_done(&txn, ctx, &access, ClockStep::Track2Report, today, saved.id)
        .await?;
    if final_report && let Some(t) = repo::trajectory(&txn, access.tenant_id, case_id).await? {
        let mut t = t.into_active_model();
        t.ended_on = Set(Some(today));
        t.updated_by = Set(user);
        t.updated_at = Set(ctx.clock.now());
        t.update(&txn).await?;
        // The ended track 2 no longer carries an effort signal.
        ctx.gate()?.effort_changed(&txn, ctx, &access).await?;
    }
    txn.commit().await?;
    Ok(saved)
}
