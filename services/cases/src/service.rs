//! Use cases of the cases service: authorize → act → log.

use chrono::{Duration, NaiveDate};
use identity::entities::employee;
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, OrganisationKind, Role, UserActor};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::{case_file, case_partial_recovery, case_recovery};
use crate::model::{CaseRecord, CaseStatus, Track};
use crate::repo;
use crate::timeline::{self, NEW_PERIOD_AFTER_DAYS, Timeline};

/// What the sick report may contain: only what an employer may ask (DOMAIN.md §4).
#[derive(Clone, Debug, Default)]
pub struct SickReport {
    /// The employee.
    pub employee_id: Uuid,
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
}

/// Every relation the actor has to a case of `employee`.
async fn relations(
    ctx: &Ctx,
    actor: &UserActor,
    case: &case_file::Model,
    employee: &employee::Model,
) -> AppResult<Vec<Relation>> {
    let mut out = Vec::new();
    if actor.organisation_kind == OrganisationKind::Employer
        && actor.organisation_id == case.tenant_id
    {
        out.push(Relation::EmployerStaff);
        if employee.manager_user_id == Some(actor.user_id) {
            out.push(Relation::LineManager);
        }
        if employee.user_id == Some(actor.user_id) {
            out.push(Relation::Subject);
        }
    }
    if actor.has_role(Role::CompanyDoctor) || actor.has_role(Role::ReintegrationConsultant) {
        for a in repo::assignments(&ctx.db, case.tenant_id, case.id).await? {
            if a.user_id == actor.user_id {
                out.push(if a.role == Role::CompanyDoctor.as_str() {
                    Relation::AssignedDoctor
                } else {
                    Relation::AssignedConsultant
                });
            }
        }
    }
    Ok(out)
}

fn target(case: &case_file::Model, relations: Vec<Relation>) -> Target {
    Target {
        tenant_id: case.tenant_id,
        subject_employee_id: Some(case.employee_id),
        resource_type: "case",
        resource_id: Some(case.id.to_string()),
        relations,
    }
}

/// Loads a case in reach and checks `action` on its CASE data; not in reach is NOT_FOUND.
async fn authorized_case(ctx: &Ctx, id: Uuid, action: Action) -> AppResult<CaseRecord> {
    let actor = ctx.user()?;
    let case = repo::case_in_reach(&ctx.db, actor, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let employee = identity::repo::employee(&ctx.db, case.tenant_id, case.employee_id)
        .await?
        .ok_or_else(|| AppError::invariant("case without employee"))?;
    let rel = relations(ctx, actor, &case, &employee).await?;
    ctx.authorize(&target(&case, rel), DataClass::Case, action)
        .await?;
    repo::records(&ctx.db, vec![case])
        .await?
        .pop()
        .ok_or_else(|| AppError::invariant("case vanished"))
}

/// The legal deadlines of a case as of today.
pub fn deadlines(ctx: &Ctx, record: &CaseRecord) -> AppResult<Timeline> {
    timeline::compute(&record.clock_input(), ctx.clock.today())
        .map_err(|e| AppError::invariant(format!("stored case does not compute: {e}")))
}

fn check_date(date: NaiveDate, today: NaiveDate, field: &'static str) -> AppResult<()> {
    if date > today {
        return Err(AppError::validation(
            "DATE_IN_FUTURE",
            field,
            "this date lies in the future",
        ));
    }
    // Cases older than the 104 weeks plus a year of sanction are history, not a new report.
    if date < today - Duration::weeks(156) {
        return Err(AppError::validation(
            "INVALID_INPUT",
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
    let employee = identity::repo::employee(&ctx.db, actor.organisation_id, report.employee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_date(report.sick_since, today, "sickSince")?;
    if let Some(w) = report.expected_duration_weeks
        && !(0..=104).contains(&w)
    {
        return Err(AppError::validation(
            "INVALID_INPUT",
            "expectedDurationWeeks",
            "between 0 and 104 weeks",
        ));
    }
    let reachable_at = match report.reachable_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) if s.chars().count() > 300 || s.chars().any(char::is_control) => {
            return Err(AppError::validation(
                "INVALID_INPUT",
                "reachableAt",
                "at most 300 characters, no control characters",
            ));
        }
        Some(s) => Some(s.to_string()),
    };
    let now = ctx.clock.now();
    if let Some(latest) = repo::latest_case_of(&ctx.db, employee.tenant_id, employee.id).await? {
        let rel = relations(ctx, actor, &latest, &employee).await?;
        match CaseStatus::parse(&latest.status) {
            CaseStatus::Open => {
                ctx.authorize(&target(&latest, rel), DataClass::Case, Action::Read)
                    .await?;
                return Err(AppError::conflict(
                    "ALREADY_SICK",
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
                            "INVALID_INPUT",
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
                        c.status = Set(CaseStatus::Open.as_str().into());
                        c.updated_at = Set(now);
                        let case = c.update(&txn).await?;
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
        id,
        tenant_id: employee.tenant_id,
        employee_id: employee.id,
        status: CaseStatus::Open.as_str().into(),
        track: Track::Track1.as_str().into(),
        sick_since: report.sick_since,
        expected_duration_weeks: report.expected_duration_weeks,
        reachable_at,
        safety_net: report.safety_net,
        third_party_liable: report.third_party_liable,
        work_accident: report.work_accident,
        case_manager_user_id: None,
        extension_weeks: 0,
        sanction_weeks: 0,
        return_prospect: false,
        created_at: now,
        updated_at: now,
        closed_at: None,
    };
    let rel = relations(ctx, actor, &draft, &employee).await?;
    ctx.authorize(&target(&draft, rel), DataClass::Case, Action::Create)
        .await?;
    draft.into_active_model().insert(&ctx.db).await?;
    authorized_case(ctx, id, Action::Read).await
}

/// Full recovery on `recovered_on` (the first day fit).
pub async fn report_recovery(
    ctx: &Ctx,
    case_id: Uuid,
    recovered_on: NaiveDate,
) -> AppResult<CaseRecord> {
    let record = authorized_case(ctx, case_id, Action::Update).await?;
    check_date(recovered_on, ctx.clock.today(), "recoveredOn")?;
    if CaseStatus::parse(&record.case.status) != CaseStatus::Open {
        return Err(AppError::conflict(
            "NOT_SICK",
            "the employee is not reported sick in this case",
        ));
    }
    if recovered_on <= record.latest_date() {
        return Err(AppError::validation(
            "INVALID_INPUT",
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
    c.status = Set(CaseStatus::Recovered.as_str().into());
    c.updated_at = Set(now);
    c.update(&txn).await?;
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
            "INVALID_INPUT",
            "workingPercentage",
            "between 1 and 99; 100% is a full recovery (reportRecovery)",
        ));
    }
    if CaseStatus::parse(&record.case.status) != CaseStatus::Open {
        return Err(AppError::conflict(
            "NOT_SICK",
            "the employee is not reported sick in this case",
        ));
    }
    if from < record.case.sick_since {
        return Err(AppError::validation(
            "INVALID_INPUT",
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

/// A page of cases in reach with their employees' names: a constant number of queries.
pub async fn cases(
    ctx: &Ctx,
    status: Option<CaseStatus>,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<(CaseRecord, Option<employee::Model>)>> {
    let actor = ctx.user()?;
    let rows =
        repo::cases_page(&ctx.db, actor, status.map(CaseStatus::as_str), after, limit).await?;
    let employees = repo::employees(&ctx.db, rows.iter().map(|c| c.employee_id).collect()).await?;
    let records = repo::records(&ctx.db, rows).await?;
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
