//! Medical access bound to a person the health service verified (decision 76).
//!
//! The employer creates, invites and resets employee accounts, and runs the mail domain the
//! invitations go to, so "logged in as the employee" proves nothing about who is typing. The
//! employee's medical file therefore opens only on an account that the health service bound
//! to the person: his doctor issues a one-time activation code, hands it over at the
//! consultation (or reads it out on the phone to the number the employee gave the doctor), and
//! the employee enters it in a session that passed his own second factor. Anything an
//! administrator later does to the account suspends the binding until the doctor verifies
//! again. Codes are stored only as hashes, expire, and allow a few wrong guesses in all.

use chrono::{DateTime, Duration, Utc};
use platform::access::Action;
use platform::audit::Outcome;
use platform::crypto::sha256_hex;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entities::{activation_code, medical_binding};
use crate::repo;
use crate::trail::{self, TrailEvent, user_resource};

/// How long an activation code stays valid: long enough to reach the employee after the
/// consultation, short enough that a lost note is soon worthless.
pub const CODE_TTL_DAYS: i64 = 14;
/// Wrong codes an employee may enter in all before every open code of his is void.
pub const MAX_CODE_ATTEMPTS: i32 = 5;
/// Letters and digits that cannot be mistaken for each other when read out or copied from
/// paper (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters of a code (31^10 ≈ 2^49.5 possibilities, five guesses).
const CODE_LEN: usize = 10;

/// The state of an employee account's medical access.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum MedicalAccessStatus {
    /// Never verified: the medical file stays closed until the doctor gives an activation code.
    NotVerified,
    /// Verified by the health service; the medical file opens with the second factor.
    Active,
    /// Was verified, but the account changed since (a reset by an administrator, a
    /// re-invitation): the doctor must verify again.
    Suspended,
}

/// What an account's medical access is, and why.
#[derive(Clone, Debug)]
pub struct MedicalAccess {
    /// The state.
    pub status: MedicalAccessStatus,
    /// When the (latest) verification was made.
    pub verified_at: Option<DateTime<Utc>>,
    /// Who verified: the doctor's name.
    pub verified_by: Option<String>,
    /// When it was suspended.
    pub suspended_at: Option<DateTime<Utc>>,
    /// Why, in plain words.
    pub suspended_reason: Option<String>,
}

/// An activation code as issued: the plain code is shown once, to the doctor.
#[derive(Clone, Debug)]
pub struct IssuedCode {
    /// The code, grouped as `ABCDE-FGHJK`.
    pub code: String,
    /// Until when it can be used.
    pub expires_at: DateTime<Utc>,
}

/// Whether the account `user_id` is, right now, the verified employee `employee_id`.
pub async fn is_verified(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    employee_id: Uuid,
    user_id: Uuid,
) -> AppResult<bool> {
    Ok(medical_binding::Entity::find()
        .filter(medical_binding::Column::TenantId.eq(tenant_id))
        .filter(medical_binding::Column::EmployeeId.eq(employee_id))
        .filter(medical_binding::Column::UserId.eq(user_id))
        .filter(medical_binding::Column::SuspendedAt.is_null())
        .one(db)
        .await?
        .is_some())
}

/// The medical access of an employee's account, for his portal and his doctor.
pub async fn status(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    employee_id: Uuid,
    user_id: Option<Uuid>,
) -> AppResult<MedicalAccess> {
    let latest = match user_id {
        None => None,
        Some(user) => {
            medical_binding::Entity::find()
                .filter(medical_binding::Column::TenantId.eq(tenant_id))
                .filter(medical_binding::Column::EmployeeId.eq(employee_id))
                .filter(medical_binding::Column::UserId.eq(user))
                .order_by_desc(medical_binding::Column::VerifiedAt)
                .one(db)
                .await?
        }
    };
    let Some(b) = latest else {
        return Ok(MedicalAccess {
            status: MedicalAccessStatus::NotVerified,
            verified_at: None,
            verified_by: None,
            suspended_at: None,
            suspended_reason: None,
        });
    };
    let verified_by = repo::user(db, b.verified_by).await?.map(|u| u.name);
    Ok(MedicalAccess {
        status: if b.suspended_at.is_some() {
            MedicalAccessStatus::Suspended
        } else {
            MedicalAccessStatus::Active
        },
        verified_at: Some(b.verified_at),
        verified_by,
        suspended_at: b.suspended_at,
        suspended_reason: b.suspended_reason,
    })
}

/// Suspends every live binding of the account `user_id` (inside the caller's transaction
/// when it has one); the number suspended. Called by every change an administrator makes to
/// an account.
pub async fn suspend(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    use sea_orm::sea_query::Expr;
    Ok(medical_binding::Entity::update_many()
        .col_expr(medical_binding::Column::SuspendedAt, Expr::value(now))
        .col_expr(
            medical_binding::Column::SuspendedReason,
            Expr::value(reason.to_string()),
        )
        .filter(medical_binding::Column::UserId.eq(user_id))
        .filter(medical_binding::Column::SuspendedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// A new random code.
fn new_code() -> AppResult<String> {
    let mut raw = [0u8; CODE_LEN];
    platform::crypto::fill_random(&mut raw).map_err(AppError::internal)?;
    // 31 letters: rejection would be exact, but the bias of `% 31` on a byte (256 = 8·31 + 8)
    // is under 0.2 bits over the whole code, against ~49 bits and five guesses.
    let chars: String = raw
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(format!(
        "{}-{}",
        &chars[..CODE_LEN / 2],
        &chars[CODE_LEN / 2..]
    ))
}

/// The stored form of a code as typed: case, spaces and dashes do not matter.
fn code_hash(typed: &str) -> String {
    let canonical: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    sha256_hex(canonical.as_bytes())
}

/// Issues an activation code for the employee of a case. The caller (the medical service) has
/// checked that the actor is the case's assigned doctor with a second factor; earlier open
/// codes of the employee are void.
pub async fn issue(
    ctx: &Ctx,
    tenant_id: Uuid,
    employee_id: Uuid,
    case_id: Uuid,
) -> AppResult<IssuedCode> {
    let actor = ctx.user()?;
    if !actor.has_role(Role::CompanyDoctor)
        || actor.organisation_kind != OrganisationKind::OccupationalHealthService
    {
        return Err(AppError::forbidden());
    }
    let now = ctx.clock.now();
    let code = new_code()?;
    let expires_at = now + Duration::days(CODE_TTL_DAYS);
    let txn = ctx.db.begin().await?;
    void_open_codes(&txn, tenant_id, employee_id, now).await?;
    activation_code::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id),
        employee_id: Set(employee_id),
        case_id: Set(case_id),
        code_hash: Set(code_hash(&code)),
        issued_by: Set(actor.user_id),
        issued_by_organisation: Set(actor.organisation_id),
        issued_at: Set(now),
        expires_at: Set(expires_at),
        failed_attempts: Set(0),
        used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    trail::record(
        ctx,
        TrailEvent {
            tenant_id,
            employee_id: Some(employee_id),
            resource_type: "activation_code",
            resource_id: Some(case_id.to_string()),
            action: Action::Create,
            outcome: Outcome::Allowed,
            detail: format!(
                "medical activation code issued by the company doctor, valid until {}",
                expires_at.format("%Y-%m-%d")
            ),
        },
    )
    .await?;
    Ok(IssuedCode { code, expires_at })
}

async fn void_open_codes(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    employee_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use sea_orm::sea_query::Expr;
    activation_code::Entity::update_many()
        .col_expr(activation_code::Column::RevokedAt, Expr::value(now))
        .filter(activation_code::Column::TenantId.eq(tenant_id))
        .filter(activation_code::Column::EmployeeId.eq(employee_id))
        .filter(activation_code::Column::UsedAt.is_null())
        .filter(activation_code::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The employee enters an activation code: in a session that passed his second factor, on the
/// account linked to his employee record. A right code binds the account to him; a wrong one
/// counts against every open code of his, and after [`MAX_CODE_ATTEMPTS`] they are void.
pub async fn activate(ctx: &Ctx, typed: &str) -> AppResult<MedicalAccess> {
    let actor = ctx.user()?;
    let invalid = || {
        AppError::validation(
            ErrorReason::CodeInvalid,
            "code",
            "this activation code is not correct or no longer valid; ask your company doctor for a new one",
        )
    };
    let employee = match actor.organisation_kind {
        OrganisationKind::Employer if actor.has_role(Role::Employee) => {
            repo::employee_of_user(&ctx.db, actor.organisation_id, actor.user_id).await?
        }
        _ => None,
    }
    .ok_or_else(|| AppError::Forbidden {
        reason: ErrorReason::Forbidden,
        message: "only an employee can activate access to his own medical file",
    })?;
    if !actor.mfa {
        return Err(AppError::Forbidden {
            reason: ErrorReason::MfaRequired,
            message: "confirm your login with your own second factor first",
        });
    }
    let now = ctx.clock.now();
    let tenant = employee.tenant_id;
    let open = activation_code::Entity::find()
        .filter(activation_code::Column::TenantId.eq(tenant))
        .filter(activation_code::Column::EmployeeId.eq(employee.id))
        .filter(activation_code::Column::UsedAt.is_null())
        .filter(activation_code::Column::RevokedAt.is_null())
        .filter(activation_code::Column::ExpiresAt.gt(now))
        .all(&ctx.db)
        .await?;
    let hash = code_hash(typed);
    let matching = open.iter().find(|c| c.code_hash == hash).cloned();
    let Some(code) = matching else {
        let txn = ctx.db.begin().await?;
        for c in open {
            let attempts = c.failed_attempts + 1;
            let mut a = c.into_active_model();
            a.failed_attempts = Set(attempts);
            if attempts >= MAX_CODE_ATTEMPTS {
                a.revoked_at = Set(Some(now));
            }
            a.update(&txn).await?;
        }
        txn.commit().await?;
        binding_event(
            ctx,
            tenant,
            employee.id,
            Outcome::Denied,
            "medical access activation refused: wrong or expired code".into(),
        )
        .await?;
        return Err(invalid());
    };
    let txn = ctx.db.begin().await?;
    let mut used = code.clone().into_active_model();
    used.used_at = Set(Some(now));
    used.update(&txn).await?;
    void_open_codes(&txn, tenant, employee.id, now).await?;
    // An earlier binding of this employee (another account, or this one before a reset) is
    // superseded: one verified account per person.
    {
        use sea_orm::sea_query::Expr;
        medical_binding::Entity::update_many()
            .col_expr(medical_binding::Column::SuspendedAt, Expr::value(now))
            .col_expr(
                medical_binding::Column::SuspendedReason,
                Expr::value("superseded by a new verification".to_string()),
            )
            .filter(medical_binding::Column::TenantId.eq(tenant))
            .filter(medical_binding::Column::EmployeeId.eq(employee.id))
            .filter(medical_binding::Column::SuspendedAt.is_null())
            .exec(&txn)
            .await?;
    }
    medical_binding::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant),
        employee_id: Set(employee.id),
        user_id: Set(actor.user_id),
        verified_by: Set(code.issued_by),
        verified_by_organisation: Set(code.issued_by_organisation),
        method: Set(crate::model::BindingMethod::ActivationCode),
        factor: Set(crate::model::BindingFactor::Totp),
        verified_at: Set(now),
        suspended_at: Set(None),
        suspended_reason: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    let doctor = repo::user(&ctx.db, code.issued_by)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    binding_event(
        ctx,
        tenant,
        employee.id,
        Outcome::Allowed,
        format!(
            "medical access verified: activation code of {doctor} (issued {}), entered with the employee's second factor",
            code.issued_at.format("%Y-%m-%d")
        ),
    )
    .await?;
    status(&ctx.db, tenant, employee.id, Some(actor.user_id)).await
}

/// An activation attempt by the acting employee, in his employer's trail.
async fn binding_event(
    ctx: &Ctx,
    tenant: Uuid,
    employee: Uuid,
    outcome: Outcome,
    detail: String,
) -> AppResult<()> {
    trail::record(
        ctx,
        TrailEvent {
            tenant_id: tenant,
            employee_id: Some(employee),
            resource_type: "medical_binding",
            resource_id: Some(user_resource(ctx.user()?.user_id)),
            action: Action::Create,
            outcome,
            detail,
        },
    )
    .await
}

/// The medical access of the acting user's own account: `None` for anyone who is not an
/// employee with an employee record.
pub async fn of_actor(ctx: &Ctx) -> AppResult<Option<MedicalAccess>> {
    let actor = ctx.user()?;
    if actor.organisation_kind != OrganisationKind::Employer || !actor.has_role(Role::Employee) {
        return Ok(None);
    }
    let Some(employee) =
        repo::employee_of_user(&ctx.db, actor.organisation_id, actor.user_id).await?
    else {
        return Ok(None);
    };
    Ok(Some(
        status(
            &ctx.db,
            employee.tenant_id,
            employee.id,
            Some(actor.user_id),
        )
        .await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_typed_forms_match() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), CODE_LEN + 1);
        assert!(
            code.chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8)))
        );
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(code_hash(&sloppy), code_hash(&code));
        assert_ne!(code_hash("ABCDE-FGHJK"), code_hash("ABCDE-FGHJM"));
    }
}
