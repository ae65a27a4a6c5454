//! Seeding helpers for the demo tenant and tests: idempotent, bypassing invitations.
//!
//! Kept apart from the use cases because nothing here is authorized or logged: only the demo
//! seed and the tests call it, never a request.

use chrono::{DateTime, Utc};
use platform::ids::new_id;
use platform::{AppError, AppResult, OrganisationKind, Role};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use super::Identity;
use crate::entities::{employee, engagement, organisation, user};
use crate::{repo, totp};

/// The organisation with this name and kind, created if missing.
pub async fn organisation(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
    kind: OrganisationKind,
    now: DateTime<Utc>,
) -> AppResult<organisation::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if let Some(org) = organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .filter(organisation::Column::Kind.eq(kind))
        .one(db)
        .await?
    {
        return Ok(org);
    }
    Ok(organisation::ActiveModel {
        id: Set(new_id()),
        name: Set(name.into()),
        kind: Set(kind),
        created_at: Set(now),
        own_risk_carrier: Set(false),
    }
    .insert(db)
    .await?)
}

/// The user with this e-mail, created with a password (and TOTP secret) if missing.
#[allow(clippy::too_many_arguments)]
pub async fn user(
    identity: &Identity,
    db: &impl sea_orm::ConnectionTrait,
    org: Uuid,
    email: &str,
    name: &str,
    roles: Vec<Role>,
    password: &str,
    totp_base32: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<user::Model> {
    if let Some(existing) = repo::user_by_email(db, email).await? {
        return Ok(existing);
    }
    let hash = crate::password::hash(password).await?;
    let id = new_id();
    let user = repo::insert_user(db, id, org, email, name, &hash, &roles, now).await?;
    let Some(b32) = totp_base32 else {
        return Ok(user);
    };
    let secret =
        totp::from_base32(b32).ok_or_else(|| AppError::invariant("bad demo TOTP secret"))?;
    let sealed = identity
        .inner
        .totp_key
        .seal(&secret, id.as_bytes())
        .map_err(AppError::internal)?;
    let mut active = user.into_active_model();
    active.totp_secret = Set(Some(sealed));
    active.totp_enabled = Set(true);
    Ok(active.update(db).await?)
}

/// The employee with this e-mail in `org`, created if missing, linked to `user`.
pub async fn employee(
    db: &impl sea_orm::ConnectionTrait,
    org: Uuid,
    name: &str,
    email: &str,
    user: Option<Uuid>,
    manager: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<employee::Model> {
    if let Some(existing) = repo::employee_by_email(db, org, email).await? {
        return Ok(existing);
    }
    Ok(employee::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(org),
        name: Set(name.into()),
        email: Set(Some(email.into())),
        phone: Set(None),
        employee_number: Set(None),
        user_id: Set(user),
        manager_user_id: Set(manager),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A verified medical binding of the employee's account, as if his doctor's activation
/// code had been entered (the demo's employee, so his medical file can be shown at once).
pub async fn medical_binding(
    db: &impl sea_orm::ConnectionTrait,
    employee: &employee::Model,
    doctor: &user::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::entities::medical_binding;
    let Some(user_id) = employee.user_id else {
        return Err(AppError::invariant("a binding needs an account"));
    };
    if crate::verification::is_verified(db, employee.tenant_id, employee.id, user_id).await? {
        return Ok(());
    }
    medical_binding::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(employee.tenant_id),
        employee_id: Set(employee.id),
        user_id: Set(user_id),
        verified_by: Set(doctor.id),
        verified_by_organisation: Set(doctor.tenant_id),
        method: Set(crate::model::BindingMethod::Demo),
        factor: Set(crate::model::BindingFactor::Totp),
        verified_at: Set(now),
        suspended_at: Set(None),
        suspended_reason: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A live assignment of `user` (of `provider`) to a case.
#[allow(clippy::too_many_arguments)]
pub async fn assignment(
    db: &impl sea_orm::ConnectionTrait,
    tenant: Uuid,
    case_id: Uuid,
    user: Uuid,
    provider: Uuid,
    role: Role,
    by: Uuid,
    now: DateTime<Utc>,
) -> AppResult<crate::entities::case_assignment::Model> {
    Ok(crate::entities::case_assignment::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant),
        case_id: Set(case_id),
        user_id: Set(user),
        organisation_id: Set(provider),
        role: Set(role),
        assigned_at: Set(now),
        ended_at: Set(None),
        assigned_by: Set(by),
    }
    .insert(db)
    .await?)
}

/// An active engagement of `provider` by `employer`.
pub async fn engagement(
    db: &impl sea_orm::ConnectionTrait,
    employer: Uuid,
    provider: Uuid,
    now: DateTime<Utc>,
) -> AppResult<engagement::Model> {
    if let Some(existing) = repo::engagement(db, employer, provider).await? {
        return Ok(existing);
    }
    Ok(engagement::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(employer),
        provider_id: Set(provider),
        created_at: Set(now),
        ended_at: Set(None),
    }
    .insert(db)
    .await?)
}
