//! Use cases of the cases service: authorize → act → log. Reach and relations live in
//! [`access`], the clock kept with every write in [`clock`], the case manager in
//! [`assignments`]; the use cases of the case file itself here.

mod access;
mod assignments;
mod clock;
mod events;
mod figures;

pub(crate) use access::*;
pub use assignments::*;
pub use clock::*;
pub use events::*;
pub use figures::{
    PeriodFigures, absence_by_department, absence_figures, absence_series, employer_figures,
};

use chrono::{Duration, NaiveDate};
use identity::entities::employee;
use platform::access::{Action, DataClass};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::{case_file, case_partial_recovery, case_recovery};
use crate::listing::ListSummary;
use crate::model::{CaseRecord, CaseStatus, Track};
use crate::repo;
use crate::timeline::{self, NEW_PERIOD_AFTER_DAYS};

/// What the sick report may contain: only what an employer may ask (docs/domain.md §4).
#[derive(Clone, Debug, Default)]
pub struct SickReport {
    /// The employee; `None` when the employee reports himself.
    pub employee_id: Option<Uuid>,
    /// First day of sickness.
    pub sick_since: NaiveDate,
    /// Expected duration in weeks, if known.
    pub expected_duration_weeks: Option<i32>,
    /// Where and how the employee is reachable while sick.
    pub reachable_at: Option<String>,
    /// A safety-net rule (vangnetregeling) applies — never which one.
    pub safety_net: bool,
    /// A third party is liable (e.g. a traffic accident).
    pub third_party_liable: bool,
    /// It was a work accident.
    pub work_accident: bool,
    /// The case manager named for the case (a CASE_MANAGER or HR_ADMIN of the employer).
    pub case_manager_user_id: Option<Uuid>,
}

fn check_date(date: NaiveDate, today: NaiveDate, field: &'static str) -> AppResult<()> {
    platform::text::not_in_future(field, date, today)?;
    // Cases older than the 104 weeks plus a year of sanction are history, not a new report.
    if date < today - Duration::weeks(156) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "this date lies more than three years back",
        ));
    }
    Ok(())
}

/// Reports an employee sick. A relapse less than 28 days after recovery continues the same case
/// (samentellen); 28 days or more opens a new one.
pub async fn report_sick(ctx: &Ctx, report: SickReport) -> AppResult<CaseRecord> {
    let actor = ctx.user()?;
    let today = ctx.clock.today();
    if actor.organisation_kind != OrganisationKind::Employer {
        return Err(AppError::NotFound);
    }
    // Without an employee named, the caller reports himself: his own employee record.
    let employee = match report.employee_id {
        Some(id) => identity::repo::employee(&ctx.db, actor.organisation_id, id).await?,
        None => {
            identity::repo::employee_of_user(&ctx.db, actor.organisation_id, actor.user_id).await?
        }
    };
    let Some(employee) = employee else {
        return Err(match report.employee_id {
            Some(_) => AppError::NotFound,
            None => AppError::validation(
                ErrorReason::InvalidInput,
                "employeeId",
                "name the employee: you have no employee record of your own here",
            ),
        });
    };
    let himself = employee.user_id == Some(actor.user_id);
    if himself && report.case_manager_user_id.is_some() {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "caseManagerUserId",
            "the employer names the case manager",
        ));
    }
    check_date(report.sick_since, today, "sickSince")?;
    if let Some(w) = report.expected_duration_weeks
        && !(0..=104).contains(&w)
    {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "expectedDurationWeeks",
            "between 0 and 104 weeks",
        ));
    }
    let reachable_at = match report.reachable_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) if s.chars().count() > 300 || s.chars().any(char::is_control) => {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "reachableAt",
                "at most 300 characters, no control characters",
            ));
        }
        Some(s) => Some(s.to_string()),
    };
    if let Some(user_id) = report.case_manager_user_id {
        check_case_manager(ctx, employee.tenant_id, user_id, "caseManagerUserId").await?;
    }
    let now = ctx.clock.now();
    if let Some(latest) = repo::latest_case_of(&ctx.db, employee.tenant_id, employee.id).await? {
        let rel = relations(ctx, actor, &latest, &employee).await?;
        match latest.status {
            CaseStatus::Open => {
                ctx.authorize(&target(&latest, rel), DataClass::Case, Action::Read)
                    .await?;
                return Err(AppError::conflict(
                    ErrorReason::AlreadySick,
                    "this employee is already reported sick",
                ));
            }
            CaseStatus::Recovered => {
                let record = repo::records(&ctx.db, vec![latest.clone()]).await?.pop();
                if let Some(record) = record
                    && let Some(open) = record.open_recovery()
                {
                    if report.sick_since <= open.recovered_on {
                        return Err(AppError::validation(
                            ErrorReason::InvalidInput,
                            "sickSince",
                            "the new sick day must lie after the recovery",
                        ));
                    }
                    if (report.sick_since - open.recovered_on).num_days() < NEW_PERIOD_AFTER_DAYS {
                        ctx.authorize(&target(&latest, rel), DataClass::Case, Action::Update)
                            .await?;
                        let txn = ctx.db.begin().await?;
                        let mut r = open.clone().into_active_model();
                        r.resick_on = Set(Some(report.sick_since));
                        r.update(&txn).await?;
                        let mut c = latest.into_active_model();
                        c.status = Set(CaseStatus::Open);
                        c.updated_at = Set(now);
                        // A relapse is a new sick report: what it says now counts (a
                        // safety net or a liable third party, once recorded, stays).
                        if report.expected_duration_weeks.is_some() {
                            c.expected_duration_weeks = Set(report.expected_duration_weeks);
                        }
                        if reachable_at.is_some() {
                            c.reachable_at = Set(reachable_at.clone());
                        }
                        for (flag, column) in [
                            (report.safety_net, case_file::Column::SafetyNet),
                            (
                                report.third_party_liable,
                                case_file::Column::ThirdPartyLiable,
                            ),
                            (report.work_accident, case_file::Column::WorkAccident),
                        ] {
                            if flag {
                                c.set(column, true.into());
                            }
                        }
                        // The employer confirms a relapse the employee reported himself.
                        if himself {
                            c.reported_by_employee = Set(true);
                            c.sick_report_confirmed_at = Set(None);
                        }
                        let case = c.update(&txn).await?;
                        refresh_clock(&txn, today, case.id).await?;
                        txn.commit().await?;
                        return authorized_case(ctx, case.id, Action::Read).await;
                    }
                }
            }
            CaseStatus::Closed => {}
        }
    }
    let id = new_id();
    let draft = case_file::Model {
        expected_duration_weeks: report.expected_duration_weeks,
        reachable_at,
        safety_net: report.safety_net,
        third_party_liable: report.third_party_liable,
        work_accident: report.work_accident,
        case_manager_user_id: report.case_manager_user_id,
        reported_by_employee: himself,
        ..case_file::Model::opened(id, employee.tenant_id, employee.id, report.sick_since, now)
    };
    let rel = relations(ctx, actor, &draft, &employee).await?;
    ctx.authorize(&target(&draft, rel), DataClass::Case, Action::Create)
        .await?;
    let txn = ctx.db.begin().await?;
    draft.into_active_model().insert(&txn).await?;
    refresh_clock(&txn, today, id).await?;
    txn.commit().await?;
    authorized_case(ctx, id, Action::Read).await
}

/// The employer confirms a sick report the employee made himself (the case manager, HR or
/// the line manager): the task in "Mijn taken" and the daily reminder end.
pub async fn confirm_sick_report(ctx: &Ctx, case_id: Uuid) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    if !record.case.reported_by_employee || record.case.sick_report_confirmed_at.is_some() {
        return Ok(record);
    }
    let txn = ctx.db.begin().await?;
    let mut c = record.case.into_active_model();
    c.sick_report_confirmed_at = Set(Some(ctx.clock.now()));
    c.update(&txn).await?;
    refresh_clock(&txn, ctx.clock.today(), case_id).await?;
    txn.commit().await?;
    authorized_case(ctx, case_id, Action::Read).await
}

/// Full recovery on `recovered_on` (the first day fit).
pub async fn report_recovery(
    ctx: &Ctx,
    case_id: Uuid,
    recovered_on: NaiveDate,
) -> AppResult<CaseRecord> {
    let record = authorized_case(ctx, case_id, Action::Update).await?;
    check_date(recovered_on, ctx.clock.today(), "recoveredOn")?;
    if record.case.status != CaseStatus::Open {
        return Err(AppError::conflict(
            ErrorReason::NotSick,
            "the employee is not reported sick in this case",
        ));
    }
    if recovered_on <= record.latest_date() {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "recoveredOn",
            "the recovery must lie after the last sick report",
        ));
    }
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    case_recovery::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(case_id),
        recovered_on: Set(recovered_on),
        resick_on: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mut c = record.case.into_active_model();
    c.status = Set(CaseStatus::Recovered);
    c.updated_at = Set(now);
    c.update(&txn).await?;
    refresh_clock(&txn, ctx.clock.today(), case_id).await?;
    txn.commit().await?;
    authorized_case(ctx, case_id, Action::Read).await
}

/// Partial resumption of work from `from` at `working_percentage` (1–99); the clock runs on.
pub async fn report_partial_recovery(
    ctx: &Ctx,
    case_id: Uuid,
    from: NaiveDate,
    working_percentage: i32,
) -> AppResult<CaseRecord> {
    let record = authorized_case(ctx, case_id, Action::Update).await?;
    check_date(from, ctx.clock.today(), "from")?;
    if !(1..=99).contains(&working_percentage) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "workingPercentage",
            "between 1 and 99; 100% is a full recovery (reportRecovery)",
        ));
    }
    if record.case.status != CaseStatus::Open {
        return Err(AppError::conflict(
            ErrorReason::NotSick,
            "the employee is not reported sick in this case",
        ));
    }
    if from < record.case.sick_since {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "from",
            "before the first sick day",
        ));
    }
    case_partial_recovery::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(record.case.tenant_id),
        case_id: Set(case_id),
        from_date: Set(from),
        working_percentage: Set(working_percentage),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await?;
    authorized_case(ctx, case_id, Action::Read).await
}

/// One case in reach.
pub async fn case(ctx: &Ctx, id: Uuid) -> AppResult<CaseRecord> {
    authorized_case(ctx, id, Action::Read).await
}

/// A page of cases in reach with their employees: a constant number of queries.
pub async fn cases(
    ctx: &Ctx,
    filter: &repo::CaseListFilter,
    order: repo::CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<(CaseRecord, Option<employee::Model>)>> {
    // Under row-level security for an employer's own people (decision 74).
    let txn = ctx.tenant_txn().await?;
    let rows = cases_in(&txn, ctx.user()?, filter, order, after, limit).await?;
    txn.commit().await?;
    Ok(rows)
}

/// [`cases`] in the caller's transaction (the tenant transaction of a page).
pub async fn cases_in(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &platform::UserActor,
    filter: &repo::CaseListFilter,
    order: repo::CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<(CaseRecord, Option<employee::Model>)>> {
    let rows = repo::cases_page(txn, actor, filter, order, after, limit).await?;
    let employees = repo::employees(txn, rows.iter().map(|c| c.employee_id).collect()).await?;
    let records = repo::records(txn, rows).await?;
    Ok(records
        .into_iter()
        .map(|r| {
            let e = employees
                .iter()
                .find(|e| e.id == r.case.employee_id)
                .cloned();
            (r, e)
        })
        .collect())
}

/// One case of a list as the list shows it: the row, the names beside it and what the clock
/// says today ([`ListSummary`], the read model).
#[derive(Clone, Debug)]
pub struct ListedCase {
    /// The case row with its employee's and case manager's names.
    pub row: repo::ListRow,
    /// The sick week, next step and risk signals, exact today.
    pub summary: ListSummary,
}

/// A page of cases in reach as a list shows them, in the caller's transaction: one statement
/// for the rows with their employees' and case managers' names, and no clock — the read
/// model on the row is exact today unless the worker's daily pass has not reached it yet;
/// only such rows are computed the long way (the clock's records, a constant number of
/// statements for any number of them).
pub async fn case_list(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &platform::UserActor,
    today: NaiveDate,
    filter: &repo::CaseListFilter,
    order: repo::CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<ListedCase>> {
    let rows = repo::list_page(txn, actor, filter, order, after, limit).await?;
    let stored: Vec<Option<ListSummary>> = rows
        .iter()
        .map(|r| ListSummary::of_listed(&r.case).filter(|s| s.fresh_on(today)))
        .collect();
    let stale: Vec<Uuid> = rows
        .iter()
        .zip(&stored)
        .filter(|(_, s)| s.is_none())
        .map(|(r, _)| r.case.id)
        .collect();
    let mut computed = std::collections::HashMap::new();
    for record in repo::records(txn, repo::cases_by_id(txn, stale).await?).await? {
        let input = record.clock_input();
        let t = timeline::compute(&input, today)
            .map_err(|e| AppError::invariant(format!("stored case does not compute: {e}")))?;
        computed.insert(
            record.case.id,
            ListSummary::compute(&record, &input, &t, today),
        );
    }
    rows.into_iter()
        .zip(stored)
        .map(|(row, stored)| {
            let summary = stored
                .or_else(|| computed.remove(&row.case.id))
                .ok_or_else(|| AppError::invariant("a listed case was not computed"))?;
            Ok(ListedCase { row, summary })
        })
        .collect()
}

/// Changes to the case administration (`updateCase`).
#[derive(Clone, Debug, Default)]
pub struct CaseUpdate {
    /// New track.
    pub track: Option<Track>,
    /// New case manager (a CASE_MANAGER or HR_ADMIN of the employer); `Some(None)` clears it.
    pub case_manager_user_id: Option<Option<Uuid>>,
    /// A concrete prospect of structural return within the own organisation (no track 2 start).
    pub return_prospect: Option<bool>,
}

/// Updates track, case manager and return prospect.
pub async fn update_case(ctx: &Ctx, case_id: Uuid, update: CaseUpdate) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    let mut c = record.case.clone().into_active_model();
    if let Some(track) = update.track {
        c.track = Set(track);
    }
    if let Some(manager) = update.case_manager_user_id {
        if let Some(user_id) = manager {
            check_case_manager(ctx, record.case.tenant_id, user_id, "caseManagerUserId").await?;
        }
        c.case_manager_user_id = Set(manager);
    }
    if let Some(prospect) = update.return_prospect
        && prospect != record.case.return_prospect
    {
        c.return_prospect = Set(prospect);
        // The prospect holds three months from when it is recorded (decision 82).
        c.return_prospect_on = Set(prospect.then(|| ctx.clock.today()));
    }
    save_and_read(ctx, c).await
}

/// Saves a changed case row and its clock in one transaction; returns the case as now read.
async fn save_and_read(ctx: &Ctx, mut c: case_file::ActiveModel) -> AppResult<CaseRecord> {
    c.updated_at = Set(ctx.clock.now());
    let txn = ctx.db.begin().await?;
    let saved = c.update(&txn).await?;
    refresh_clock(&txn, ctx.clock.today(), saved.id).await?;
    txn.commit().await?;
    authorized_case(ctx, saved.id, Action::Read).await
}

/// Closes a case for good (employer): after a recovery once the 4 weeks in which a relapse
/// continues the case have passed, at the end of wage payment, or when the employment ended.
pub async fn close_case(
    ctx: &Ctx,
    case_id: Uuid,
    reason: crate::model::CloseReason,
    closed_on: NaiveDate,
) -> AppResult<CaseRecord> {
    use crate::model::CloseReason;
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    let today = ctx.clock.today();
    check_date(closed_on, today, "closedOn")?;
    if closed_on < record.case.sick_since {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "closedOn",
            "before the first sick day",
        ));
    }
    let status = record.case.status;
    let refused =
        |message: &'static str| Err(AppError::conflict(ErrorReason::CannotClose, message));
    match (status, reason) {
        (CaseStatus::Closed, _) => return refused("the case is closed already"),
        (CaseStatus::Recovered, CloseReason::Recovered) => {
            let recovered_on = record
                .open_recovery()
                .map_or(record.case.sick_since, |r| r.recovered_on);
            if (closed_on - recovered_on).num_days() < NEW_PERIOD_AFTER_DAYS {
                return refused(
                    "a relapse within 4 weeks of the recovery continues this case; close it after that",
                );
            }
        }
        (_, CloseReason::Recovered) => {
            return refused("report the recovery first; the case closes 4 weeks after it");
        }
        (_, CloseReason::EndOfWagePayment) => {
            let end = deadlines(ctx, &record)?
                .deadlines
                .iter()
                .find(|d| d.kind == timeline::DeadlineKind::EndOfWagePayment)
                .map(|d| d.due);
            if end.is_none_or(|end| closed_on <= end) {
                return refused("wage payment has not ended yet");
            }
        }
        (_, CloseReason::EmploymentEnded) => {}
    }
    let employment_ended = reason == CloseReason::EmploymentEnded;
    let last_day = record.case.employment_ends_on;
    let mut c = record.case.into_active_model();
    if employment_ended && last_day.is_none() {
        // The closing day is the last day of employment unless one was recorded before.
        c.employment_ends_on = Set(Some(closed_on));
    }
    c.status = Set(CaseStatus::Closed);
    c.closed_at = Set(Some(ctx.clock.now()));
    c.closed_on = Set(Some(closed_on));
    c.close_reason = Set(Some(reason));
    save_and_read(ctx, c).await
}

/// Records a wage sanction of UWV (1–52 weeks), administrative or substantive: the end of
/// wage payment moves. A new sanction starts its course (repair, shortening) afresh.
pub async fn impose_wage_sanction(
    ctx: &Ctx,
    case_id: Uuid,
    weeks: i32,
    decided_on: NaiveDate,
    kind: timeline::SanctionKind,
) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    check_date(decided_on, ctx.clock.today(), "decidedOn")?;
    if !(1..=timeline::MAX_SANCTION_WEEKS as i32).contains(&weeks) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "weeks",
            "a wage sanction lasts 1 to 52 weeks",
        ));
    }
    let mut c = record.case.into_active_model();
    c.sanction_weeks = Set(weeks);
    c.sanction_decided_on = Set(Some(decided_on));
    new_sanction(&mut c, kind);
    save_and_read(ctx, c).await
}

/// Records a voluntary extension of wage payment (at least 13 weeks, no maximum: art. 24 WIA
/// sets none): the WIA dates move.
pub async fn extend_wage_payment(
    ctx: &Ctx,
    case_id: Uuid,
    weeks: i32,
    agreed_on: NaiveDate,
) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    check_date(agreed_on, ctx.clock.today(), "agreedOn")?;
    if weeks < timeline::MIN_EXTENSION_WEEKS as i32 {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "weeks",
            "a voluntary extension is at least 13 weeks",
        ));
    }
    let mut c = record.case.into_active_model();
    c.extension_weeks = Set(weeks);
    c.extension_agreed_on = Set(Some(agreed_on));
    save_and_read(ctx, c).await
}
