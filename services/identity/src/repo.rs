//! Queries of the identity service. Every query on a tenant-owned table names the tenant.

use chrono::{DateTime, Utc};
use platform::{AppError, AppResult, OrganisationKind, Role, UserActor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{
    employee, engagement, invitation, organisation, refresh_token, session, user, user_role,
};

/// An organisation by id.
pub async fn organisation(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<organisation::Model>> {
    Ok(organisation::Entity::find_by_id(id).one(db).await?)
}

/// The user as an actor without a session: for work done on his behalf outside a request (his
/// calendar feed, the demo's seeding). No second factor.
pub async fn actor_of(db: &impl ConnectionTrait, user: &user::Model) -> AppResult<UserActor> {
    let kind = organisation(db, user.tenant_id)
        .await?
        .map(|o| o.kind)
        .ok_or_else(|| AppError::invariant("a user without organisation"))?;
    Ok(UserActor {
        user_id: user.id,
        organisation_id: user.tenant_id,
        organisation_kind: kind,
        roles: roles(db, user.tenant_id, user.id).await?,
        session_id: platform::ids::new_id(),
        mfa: false,
    })
}

/// Organisations, optionally of some kinds, by name.
pub async fn organisations(
    db: &impl ConnectionTrait,
    kinds: &[OrganisationKind],
    also: Option<Uuid>,
) -> AppResult<Vec<organisation::Model>> {
    let mut cond = Condition::any().add(organisation::Column::Kind.is_in(kinds.iter().copied()));
    if let Some(id) = also {
        cond = cond.add(organisation::Column::Id.eq(id));
    }
    Ok(organisation::Entity::find()
        .filter(cond)
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?)
}

/// A user by (normalised) e-mail, across tenants: the login lookup.
pub async fn user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// A user by id.
pub async fn user(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

/// The roles of a user, sorted.
pub async fn roles(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
) -> AppResult<Vec<Role>> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let mut roles: Vec<Role> = rows.iter().map(|r| r.role).collect();
    roles.sort();
    Ok(roles)
}

/// Users of one organisation with their roles, by name.
pub async fn users_of(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> AppResult<Vec<(user::Model, Vec<Role>)>> {
    let users = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    // One query for all roles rather than one per user.
    let roles = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let mut r: Vec<Role> = roles
                .iter()
                .filter(|x| x.user_id == u.id)
                .map(|x| x.role)
                .collect();
            r.sort();
            (u, r)
        })
        .collect())
}

/// Inserts a user with roles.
#[allow(clippy::too_many_arguments)]
pub async fn insert_user(
    db: &impl ConnectionTrait,
    id: Uuid,
    tenant_id: Uuid,
    email: &str,
    name: &str,
    password_hash: &str,
    roles: &[Role],
    now: DateTime<Utc>,
) -> AppResult<user::Model> {
    let model = user::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id),
        email: Set(email.to_string()),
        name: Set(name.to_string()),
        password_hash: Set(password_hash.to_string()),
        language: Set(crate::model::Language::Nl),
        totp_secret: Set(None),
        totp_enabled: Set(false),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        deactivated_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    for role in roles {
        user_role::ActiveModel {
            tenant_id: Set(tenant_id),
            user_id: Set(id),
            role: Set(*role),
        }
        .insert(db)
        .await?;
    }
    Ok(model)
}

/// Counts a failed login; returns the new count.
pub async fn add_failed_login(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<i32> {
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            Expr::col(user::Column::FailedLogins).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(user(db, user_id)
        .await?
        .map(|u| u.failed_logins)
        .unwrap_or(0))
}

/// Locks an account until `until` and resets the failure count.
pub async fn lock_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    until: DateTime<Utc>,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::LockedUntil, Expr::value(until))
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Clears failures and lock after a successful login.
pub async fn reset_failures(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records the TOTP step just used, only if it is newer than the stored one: two gateways
/// racing with the same code cannot both win.
pub async fn claim_totp_step(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    step: i64,
) -> AppResult<bool> {
    let res = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(user::Column::TotpLastStep.is_null())
                .add(user::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A session by id.
pub async fn session(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<session::Model>> {
    Ok(session::Entity::find_by_id(id).one(db).await?)
}

/// Revokes a session (the whole refresh-token family) if not yet revoked.
pub async fn revoke_session(
    db: &impl ConnectionTrait,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    revoke_sessions_where(db, session::Column::Id.eq(id), reason, now).await
}

/// Revokes every live session of a user.
pub async fn revoke_sessions_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    revoke_sessions_where(db, session::Column::UserId.eq(user_id), reason, now).await
}

async fn revoke_sessions_where(
    db: &impl ConnectionTrait,
    which: sea_orm::sea_query::SimpleExpr,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(which)
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// A refresh token row by the hash of the presented token.
pub async fn refresh_token_by_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> AppResult<Option<refresh_token::Model>> {
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(db)
        .await?)
}

/// Marks a refresh token used; false when it already was (reuse, or a concurrent refresh).
pub async fn use_refresh_token(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// An employee within a tenant.
pub async fn employee(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    id: Uuid,
) -> AppResult<Option<employee::Model>> {
    Ok(employee::Entity::find()
        .filter(employee::Column::TenantId.eq(tenant_id))
        .filter(employee::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// `(id, name)` of the rows of `E` with these ids, one statement reading only those two
/// columns: a list of names never reads a password hash or a secret.
pub async fn names_by_id<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    name: E::Column,
    mut ids: Vec<Uuid>,
) -> AppResult<Vec<(Uuid, String)>> {
    use sea_orm::QuerySelect;
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(E::find()
        .select_only()
        .columns([id, name])
        .filter(id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// Names of employees by id, one statement.
pub async fn employee_names(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> AppResult<Vec<(Uuid, String)>> {
    names_by_id::<employee::Entity>(db, employee::Column::Id, employee::Column::Name, ids).await
}

/// The employee record of a user, if he is one.
pub async fn employee_of_user(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
) -> AppResult<Option<employee::Model>> {
    Ok(employee::Entity::find()
        .filter(employee::Column::TenantId.eq(tenant_id))
        .filter(employee::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

/// An employee by e-mail within a tenant.
pub async fn employee_by_email(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    email: &str,
) -> AppResult<Option<employee::Model>> {
    Ok(employee::Entity::find()
        .filter(employee::Column::TenantId.eq(tenant_id))
        .filter(employee::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Which employees an actor reaches, as a SQL condition (the list form of the policy's
/// PERSONAL/Read row): employer staff all of their tenant, a line manager his own people, an
/// employee himself, anyone else none.
#[derive(Clone, Copy, Debug)]
pub enum EmployeeReach {
    /// Every employee of the tenant.
    Tenant(Uuid),
    /// Employees whose manager is this user.
    ManagedBy(Uuid, Uuid),
    /// The employee record of this user.
    Himself(Uuid, Uuid),
    /// Nothing.
    None,
}

impl EmployeeReach {
    fn condition(self) -> Option<Condition> {
        match self {
            EmployeeReach::Tenant(t) => {
                Some(Condition::all().add(employee::Column::TenantId.eq(t)))
            }
            EmployeeReach::ManagedBy(t, u) => Some(
                Condition::all()
                    .add(employee::Column::TenantId.eq(t))
                    .add(employee::Column::ManagerUserId.eq(u)),
            ),
            EmployeeReach::Himself(t, u) => Some(
                Condition::all()
                    .add(employee::Column::TenantId.eq(t))
                    .add(employee::Column::UserId.eq(u)),
            ),
            EmployeeReach::None => None,
        }
    }
}

/// One page of employees in reach, ordered by (name, id), after a keyset cursor; and the total.
pub async fn employees_page(
    db: &impl ConnectionTrait,
    reach: EmployeeReach,
    after: Option<(String, Uuid)>,
    limit: u64,
) -> AppResult<(Vec<employee::Model>, u64)> {
    let Some(cond) = reach.condition() else {
        return Ok((vec![], 0));
    };
    let total = employee::Entity::find()
        .filter(cond.clone())
        .count(db)
        .await?;
    let mut query = employee::Entity::find().filter(cond);
    if let Some((name, id)) = after {
        query = query.filter(
            Condition::any()
                .add(employee::Column::Name.gt(name.clone()))
                .add(
                    Condition::all()
                        .add(employee::Column::Name.eq(name))
                        .add(employee::Column::Id.gt(id)),
                ),
        );
    }
    let rows = query
        .order_by_asc(employee::Column::Name)
        .order_by_asc(employee::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Active engagements of an employer.
pub async fn engagements_of_employer(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> AppResult<Vec<engagement::Model>> {
    Ok(engagement::Entity::find()
        .filter(engagement::Column::TenantId.eq(tenant_id))
        .filter(engagement::Column::EndedAt.is_null())
        .order_by_asc(engagement::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Active engagements of a provider (the employers it serves).
pub async fn engagements_of_provider(
    db: &impl ConnectionTrait,
    provider_id: Uuid,
) -> AppResult<Vec<engagement::Model>> {
    Ok(engagement::Entity::find()
        .filter(engagement::Column::ProviderId.eq(provider_id))
        .filter(engagement::Column::EndedAt.is_null())
        .order_by_asc(engagement::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The engagement between an employer and a provider, if any.
pub async fn engagement(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    provider_id: Uuid,
) -> AppResult<Option<engagement::Model>> {
    Ok(engagement::Entity::find()
        .filter(engagement::Column::TenantId.eq(tenant_id))
        .filter(engagement::Column::ProviderId.eq(provider_id))
        .one(db)
        .await?)
}

/// Open invitations of a tenant, newest first.
pub async fn open_invitations(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> AppResult<Vec<invitation::Model>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TenantId.eq(tenant_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Revokes open invitations for an address in a tenant but `keep` (a new one replaces them).
pub async fn revoke_invitations_for(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    email: &str,
    keep: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::TenantId.eq(tenant_id))
        .filter(invitation::Column::Email.eq(email))
        .filter(invitation::Column::Id.ne(keep))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// An invitation by the hash of its token.
pub async fn invitation_by_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> AppResult<Option<invitation::Model>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash))
        .one(db)
        .await?)
}

/// Marks an invitation accepted; false when it already was (two concurrent accepts).
pub async fn claim_invitation(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Deletes sessions that ended more than a day before `now` (refresh tokens cascade) and
/// invitations that expired unused more than 30 days before. Returns the rows removed.
pub async fn purge_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let day_ago = now - chrono::Duration::days(1);
    let sessions = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lt(day_ago))
                .add(session::Column::RevokedAt.lt(day_ago)),
        )
        .exec(db)
        .await?;
    let invitations = invitation::Entity::delete_many()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.lt(now - chrono::Duration::days(30)))
        .exec(db)
        .await?;
    // Failed-login counters idle for a day, and passkey ceremonies never finished.
    let throttles = crate::throttle::purge(db, now).await?;
    let ceremonies = crate::entities::webauthn_ceremony::Entity::delete_many()
        .filter(crate::entities::webauthn_ceremony::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    // Single sign-on attempts, finished or not, once their ticket or state has expired.
    let sso_logins = crate::entities::sso_login::Entity::delete_many()
        .filter(crate::entities::sso_login::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(sessions.rows_affected
        + invitations.rows_affected
        + throttles
        + ceremonies.rows_affected
        + sso_logins.rows_affected)
}

/// Deletes an invitation (one whose e-mail could not be sent).
pub async fn delete_invitation(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    invitation::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Deletes an employee record of a tenant (one created for an invitation that failed).
pub async fn delete_employee(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    id: Uuid,
) -> AppResult<()> {
    employee::Entity::delete_many()
        .filter(employee::Column::TenantId.eq(tenant_id))
        .filter(employee::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The organisation's identity provider, if it has one (enabled or not).
pub async fn sso_provider(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> AppResult<Option<crate::entities::sso_provider::Model>> {
    use crate::entities::sso_provider;
    Ok(sso_provider::Entity::find()
        .filter(sso_provider::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?)
}
