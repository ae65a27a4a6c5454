//! Use cases of the cases service: authorize → act → log.

use chrono::{Duration, NaiveDate};
use identity::entities::employee;
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role, UserActor};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::{case_deadline, case_file, case_partial_recovery, case_recovery};
use crate::model::{CaseRecord, CaseStatus, Track};
use crate::repo;
use crate::timeline::{self, DeadlineKind, NEW_PERIOD_AFTER_DAYS, Timeline};

/// What the sick report may contain: only what an employer may ask (docs/domain.md §4).
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
    /// The case manager named for the case (a CASE_MANAGER or HR_ADMIN of the employer).
    pub case_manager_user_id: Option<Uuid>,
}

/// Checks that `user_id` can be the case manager of a case of `tenant`.
pub(crate) async fn check_case_manager(
    ctx: &Ctx,
    tenant: Uuid,
    user_id: Uuid,
    field: &'static str,
) -> AppResult<()> {
    let ok = identity::repo::user(&ctx.db, user_id)
        .await?
        .is_some_and(|u| u.tenant_id == tenant)
        && identity::repo::roles(&ctx.db, tenant, user_id)
            .await?
            .iter()
            .any(|r| matches!(r, Role::CaseManager | Role::HrAdmin));
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "not a case manager of this employer",
        ))
    }
}

/// The relations of the employer's own people to a case of `employee` (no query: who works
/// for the employer, manages or is the employee).
pub(crate) fn employer_relations(
    actor: &UserActor,
    case: &case_file::Model,
    employee: &employee::Model,
) -> Vec<Relation> {
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
    out
}

/// Every relation the actor has to a case of `employee`.
pub(crate) async fn relations(
    ctx: &Ctx,
    actor: &UserActor,
    case: &case_file::Model,
    employee: &employee::Model,
) -> AppResult<Vec<Relation>> {
    let mut out = employer_relations(actor, case, employee);
    // The employee's medical file opens only on an account the health service verified.
    if out.contains(&Relation::Subject)
        && identity::verification::is_verified(&ctx.db, case.tenant_id, employee.id, actor.user_id)
            .await?
    {
        out.push(Relation::VerifiedSubject);
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

/// On whose behalf an action on a case is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// Anyone the policy allows.
    Any,
    /// The employer's side only (track, case manager, sanction, the plan's employer signature,
    /// the activity log): the employee's and providers' relations do not count.
    Employer,
    /// The employee himself only (his signature, his view).
    Employee,
}

/// Loads a case in reach and checks `action` on its CASE data; not in reach is NOT_FOUND.
pub(crate) async fn authorized_case(ctx: &Ctx, id: Uuid, action: Action) -> AppResult<CaseRecord> {
    authorized_case_as(ctx, id, action, Side::Any).await
}

/// As [`authorized_case`], for decisions that are the employer's alone.
pub(crate) async fn authorized_case_as_employer(
    ctx: &Ctx,
    id: Uuid,
    action: Action,
) -> AppResult<CaseRecord> {
    authorized_case_as(ctx, id, action, Side::Employer).await
}

/// As [`authorized_case`], restricted to the relations of `side`. The case is visible (it is in
/// reach), so a refusal is FORBIDDEN, and logged.
pub(crate) async fn authorized_case_as(
    ctx: &Ctx,
    id: Uuid,
    action: Action,
    side: Side,
) -> AppResult<CaseRecord> {
    let actor = ctx.user()?;
    // An employer's own people read the case under row-level security (decision 74). The
    // transaction ends before the policy and the access log take connections of their own, so
    // a request never holds one connection while it waits for a second.
    let txn = ctx.tenant_txn().await?;
    let Some(case) = repo::case_in_reach(&txn, actor, id).await? else {
        drop(txn);
        return Err(out_of_reach(ctx, id, action).await);
    };
    let employee = identity::repo::employee(&txn, case.tenant_id, case.employee_id)
        .await?
        .ok_or_else(|| AppError::invariant("case without employee"))?;
    let record = repo::records(&txn, vec![case])
        .await?
        .pop()
        .ok_or_else(|| AppError::invariant("case vanished"))?;
    txn.commit().await?;
    let case = &record.case;
    let mut rel = relations(ctx, actor, case, &employee).await?;
    if side != Side::Any {
        ctx.authorize(&target(case, rel.clone()), DataClass::Case, Action::Read)
            .await?;
        rel.retain(|r| match side {
            Side::Employer => matches!(r, Relation::EmployerStaff | Relation::LineManager),
            Side::Employee => matches!(r, Relation::Subject),
            Side::Any => true,
        });
        let decision =
            platform::access::decide_for(&actor.roles, &rel, DataClass::Case, action, actor.mfa);
        if decision != platform::access::Decision::Allow {
            let reason = match side {
                Side::Employee => "only the employee himself",
                _ => "an employer's decision",
            };
            ctx.deny(&target(case, rel.clone()), DataClass::Case, action, reason)
                .await?;
        }
    }
    ctx.authorize(&target(case, rel), DataClass::Case, action)
        .await?;
    Ok(record)
}

/// The case if it is in the actor's reach. Otherwise NOT_FOUND — and when the case exists, the
/// attempt goes into its owner's access log (the actor learns nothing either way).
pub(crate) async fn in_reach_or_logged(
    ctx: &Ctx,
    actor: &UserActor,
    id: Uuid,
    action: Action,
) -> AppResult<case_file::Model> {
    if let Some(case) = repo::case_in_reach(&ctx.db, actor, id).await? {
        return Ok(case);
    }
    Err(out_of_reach(ctx, id, action).await)
}

/// The answer to a case outside the actor's reach: NOT_FOUND, and when the case exists the
/// attempt goes into its owner's access log (read as the owner: across tenants).
async fn out_of_reach(ctx: &Ctx, id: Uuid, action: Action) -> AppError {
    let logged = match case_file::Entity::find_by_id(id).one(&ctx.db).await {
        Ok(Some(case)) => {
            ctx.log_out_of_reach(&target(&case, vec![]), DataClass::Case, action)
                .await
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e.into()),
    };
    logged.err().unwrap_or(AppError::NotFound)
}

/// Which side of the case the actor stands on, for signatures and expert opinion requests:
/// the employee himself, or the employer's staff.
pub(crate) async fn side_of(ctx: &Ctx, record: &CaseRecord) -> AppResult<Option<Side>> {
    let actor = ctx.user()?;
    let employee =
        identity::repo::employee(&ctx.db, record.case.tenant_id, record.case.employee_id)
            .await?
            .ok_or_else(|| AppError::invariant("case without employee"))?;
    let rel = relations(ctx, actor, &record.case, &employee).await?;
    // An employee who is also HR staff acts as the employee in his own case: he cannot sign
    // for both parties.
    Ok(if rel.contains(&Relation::Subject) {
        Some(Side::Employee)
    } else if rel
        .iter()
        .any(|r| matches!(r, Relation::EmployerStaff | Relation::LineManager))
    {
        Some(Side::Employer)
    } else {
        None
    })
}

/// What a pending expert opinion's expected answer is materialised as (not a legal deadline of
/// the contract's `DeadlineKind`, but something to remind of).
pub const EXPERT_OPINION_ANSWER: &str = "EXPERT_OPINION_ANSWER";

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

/// Recomputes the clock of every open case, a page at a time; returns how many changed. The
/// clock moves only with writes, except that wage payment ends by itself when its day passes
/// and recurring deadlines roll on — the worker's daily pass covers both.
pub async fn refresh_open_clocks(
    db: &sea_orm::DatabaseConnection,
    today: NaiveDate,
) -> AppResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut changed = 0;
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = case_file::Entity::find()
            .filter(case_file::Column::Status.eq(CaseStatus::Open.as_str()))
            .order_by_asc(case_file::Column::Id)
            .limit(500);
        if let Some(id) = after {
            q = q.filter(case_file::Column::Id.gt(id));
        }
        let page = q.all(db).await?;
        let Some(last) = page.last() else {
            return Ok(changed);
        };
        after = Some(last.id);
        let mut stored = materialised(db, page.iter().map(|c| c.id).collect()).await?;
        for record in repo::records(db, page).await? {
            let mine = stored.remove(&record.case.id).unwrap_or_default();
            if sync_clock(db, record, mine, today).await? {
                changed += 1;
            }
        }
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
    let open = CaseStatus::parse(&record.case.status) == CaseStatus::Open;
    let due = if open {
        open_deadlines(
            &timeline::compute(&record.clock_input(), today)
                .map_err(|e| AppError::invariant(format!("stored case does not compute: {e}")))?,
        )
    } else {
        Vec::new()
    };
    let (on, kind) = due
        .first()
        .map(|(kind, on)| (*on, Some(crate::model::kind_str(*kind))))
        .unwrap_or((far_future(), None));
    let mut wanted: Vec<(String, NaiveDate)> = due
        .iter()
        .map(|(kind, on)| (crate::model::kind_str(*kind), *on))
        .collect();
    if open {
        wanted.extend(
            record
                .expert_opinions
                .iter()
                .filter(|o| o.answered_on.is_none())
                .map(|o| (EXPERT_OPINION_ANSWER.to_string(), o.expected_by)),
        );
    }
    wanted.sort();
    let mut have: Vec<(String, NaiveDate)> =
        stored.iter().map(|d| (d.kind.clone(), d.due_on)).collect();
    have.sort();
    let mut changed = false;
    if have != wanted {
        // A deadline that stays keeps the day it appeared; a new one appears today.
        let since: std::collections::HashMap<(String, NaiveDate), Option<NaiveDate>> = stored
            .iter()
            .map(|d| ((d.kind.clone(), d.due_on), d.materialised_on))
            .collect();
        case_deadline::Entity::delete_many()
            .filter(case_deadline::Column::CaseId.eq(record.case.id))
            .exec(db)
            .await?;
        if !wanted.is_empty() {
            case_deadline::Entity::insert_many(wanted.into_iter().map(|(kind, due_on)| {
                let materialised_on = since
                    .get(&(kind.clone(), due_on))
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
    if record.case.next_deadline_on != on || record.case.next_deadline_kind != kind {
        let mut c = record.case.into_active_model();
        c.next_deadline_on = Set(on);
        c.next_deadline_kind = Set(kind);
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

fn check_date(date: NaiveDate, today: NaiveDate, field: &'static str) -> AppResult<()> {
    if date > today {
        return Err(AppError::validation(
            ErrorReason::DateInFuture,
            field,
            "this date lies in the future",
        ));
    }
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
    let employee = identity::repo::employee(&ctx.db, actor.organisation_id, report.employee_id)
        .await?
        .ok_or(AppError::NotFound)?;
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
        match CaseStatus::parse(&latest.status) {
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
                        c.status = Set(CaseStatus::Open.as_str().into());
                        c.updated_at = Set(now);
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
    c.status = Set(CaseStatus::Recovered.as_str().into());
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
    if CaseStatus::parse(&record.case.status) != CaseStatus::Open {
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

/// A page of cases in reach with their employees' names: a constant number of queries.
pub async fn cases(
    ctx: &Ctx,
    filter: &repo::CaseListFilter,
    order: repo::CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<(CaseRecord, Option<employee::Model>)>> {
    let actor = ctx.user()?;
    // Under row-level security for an employer's own people (decision 74).
    let txn = ctx.tenant_txn().await?;
    let rows = repo::cases_page(&txn, actor, filter, order, after, limit).await?;
    let employees = repo::employees(&txn, rows.iter().map(|c| c.employee_id).collect()).await?;
    let records = repo::records(&txn, rows).await?;
    txn.commit().await?;
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
        c.track = Set(track.as_str().into());
    }
    if let Some(manager) = update.case_manager_user_id {
        if let Some(user_id) = manager {
            check_case_manager(ctx, record.case.tenant_id, user_id, "caseManagerUserId").await?;
        }
        c.case_manager_user_id = Set(manager);
    }
    if let Some(prospect) = update.return_prospect {
        c.return_prospect = Set(prospect);
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
    let status = CaseStatus::parse(&record.case.status);
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
    let mut c = record.case.into_active_model();
    c.status = Set(CaseStatus::Closed.as_str().into());
    c.closed_at = Set(Some(ctx.clock.now()));
    c.closed_on = Set(Some(closed_on));
    c.close_reason = Set(Some(reason.as_str().into()));
    save_and_read(ctx, c).await
}

/// Records a wage sanction of UWV (1–52 weeks): the end of wage payment moves.
pub async fn impose_wage_sanction(
    ctx: &Ctx,
    case_id: Uuid,
    weeks: i32,
    decided_on: NaiveDate,
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
    save_and_read(ctx, c).await
}

/// Records a voluntary extension of wage payment (at least 13 weeks): the WIA dates move.
pub async fn extend_wage_payment(
    ctx: &Ctx,
    case_id: Uuid,
    weeks: i32,
    agreed_on: NaiveDate,
) -> AppResult<CaseRecord> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    check_date(agreed_on, ctx.clock.today(), "agreedOn")?;
    if weeks < timeline::MIN_EXTENSION_WEEKS as i32 || weeks > 104 {
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

/// The users of the actor's employer who can be case manager; none for anyone else.
pub async fn case_managers(ctx: &Ctx) -> AppResult<Vec<identity::entities::user::Model>> {
    let actor = ctx.user()?;
    let staff = actor.organisation_kind == OrganisationKind::Employer
        && [Role::HrAdmin, Role::CaseManager, Role::Manager]
            .iter()
            .any(|r| actor.has_role(*r));
    if !staff {
        return Ok(vec![]);
    }
    let mut out: Vec<_> = identity::repo::users_of(&ctx.db, actor.organisation_id)
        .await?
        .into_iter()
        .filter(|(_, roles)| {
            roles
                .iter()
                .any(|r| matches!(r, Role::CaseManager | Role::HrAdmin))
        })
        .map(|(u, _)| u)
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
