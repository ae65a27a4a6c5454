//! What the scheduler reads of cases: the open deadlines (materialised by the clock in
//! `case_deadlines`), who the people of a case are, and whether a step is still due. The
//! scheduler asks here instead of reading the case tables, so the case schema can change
//! without it.

use std::collections::HashMap;

use chrono::NaiveDate;
use identity::entities::{case_assignment, employee, user_role};
use platform::{AppResult, Role, UserActor};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{case_deadline, case_file, expert_opinion};
use crate::model::CaseStatus;

pub use crate::model::StepKind;

/// An open step of an open case: a legal deadline, or the expected answer of a pending
/// expert opinion ([`StepKind::ExpertOpinionAnswer`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueStep {
    /// The materialised row (a stable order for paging).
    pub id: Uuid,
    /// The employer.
    pub tenant_id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The deadline kind, or [`StepKind::ExpertOpinionAnswer`].
    pub kind: StepKind,
    /// Due date.
    pub due_on: NaiveDate,
}

impl From<case_deadline::Model> for DueStep {
    fn from(d: case_deadline::Model) -> Self {
        DueStep {
            id: d.id,
            tenant_id: d.tenant_id,
            case_id: d.case_id,
            kind: d.kind,
            due_on: d.due_on,
        }
    }
}

/// Which open steps a sweep pages through.
#[derive(Clone, Debug)]
pub enum DueFilter {
    /// Those of `kind` due on one of `dates`: one date with many deadlines, or several that
    /// have few (see [`due_counts`]).
    DueOn {
        /// The step kind.
        kind: StepKind,
        /// The due dates.
        dates: Vec<NaiveDate>,
    },
    /// Those that appeared (were first materialised) on this day: a case reported late, a
    /// date the clock moved, an expert opinion's answer recorded.
    Appeared(NaiveDate),
}

/// How many open steps of `kind` fall due on each of `dates` (those without any are left
/// out): an index-only count, so a sweep can read dates with few deadlines together.
pub async fn due_counts(
    db: &impl ConnectionTrait,
    kind: StepKind,
    dates: &[NaiveDate],
) -> AppResult<Vec<(NaiveDate, u64)>> {
    let mut out = Vec::new();
    // Bounded IN lists (SQLite binds at most 32 766 values).
    for chunk in dates.chunks(5000) {
        let counts: Vec<(NaiveDate, i64)> = case_deadline::Entity::find()
            .select_only()
            .column(case_deadline::Column::DueOn)
            .column_as(case_deadline::Column::Id.count(), "n")
            .filter(case_deadline::Column::Kind.eq(kind))
            .filter(case_deadline::Column::DueOn.is_in(chunk.iter().copied()))
            .group_by(case_deadline::Column::DueOn)
            .into_tuple()
            .all(db)
            .await?;
        out.extend(
            counts
                .into_iter()
                .map(|(day, n)| (day, u64::try_from(n).unwrap_or_default())),
        );
    }
    out.sort_unstable();
    Ok(out)
}

/// A page of the open steps matching `filter`, in id order after `after`. Keep the dates of
/// one filter to about a page of deadlines (see [`due_counts`]): an IN list of dates with a
/// keyset over id makes PostgreSQL read every matching deadline for every page — hours over a
/// million cases when the list covered millions; a single date is an index range on
/// (kind, due_on, id).
pub async fn due_steps(
    db: &impl ConnectionTrait,
    filter: &DueFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<DueStep>> {
    let which = match filter {
        DueFilter::DueOn { kind, dates } => {
            let of_kind = Condition::all().add(case_deadline::Column::Kind.eq(*kind));
            match dates.as_slice() {
                [date] => of_kind.add(case_deadline::Column::DueOn.eq(*date)),
                dates => of_kind.add(case_deadline::Column::DueOn.is_in(dates.iter().copied())),
            }
        }
        DueFilter::Appeared(day) => {
            Condition::all().add(case_deadline::Column::MaterialisedOn.eq(*day))
        }
    };
    let mut q = case_deadline::Entity::find()
        .select_only()
        .columns([
            case_deadline::Column::Id,
            case_deadline::Column::TenantId,
            case_deadline::Column::CaseId,
            case_deadline::Column::Kind,
            case_deadline::Column::DueOn,
        ])
        .filter(which)
        .order_by_asc(case_deadline::Column::Id)
        .limit(limit);
    if let Some(id) = after {
        q = q.filter(case_deadline::Column::Id.gt(id));
    }
    Ok(q.into_tuple::<(Uuid, Uuid, Uuid, StepKind, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, tenant_id, case_id, kind, due_on)| DueStep {
            id,
            tenant_id,
            case_id,
            kind,
            due_on,
        })
        .collect())
}

/// The open steps of the open cases in `actor`'s reach due by `horizon` (or overdue),
/// earliest first, each with the case's employee.
pub async fn due_in_reach(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    horizon: NaiveDate,
) -> AppResult<Vec<(DueStep, Uuid)>> {
    let cases: HashMap<Uuid, Uuid> = case_file::Entity::find()
        .filter(crate::repo::reach(actor))
        .filter(case_file::Column::Status.eq(CaseStatus::Open))
        .select_only()
        .column(case_file::Column::Id)
        .column(case_file::Column::EmployeeId)
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    if cases.is_empty() {
        return Ok(vec![]);
    }
    let deadlines = case_deadline::Entity::find()
        .filter(case_deadline::Column::CaseId.is_in(cases.keys().copied()))
        .filter(case_deadline::Column::DueOn.lte(horizon))
        .order_by_asc(case_deadline::Column::DueOn)
        .order_by_asc(case_deadline::Column::Kind)
        .all(db)
        .await?;
    Ok(deadlines
        .into_iter()
        .filter_map(|d| {
            let employee = *cases.get(&d.case_id)?;
            Some((DueStep::from(d), employee))
        })
        .collect())
}

/// Whether the step is still open: one done (or a case closed) since the sweep is no longer
/// materialised, and nobody needs a reminder of it.
pub async fn still_due(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    kind: StepKind,
    due_on: NaiveDate,
) -> AppResult<bool> {
    Ok(case_deadline::Entity::find()
        .filter(case_deadline::Column::CaseId.eq(case_id))
        .filter(case_deadline::Column::Kind.eq(kind))
        .filter(case_deadline::Column::DueOn.eq(due_on))
        .one(db)
        .await?
        .is_some())
}

/// Whose a case is: its employer and employee (`None` when the case is gone).
pub async fn case_subject(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<(Uuid, Uuid)>> {
    Ok(case_file::Entity::find_by_id(case_id)
        .select_only()
        .column(case_file::Column::TenantId)
        .column(case_file::Column::EmployeeId)
        .into_tuple::<(Uuid, Uuid)>()
        .one(db)
        .await?)
}

/// A pending expert opinion: when its answer is expected, and whether the employee asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingOpinion {
    /// Expected answer.
    pub expected_by: NaiveDate,
    /// Asked by the employee (else by the employer).
    pub asked_by_employee: bool,
}

/// The people of an open case a reminder can go to.
#[derive(Clone, Debug, Default)]
pub struct Parties {
    /// The case manager, or the employer's HR administrators when there is none.
    pub case_managers: Vec<Uuid>,
    /// The employee's line manager.
    pub manager: Option<Uuid>,
    /// The employee's own account.
    pub employee: Option<Uuid>,
    /// The assigned company doctors.
    pub doctors: Vec<Uuid>,
    /// The assigned re-integration consultants.
    pub consultants: Vec<Uuid>,
    /// Pending expert opinions.
    pub opinions: Vec<PendingOpinion>,
}

/// What [`parties_of`] reads of a case.
struct CaseParties {
    id: Uuid,
    tenant_id: Uuid,
    employee_id: Uuid,
    case_manager_user_id: Option<Uuid>,
}

/// The parties of the open cases among `case_ids`, in a fixed number of queries whatever their
/// number (the sweep works a page of deadlines at a time).
pub async fn parties_of(
    db: &impl ConnectionTrait,
    mut case_ids: Vec<Uuid>,
) -> AppResult<HashMap<Uuid, Parties>> {
    // A page names a case once per step: bind each once.
    case_ids.sort_unstable();
    case_ids.dedup();
    // Only the columns that name people: a sweep reads tens of thousands of these.
    let cases: Vec<CaseParties> = case_file::Entity::find()
        .select_only()
        .columns([
            case_file::Column::Id,
            case_file::Column::TenantId,
            case_file::Column::EmployeeId,
            case_file::Column::CaseManagerUserId,
        ])
        .filter(case_file::Column::Id.is_in(case_ids.clone()))
        .filter(case_file::Column::Status.eq(CaseStatus::Open))
        .into_tuple::<(Uuid, Uuid, Uuid, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(id, tenant_id, employee_id, case_manager_user_id)| CaseParties {
                id,
                tenant_id,
                employee_id,
                case_manager_user_id,
            },
        )
        .collect();
    let mut employee_ids: Vec<Uuid> = cases.iter().map(|c| c.employee_id).collect();
    employee_ids.sort_unstable();
    employee_ids.dedup();
    // (manager, own account) per employee.
    let employees: HashMap<Uuid, (Option<Uuid>, Option<Uuid>)> = employee::Entity::find()
        .select_only()
        .columns([
            employee::Column::Id,
            employee::Column::ManagerUserId,
            employee::Column::UserId,
        ])
        .filter(employee::Column::Id.is_in(employee_ids))
        .into_tuple::<(Uuid, Option<Uuid>, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, manager, user)| (id, (manager, user)))
        .collect();
    // HR administrators stand in for a missing case manager.
    let mut hr: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let without_manager: std::collections::HashSet<Uuid> = cases
        .iter()
        .filter(|c| c.case_manager_user_id.is_none())
        .map(|c| c.tenant_id)
        .collect();
    if !without_manager.is_empty() {
        for role in user_role::Entity::find()
            .filter(user_role::Column::TenantId.is_in(without_manager))
            .filter(user_role::Column::Role.eq(Role::HrAdmin))
            .all(db)
            .await?
        {
            hr.entry(role.tenant_id).or_default().push(role.user_id);
        }
    }
    let mut assigned: HashMap<Uuid, Vec<case_assignment::Model>> = HashMap::new();
    for a in case_assignment::Entity::find()
        .filter(case_assignment::Column::CaseId.is_in(case_ids.clone()))
        .filter(case_assignment::Column::EndedAt.is_null())
        .all(db)
        .await?
    {
        assigned.entry(a.case_id).or_default().push(a);
    }
    let mut opinions: HashMap<Uuid, Vec<PendingOpinion>> = HashMap::new();
    for o in expert_opinion::Entity::find()
        .filter(expert_opinion::Column::CaseId.is_in(case_ids))
        .filter(expert_opinion::Column::AnsweredOn.is_null())
        .all(db)
        .await?
    {
        opinions.entry(o.case_id).or_default().push(PendingOpinion {
            expected_by: o.expected_by,
            asked_by_employee: o.requested_by == crate::model::Party::Employee,
        });
    }
    let mut out = HashMap::new();
    for case in cases {
        let employee = employees.get(&case.employee_id);
        let with_role = |role: Role| -> Vec<Uuid> {
            assigned
                .get(&case.id)
                .into_iter()
                .flatten()
                .filter(|a| a.role == role)
                .map(|a| a.user_id)
                .collect()
        };
        out.insert(
            case.id,
            Parties {
                case_managers: match case.case_manager_user_id {
                    Some(user) => vec![user],
                    None => hr.get(&case.tenant_id).cloned().unwrap_or_default(),
                },
                manager: employee.and_then(|e| e.0),
                employee: employee.and_then(|e| e.1),
                doctors: with_role(Role::CompanyDoctor),
                consultants: with_role(Role::ReintegrationConsultant),
                opinions: opinions.remove(&case.id).unwrap_or_default(),
            },
        );
    }
    Ok(out)
}
