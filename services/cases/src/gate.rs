//! The cases service's side of the medical gate: the medical service reaches a case, records
//! the steps its records complete, and notes new advice, only through here.

use chrono::NaiveDate;
use medical::Medical;
use platform::case_port::{CaseAccess, CaseGate, ClockStep};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use uuid::Uuid;

use crate::entities::{case_file, case_milestone};
use crate::model::Track;
use crate::notify::{Notice, Notifier};
use crate::service::{in_reach_or_logged, refresh_clock, relations};
use crate::timeline::DeadlineKind;
use platform::access::Action;

/// The gate, installed by the gateway on every request's context
/// (`platform::case_port::CaseGate`).
#[derive(Clone, Debug)]
pub struct Gate {
    notifier: Notifier,
    medical: Medical,
}

impl Gate {
    /// A gate that notifies through `notifier` and reads workability advice through
    /// `medical`.
    pub fn new(notifier: Notifier, medical: Medical) -> Self {
        Gate { notifier, medical }
    }
}

/// The case in the actor's reach with his relations to it; NOT_FOUND when out of reach.
pub async fn access(ctx: &Ctx, case_id: Uuid) -> AppResult<CaseAccess> {
    let actor = ctx.user()?;
    let case = in_reach_or_logged(ctx, actor, case_id, Action::Read).await?;
    access_to(ctx, &case).await
}

/// The access of the actor to a case already in his reach.
pub async fn access_to(ctx: &Ctx, case: &case_file::Model) -> AppResult<CaseAccess> {
    let actor = ctx.user()?;
    let employee = identity::repo::employee(&ctx.db, case.tenant_id, case.employee_id)
        .await?
        .ok_or_else(|| AppError::invariant("case without employee"))?;
    Ok(CaseAccess {
        tenant_id: case.tenant_id,
        case_id: case.id,
        employee_id: case.employee_id,
        relations: relations(ctx, actor, case, &employee).await?,
    })
}

#[async_trait::async_trait]
impl CaseGate for Gate {
    async fn access(&self, ctx: &Ctx, case_id: Uuid) -> AppResult<CaseAccess> {
        access(ctx, case_id).await
    }

    async fn step_done(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        step: ClockStep,
        on: NaiveDate,
        source_id: Uuid,
    ) -> AppResult<()> {
        let kind = match step {
            ClockStep::ProblemAnalysis => DeadlineKind::ProblemAnalysis,
            ClockStep::CurrentAssessment => DeadlineKind::CurrentAssessment,
            ClockStep::Track2Start => DeadlineKind::Track2Start,
            ClockStep::Track2Report => DeadlineKind::Track2Report,
        };
        if step == ClockStep::Track2Start {
            let Some(row) = case_file::Entity::find_by_id(case.case_id).one(txn).await? else {
                return Err(AppError::NotFound);
            };
            let started = case_milestone::Entity::find()
                .filter(case_milestone::Column::CaseId.eq(case.case_id))
                .filter(case_milestone::Column::Kind.eq(kind))
                .one(txn)
                .await?;
            if started.is_some() {
                // A later engagement is no new start, but its agreed intensity may differ: the
                // effort signal follows.
                return refresh_clock(txn, ctx.clock.today(), case.case_id).await;
            }
            // Track 2 runs beside or after track 1 (the two-track policy keeps BOTH).
            if row.track == Track::Track1 {
                let mut c = row.into_active_model();
                c.track = Set(Track::Track2);
                c.update(txn).await?;
            }
        }
        case_milestone::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(case.tenant_id),
            case_id: Set(case.case_id),
            kind: Set(kind),
            occurred_on: Set(on),
            source_id: Set(Some(source_id)),
            note: Set(None),
            recorded_by: Set(ctx.user()?.user_id),
            created_at: Set(ctx.clock.now()),
        }
        .insert(txn)
        .await?;
        refresh_clock(txn, ctx.clock.today(), case.case_id).await
    }

    async fn advice_given(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        on: NaiveDate,
    ) -> AppResult<()> {
        later_date(txn, case.case_id, case_file::Column::AdviceGivenOn, on).await?;
        // A statement of no sustainable usable capacity moves track 2 (decision 82).
        refresh_clock(txn, ctx.clock.today(), case.case_id).await
    }

    async fn contact_made(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
        on: NaiveDate,
    ) -> AppResult<()> {
        later_date(txn, case.case_id, case_file::Column::LastContactOn, on).await?;
        // The risk signals on the case row (the list's read model) follow.
        refresh_clock(txn, ctx.clock.today(), case.case_id).await
    }

    async fn effort_changed(
        &self,
        txn: &DatabaseTransaction,
        ctx: &Ctx,
        case: &CaseAccess,
    ) -> AppResult<()> {
        refresh_clock(txn, ctx.clock.today(), case.case_id).await
    }

    async fn notify_advice(&self, ctx: &Ctx, case: &CaseAccess) {
        self.notifier
            .tell(ctx, case.case_id, Notice::AdviceGiven)
            .await;
    }

    async fn workability_limitations(
        &self,
        ctx: &Ctx,
        case: &CaseAccess,
    ) -> AppResult<Vec<String>> {
        self.medical.latest_limitations(ctx, case).await
    }
}

/// Sets a date column of a case to `on` unless it holds a later date already.
async fn later_date(
    txn: &DatabaseTransaction,
    case_id: Uuid,
    column: case_file::Column,
    on: NaiveDate,
) -> AppResult<()> {
    use sea_orm::sea_query::{Condition, Expr};
    use sea_orm::{ColumnTrait, QueryFilter};
    case_file::Entity::update_many()
        .col_expr(column, Expr::value(on))
        .filter(case_file::Column::Id.eq(case_id))
        .filter(Condition::any().add(column.is_null()).add(column.lt(on)))
        .exec(txn)
        .await?;
    Ok(())
}
