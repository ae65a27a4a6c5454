//! Engagement: the employer engages an agency and its consultant on a case's track 2 and
//! agrees the intensity; the first engagement starts track 2 on the clock.

use platform::access::{Action, DataClass, Relation};
use platform::case_port::{CaseAccess, ClockStep};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{AssignAgency, not_in_future, per_month};
use crate::entities::trajectory;
use crate::model::{DEFAULT_APPLICATIONS_PER_MONTH, DEFAULT_CONTACTS_PER_MONTH};
use crate::repo;

/// The employer engages an agency (and its consultant) on the case's track 2, or changes the
/// agreement. The first engagement records the start of track 2 on the clock.
pub async fn assign_agency(
    ctx: &Ctx,
    case_id: Uuid,
    input: AssignAgency,
) -> AppResult<trajectory::Model> {
    let actor = ctx.user()?.clone();
    let access = ctx.case_access(case_id).await?;
    let t = access.target("track2", None);
    ctx.authorize(&t, DataClass::Case, Action::Update).await?;
    // A finer rule than the table's cell: engaging a provider is the employer's HR or case
    // manager's, not the employee's (who may otherwise update his case) nor a line manager's.
    if !(access.relations.contains(&Relation::EmployerStaff)
        && (actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager)))
        || access.relations.contains(&Relation::Subject)
    {
        ctx.deny(
            &t,
            DataClass::Case,
            Action::Update,
            "only HR or a case manager engages an agency",
        )
        .await?;
    }
    let engaged = identity::repo::engagements_of_employer(&ctx.db, access.tenant_id)
        .await?
        .iter()
        .any(|e| e.provider_id == input.organisation_id);
    let agency = identity::repo::organisation(&ctx.db, input.organisation_id).await?;
    let agency = match agency {
        Some(a) if engaged && a.kind == OrganisationKind::ReintegrationAgency => a,
        _ => {
            return Err(AppError::validation(
                ErrorReason::NotEngaged,
                "organisationId",
                "engage this re-integration agency for your organisation first",
            ));
        }
    };
    let consultants: Vec<Uuid> = identity::repo::users_of(&ctx.db, agency.id)
        .await?
        .into_iter()
        .filter(|(_, roles)| roles.contains(&Role::ReintegrationConsultant))
        .map(|(u, _)| u.id)
        .collect();
    let consultant = match input.consultant_id {
        Some(id) if consultants.contains(&id) => id,
        Some(_) => {
            return Err(AppError::validation(
                ErrorReason::NotAssignable,
                "consultantId",
                "this person is not a consultant of the agency",
            ));
        }
        None if consultants.len() == 1 => consultants[0],
        None => {
            return Err(AppError::validation(
                ErrorReason::ConsultantRequired,
                "consultantId",
                "choose which consultant of the agency runs track 2",
            ));
        }
    };
    let today = ctx.clock.today();
    let now = ctx.clock.now();
    let existing = repo::trajectory(&ctx.db, access.tenant_id, case_id).await?;
    let started_on = input
        .started_on
        .or(existing.as_ref().map(|t| t.started_on))
        .unwrap_or(today);
    not_in_future("startedOn", started_on, today)?;
    let contacts = per_month(
        "contactsPerMonth",
        input.contacts_per_month,
        existing
            .as_ref()
            .map_or(DEFAULT_CONTACTS_PER_MONTH, |t| t.contacts_per_month),
    )?;
    let applications = per_month(
        "applicationsPerMonth",
        input.applications_per_month,
        existing
            .as_ref()
            .map_or(DEFAULT_APPLICATIONS_PER_MONTH, |t| t.applications_per_month),
    )?;
    let txn = ctx.db.begin().await?;
    let saved = match existing {
        Some(t) => {
            let mut t = t.into_active_model();
            t.agency_id = Set(agency.id);
            t.consultant_user_id = Set(consultant);
            t.started_on = Set(started_on);
            t.contacts_per_month = Set(contacts);
            t.applications_per_month = Set(applications);
            t.ended_on = Set(None);
            t.updated_by = Set(actor.user_id);
            t.updated_at = Set(now);
            t.update(&txn).await?
        }
        None => {
            trajectory::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(access.tenant_id),
                case_id: Set(case_id),
                agency_id: Set(agency.id),
                consultant_user_id: Set(consultant),
                started_on: Set(started_on),
                contacts_per_month: Set(contacts),
                applications_per_month: Set(applications),
                skills: Set(None),
                education: Set(None),
                experience: Set(None),
                wishes: Set(None),
                search_profile: Set(None),
                ended_on: Set(None),
                updated_by: Set(actor.user_id),
                updated_at: Set(now),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    assign_consultant(&txn, &access, consultant, agency.id, actor.user_id, now).await?;
    ctx.gate()?
        .step_done(
            &txn,
            ctx,
            &access,
            ClockStep::Track2Start,
            started_on,
            saved.id,
        )
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Makes `consultant` the case's one assigned consultant (ending another's assignment).
async fn assign_consultant(
    txn: &sea_orm::DatabaseTransaction,
    access: &CaseAccess,
    consultant: Uuid,
    agency: Uuid,
    by: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    use identity::entities::case_assignment;
    let role = Role::ReintegrationConsultant;
    let current = case_assignment::Entity::find()
        .filter(case_assignment::Column::TenantId.eq(access.tenant_id))
        .filter(case_assignment::Column::CaseId.eq(access.case_id))
        .filter(case_assignment::Column::Role.eq(role))
        .filter(case_assignment::Column::EndedAt.is_null())
        .all(txn)
        .await?;
    let mut present = false;
    for a in current {
        if a.user_id == consultant {
            present = true;
            continue;
        }
        let mut a = a.into_active_model();
        a.ended_at = Set(Some(now));
        a.update(txn).await?;
    }
    if !present {
        case_assignment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            user_id: Set(consultant),
            organisation_id: Set(agency),
            role: Set(role),
            assigned_at: Set(now),
            ended_at: Set(None),
            assigned_by: Set(by),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
