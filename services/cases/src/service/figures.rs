//! The absence figures of an employer, a department or a manager's team (`absenceFigures`):
//! the employees with their employment data and the sickness periods of their cases, handed
//! to the pure [`crate::figures`]. Employer side only; never reads a medical table.

use chrono::NaiveDate;
use identity::entities::{department, employee};
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::case_file;
use crate::figures::{Absence, Figures, Person, figures};
use crate::repo;

/// Longest period asked at once (five years).
const MAX_DAYS: i64 = 5 * 366;

/// The figures over `from..=to` of the actor's employer, or of one department; a line manager
/// gets those of his own department or team only. `None` when the group is under five.
pub async fn absence_figures(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    department_id: Option<Uuid>,
) -> AppResult<Option<Figures>> {
    let actor = ctx.user()?;
    if actor.organisation_kind != OrganisationKind::Employer {
        return Err(AppError::Forbidden {
            reason: ErrorReason::Forbidden,
            message: "absence figures are the employer's",
        });
    }
    if to < from || (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "to",
            "a period of one day up to five years, from before to",
        ));
    }
    let tenant = actor.organisation_id;
    let staff = actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager);
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
    let mut query = employee::Entity::find().filter(employee::Column::TenantId.eq(tenant));
    if let Some(department) = department_id {
        let found = department::Entity::find_by_id(department)
            .one(&ctx.db)
            .await?
            .filter(|d| d.tenant_id == tenant)
            .ok_or(AppError::NotFound)?;
        if !staff && found.manager_user_id != Some(actor.user_id) {
            return Err(AppError::Forbidden {
                reason: ErrorReason::Forbidden,
                message: "a manager sees the figures of his own department",
            });
        }
        query = query.filter(employee::Column::DepartmentId.eq(department));
    } else if !staff {
        query = query.filter(employee::Column::ManagerUserId.eq(actor.user_id));
    }
    let employees = query.all(&ctx.db).await?;
    let ids: Vec<Uuid> = employees.iter().map(|e| e.id).collect();
    let cases = case_file::Entity::find()
        .filter(case_file::Column::TenantId.eq(tenant))
        .filter(case_file::Column::EmployeeId.is_in(ids))
        .all(&ctx.db)
        .await?;
    let records = repo::records(&ctx.db, cases).await?;
    let people: Vec<Person> = employees
        .iter()
        .map(|e| Person {
            hours_per_week: e.hours_per_week,
            employed_since: e.employed_since,
            employed_until: e.employed_until,
            absences: records
                .iter()
                .filter(|r| r.case.employee_id == e.id)
                .flat_map(absences)
                .collect(),
        })
        .collect();
    Ok(figures(&people, from, to))
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
