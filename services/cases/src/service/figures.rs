//! The absence figures of an employer, a department or a manager's team (`absenceFigures`):
//! the employees with their employment data and the sickness periods of their cases, handed
//! to the pure [`crate::figures`]. Employer side only; never reads a medical table.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use identity::entities::{department, employee};
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::case_file;
use crate::figures::{Absence, Figures, Granularity, Person, figures};
use crate::repo;

/// Longest period asked at once (five years).
const MAX_DAYS: i64 = 5 * 366;
/// Cases read per round of child-table queries.
const RECORDS_PER_QUERY: usize = 5_000;
/// Most periods in one series (five years of months).
const MAX_PERIODS: usize = 60;

/// The figures of one calendar period with those of the period before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeriodFigures {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The figures (`None`: a group under five).
    pub figures: Option<Figures>,
    /// The figures of the period of the same kind just before.
    pub previous: Option<Figures>,
}

/// The figures over `from..=to` of the actor's employer, or of one department (with the
/// departments under it); a line manager gets those of his own department or team only.
/// `None` when the group is under five. Days after today do not count yet.
pub async fn absence_figures(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    department_id: Option<Uuid>,
) -> AppResult<Option<Figures>> {
    check_period(from, to)?;
    let group = group(ctx, Ask::Group(department_id)).await?;
    let to = to.min(ctx.clock.today());
    Ok(figures(&group.people(None), from, to))
}

/// The figures per calendar month, quarter or year overlapping `from..=to`, each with the
/// period before it (the trend); periods that have not begun yet are left out.
pub async fn absence_series(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    granularity: Granularity,
    department_id: Option<Uuid>,
) -> AppResult<Vec<PeriodFigures>> {
    check_period(from, to)?;
    let today = ctx.clock.today();
    let periods = granularity.periods(from, to.min(today));
    if periods.len() > MAX_PERIODS {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "to",
            format!("at most {MAX_PERIODS} periods at once; choose a larger period"),
        ));
    }
    let group = group(ctx, Ask::Group(department_id)).await?;
    let people = group.people(None);
    Ok(periods
        .into_iter()
        .map(|(start, end)| {
            let (before_start, before_end) = granularity.previous(start);
            PeriodFigures {
                from: start,
                to: end,
                figures: figures(&people, start, end.min(today)),
                previous: figures(&people, before_start, before_end),
            }
        })
        .collect())
}

/// The figures over `from..=to` of every department in the actor's reach (HR and case
/// managers: all; a line manager: those he manages), each with the departments under it.
pub async fn absence_by_department(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(department::Model, Option<Figures>)>> {
    check_period(from, to)?;
    let group = group(ctx, Ask::PerDepartment).await?;
    let to = to.min(ctx.clock.today());
    let staff = is_staff(ctx.user()?);
    let user = ctx.user()?.user_id;
    Ok(group
        .departments
        .iter()
        .filter(|d| staff || d.manager_user_id == Some(user))
        .map(|d| (d.clone(), figures(&group.people(Some(d.id)), from, to)))
        .collect())
}

fn check_period(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
    if to < from || (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "to",
            "a period of one day up to five years, from before to",
        ));
    }
    Ok(())
}

fn is_staff(actor: &platform::UserActor) -> bool {
    actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager)
}

/// The employees a figure may cover, with their sickness periods, and the employer's
/// departments.
struct Group {
    people: Vec<(Option<Uuid>, Person)>,
    departments: Vec<department::Model>,
}

impl Group {
    /// Everyone, or those of `department` and the departments under it.
    fn people(&self, department: Option<Uuid>) -> Vec<Person> {
        let within = department.map(|root| subtree(&self.departments, root));
        self.people
            .iter()
            .filter(|(d, _)| match &within {
                None => true,
                Some(set) => d.is_some_and(|d| set.contains(&d)),
            })
            .map(|(_, p)| p.clone())
            .collect()
    }
}

/// `root` and every department under it.
fn subtree(departments: &[department::Model], root: Uuid) -> HashSet<Uuid> {
    let mut set = HashSet::from([root]);
    // A tree is at most as deep as it has departments; a cycle cannot loop for ever.
    for _ in 0..departments.len() {
        let before = set.len();
        for d in departments {
            if d.parent_id.is_some_and(|p| set.contains(&p)) {
                set.insert(d.id);
            }
        }
        if set.len() == before {
            break;
        }
    }
    set
}

/// What figures are asked for.
enum Ask {
    /// One group: the employer or his team (`None`), or a department.
    Group(Option<Uuid>),
    /// Every department in reach, each with those under it.
    PerDepartment,
}

/// The people the actor may see figures of: the employer (HR, case managers), a department
/// (HR and case managers any, a line manager his own), or a manager's team; per department,
/// every department for HR and case managers and those he manages for a line manager.
async fn group(ctx: &Ctx, ask: Ask) -> AppResult<Group> {
    let actor = ctx.user()?;
    if actor.organisation_kind != OrganisationKind::Employer {
        return Err(AppError::Forbidden {
            reason: ErrorReason::Forbidden,
            message: "absence figures are the employer's",
        });
    }
    let tenant = actor.organisation_id;
    let staff = is_staff(actor);
    let relation = if staff {
        Relation::EmployerStaff
    } else {
        Relation::LineManager
    };
    let target = Target {
        tenant_id: tenant,
        subject_employee_id: None,
        resource_type: "absence_figures",
        resource_id: None,
        relations: vec![relation],
    };
    ctx.authorize(&target, DataClass::Case, Action::Read)
        .await?;
    let departments = department::Entity::find()
        .filter(department::Column::TenantId.eq(tenant))
        .all(&ctx.db)
        .await?;
    let department_id = match ask {
        Ask::Group(d) => d,
        Ask::PerDepartment if staff => None,
        Ask::PerDepartment => {
            // His departments whole, also employees in them who have another manager.
            let mut ids = HashSet::new();
            for d in departments
                .iter()
                .filter(|d| d.manager_user_id == Some(actor.user_id))
            {
                ids.extend(subtree(&departments, d.id));
            }
            let scope = Scope::Departments(ids.into_iter().collect());
            return load(&ctx.db, tenant, scope, departments).await;
        }
    };
    let scope = if let Some(department) = department_id {
        let found = departments
            .iter()
            .find(|d| d.id == department)
            .ok_or(AppError::NotFound)?;
        if !staff && found.manager_user_id != Some(actor.user_id) {
            return Err(AppError::Forbidden {
                reason: ErrorReason::Forbidden,
                message: "a manager sees the figures of his own department",
            });
        }
        Scope::Departments(subtree(&departments, department).into_iter().collect())
    } else if staff {
        Scope::All
    } else {
        Scope::ManagedBy(actor.user_id)
    };
    load(&ctx.db, tenant, scope, departments).await
}

/// Whose figures: everyone, the employees of some departments, or a manager's team.
enum Scope {
    All,
    Departments(Vec<Uuid>),
    ManagedBy(Uuid),
}

/// The figures over `from..=to` of a whole employer, for no actor: the benchmark's (and an
/// operator's report); GraphQL never reaches it. Nothing medical is read here either.
pub async fn employer_figures(
    db: &impl ConnectionTrait,
    tenant: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Option<Figures>> {
    let group = load(db, tenant, Scope::All, Vec::new()).await?;
    Ok(figures(&group.people(None), from, to))
}

/// The employees of `scope` with their sickness periods.
async fn load(
    db: &impl ConnectionTrait,
    tenant: Uuid,
    scope: Scope,
    departments: Vec<department::Model>,
) -> AppResult<Group> {
    let mut query = employee::Entity::find().filter(employee::Column::TenantId.eq(tenant));
    query = match scope {
        Scope::All => query,
        Scope::Departments(ids) => query.filter(employee::Column::DepartmentId.is_in(ids)),
        Scope::ManagedBy(user) => query.filter(employee::Column::ManagerUserId.eq(user)),
    };
    let employees = query.all(db).await?;
    let mut cases = case_file::Entity::find().filter(case_file::Column::TenantId.eq(tenant));
    // The whole employer needs no list of its employees' ids (a hundred thousand of them
    // would not fit one statement's parameters).
    if employees.len() < 10_000 {
        cases = cases.filter(case_file::Column::EmployeeId.is_in(employees.iter().map(|e| e.id)));
    }
    let cases = cases.all(db).await?;
    let mut by_employee: HashMap<Uuid, Vec<Absence>> = HashMap::new();
    // A page of cases at a time: one statement's list of case ids stays within what the
    // databases take (SQLite 32 766 parameters, PostgreSQL 65 535).
    for page in cases.chunks(RECORDS_PER_QUERY) {
        for r in repo::sickness_records(db, page.to_vec()).await? {
            by_employee
                .entry(r.case.employee_id)
                .or_default()
                .extend(absences(&r));
        }
    }
    Ok(Group {
        people: employees
            .into_iter()
            .map(|e| {
                (
                    e.department_id,
                    Person {
                        hours_per_week: e.hours_per_week,
                        employed_since: e.employed_since,
                        employed_until: e.employed_until,
                        absences: by_employee.remove(&e.id).unwrap_or_default(),
                    },
                )
            })
            .collect(),
        departments,
    })
}

/// The sickness periods of a case (the clock's own), each with the partial recoveries and
/// leaves inside it. A closed case without a recovery ended on its closing day.
fn absences(r: &crate::model::CaseRecord) -> Vec<Absence> {
    crate::timeline::sickness_periods(&r.clock_input())
        .into_iter()
        .map(|p| {
            let end = p
                .end
                .or(r.case.closed_on.filter(|_| p.recovered_on.is_none()));
            let inside = |d: &NaiveDate| *d >= p.start && end.is_none_or(|e| *d <= e);
            Absence {
                start: p.start,
                end,
                partial: r
                    .partial
                    .iter()
                    .filter(|x| inside(&x.from_date))
                    .map(|x| {
                        let working = x.working_percentage.clamp(0, 100);
                        (x.from_date, u8::try_from(working).unwrap_or(0))
                    })
                    .collect(),
                leaves: r
                    .leaves
                    .iter()
                    .filter(|l| inside(&l.from_date))
                    .map(|l| (l.from_date, l.until_date))
                    .collect(),
            }
        })
        .collect()
}
