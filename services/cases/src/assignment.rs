//! Who works on a case from outside the employer: the company doctor and the track 2
//! consultant (decision 76).
//!
//! Which doctor handles a case is the health service's decision, not the employer's: a doctor
//! on a case reads its medical file, so an employer (or anyone who took over an HR account)
//! who could put any doctor account on a case could choose who reads it. The employer engages
//! the service and may ask for a person; the service's administrator assigns that person or
//! another of its doctors. A consultant, who reaches nothing medical without the employee's
//! consent, is still assigned by the employer.

use identity::entities::{case_assignment, doctor_request};
use identity::trail::{self, TrailEvent};
use platform::access::{Action, DataClass, Relation};
use platform::audit::Outcome;
use platform::context::Target;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entities::case_file;
use crate::repo;
use crate::service::{authorized_case, authorized_case_as_employer};

/// A doctor or consultant who can be assigned to a case: staff of a provider the employer
/// engaged.
#[derive(Clone, Debug)]
pub struct Assignable {
    /// The user.
    pub user: identity::entities::user::Model,
    /// His role.
    pub role: Role,
    /// His organisation.
    pub organisation: identity::entities::organisation::Model,
}

/// What assigning did: an assignment, or (a doctor asked for by the employer) a request to
/// the health service.
#[derive(Clone, Debug)]
pub enum Assigned {
    /// The person works on the case now.
    Assignment(case_assignment::Model),
    /// The health service was asked; its administrator decides.
    Requested(doctor_request::Model),
}

/// Who may be assigned to the case: doctors and consultants of the employer's engaged providers.
pub async fn assignable(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<Assignable>> {
    let record = authorized_case_as_employer(ctx, case_id, Action::Update).await?;
    let mut out = Vec::new();
    for engagement in
        identity::repo::engagements_of_employer(&ctx.db, record.case.tenant_id).await?
    {
        let Some(org) = identity::repo::organisation(&ctx.db, engagement.provider_id).await? else {
            continue;
        };
        for (user, roles) in identity::repo::users_of(&ctx.db, org.id).await? {
            for role in roles {
                if matches!(role, Role::CompanyDoctor | Role::ReintegrationConsultant) {
                    out.push(Assignable {
                        user: user.clone(),
                        role,
                        organisation: org.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Puts a doctor or consultant on the case. From the employer: a consultant of an engaged
/// agency is assigned; a doctor is asked for (a request to his health service). From a
/// health service's administrator: one of its doctors is assigned.
pub async fn assign_to_case(ctx: &Ctx, case_id: Uuid, user_id: Uuid) -> AppResult<Assigned> {
    let actor = ctx.user()?.clone();
    if actor.organisation_kind == OrganisationKind::OccupationalHealthService {
        return assign_doctor(ctx, case_id, user_id)
            .await
            .map(Assigned::Assignment);
    }
    let candidates = assignable(ctx, case_id).await?;
    let Some(candidate) = candidates.into_iter().find(|a| a.user.id == user_id) else {
        return Err(AppError::validation(
            ErrorReason::NotAssignable,
            "userId",
            "only a company doctor or consultant of a provider your organisation engaged can be assigned",
        ));
    };
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    if candidate.role == Role::CompanyDoctor {
        return request_doctor(ctx, &record.case, &candidate)
            .await
            .map(Assigned::Requested);
    }
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let Some(created) = replace_assignment(
        &txn,
        &record.case,
        user_id,
        candidate.organisation.id,
        candidate.role,
        actor.user_id,
        now,
    )
    .await?
    else {
        txn.commit().await?;
        let same = repo::assignments(&ctx.db, record.case.tenant_id, case_id)
            .await?
            .into_iter()
            .find(|a| a.user_id == user_id)
            .ok_or_else(|| AppError::invariant("assignment vanished"))?;
        return Ok(Assigned::Assignment(same));
    };
    reintegration::repo::consultant_changed(
        &txn,
        record.case.tenant_id,
        case_id,
        user_id,
        candidate.organisation.id,
    )
    .await?;
    txn.commit().await?;
    log_assignment(ctx, &record.case, &created, &candidate.user.name).await?;
    Ok(Assigned::Assignment(created))
}

/// Ends the case's live assignment in `role` and inserts one for `user_id`; `None` when he
/// already is the one.
async fn replace_assignment(
    db: &impl ConnectionTrait,
    case: &case_file::Model,
    user_id: Uuid,
    organisation_id: Uuid,
    role: Role,
    by: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<case_assignment::Model>> {
    for existing in repo::assignments(db, case.tenant_id, case.id).await? {
        if existing.role == role {
            if existing.user_id == user_id {
                return Ok(None);
            }
            let mut e = existing.into_active_model();
            e.ended_at = Set(Some(now));
            e.update(db).await?;
        }
    }
    Ok(Some(
        case_assignment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(case.tenant_id),
            case_id: Set(case.id),
            user_id: Set(user_id),
            organisation_id: Set(organisation_id),
            role: Set(role),
            assigned_at: Set(now),
            ended_at: Set(None),
            assigned_by: Set(by),
        }
        .insert(db)
        .await?,
    ))
}

/// An assignment in both trails: the employer's and the provider's.
async fn log_assignment(
    ctx: &Ctx,
    case: &case_file::Model,
    a: &case_assignment::Model,
    name: &str,
) -> AppResult<()> {
    for org in [case.tenant_id, a.organisation_id] {
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: org,
                employee_id: None,
                resource_type: "case_assignment",
                resource_id: Some(case.id.to_string()),
                action: Action::Create,
                outcome: Outcome::Allowed,
                detail: format!("{name} assigned to case {} as {}", case.id, a.role.as_str()),
            },
        )
        .await?;
    }
    Ok(())
}

/// The employer asks the doctor's health service for him; an open request of the case to the
/// same service is replaced.
async fn request_doctor(
    ctx: &Ctx,
    case: &case_file::Model,
    doctor: &Assignable,
) -> AppResult<doctor_request::Model> {
    let actor = ctx.user()?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    for open in doctor_request::Entity::find()
        .filter(doctor_request::Column::TenantId.eq(case.tenant_id))
        .filter(doctor_request::Column::CaseId.eq(case.id))
        .filter(doctor_request::Column::Outcome.is_null())
        .all(&txn)
        .await?
    {
        let mut o = open.into_active_model();
        o.outcome = Set(Some("WITHDRAWN".into()));
        o.decided_by = Set(Some(actor.user_id));
        o.decided_at = Set(Some(now));
        o.update(&txn).await?;
    }
    let request = doctor_request::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(case.tenant_id),
        case_id: Set(case.id),
        provider_id: Set(doctor.organisation.id),
        requested_user_id: Set(Some(doctor.user.id)),
        requested_by: Set(actor.user_id),
        requested_at: Set(now),
        outcome: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    let employer = identity::repo::organisation(&ctx.db, case.tenant_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    for org in [case.tenant_id, doctor.organisation.id] {
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: org,
                employee_id: None,
                resource_type: "doctor_request",
                resource_id: Some(request.id.to_string()),
                action: Action::Create,
                outcome: Outcome::Allowed,
                detail: format!(
                    "{employer} asked {} for {} on case {}",
                    doctor.organisation.name, doctor.user.name, case.id
                ),
            },
        )
        .await?;
    }
    Ok(request)
}

/// The health service's administrator puts one of its doctors on a case of an employer that
/// engaged it (answering `request` when there is one).
async fn assign_doctor(
    ctx: &Ctx,
    case_id: Uuid,
    doctor_id: Uuid,
) -> AppResult<case_assignment::Model> {
    let actor = ctx.user()?.clone();
    let service = actor.organisation_id;
    // Only cases of employers that engaged this service exist for it.
    let case = match case_file::Entity::find_by_id(case_id).one(&ctx.db).await? {
        Some(case)
            if identity::repo::engagement(&ctx.db, case.tenant_id, service)
                .await?
                .is_some_and(|e| e.ended_at.is_none()) =>
        {
            case
        }
        _ => return Err(AppError::NotFound),
    };
    let target = Target {
        tenant_id: case.tenant_id,
        subject_employee_id: None,
        resource_type: "case_assignment",
        resource_id: Some(case.id.to_string()),
        relations: vec![Relation::EngagedProvider],
    };
    ctx.authorize(&target, DataClass::Admin, Action::Create)
        .await?;
    let doctor = identity::repo::user(&ctx.db, doctor_id)
        .await?
        .filter(|u| u.tenant_id == service);
    let is_doctor = match &doctor {
        Some(d) => identity::repo::roles(&ctx.db, service, d.id)
            .await?
            .contains(&Role::CompanyDoctor),
        None => false,
    };
    let Some(doctor) = doctor.filter(|_| is_doctor) else {
        return Err(AppError::validation(
            ErrorReason::NotAssignable,
            "userId",
            "only a company doctor of your own health service can be assigned",
        ));
    };
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let created = replace_assignment(
        &txn,
        &case,
        doctor.id,
        service,
        Role::CompanyDoctor,
        actor.user_id,
        now,
    )
    .await?;
    // Every open request of the case to this service is answered by this assignment.
    for open in doctor_request::Entity::find()
        .filter(doctor_request::Column::TenantId.eq(case.tenant_id))
        .filter(doctor_request::Column::CaseId.eq(case.id))
        .filter(doctor_request::Column::ProviderId.eq(service))
        .filter(doctor_request::Column::Outcome.is_null())
        .all(&txn)
        .await?
    {
        let accepted = open.requested_user_id == Some(doctor.id);
        let mut o = open.into_active_model();
        o.outcome = Set(Some(
            if accepted {
                "ACCEPTED"
            } else {
                "ASSIGNED_OTHER"
            }
            .into(),
        ));
        o.decided_by = Set(Some(actor.user_id));
        o.decided_at = Set(Some(now));
        o.update(&txn).await?;
    }
    txn.commit().await?;
    let assignment = match created {
        Some(a) => {
            log_assignment(ctx, &case, &a, &doctor.name).await?;
            a
        }
        None => repo::assignments(&ctx.db, case.tenant_id, case.id)
            .await?
            .into_iter()
            .find(|a| a.user_id == doctor.id)
            .ok_or_else(|| AppError::invariant("assignment vanished"))?,
    };
    Ok(assignment)
}

/// An open request as the health service's administrator sees it.
#[derive(Clone, Debug)]
pub struct OpenRequest {
    /// The request.
    pub request: doctor_request::Model,
    /// The employer's name.
    pub employer: String,
    /// The employee's name (the service must know whom it will see).
    pub employee: String,
    /// First day of sickness.
    pub sick_since: chrono::NaiveDate,
    /// The doctor the employer asked for.
    pub requested_doctor: Option<String>,
}

/// The open doctor requests to the actor's health service, oldest first (administrators).
pub async fn open_requests(ctx: &Ctx) -> AppResult<Vec<OpenRequest>> {
    let actor = ctx.user()?;
    let target = Target {
        tenant_id: actor.organisation_id,
        subject_employee_id: None,
        resource_type: "doctor_request",
        resource_id: None,
        relations: vec![Relation::EngagedProvider],
    };
    ctx.authorize(&target, DataClass::Admin, Action::Read)
        .await?;
    let mut out = Vec::new();
    for request in doctor_request::Entity::find()
        .filter(doctor_request::Column::ProviderId.eq(actor.organisation_id))
        .filter(doctor_request::Column::Outcome.is_null())
        .order_by_asc(doctor_request::Column::RequestedAt)
        .all(&ctx.db)
        .await?
    {
        // A request from an employer that no longer engages the service is not its business.
        let engaged = identity::repo::engagement(&ctx.db, request.tenant_id, actor.organisation_id)
            .await?
            .is_some_and(|e| e.ended_at.is_none());
        if !engaged {
            continue;
        }
        let Some(case) = case_file::Entity::find_by_id(request.case_id)
            .one(&ctx.db)
            .await?
        else {
            continue;
        };
        let (employee, employer) = repo::party_names(&ctx.db, &case).await?;
        let requested_doctor = match request.requested_user_id {
            Some(id) => identity::repo::user(&ctx.db, id).await?.map(|u| u.name),
            None => None,
        };
        out.push(OpenRequest {
            sick_since: case.sick_since,
            request,
            employer,
            employee,
            requested_doctor,
        });
    }
    Ok(out)
}

/// The health service's administrator accepts a request: the doctor asked for is assigned.
pub async fn accept_request(ctx: &Ctx, request_id: Uuid) -> AppResult<case_assignment::Model> {
    let actor = ctx.user()?;
    let request = doctor_request::Entity::find_by_id(request_id)
        .one(&ctx.db)
        .await?
        .filter(|r| r.provider_id == actor.organisation_id && r.outcome.is_none())
        .ok_or(AppError::NotFound)?;
    let Some(doctor) = request.requested_user_id else {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "id",
            "the employer asked for no one in particular; assign a doctor",
        ));
    };
    assign_doctor(ctx, request.case_id, doctor).await
}
