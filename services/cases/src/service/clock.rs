//! The clock of a case kept with its writes: the denormalised earliest open deadline, the case
//! list's read model (`crate::listing`) and the materialised open deadlines (`case_deadlines`)
//! the reminders and task lists read.

use chrono::NaiveDate;
use platform::{AppError, AppResult, Ctx};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use crate::entities::{case_deadline, case_file};
use crate::listing::ListSummary;
use crate::model::{CaseRecord, CaseStatus, StepKind};
use crate::repo;
use crate::timeline::{self, DeadlineKind, Timeline};

/// Recomputes the clock of a case after a write that may have moved it — the denormalised
/// earliest open deadline and the materialised open deadlines — inside the writer's
/// transaction.
pub async fn refresh_clock(
    db: &impl sea_orm::ConnectionTrait,
    today: NaiveDate,
    case_id: Uuid,
) -> AppResult<()> {
    let Some(case) = case_file::Entity::find_by_id(case_id).one(db).await? else {
        return Err(AppError::invariant("case vanished"));
    };
    let Some(record) = repo::records(db, vec![case]).await?.pop() else {
        return Err(AppError::invariant("case vanished"));
    };
    let stored = materialised(db, vec![case_id])
        .await?
        .remove(&case_id)
        .unwrap_or_default();
    sync_clock(db, record, stored, today).await?;
    Ok(())
}

/// Recomputes the clock of every case whose stored clock is no longer exact today — the case
/// list's read model has passed its last fresh day (`listing`), which is never after the day
/// the clock moves by itself: wage payment ending, the early IVA application lapsing, a late
/// WIA application extending wage payment, a track 2 month to judge — or was never stored.
/// A page at a time, by index; a page's rows leave the set once written, so no cursor is
/// needed. Returns how many changed. The worker's daily pass.
pub async fn refresh_expired_clocks(
    db: &sea_orm::DatabaseConnection,
    today: NaiveDate,
) -> AppResult<u64> {
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect, TransactionTrait};
    let mut changed = 0;
    loop {
        let page = case_file::Entity::find()
            .filter(
                Condition::any()
                    .add(case_file::Column::ListFreshUntil.is_null())
                    .add(case_file::Column::ListFreshUntil.lt(today)),
            )
            .limit(500)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(changed);
        }
        let mut stored = materialised(db, page.iter().map(|c| c.id).collect()).await?;
        let txn = db.begin().await?;
        for record in repo::records(&txn, page).await? {
            let mine = stored.remove(&record.case.id).unwrap_or_default();
            if sync_clock(&txn, record, mine, today).await? {
                changed += 1;
            }
        }
        txn.commit().await?;
    }
}

/// The materialised deadlines of `cases`, by case.
async fn materialised(
    db: &impl sea_orm::ConnectionTrait,
    cases: Vec<Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, Vec<case_deadline::Model>>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut out: std::collections::HashMap<Uuid, Vec<case_deadline::Model>> =
        std::collections::HashMap::new();
    for row in case_deadline::Entity::find()
        .filter(case_deadline::Column::CaseId.is_in(cases))
        .all(db)
        .await?
    {
        out.entry(row.case_id).or_default().push(row);
    }
    Ok(out)
}

/// Brings a case's clock columns and materialised deadlines in line with its timeline (none
/// when it is not open); writes only what differs. Returns whether anything changed.
async fn sync_clock(
    db: &impl sea_orm::ConnectionTrait,
    record: CaseRecord,
    stored: Vec<case_deadline::Model>,
    today: NaiveDate,
) -> AppResult<bool> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let open = record.case.status == CaseStatus::Open;
    let input = record.clock_input();
    let timeline = timeline::compute(&input, today)
        .map_err(|e| AppError::invariant(format!("stored case does not compute: {e}")))?;
    let due = if open {
        open_deadlines(&timeline)
    } else {
        Vec::new()
    };
    let mut wanted: Vec<(StepKind, NaiveDate)> = due
        .iter()
        .map(|(kind, on)| (StepKind::from(*kind), *on))
        .collect();
    if open {
        wanted.extend(
            record
                .expert_opinions
                .iter()
                .filter(|o| o.answered_on.is_none())
                .map(|o| (StepKind::ExpertOpinionAnswer, o.expected_by)),
        );
        // An employee's own sick report waits for the employer from the day it was made.
        if record.case.reported_by_employee && record.case.sick_report_confirmed_at.is_none() {
            wanted.push((
                StepKind::SickReportConfirmation,
                platform::clock::dutch_date(record.case.created_at),
            ));
        }
    }
    wanted.sort_by_key(|(kind, on)| (kind.as_str(), *on));
    let mut have: Vec<(StepKind, NaiveDate)> = stored.iter().map(|d| (d.kind, d.due_on)).collect();
    have.sort_by_key(|(kind, on)| (kind.as_str(), *on));
    let mut changed = false;
    if have != wanted {
        // A deadline that stays keeps the day it appeared; a new one appears today.
        let since: std::collections::HashMap<(&str, NaiveDate), Option<NaiveDate>> = stored
            .iter()
            .map(|d| ((d.kind.as_str(), d.due_on), d.materialised_on))
            .collect();
        case_deadline::Entity::delete_many()
            .filter(case_deadline::Column::CaseId.eq(record.case.id))
            .exec(db)
            .await?;
        if !wanted.is_empty() {
            case_deadline::Entity::insert_many(wanted.into_iter().map(|(kind, due_on)| {
                let materialised_on = since
                    .get(&(kind.as_str(), due_on))
                    .copied()
                    .flatten()
                    .unwrap_or(today);
                case_deadline::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(record.case.tenant_id),
                    case_id: Set(record.case.id),
                    kind: Set(kind),
                    due_on: Set(due_on),
                    materialised_on: Set(Some(materialised_on)),
                }
            }))
            .exec(db)
            .await?;
        }
        changed = true;
    }
    // The next step (`next_deadline_on`/`kind`, which lists sort and filter by) and the rest
    // of what a list shows, written only when it changed or expired.
    let summary = ListSummary::compute(&record, &input, &timeline, today);
    if summary.differs_from(ListSummary::of_row(&record.case).as_ref(), today) {
        let mut c = record.case.into_active_model();
        summary.store(&mut c);
        c.update(db).await?;
        changed = true;
    }
    Ok(changed)
}

/// The deadlines of a computed timeline that `case_deadlines` holds, earliest first: every
/// open one, but a recurring one (the 6-weekly evaluation, the track 2 report) only at its
/// earliest open occurrence — the projected ones behind it are the same step, not more work.
pub fn open_deadlines(timeline: &Timeline) -> Vec<(DeadlineKind, NaiveDate)> {
    let mut due: Vec<(DeadlineKind, NaiveDate)> = timeline
        .deadlines
        .iter()
        .filter(|d| d.completed_on.is_none())
        .map(|d| (d.kind, d.due))
        .collect();
    due.sort_by_key(|(kind, on)| (*on, *kind));
    let recurring = |kind: &DeadlineKind| {
        matches!(
            kind,
            DeadlineKind::PlanEvaluation | DeadlineKind::Track2Report
        )
    };
    let mut seen = Vec::new();
    due.retain(|(kind, _)| {
        if !recurring(kind) {
            return true;
        }
        let first = !seen.contains(kind);
        seen.push(*kind);
        first
    });
    due
}

/// "No deadline": sorts after every real one.
pub fn far_future() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The legal deadlines of a case as of today.
pub fn deadlines(ctx: &Ctx, record: &CaseRecord) -> AppResult<Timeline> {
    timeline::compute(&record.clock_input(), ctx.clock.today())
        .map_err(|e| AppError::invariant(format!("stored case does not compute: {e}")))
}
