//! Who reaches a case and how: the actor's relations to it, the policy check on its CASE
//! data, and the NOT_FOUND (logged) answer outside his reach.

use identity::entities::{case_assignment, employee};
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::{AppError, AppResult, Ctx, OrganisationKind, Role, UserActor};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::entities::case_file;
use crate::model::CaseRecord;
use crate::repo;

/// The relations of the employer's own people to a case of `employee` (no query: who works
/// for the employer, manages or is the employee).
pub(crate) fn employer_relations(
    actor: &UserActor,
    case: &case_file::Model,
    employee: &employee::Model,
) -> Vec<Relation> {
    employer_relations_by(
        actor,
        case.tenant_id,
        employee.user_id,
        employee.manager_user_id,
    )
}

/// [`employer_relations`] from what a list row carries of the employee: his account and line
/// manager.
pub(crate) fn employer_relations_by(
    actor: &UserActor,
    tenant: Uuid,
    employee_user: Option<Uuid>,
    employee_manager: Option<Uuid>,
) -> Vec<Relation> {
    let mut out = Vec::new();
    if actor.organisation_kind == OrganisationKind::Employer && actor.organisation_id == tenant {
        out.push(Relation::EmployerStaff);
        if employee_manager == Some(actor.user_id) {
            out.push(Relation::LineManager);
        }
        if employee_user == Some(actor.user_id) {
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
                out.push(if a.role == Role::CompanyDoctor {
                    Relation::AssignedDoctor
                } else {
                    Relation::AssignedConsultant
                });
            }
        }
    }
    Ok(out)
}

pub(super) fn target(case: &case_file::Model, relations: Vec<Relation>) -> Target {
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

/// Adds the assignments of `actor` (company doctor, consultant) to the relations of a page of
/// cases, `(case, relations from the rows)`, in one statement. Without the health service's
/// verification (`VerifiedSubject`): a page reads no medical cell, and a relation left out
/// only ever denies.
pub(crate) async fn page_relations(
    db: &impl sea_orm::ConnectionTrait,
    actor: &UserActor,
    page: &mut [(Uuid, Vec<Relation>)],
) -> AppResult<()> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    if page.is_empty()
        || !(actor.has_role(Role::CompanyDoctor) || actor.has_role(Role::ReintegrationConsultant))
    {
        return Ok(());
    }
    let assigned: Vec<(Uuid, Role)> = case_assignment::Entity::find()
        .select_only()
        .columns([
            case_assignment::Column::CaseId,
            case_assignment::Column::Role,
        ])
        .filter(case_assignment::Column::UserId.eq(actor.user_id))
        .filter(case_assignment::Column::CaseId.is_in(page.iter().map(|(id, _)| *id)))
        .filter(case_assignment::Column::EndedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    for (case, role) in assigned {
        if let Some((_, relations)) = page.iter_mut().find(|(id, _)| *id == case) {
            relations.push(if role == Role::CompanyDoctor {
                Relation::AssignedDoctor
            } else {
                Relation::AssignedConsultant
            });
        }
    }
    Ok(())
}
