//! Queries of the cases service. Every list is filtered in SQL to the actor's reach.

use identity::entities::{case_assignment, employee};
use platform::{AppResult, OrganisationKind, Role, UserActor};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{case_file, case_partial_recovery, case_recovery};
use crate::model::CaseRecord;

/// The cases an actor reaches, as SQL (the list form of the policy's CASE/Read rows): employer
/// staff every case of their employer, a line manager his team's, an employee his own, a
/// doctor or consultant the cases he is assigned to, anyone else none.
pub fn reach(actor: &UserActor) -> Condition {
    let mut any = Condition::any();
    let org = actor.organisation_id;
    let me = actor.user_id;
    if actor.organisation_kind == OrganisationKind::Employer {
        if actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager) {
            any = any.add(case_file::Column::TenantId.eq(org));
        }
        for (role, column) in [
            (Role::Manager, employee::Column::ManagerUserId),
            (Role::Employee, employee::Column::UserId),
        ] {
            if actor.has_role(role) {
                any = any.add(
                    Condition::all()
                        .add(case_file::Column::TenantId.eq(org))
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

/// A page of cases in reach, newest sick report first, after a keyset cursor (sick_since, id).
pub async fn cases_page(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    status: Option<&str>,
    after: Option<(chrono::NaiveDate, Uuid)>,
    limit: u64,
) -> AppResult<Vec<case_file::Model>> {
    let mut q = case_file::Entity::find().filter(reach(actor));
    if let Some(s) = status {
        q = q.filter(case_file::Column::Status.eq(s));
    }
    if let Some((date, id)) = after {
        q = q.filter(
            Condition::any()
                .add(case_file::Column::SickSince.lt(date))
                .add(
                    Condition::all()
                        .add(case_file::Column::SickSince.eq(date))
                        .add(case_file::Column::Id.lt(id)),
                ),
        );
    }
    Ok(q.order_by_desc(case_file::Column::SickSince)
        .order_by_desc(case_file::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Attaches recoveries and partial recoveries to cases: two queries for any number of cases.
pub async fn records(
    db: &impl ConnectionTrait,
    cases: Vec<case_file::Model>,
) -> AppResult<Vec<CaseRecord>> {
    if cases.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let recoveries = case_recovery::Entity::find()
        .filter(case_recovery::Column::CaseId.is_in(ids.clone()))
        .order_by_asc(case_recovery::Column::RecoveredOn)
        .all(db)
        .await?;
    let partial = case_partial_recovery::Entity::find()
        .filter(case_partial_recovery::Column::CaseId.is_in(ids))
        .order_by_asc(case_partial_recovery::Column::FromDate)
        .all(db)
        .await?;
    Ok(cases
        .into_iter()
        .map(|case| CaseRecord {
            recoveries: recoveries
                .iter()
                .filter(|r| r.case_id == case.id)
                .cloned()
                .collect(),
            partial: partial
                .iter()
                .filter(|p| p.case_id == case.id)
                .cloned()
                .collect(),
            case,
        })
        .collect())
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
