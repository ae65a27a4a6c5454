//! Retention (decision 75), run by the worker's hourly housekeeping.
//!
//! - **Absence data**, the employer's file of a case, is removed 2 years after the case ended
//!   (the AP's guideline), 10 years when the employer is an own-risk carrier
//!   (eigenrisicodrager: it pays the WGA or Ziektewet benefit itself and must be able to show
//!   its re-integration efforts for as long as it may have to). Removed: plans, evaluations,
//!   activities, expert opinions, milestones, deadlines, reminders, recoveries, track 2, the
//!   case's non-medical documents (objects and rows), and every assignment but the company
//!   doctor's. The case row stays, marked `purged_at`, as the anchor of the medical file;
//!   nobody on the employer's side reaches it any more (`repo::reach`).
//! - **The medical file** (assessments, consultations, advice, consents, medical documents) is
//!   the occupational health service's, kept 20 years after the case ended (WGBO); then it and
//!   the case row go.
//!
//! Every removal is written to the tenant's access log by the system actor `retention`; the
//! access log itself is never pruned (NEN 7513: at least 5 years, it is kept whole).

use chrono::{DateTime, Months, NaiveDate, Utc};
use identity::entities::organisation;
use platform::access::Action;
use platform::audit::{AccessEvent, AccessLog, Outcome};
use platform::{Actor, AppResult, RequestMeta, Role};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::entities::case_file;

/// Years the employer's absence data is kept after a case ends.
pub const ABSENCE_YEARS: u32 = 2;
/// … when the employer is an own-risk carrier.
pub const OWN_RISK_YEARS: u32 = 10;
/// Years the doctor's medical file is kept after a case ends (WGBO).
pub const MEDICAL_YEARS: u32 = 20;

/// Cases handled per query; the pass repeats until none is due.
const PAGE: u64 = 200;

/// The employer's side of a case, removed when the absence retention ends.
const ABSENCE_TABLES: [&str; 15] = [
    "case_recoveries",
    "case_partial_recoveries",
    "plan_of_action_versions",
    "evaluations",
    "expert_opinions",
    "case_activities",
    "case_milestones",
    "case_deadlines",
    "reminders",
    "track2_reports",
    "track2_applications",
    "track2_contacts",
    "track2_activities",
    "track2_occupations",
    "track2_trajectories",
];

/// The doctor's medical file of a case, removed after [`MEDICAL_YEARS`].
const MEDICAL_TABLES: [&str; 4] = [
    "medical_assessments",
    "consultations",
    "workability_advice",
    "medical_consents",
];

/// What one pass removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Cases whose absence data was removed.
    pub absence: u64,
    /// Cases whose medical file (and the case itself) was removed.
    pub medical: u64,
}

fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN)
}

/// Removes what is due on `today`; see the module's text.
pub async fn purge_expired(
    db: &DatabaseConnection,
    documents: &documents::Documents,
    log: &AccessLog,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Purged> {
    let mut purged = Purged::default();
    let own_risk = Query::select()
        .column(organisation::Column::Id)
        .from(organisation::Entity)
        .and_where(organisation::Column::OwnRiskCarrier.eq(true))
        .to_owned();
    loop {
        use case_file::Column as C;
        let due = case_file::Entity::find()
            .filter(C::ClosedOn.lte(years_before(today, ABSENCE_YEARS)))
            .filter(C::PurgedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(C::TenantId.not_in_subquery(own_risk.clone()))
                    .add(C::ClosedOn.lte(years_before(today, OWN_RISK_YEARS))),
            )
            .order_by_asc(C::ClosedOn)
            .limit(PAGE)
            .all(db)
            .await?;
        if due.is_empty() {
            break;
        }
        for case in due {
            purge_absence(db, documents, log, &case, now).await?;
            purged.absence += 1;
        }
    }
    loop {
        let due = case_file::Entity::find()
            .filter(case_file::Column::ClosedOn.lte(years_before(today, MEDICAL_YEARS)))
            .order_by_asc(case_file::Column::ClosedOn)
            .limit(PAGE)
            .all(db)
            .await?;
        if due.is_empty() {
            break;
        }
        for case in due {
            if case.purged_at.is_none() {
                purge_absence(db, documents, log, &case, now).await?;
                purged.absence += 1;
            }
            purge_medical(db, documents, log, &case).await?;
            purged.medical += 1;
        }
    }
    Ok(purged)
}

async fn delete_rows(db: &impl ConnectionTrait, table: &str, case_id: Uuid) -> AppResult<()> {
    db.execute(
        &Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new("case_id")).eq(case_id))
            .to_owned(),
    )
    .await?;
    Ok(())
}

async fn purge_absence(
    db: &DatabaseConnection,
    documents: &documents::Documents,
    log: &AccessLog,
    case: &case_file::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = db.begin().await?;
    let docs = documents.purge_case(&txn, case.id, false).await?;
    for table in ABSENCE_TABLES {
        delete_rows(&txn, table, case.id).await?;
    }
    txn.execute(
        &Query::delete()
            .from_table(Alias::new("case_assignments"))
            .and_where(Expr::col(Alias::new("case_id")).eq(case.id))
            .and_where(Expr::col(Alias::new("role")).ne(Role::CompanyDoctor))
            .to_owned(),
    )
    .await?;
    // What the row itself says about the absence beyond its dates goes too.
    txn.execute(
        &Query::update()
            .table(case_file::Entity)
            .value(case_file::Column::PurgedAt, now)
            .value(case_file::Column::ReachableAt, Option::<String>::None)
            .value(case_file::Column::CaseManagerUserId, Option::<Uuid>::None)
            .and_where(case_file::Column::Id.eq(case.id))
            .to_owned(),
    )
    .await?;
    txn.commit().await?;
    record(
        log,
        case,
        format!(
            "retention: absence data removed ({docs} documents), case ended on {}",
            case.closed_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    )
    .await
}

async fn purge_medical(
    db: &DatabaseConnection,
    documents: &documents::Documents,
    log: &AccessLog,
    case: &case_file::Model,
) -> AppResult<()> {
    let txn = db.begin().await?;
    let docs = documents.purge_case(&txn, case.id, true).await?;
    for table in MEDICAL_TABLES.iter().chain(["case_assignments"].iter()) {
        delete_rows(&txn, table, case.id).await?;
    }
    case_file::Entity::delete_by_id(case.id).exec(&txn).await?;
    txn.commit().await?;
    record(
        log,
        case,
        format!("retention: medical file removed after {MEDICAL_YEARS} years ({docs} documents)"),
    )
    .await
}

async fn record(log: &AccessLog, case: &case_file::Model, detail: String) -> AppResult<()> {
    log.record(
        &Actor::System {
            tenant_id: case.tenant_id,
            job: "retention",
        },
        &RequestMeta::default(),
        AccessEvent {
            tenant_id: case.tenant_id,
            subject_employee_id: Some(case.employee_id),
            resource_type: "case",
            resource_id: Some(case.id.to_string()),
            action: Action::Delete,
            outcome: Outcome::Allowed,
            detail: Some(detail),
        },
    )
    .await
}
