//! The events that move the clock beyond the common path (decision 82): pregnancy leave, the
//! end of employment, the safety net's kind, second opinions, the wage sanction's course and
//! an IVA granted early. Each write is checked by computing the clock with it first, so the
//! stored case always computes and a refusal names the engine's reason.

use chrono::NaiveDate;
use platform::access::{Action, DataClass, Relation};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{authorized_case, authorized_case_as_employer, refresh_clock, side_of};
use crate::entities::{case_file, case_leave, case_second_opinion};
use crate::model::{CaseRecord, CaseStatus};
use crate::timeline::{self, SafetyNet, SanctionKind};

/// Refuses a change the clock cannot compute, with the engine's words.
fn computes(record: &CaseRecord, field: &'static str, today: NaiveDate) -> AppResult<()> {
    timeline::compute(&record.clock_input(), today)
        .map(|_| ())
        .map_err(|e| AppError::validation(ErrorReason::InvalidInput, field, e.to_string()))
}

/// Not after today: what UWV or a party did is recorded once it happened.
fn not_future(date: NaiveDate, today: NaiveDate, field: &'static str) -> AppResult<()> {
    platform::text::not_in_future(field, date, today)
}

/// Writes the changed case row (and rows beside it, by `extra`) and refreshes the clock, in one
/// transaction; returns the case as now read.
async fn save(
    ctx: &Ctx,
    case: case_file::ActiveModel,
    extra: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> AppResult<()>,
) -> AppResult<CaseRecord> {
    let mut case = case;
    case.updated_at = Set(ctx.clock.now());
    let txn = ctx.db.begin().await?;
    let saved = case.update(&txn).await?;
    extra(&txn).await?;
    refresh_clock(&txn, ctx.clock.today(), saved.id).await?;
    txn.commit().await?;
    authorized_case(ctx, saved.id, Action::Read).await
}

/// Records a pregnancy and maternity leave (WAZO), both days inclusive; it may be planned
/// ahead. The employer's to record: it is leave administration.
pub async fn record_leave(
    ctx: &Ctx,
    case_id: Uuid,
    from: NaiveDate,
    until: NaiveDate,
) -> AppResult<CaseRecord> {
    let mut record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    open(&record)?;
    let leave = case_leave::Model {
        id: new_id(),
        tenant_id: record.case.tenant_id,
        case_id,
        from_date: from,
        until_date: until,
        created_at: ctx.clock.now(),
    };
    record.leaves.push(leave.clone());
    computes(&record, "from", ctx.clock.today())?;
    let case = record.case.into_active_model();
    save(ctx, case, async |txn| {
        leave.into_active_model().insert(txn).await?;
        Ok(())
    })
    .await
}

/// Removes a leave recorded by mistake.
pub async fn remove_leave(ctx: &Ctx, case_id: Uuid, leave_id: Uuid) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    if !record.leaves.iter().any(|l| l.id == leave_id) {
        return Err(AppError::NotFound);
    }
    let case = record.case.into_active_model();
    save(ctx, case, async |txn| {
        case_leave::Entity::delete_many()
            .filter(case_leave::Column::Id.eq(leave_id))
            .filter(case_leave::Column::CaseId.eq(case_id))
            .exec(txn)
            .await?;
        Ok(())
    })
    .await
}

/// Records the last day of employment when it ends during the sickness (a fixed-term
/// contract, a dismissal with consent); it may lie ahead. `None` takes it back.
pub async fn record_employment_end(
    ctx: &Ctx,
    case_id: Uuid,
    last_day: Option<NaiveDate>,
) -> AppResult<CaseRecord> {
    let mut record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    open(&record)?;
    record.case.employment_ends_on = last_day;
    computes(&record, "lastDay", ctx.clock.today())?;
    let mut case = record.case.clone().into_active_model();
    case.employment_ends_on = Set(last_day);
    save(ctx, case, async |_| Ok(())).await
}

/// Records which safety net applies. The kind names a cause (pregnancy, organ donation, a
/// no-risk policy), so only the assigned doctor and the employee himself on a verified account
/// set it, under the medical policy and its access log; the employer sees only that one
/// applies and the deadlines that follow (docs/domain.md §4).
pub async fn set_safety_net_kind(
    ctx: &Ctx,
    case_id: Uuid,
    kind: Option<SafetyNet>,
) -> AppResult<CaseRecord> {
    let mut record = authorized_case(ctx, case_id, Action::Read).await?;
    // The case port's view of the actor: only the assigned doctor and the verified employee
    // are on the medical side of this case.
    let mut access = crate::gate::access_to(ctx, &record.case).await?;
    access
        .relations
        .retain(|r| matches!(r, Relation::AssignedDoctor | Relation::VerifiedSubject));
    let t = access.target("safety_net", None);
    ctx.authorize(&t, DataClass::Medical, Action::Update)
        .await?;
    record.case.safety_net_kind = kind;
    record.case.safety_net = kind.is_some() || record.case.safety_net;
    computes(&record, "kind", ctx.clock.today())?;
    let mut case = record.case.clone().into_active_model();
    case.safety_net_kind = Set(kind);
    case.safety_net = Set(record.case.safety_net);
    let saved = save(ctx, case, async |_| Ok(())).await?;
    ctx.log_allowed(&t, Action::Update, Some("safety net kind recorded".into()))
        .await?;
    Ok(saved)
}

/// The employee asks another company doctor for a second opinion (art. 14 Arbowet); he, the
/// employer (who pays for it) or the doctor records the request. Only dates: the other
/// doctor's findings are medical and stay with the doctors.
pub async fn request_second_opinion(
    ctx: &Ctx,
    case_id: Uuid,
    requested_on: NaiveDate,
) -> AppResult<CaseRecord> {
    // Recording a fact of the case (Create), which the doctor may as well as both parties.
    let mut record = authorized_case(ctx, case_id, Action::Create).await?;
    party_or_doctor(ctx, &record).await?;
    let today = ctx.clock.today();
    not_future(requested_on, today, "requestedOn")?;
    let row = case_second_opinion::Model {
        id: new_id(),
        tenant_id: record.case.tenant_id,
        case_id,
        requested_on,
        given_on: None,
        created_at: ctx.clock.now(),
    };
    record.second_opinions.push(row.clone());
    computes(&record, "requestedOn", today)?;
    let case = record.case.into_active_model();
    save(ctx, case, async |txn| {
        row.into_active_model().insert(txn).await?;
        Ok(())
    })
    .await
}

/// Records the day the second opinion was given.
pub async fn second_opinion_given(
    ctx: &Ctx,
    case_id: Uuid,
    id: Uuid,
    given_on: NaiveDate,
) -> AppResult<CaseRecord> {
    let mut record = authorized_case(ctx, case_id, Action::Create).await?;
    party_or_doctor(ctx, &record).await?;
    let today = ctx.clock.today();
    not_future(given_on, today, "givenOn")?;
    let Some(row) = record.second_opinions.iter_mut().find(|o| o.id == id) else {
        return Err(AppError::NotFound);
    };
    row.given_on = Some(given_on);
    let mut active = row.clone().into_active_model();
    active.given_on = Set(Some(given_on));
    computes(&record, "givenOn", today)?;
    let case = record.case.into_active_model();
    save(ctx, case, async |txn| {
        active.update(txn).await?;
        Ok(())
    })
    .await
}

/// A step of a wage sanction's course, recorded by the employer as UWV's letters come.
#[derive(Clone, Copy, Debug)]
pub enum SanctionStep {
    /// The shortcoming UWV named was repaired.
    Repaired(NaiveDate),
    /// The employer asked UWV to shorten the sanction (bekortingsverzoek).
    ShorteningRequested(NaiveDate),
    /// UWV decided on that request.
    Decided {
        /// When.
        on: NaiveDate,
        /// Whether UWV found the shortcoming repaired.
        granted: bool,
    },
}

/// Records a step of the wage sanction's course; the end of wage payment follows.
pub async fn sanction_step(ctx: &Ctx, case_id: Uuid, step: SanctionStep) -> AppResult<CaseRecord> {
    let mut record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    if record.case.sanction_weeks <= 0 {
        return Err(AppError::conflict(
            ErrorReason::InvalidInput,
            "there is no wage sanction in this case",
        ));
    }
    let today = ctx.clock.today();
    let c = &mut record.case;
    let field = match step {
        SanctionStep::Repaired(on) => {
            not_future(on, today, "repairedOn")?;
            c.sanction_repaired_on = Some(on);
            "repairedOn"
        }
        SanctionStep::ShorteningRequested(on) => {
            not_future(on, today, "requestedOn")?;
            c.sanction_shortening_requested_on = Some(on);
            "requestedOn"
        }
        SanctionStep::Decided { on, granted } => {
            not_future(on, today, "decidedOn")?;
            c.sanction_shortening_decided_on = Some(on);
            c.sanction_shortening_granted = Some(granted);
            "decidedOn"
        }
    };
    computes(&record, field, today)?;
    let c = &record.case;
    let mut case = c.clone().into_active_model();
    case.sanction_repaired_on = Set(c.sanction_repaired_on);
    case.sanction_shortening_requested_on = Set(c.sanction_shortening_requested_on);
    case.sanction_shortening_decided_on = Set(c.sanction_shortening_decided_on);
    case.sanction_shortening_granted = Set(c.sanction_shortening_granted);
    save(ctx, case, async |_| Ok(())).await
}

/// The kind of a new wage sanction, with its course started afresh.
pub(crate) fn new_sanction(case: &mut case_file::ActiveModel, kind: SanctionKind) {
    case.sanction_kind = Set(Some(kind));
    case.sanction_repaired_on = Set(None);
    case.sanction_shortening_requested_on = Set(None);
    case.sanction_shortening_decided_on = Set(None);
    case.sanction_shortening_granted = Set(None);
}

/// UWV granted an IVA benefit early from `from`: wage payment ends the day before. The
/// employee or the employer records UWV's decision.
pub async fn record_iva_from(ctx: &Ctx, case_id: Uuid, from: NaiveDate) -> AppResult<CaseRecord> {
    let mut record = authorized_case(ctx, case_id, Action::Update).await?;
    if side_of(ctx, &record).await?.is_none() {
        return Err(AppError::Forbidden {
            reason: ErrorReason::NotAParty,
            message: "UWV's IVA decision is recorded by the employee or the employer",
        });
    }
    record.case.iva_from = Some(from);
    computes(&record, "from", ctx.clock.today())?;
    let mut case = record.case.clone().into_active_model();
    case.iva_from = Set(Some(from));
    save(ctx, case, async |_| Ok(())).await
}

/// The employee himself, the employer's staff, or the assigned doctor.
async fn party_or_doctor(ctx: &Ctx, record: &CaseRecord) -> AppResult<()> {
    let access = crate::gate::access_to(ctx, &record.case).await?;
    let party = access.relations.iter().any(|r| {
        matches!(
            r,
            Relation::Subject
                | Relation::EmployerStaff
                | Relation::LineManager
                | Relation::AssignedDoctor
        )
    });
    if party {
        return Ok(());
    }
    Err(AppError::Forbidden {
        reason: ErrorReason::NotAParty,
        message: "recorded by the employee, the employer or the company doctor",
    })
}

/// Refuses a change to a case that is no longer open.
fn open(record: &CaseRecord) -> AppResult<()> {
    if record.case.status == CaseStatus::Closed {
        return Err(AppError::conflict(
            ErrorReason::InvalidInput,
            "the case is closed",
        ));
    }
    Ok(())
}
