//! Queries of the cases service. Every list is filtered in SQL to the actor's reach.

use std::collections::HashMap;

use chrono::NaiveDate;
use identity::entities::{case_assignment, employee};
use platform::{AppResult, OrganisationKind, Role, UserActor};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{
    case_activity, case_file, case_leave, case_milestone, case_partial_recovery, case_recovery,
    case_second_opinion, evaluation, expert_opinion, plan_of_action_version,
};
use crate::model::{CaseRecord, CaseStatus, StepDone};

/// The cases an actor reaches, as SQL (the list form of the policy's CASE/Read rows): employer
/// staff every case of their employer, a line manager his team's, an employee his own, a
/// doctor or consultant the cases he is assigned to, anyone else none.
pub fn reach(actor: &UserActor) -> Condition {
    let mut any = Condition::any();
    let org = actor.organisation_id;
    let me = actor.user_id;
    if actor.organisation_kind == OrganisationKind::Employer {
        // A case whose absence data retention removed is out of the employer's reach
        // (decision 75); the doctor keeps reaching his medical file through his assignment.
        let kept = case_file::Column::PurgedAt.is_null();
        if actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager) {
            any = any.add(
                Condition::all()
                    .add(case_file::Column::TenantId.eq(org))
                    .add(kept.clone()),
            );
        }
        for (role, column) in [
            (Role::Manager, employee::Column::ManagerUserId),
            (Role::Employee, employee::Column::UserId),
        ] {
            if actor.has_role(role) {
                any = any.add(
                    Condition::all()
                        .add(case_file::Column::TenantId.eq(org))
                        .add(kept.clone())
                        .add(
                            case_file::Column::EmployeeId.in_subquery(
                                Query::select()
                                    .column(employee::Column::Id)
                                    .from(employee::Entity)
                                    .and_where(employee::Column::TenantId.eq(org))
                                    .and_where(column.eq(me))
                                    .to_owned(),
                            ),
                        ),
                );
            }
        }
    }
    if actor.has_role(Role::CompanyDoctor) || actor.has_role(Role::ReintegrationConsultant) {
        any = any.add(
            case_file::Column::Id.in_subquery(
                Query::select()
                    .column(case_assignment::Column::CaseId)
                    .from(case_assignment::Entity)
                    .and_where(case_assignment::Column::UserId.eq(me))
                    .and_where(case_assignment::Column::EndedAt.is_null())
                    .to_owned(),
            ),
        );
    }
    if any.is_empty() {
        // Reaches nothing: a condition no row satisfies.
        return Condition::all().add(case_file::Column::Id.is_null());
    }
    any
}

/// One case in reach.
pub async fn case_in_reach(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    id: Uuid,
) -> AppResult<Option<case_file::Model>> {
    Ok(case_file::Entity::find()
        .filter(reach(actor))
        .filter(case_file::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// Which cases of the reach a list shows.
#[derive(Clone, Debug, Default)]
pub struct CaseListFilter {
    /// Only cases in this status.
    pub status: Option<&'static str>,
    /// `(true, today)`: only open cases whose earliest open deadline lies before today;
    /// `(false, today)`: only cases without an overdue deadline.
    pub overdue: Option<(bool, NaiveDate)>,
    /// Only cases on this track.
    pub track: Option<&'static str>,
    /// Only cases of this case manager.
    pub case_manager: Option<Uuid>,
    /// Only cases of employees whose name contains this (any case).
    pub search: Option<String>,
}

/// The order of a list of cases; the cursor is the (date, id) of the last row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseOrder {
    /// Newest sick report first.
    #[default]
    SickSinceDesc,
    /// Earliest open deadline first (cases without one last).
    NextDeadline,
}

/// A page of cases in reach in `order`, after a keyset cursor `(date, id)`.
pub async fn cases_page(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    filter: &CaseListFilter,
    order: CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<case_file::Model>> {
    Ok(page_query(actor, filter, order, after, limit)
        .all(db)
        .await?)
}

/// What a case list shows of a case row, its read model included (`crate::listing`): only
/// these columns are read, by position ([`LIST_COLUMNS`]). Each field is the column of the
/// same name (`entities::case_file`).
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub struct ListCase {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub employee_id: Uuid,
    pub status: CaseStatus,
    pub track: crate::model::Track,
    pub sick_since: NaiveDate,
    pub expected_duration_weeks: Option<i32>,
    pub reachable_at: Option<String>,
    pub safety_net: bool,
    pub safety_net_kind: Option<crate::timeline::SafetyNet>,
    pub reported_by_employee: bool,
    pub sick_report_confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub third_party_liable: bool,
    pub work_accident: bool,
    pub case_manager_user_id: Option<Uuid>,
    pub extension_weeks: i32,
    pub sanction_weeks: i32,
    pub return_prospect: bool,
    pub close_reason: Option<crate::model::CloseReason>,
    pub closed_on: Option<NaiveDate>,
    pub next_deadline_on: NaiveDate,
    pub next_deadline_kind: Option<crate::timeline::DeadlineKind>,
    pub next_deadline_week: Option<i32>,
    pub list_as_of: Option<NaiveDate>,
    pub list_fresh_until: Option<NaiveDate>,
    pub sick_day_zero: Option<NaiveDate>,
    pub sick_counted_until: Option<NaiveDate>,
    pub risk_signals: Option<String>,
}

impl From<&case_file::Model> for ListCase {
    fn from(c: &case_file::Model) -> Self {
        ListCase {
            id: c.id,
            tenant_id: c.tenant_id,
            employee_id: c.employee_id,
            status: c.status,
            track: c.track,
            sick_since: c.sick_since,
            expected_duration_weeks: c.expected_duration_weeks,
            reachable_at: c.reachable_at.clone(),
            safety_net: c.safety_net,
            safety_net_kind: c.safety_net_kind,
            reported_by_employee: c.reported_by_employee,
            sick_report_confirmed_at: c.sick_report_confirmed_at,
            third_party_liable: c.third_party_liable,
            work_accident: c.work_accident,
            case_manager_user_id: c.case_manager_user_id,
            extension_weeks: c.extension_weeks,
            sanction_weeks: c.sanction_weeks,
            return_prospect: c.return_prospect,
            close_reason: c.close_reason,
            closed_on: c.closed_on,
            next_deadline_on: c.next_deadline_on,
            next_deadline_kind: c.next_deadline_kind,
            next_deadline_week: c.next_deadline_week,
            list_as_of: c.list_as_of,
            list_fresh_until: c.list_fresh_until,
            sick_day_zero: c.sick_day_zero,
            sick_counted_until: c.sick_counted_until,
            risk_signals: c.risk_signals.clone(),
        }
    }
}

/// The columns of [`ListCase`], in its order.
const LIST_COLUMNS: [case_file::Column; 28] = {
    use case_file::Column as C;
    [
        C::Id,
        C::TenantId,
        C::EmployeeId,
        C::Status,
        C::Track,
        C::SickSince,
        C::ExpectedDurationWeeks,
        C::ReachableAt,
        C::SafetyNet,
        C::SafetyNetKind,
        C::ReportedByEmployee,
        C::SickReportConfirmedAt,
        C::ThirdPartyLiable,
        C::WorkAccident,
        C::CaseManagerUserId,
        C::ExtensionWeeks,
        C::SanctionWeeks,
        C::ReturnProspect,
        C::CloseReason,
        C::ClosedOn,
        C::NextDeadlineOn,
        C::NextDeadlineKind,
        C::NextDeadlineWeek,
        C::ListAsOf,
        C::ListFreshUntil,
        C::SickDayZero,
        C::SickCountedUntil,
        C::RiskSignals,
    ]
};

/// One row of a case list: the case as the list shows it and the names beside it.
#[derive(Clone, Debug)]
pub struct ListRow {
    /// The case.
    pub case: ListCase,
    /// The employee's name (`None` when the record is gone).
    pub employee_name: Option<String>,
    /// The case manager's name.
    pub case_manager_name: Option<String>,
    /// The employee's own account (the employer's relations to the case follow from it).
    pub employee_user_id: Option<Uuid>,
    /// The employee's line manager.
    pub employee_manager_id: Option<Uuid>,
}

impl sea_orm::FromQueryResult for ListRow {
    // By position: decoding by name cost a formatted column name per column per row (12 % of
    // the server's CPU on the list, decision 88).
    fn from_query_result(res: &sea_orm::QueryResult, _pre: &str) -> Result<Self, sea_orm::DbErr> {
        let mut i = 0usize;
        let mut next = || {
            i += 1;
            i - 1
        };
        let case = ListCase {
            id: res.try_get_by_index(next())?,
            tenant_id: res.try_get_by_index(next())?,
            employee_id: res.try_get_by_index(next())?,
            status: res.try_get_by_index(next())?,
            track: res.try_get_by_index(next())?,
            sick_since: res.try_get_by_index(next())?,
            expected_duration_weeks: res.try_get_by_index(next())?,
            reachable_at: res.try_get_by_index(next())?,
            safety_net: res.try_get_by_index(next())?,
            safety_net_kind: res.try_get_by_index(next())?,
            reported_by_employee: res.try_get_by_index(next())?,
            sick_report_confirmed_at: res.try_get_by_index(next())?,
            third_party_liable: res.try_get_by_index(next())?,
            work_accident: res.try_get_by_index(next())?,
            case_manager_user_id: res.try_get_by_index(next())?,
            extension_weeks: res.try_get_by_index(next())?,
            sanction_weeks: res.try_get_by_index(next())?,
            return_prospect: res.try_get_by_index(next())?,
            close_reason: res.try_get_by_index(next())?,
            closed_on: res.try_get_by_index(next())?,
            next_deadline_on: res.try_get_by_index(next())?,
            next_deadline_kind: res.try_get_by_index(next())?,
            next_deadline_week: res.try_get_by_index(next())?,
            list_as_of: res.try_get_by_index(next())?,
            list_fresh_until: res.try_get_by_index(next())?,
            sick_day_zero: res.try_get_by_index(next())?,
            sick_counted_until: res.try_get_by_index(next())?,
            risk_signals: res.try_get_by_index(next())?,
        };
        Ok(ListRow {
            case,
            employee_name: res.try_get_by_index(next())?,
            case_manager_name: res.try_get_by_index(next())?,
            employee_user_id: res.try_get_by_index(next())?,
            employee_manager_id: res.try_get_by_index(next())?,
        })
    }
}

/// [`cases_page`] as a list shows it: [`LIST_COLUMNS`] and the employee's and the case
/// manager's names (and the employee's account and line manager, which decide the employer's
/// relations), in one statement; of the users only the name is read.
pub async fn list_page(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    filter: &CaseListFilter,
    order: CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<ListRow>> {
    use identity::entities::user;
    use sea_orm::RelationDef;
    use sea_orm::sea_query::{Alias, JoinType};
    let (e, m) = (Alias::new("list_employee"), Alias::new("list_manager"));
    let to_employee: RelationDef = case_file::Entity::belongs_to(employee::Entity)
        .from(case_file::Column::EmployeeId)
        .to(employee::Column::Id)
        .into();
    let to_manager: RelationDef = case_file::Entity::belongs_to(user::Entity)
        .from(case_file::Column::CaseManagerUserId)
        .to(user::Column::Id)
        .into();
    Ok(page_query(actor, filter, order, after, limit)
        .select_only()
        .columns(LIST_COLUMNS)
        .join_as(JoinType::LeftJoin, to_employee, e.clone())
        .join_as(JoinType::LeftJoin, to_manager, m.clone())
        .column_as(
            Expr::col((e.clone(), employee::Column::Name)),
            "employee_name",
        )
        .column_as(Expr::col((m, user::Column::Name)), "case_manager_name")
        .column_as(
            Expr::col((e.clone(), employee::Column::UserId)),
            "employee_user_id",
        )
        .column_as(
            Expr::col((e, employee::Column::ManagerUserId)),
            "employee_manager_id",
        )
        .into_model::<ListRow>()
        .all(db)
        .await?)
}

/// Case rows by id, one statement.
pub async fn cases_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> AppResult<Vec<case_file::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(case_file::Entity::find()
        .filter(case_file::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// The query of a page of cases in reach in `order`, after a keyset cursor `(date, id)`.
fn page_query(
    actor: &UserActor,
    filter: &CaseListFilter,
    order: CaseOrder,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> sea_orm::Select<case_file::Entity> {
    use case_file::Column as C;
    let mut q = case_file::Entity::find().filter(reach(actor));
    if let Some(s) = filter.status {
        q = q.filter(C::Status.eq(s));
    }
    match filter.overdue {
        Some((true, today)) => {
            q = q
                .filter(C::Status.eq(CaseStatus::Open))
                .filter(C::NextDeadlineOn.lt(today));
        }
        Some((false, today)) => {
            q = q.filter(
                Condition::any()
                    .add(C::Status.ne(CaseStatus::Open))
                    .add(C::NextDeadlineOn.gte(today)),
            );
        }
        None => {}
    }
    if let Some(t) = filter.track {
        q = q.filter(C::Track.eq(t));
    }
    if let Some(m) = filter.case_manager {
        q = q.filter(C::CaseManagerUserId.eq(m));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let escaped: String = search
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        q = q.filter(
            C::EmployeeId.in_subquery(
                Query::select()
                    .column(employee::Column::Id)
                    .from(employee::Entity)
                    .and_where(
                        Expr::expr(Func::lower(Expr::col((
                            employee::Entity,
                            employee::Column::Name,
                        ))))
                        .like(pattern),
                    )
                    .to_owned(),
            ),
        );
    }
    let (date_col, desc) = match order {
        CaseOrder::SickSinceDesc => (C::SickSince, true),
        CaseOrder::NextDeadline => (C::NextDeadlineOn, false),
    };
    if let Some((date, id)) = after {
        let (date_past, id_past) = if desc {
            (date_col.lt(date), C::Id.lt(id))
        } else {
            (date_col.gt(date), C::Id.gt(id))
        };
        q = q.filter(
            Condition::any()
                .add(date_past)
                .add(Condition::all().add(date_col.eq(date)).add(id_past)),
        );
    }
    let q = if desc {
        q.order_by_desc(date_col).order_by_desc(C::Id)
    } else {
        q.order_by_asc(date_col).order_by_asc(C::Id)
    };
    q.limit(limit)
}

/// Attaches recoveries, partial recoveries, milestones, expert opinions and a running track 2's
/// effort to cases: five queries for any number of cases (seven when one is in track 2).
pub async fn records(
    db: &impl ConnectionTrait,
    cases: Vec<case_file::Model>,
) -> AppResult<Vec<CaseRecord>> {
    if cases.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let PeriodRows {
        mut recoveries,
        mut partial,
        mut leaves,
    } = periods_of(db, &ids).await?;
    // Only what the clock and the page read, decoded by position (see `StepDone`).
    let milestones: Vec<StepDone> = case_milestone::Entity::find()
        .select_only()
        .columns([
            case_milestone::Column::Id,
            case_milestone::Column::CaseId,
            case_milestone::Column::Kind,
            case_milestone::Column::OccurredOn,
            case_milestone::Column::Note,
        ])
        .filter(case_milestone::Column::CaseId.is_in(ids.clone()))
        .order_by_asc(case_milestone::Column::OccurredOn)
        .order_by_asc(case_milestone::Column::CreatedAt)
        .into_tuple::<(
            Uuid,
            Uuid,
            crate::timeline::DeadlineKind,
            NaiveDate,
            Option<String>,
        )>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, case_id, kind, occurred_on, note)| StepDone {
            id,
            case_id,
            kind,
            occurred_on,
            note,
        })
        .collect();
    let mut track2 = reintegration::repo::effort_inputs(db, &ids).await?;
    let second_opinions = case_second_opinion::Entity::find()
        .filter(case_second_opinion::Column::CaseId.is_in(ids.clone()))
        .order_by_asc(case_second_opinion::Column::RequestedOn)
        .all(db)
        .await?;
    let mut capacity = medical::service::capacity_statements(db, &ids).await?;
    let mut tenants: Vec<Uuid> = cases.iter().map(|c| c.tenant_id).collect();
    tenants.sort_unstable();
    tenants.dedup();
    let own_risk: std::collections::HashSet<Uuid> =
        identity::entities::organisation::Entity::find()
            .select_only()
            .column(identity::entities::organisation::Column::Id)
            .filter(identity::entities::organisation::Column::Id.is_in(tenants))
            .filter(identity::entities::organisation::Column::OwnRiskCarrier.eq(true))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
    let expert_opinions = expert_opinions_of(db, ids).await?;
    // Each child list grouped by case once: a filter per case was quadratic, seconds for the
    // thousands of cases the absence figures read.
    let mut milestones = by_case(milestones, |m| m.case_id);
    let mut expert_opinions = by_case(expert_opinions, |o| o.case_id);
    let mut second_opinions = by_case(second_opinions, |o| o.case_id);
    Ok(cases
        .into_iter()
        .map(|case| CaseRecord {
            recoveries: recoveries.remove(&case.id).unwrap_or_default(),
            partial: partial.remove(&case.id).unwrap_or_default(),
            milestones: milestones.remove(&case.id).unwrap_or_default(),
            expert_opinions: expert_opinions.remove(&case.id).unwrap_or_default(),
            track2: track2.remove(&case.id),
            leaves: leaves.remove(&case.id).unwrap_or_default(),
            second_opinions: second_opinions.remove(&case.id).unwrap_or_default(),
            capacity: capacity.remove(&case.id).unwrap_or_default(),
            own_risk_carrier: own_risk.contains(&case.tenant_id),
            case,
        })
        .collect())
}

/// The cases with only what their sickness periods need — recoveries, partial recoveries and
/// leaves — and nothing else of them (no steps, opinions or track 2): the absence figures read
/// thousands of cases at once and only their periods.
pub async fn sickness_records(
    db: &impl ConnectionTrait,
    cases: Vec<case_file::Model>,
) -> AppResult<Vec<CaseRecord>> {
    if cases.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let PeriodRows {
        mut recoveries,
        mut partial,
        mut leaves,
    } = periods_of(db, &ids).await?;
    Ok(cases
        .into_iter()
        .map(|case| CaseRecord {
            recoveries: recoveries.remove(&case.id).unwrap_or_default(),
            partial: partial.remove(&case.id).unwrap_or_default(),
            milestones: Vec::new(),
            expert_opinions: Vec::new(),
            track2: None,
            leaves: leaves.remove(&case.id).unwrap_or_default(),
            second_opinions: Vec::new(),
            capacity: Default::default(),
            own_risk_carrier: false,
            case,
        })
        .collect())
}

/// What the sickness periods of some cases are made of, grouped by case, each in date order.
struct PeriodRows {
    recoveries: HashMap<Uuid, Vec<case_recovery::Model>>,
    partial: HashMap<Uuid, Vec<case_partial_recovery::Model>>,
    leaves: HashMap<Uuid, Vec<case_leave::Model>>,
}

/// The recoveries, partial recoveries and leaves of `ids`.
async fn periods_of(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<PeriodRows> {
    let recoveries = case_recovery::Entity::find()
        .filter(case_recovery::Column::CaseId.is_in(ids.to_vec()))
        .order_by_asc(case_recovery::Column::RecoveredOn)
        .all(db)
        .await?;
    let partial = case_partial_recovery::Entity::find()
        .filter(case_partial_recovery::Column::CaseId.is_in(ids.to_vec()))
        .order_by_asc(case_partial_recovery::Column::FromDate)
        .all(db)
        .await?;
    let leaves = case_leave::Entity::find()
        .filter(case_leave::Column::CaseId.is_in(ids.to_vec()))
        .order_by_asc(case_leave::Column::FromDate)
        .all(db)
        .await?;
    Ok(PeriodRows {
        recoveries: by_case(recoveries, |r| r.case_id),
        partial: by_case(partial, |p| p.case_id),
        leaves: by_case(leaves, |l| l.case_id),
    })
}

/// `rows` grouped by their case, each group in the order read.
fn by_case<T>(rows: Vec<T>, case_of: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(case_of(&row)).or_default().push(row);
    }
    out
}

/// The employee's latest case (any status).
pub async fn latest_case_of(
    db: &impl ConnectionTrait,
    tenant: Uuid,
    employee_id: Uuid,
) -> AppResult<Option<case_file::Model>> {
    Ok(case_file::Entity::find()
        .filter(case_file::Column::TenantId.eq(tenant))
        .filter(case_file::Column::EmployeeId.eq(employee_id))
        .order_by_desc(case_file::Column::SickSince)
        .one(db)
        .await?)
}

/// Active assignments of a case (who is its doctor, its consultant).
pub async fn assignments(
    db: &impl ConnectionTrait,
    tenant: Uuid,
    case_id: Uuid,
) -> AppResult<Vec<case_assignment::Model>> {
    Ok(case_assignment::Entity::find()
        .filter(case_assignment::Column::TenantId.eq(tenant))
        .filter(case_assignment::Column::CaseId.eq(case_id))
        .filter(case_assignment::Column::EndedAt.is_null())
        .all(db)
        .await?)
}

/// Employees by id (names for a page of cases), one query.
pub async fn employees(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> AppResult<Vec<employee::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(employee::Entity::find()
        .filter(employee::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// Expert opinion requests of cases, oldest first, one query.
pub async fn expert_opinions_of(
    db: &impl ConnectionTrait,
    case_ids: Vec<Uuid>,
) -> AppResult<Vec<expert_opinion::Model>> {
    Ok(expert_opinion::Entity::find()
        .filter(expert_opinion::Column::CaseId.is_in(case_ids))
        .order_by_asc(expert_opinion::Column::SubmittedOn)
        .order_by_asc(expert_opinion::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Every version of the plans of action of cases, newest first, one query.
pub async fn plan_versions_of(
    db: &impl ConnectionTrait,
    case_ids: Vec<Uuid>,
) -> AppResult<Vec<plan_of_action_version::Model>> {
    Ok(plan_of_action_version::Entity::find()
        .filter(plan_of_action_version::Column::CaseId.is_in(case_ids))
        .order_by_desc(plan_of_action_version::Column::Version)
        .all(db)
        .await?)
}

/// Evaluations of cases, oldest first, one query.
pub async fn evaluations_of(
    db: &impl ConnectionTrait,
    case_ids: Vec<Uuid>,
) -> AppResult<Vec<evaluation::Model>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::CaseId.is_in(case_ids))
        .order_by_asc(evaluation::Column::HeldOn)
        .order_by_asc(evaluation::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Activity log entries of cases, newest first, one query.
pub async fn activities_of(
    db: &impl ConnectionTrait,
    case_ids: Vec<Uuid>,
) -> AppResult<Vec<case_activity::Model>> {
    Ok(case_activity::Entity::find()
        .filter(case_activity::Column::CaseId.is_in(case_ids))
        .order_by_desc(case_activity::Column::OccurredOn)
        .order_by_desc(case_activity::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Names of users by id (who signed, who logged), one query of only the names.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> AppResult<Vec<(Uuid, String)>> {
    use identity::entities::user;
    identity::repo::names_by_id::<user::Entity>(db, user::Column::Id, user::Column::Name, ids).await
}

/// Names of organisations by id, one query of only the names.
pub async fn organisation_names(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> AppResult<Vec<(Uuid, String)>> {
    use identity::entities::organisation;
    identity::repo::names_by_id::<organisation::Entity>(
        db,
        organisation::Column::Id,
        organisation::Column::Name,
        ids,
    )
    .await
}

/// The names a document or a request shows of a case: the employee's and the employer's
/// (empty when one is gone, as after retention).
pub async fn party_names(
    db: &impl ConnectionTrait,
    case: &case_file::Model,
) -> AppResult<(String, String)> {
    let employee = identity::repo::employee(db, case.tenant_id, case.employee_id)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    let employer = identity::repo::organisation(db, case.tenant_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok((employee, employer))
}
