//! Provisioning over SCIM 2.0 (issue 22, decision 87): an employer's identity provider keeps
//! its employees and departments in step — joiners, movers, leavers — with a bearer token the
//! employer's HR administrator created.
//!
//! - Tokens: created (shown once, stored as SHA-256) and revoked by HR administrators of an
//!   employer, each in the administrative trail; a request's token is looked up by its hash,
//!   which gives the employer, and everything after that runs in a tenant transaction
//!   (row-level security on PostgreSQL).
//! - Users are the employer's employee records with an e-mail address whose login, if they
//!   have one, is an employee's and nothing more. An account with any other role (HR, a line
//!   manager) is no SCIM User: a leaked token can neither see nor change it, and can only ever
//!   make employee accounts.
//! - A joiner gets his record and, when the employer signs in through its own identity
//!   provider, his account at once (without a usable password); otherwise the invitation
//!   e-mail, so he sets his own. A leaver (`active=false`, DELETE) loses his login at once —
//!   sessions ended, medical access suspended — while his record and case file stay.
//! - Every change is in the employer's administrative trail, naming the token.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::crypto::{random_token, sha256_hex};
use platform::ids::new_id;
use platform::{Actor, AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use serde_json::Value;
use uuid::Uuid;

use super::Identity;
use super::employees::{check_manager, manager_after};
use super::invitations::Invitee;
use crate::entities::{department, employee, invitation, scim_token, user, user_role};
use crate::model;
use crate::scim::filter::{self, Filter};
use crate::scim::patch::{self, Operation};
use crate::scim::resources::{
    self, GroupInput, GroupRecord, UserInput, UserRecord, group_json, user_json,
};
use crate::scim::schemas::{GROUP, USER};
use crate::scim::{ScimError, etag, etag_matches};
use crate::trail::{self, TrailEvent, user_resource};
use crate::{repo, verification};

/// The prefix of every provisioning token, so a leaked one is recognisable (secret scanners,
/// log filters) and cannot be mistaken for an access token.
pub const TOKEN_PREFIX: &str = "pwscim_";

/// `last_used_at` is written at most this often per token: an identity provider syncing
/// thousands of people must not cost a write per request.
const LAST_USED_GRANULARITY_SECS: i64 = 60;

/// Why a binding is suspended when the provisioning changes the login address.
const ADDRESS_CHANGED: &str = "login address changed by the employer's provisioning";
/// Why a binding is suspended when the provisioning switches the account off.
const DEACTIVATED: &str = "account deactivated by the employer's provisioning";

/// The identity provider behind a request: the token it presented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScimClient {
    /// The token (`scim_tokens.id`).
    pub token_id: Uuid,
    /// The employer.
    pub tenant_id: Uuid,
    /// The token's name ("Entra ID"), named in the trail.
    pub name: String,
}

impl ScimClient {
    /// The actor of the requests made with this token.
    pub fn actor(&self) -> Actor {
        Actor::Provisioning {
            tenant_id: self.tenant_id,
            token_id: self.token_id,
        }
    }

    fn label(&self) -> String {
        format!("SCIM-token '{}'", self.name)
    }

    /// What the provisioning did, in the employer's administrative trail, naming the token
    /// that did it.
    async fn trail(
        &self,
        ctx: &Ctx,
        subject: Subject,
        action: Action,
        detail: &str,
    ) -> AppResult<()> {
        let (employee_id, resource_type, resource_id) = match subject {
            Subject::Employee(e) => (Some(e), "provisioning", format!("employee:{e}")),
            Subject::Account(e, a) => (Some(e), "user", user_resource(a)),
            Subject::Invitation(e, i) => (Some(e), "invitation", i.to_string()),
            Subject::Department(d) => (None, "provisioning", format!("department:{d}")),
        };
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: self.tenant_id,
                employee_id,
                resource_type,
                resource_id: Some(resource_id),
                action,
                outcome: Outcome::Allowed,
                detail: format!("{}: {detail}", self.label()),
            },
        )
        .await
    }
}

/// A token as created: the secret is shown once.
#[derive(Clone, Debug)]
pub struct CreatedScimToken {
    /// The stored token.
    pub token: scim_token::Model,
    /// `pwscim_…`, shown this once.
    pub secret: String,
}

/// A token with the name of whoever created it.
#[derive(Clone, Debug)]
pub struct ScimTokenView {
    /// The token.
    pub token: scim_token::Model,
    /// Its creator's (id, name).
    pub created_by: Option<(Uuid, String)>,
}

/// Which employee records to load.
#[derive(Clone, Copy)]
enum Which<'a> {
    All,
    Id(Uuid),
    Email(&'a str),
    ExternalId(&'a str),
}

/// An employer's employee records with what decides whether and how they are Users.
struct People {
    employees: Vec<employee::Model>,
    accounts: HashMap<Uuid, user::Model>,
    /// Accounts with a role other than employee: not Users.
    staff: HashSet<Uuid>,
    departments: HashMap<Uuid, department::Model>,
    /// Employees with an open invitation.
    invited: HashSet<Uuid>,
}

impl People {
    async fn load(db: &impl ConnectionTrait, tenant: Uuid, which: Which<'_>) -> AppResult<People> {
        let mut query = employee::Entity::find().filter(employee::Column::TenantId.eq(tenant));
        query = match which {
            Which::All => query,
            Which::Id(id) => query.filter(employee::Column::Id.eq(id)),
            Which::Email(e) => query.filter(employee::Column::Email.eq(e)),
            Which::ExternalId(x) => query.filter(employee::Column::ExternalId.eq(x)),
        };
        let employees = query
            .order_by_asc(employee::Column::CreatedAt)
            .order_by_asc(employee::Column::Id)
            .all(db)
            .await?;
        let user_ids: Vec<Uuid> = employees.iter().filter_map(|e| e.user_id).collect();
        let employee_ids: Vec<Uuid> = employees.iter().map(|e| e.id).collect();
        let (accounts, staff) = if user_ids.is_empty() {
            (HashMap::new(), HashSet::new())
        } else {
            let accounts = user::Entity::find()
                .filter(user::Column::TenantId.eq(tenant))
                .filter(user::Column::Id.is_in(user_ids.clone()))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect();
            let staff = user_role::Entity::find()
                .filter(user_role::Column::TenantId.eq(tenant))
                .filter(user_role::Column::UserId.is_in(user_ids))
                .all(db)
                .await?
                .into_iter()
                .filter(|r| r.role != Role::Employee)
                .map(|r| r.user_id)
                .collect();
            (accounts, staff)
        };
        let departments = department::Entity::find()
            .filter(department::Column::TenantId.eq(tenant))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        let invited = if employee_ids.is_empty() {
            HashSet::new()
        } else {
            invitation::Entity::find()
                .filter(invitation::Column::TenantId.eq(tenant))
                .filter(invitation::Column::AcceptedAt.is_null())
                .filter(invitation::Column::RevokedAt.is_null())
                .filter(invitation::Column::EmployeeId.is_in(employee_ids))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|i| i.employee_id)
                .collect()
        };
        Ok(People {
            employees,
            accounts,
            staff,
            departments,
            invited,
        })
    }

    /// [`People::load`] in a tenant transaction of its own.
    async fn read(ctx: &Ctx, tenant: Uuid, which: Which<'_>) -> AppResult<People> {
        let txn = ctx.tenant_txn().await?;
        let people = People::load(&txn, tenant, which).await?;
        txn.commit().await?;
        Ok(people)
    }

    /// The record loaded by [`Which::Id`], when it is a User.
    fn only_user(&self) -> Result<employee::Model, ScimError> {
        self.employees
            .first()
            .filter(|e| self.is_user(e))
            .cloned()
            .ok_or_else(ScimError::not_found)
    }

    /// [`People::only_user`] at the version `If-Match` names (any without one).
    fn user_at(&self, if_match: Option<&str>) -> Result<employee::Model, ScimError> {
        let stored = self.only_user()?;
        precondition(if_match, &self.record(&stored).version)?;
        Ok(stored)
    }

    /// A department of the employer.
    fn department(&self, id: Uuid) -> Result<department::Model, ScimError> {
        self.departments
            .get(&id)
            .cloned()
            .ok_or_else(ScimError::not_found)
    }

    /// [`People::department`] at the version `If-Match` names (any without one).
    fn department_at(
        &self,
        id: Uuid,
        if_match: Option<&str>,
    ) -> Result<department::Model, ScimError> {
        let stored = self.department(id)?;
        precondition(if_match, &self.group(&stored).version)?;
        Ok(stored)
    }

    /// Refuses a department name (ignoring case) that another department than `except` has.
    fn department_name_free(&self, name: &str, except: Option<Uuid>) -> Result<(), ScimError> {
        if self
            .departments
            .values()
            .any(|d| Some(d.id) != except && d.name.eq_ignore_ascii_case(name))
        {
            return Err(ScimError::uniqueness(
                "a department with this displayName exists",
            ));
        }
        Ok(())
    }

    /// Whether `e` is a User: not removed by the provisioning, with an address, and without
    /// an account or with an employee's account only.
    fn is_user(&self, e: &employee::Model) -> bool {
        e.scim_removed_at.is_none()
            && e.email.is_some()
            && e.user_id
                .is_none_or(|u| self.accounts.contains_key(&u) && !self.staff.contains(&u))
    }

    fn record(&self, e: &employee::Model) -> UserRecord {
        let account = e.user_id.and_then(|u| self.accounts.get(&u));
        let department = e.department_id.and_then(|d| self.departments.get(&d));
        let mut modified = e.updated_at;
        for t in [
            account.map(|a| a.updated_at),
            department.map(|d| d.updated_at),
        ]
        .into_iter()
        .flatten()
        {
            modified = modified.max(t);
        }
        UserRecord {
            id: e.id,
            user_name: e.email.clone().unwrap_or_default(),
            name: e.name.clone(),
            external_id: e.external_id.clone(),
            phone: e.phone.clone(),
            employee_number: e.employee_number.clone(),
            department: department.map(|d| (d.id, d.name.clone())),
            active: match account {
                Some(a) => a.deactivated_at.is_none(),
                None => self.invited.contains(&e.id),
            },
            created: e.created_at,
            last_modified: modified,
            version: etag(modified.timestamp_micros(), None),
        }
    }

    fn users(&self) -> Vec<UserRecord> {
        self.employees
            .iter()
            .filter(|e| self.is_user(e))
            .map(|e| self.record(e))
            .collect()
    }

    fn group(&self, d: &department::Model) -> GroupRecord {
        let mut modified = d.updated_at;
        let mut members = Vec::new();
        for e in self
            .employees
            .iter()
            .filter(|e| e.department_id == Some(d.id) && self.is_user(e))
        {
            modified = modified.max(e.updated_at);
            members.push((e.id, e.name.clone()));
        }
        GroupRecord {
            id: d.id,
            name: d.name.clone(),
            external_id: d.external_id.clone(),
            version: etag(modified.timestamp_micros(), Some(members.len())),
            members,
            created: d.created_at,
            last_modified: modified,
        }
    }
}

/// A user's input, checked: what the records will hold.
struct CheckedUser {
    email: String,
    name: Option<String>,
    external_id: Option<String>,
    phone: Option<String>,
    employee_number: Option<String>,
    department: Option<String>,
    active: Option<bool>,
}

fn check_user(input: UserInput) -> Result<CheckedUser, ScimError> {
    let email = model::normalize_email(&input.user_name).map_err(|_| {
        ScimError::invalid_value(
            "userName must be the person's e-mail address: it is his login in Poortwachter",
        )
    })?;
    let name = match input.name {
        Some(n) => Some(model::required_text(&n, "name", 200)?),
        None => None,
    };
    Ok(CheckedUser {
        email,
        name,
        external_id: model::optional_text(input.external_id.as_deref(), "externalId", 200)?,
        phone: model::optional_phone(input.phone.as_deref())?,
        employee_number: model::optional_text(
            input.employee_number.as_deref(),
            "employeeNumber",
            50,
        )?,
        department: model::optional_text(input.department.as_deref(), "department", 100)?,
        active: input.active,
    })
}

/// A group's input, checked: its name and externalId.
fn check_group(input: &GroupInput) -> Result<(String, Option<String>), ScimError> {
    Ok((
        model::required_text(&input.display_name, "displayName", 100)?,
        model::optional_text(input.external_id.as_deref(), "externalId", 200)?,
    ))
}

/// The resources `filter` matches (all of them without one), in their order.
fn matching(
    resources: impl Iterator<Item = Value>,
    filter: Option<&Filter>,
) -> Result<Vec<Value>, ScimError> {
    let mut out = Vec::new();
    for json in resources {
        if filter.map_or(Ok(true), |f| filter::matches(f, &json))? {
            out.push(json);
        }
    }
    Ok(out)
}

/// Refuses a request whose `If-Match` names another version.
fn precondition(if_match: Option<&str>, version: &str) -> Result<(), ScimError> {
    match if_match {
        Some(h) if !etag_matches(h, version) => Err(ScimError::precondition_failed()),
        _ => Ok(()),
    }
}

/// A unique index refused the write: the address, personnel number or name is taken.
fn taken(e: sea_orm::DbErr, what: &str) -> ScimError {
    match AppError::from(e) {
        AppError::Conflict { .. } => ScimError::uniqueness(format!("{what} is already in use")),
        other => ScimError::from(other),
    }
}

/// What a change did, for the trail.
#[derive(Default)]
struct Changes(Vec<String>);

impl Changes {
    fn note(&mut self, what: impl Into<String>) {
        self.0.push(what.into());
    }
    fn text(&self) -> String {
        if self.0.is_empty() {
            "nothing changed".into()
        } else {
            self.0.join("; ")
        }
    }
}

/// `text` when any row was affected (`n` > 0), else nothing: an optional tail of a trail entry.
fn if_any(n: u64, text: &'static str) -> &'static str {
    if n > 0 { text } else { "" }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("none")
}

/// What a change by the provisioning is about, in the trail.
#[derive(Clone, Copy)]
enum Subject {
    /// An employee record.
    Employee(Uuid),
    /// An employee's account: (employee, account).
    Account(Uuid, Uuid),
    /// An employee's invitation: (employee, invitation).
    Invitation(Uuid, Uuid),
    /// A department.
    Department(Uuid),
}

/// A provisioning token created or revoked by an HR administrator, in the employer's trail.
async fn record_token(
    ctx: &Ctx,
    token: &scim_token::Model,
    action: Action,
    detail: String,
) -> AppResult<()> {
    trail::record(
        ctx,
        TrailEvent {
            tenant_id: token.tenant_id,
            employee_id: None,
            resource_type: "scim_token",
            resource_id: Some(token.id.to_string()),
            action,
            outcome: Outcome::Allowed,
            detail,
        },
    )
    .await
}

/// What to do about the account after a user's records are written.
enum AccountStep {
    Nothing,
    Invite,
}

impl Identity {
    // ----- tokens (GraphQL, HR administrators) -------------------------------------------------

    /// The employer and trail target of an HR administrator managing provisioning tokens.
    async fn token_admin(&self, ctx: &Ctx, action: Action) -> AppResult<Uuid> {
        let actor = ctx.user()?;
        let mut target = Self::org_target(actor, actor.organisation_id);
        target.resource_type = "scim_token";
        ctx.authorize(&target, DataClass::Admin, action).await?;
        if actor.organisation_kind != OrganisationKind::Employer {
            return Err(AppError::Forbidden {
                reason: ErrorReason::Forbidden,
                message: "only an employer provisions employees",
            });
        }
        if !actor.has_role(Role::HrAdmin) {
            ctx.deny(
                &target,
                DataClass::Admin,
                action,
                "provisioning tokens are the HR administrators'",
            )
            .await?;
        }
        Ok(actor.organisation_id)
    }

    /// Creates a provisioning token of the actor's employer; the secret is in the answer only.
    pub async fn create_scim_token(&self, ctx: &Ctx, name: &str) -> AppResult<CreatedScimToken> {
        let tenant = self.token_admin(ctx, Action::Create).await?;
        let actor = ctx.user()?;
        let name = model::required_text(name, "name", 100)?;
        let secret = format!(
            "{TOKEN_PREFIX}{}",
            random_token(32).map_err(AppError::internal)?
        );
        let txn = ctx.tenant_txn().await?;
        let token = scim_token::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            name: Set(name.clone()),
            token_hash: Set(sha256_hex(secret.as_bytes())),
            created_by: Set(actor.user_id),
            created_at: Set(ctx.clock.now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
            revoked_by: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        record_token(
            ctx,
            &token,
            Action::Create,
            format!("SCIM provisioning token '{name}' created"),
        )
        .await?;
        Ok(CreatedScimToken { token, secret })
    }

    /// Revokes a provisioning token of the actor's employer (at once: the next request with
    /// it is refused). Revoking a revoked token changes nothing.
    pub async fn revoke_scim_token(&self, ctx: &Ctx, id: Uuid) -> AppResult<scim_token::Model> {
        let tenant = self.token_admin(ctx, Action::Update).await?;
        let actor = ctx.user()?;
        let txn = ctx.tenant_txn().await?;
        let token = scim_token::Entity::find()
            .filter(scim_token::Column::TenantId.eq(tenant))
            .filter(scim_token::Column::Id.eq(id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        if token.revoked_at.is_some() {
            return Ok(token);
        }
        let mut active = token.into_active_model();
        active.revoked_at = Set(Some(ctx.clock.now()));
        active.revoked_by = Set(Some(actor.user_id));
        let token = active.update(&txn).await?;
        txn.commit().await?;
        record_token(
            ctx,
            &token,
            Action::Update,
            format!("SCIM provisioning token '{}' revoked", token.name),
        )
        .await?;
        Ok(token)
    }

    /// The provisioning tokens of the actor's employer, newest first.
    pub async fn scim_tokens(&self, ctx: &Ctx) -> AppResult<Vec<ScimTokenView>> {
        let tenant = self.token_admin(ctx, Action::Read).await?;
        let txn = ctx.tenant_txn().await?;
        let tokens = scim_token::Entity::find()
            .filter(scim_token::Column::TenantId.eq(tenant))
            .order_by_desc(scim_token::Column::CreatedAt)
            .all(&txn)
            .await?;
        let creators: Vec<Uuid> = tokens.iter().map(|t| t.created_by).collect();
        let names: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant))
            .filter(user::Column::Id.is_in(creators))
            .all(&txn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        txn.commit().await?;
        Ok(tokens
            .into_iter()
            .map(|token| ScimTokenView {
                created_by: names
                    .get(&token.created_by)
                    .map(|n| (token.created_by, n.clone())),
                token,
            })
            .collect())
    }

    /// The identity provider behind a request's bearer token. The token is looked up by its
    /// hash across employers (the one lookup before the tenant is known); unknown, revoked,
    /// or of an organisation that is no employer: `UNAUTHENTICATED`. Records its use at most
    /// once a minute.
    pub async fn authenticate_scim(&self, ctx: &Ctx, bearer: &str) -> AppResult<ScimClient> {
        let refused = || AppError::Unauthenticated {
            reason: ErrorReason::TokenInvalid,
            message: "unknown or revoked provisioning token",
        };
        let bearer = bearer.trim();
        if !bearer.starts_with(TOKEN_PREFIX) || bearer.len() > 200 {
            return Err(refused());
        }
        let token = scim_token::Entity::find()
            .filter(scim_token::Column::TokenHash.eq(sha256_hex(bearer.as_bytes())))
            .one(&ctx.db)
            .await?
            .filter(|t| t.revoked_at.is_none())
            .ok_or_else(refused)?;
        let employer = repo::organisation(&ctx.db, token.tenant_id)
            .await?
            .is_some_and(|o| o.kind == OrganisationKind::Employer);
        if !employer {
            return Err(refused());
        }
        let now = ctx.clock.now();
        let stale = now - Duration::seconds(LAST_USED_GRANULARITY_SECS);
        if token.last_used_at.is_none_or(|t| t < stale) {
            // Conditional: of several gateways in the same minute, one writes.
            scim_token::Entity::update_many()
                .col_expr(scim_token::Column::LastUsedAt, Expr::value(now))
                .filter(scim_token::Column::Id.eq(token.id))
                .filter(
                    Condition::any()
                        .add(scim_token::Column::LastUsedAt.is_null())
                        .add(scim_token::Column::LastUsedAt.lt(stale)),
                )
                .exec(&ctx.db)
                .await?;
        }
        Ok(ScimClient {
            token_id: token.id,
            tenant_id: token.tenant_id,
            name: token.name,
        })
    }

    // ----- Users ------------------------------------------------------------------------------

    /// The employer of a provisioning request; the context's actor must be the client's.
    fn scim_tenant(ctx: &Ctx, client: &ScimClient) -> Result<Uuid, ScimError> {
        if ctx.actor == client.actor() {
            Ok(client.tenant_id)
        } else {
            Err(ScimError::new(401, None, "not a provisioning request"))
        }
    }

    /// The people of a provisioning request's employer, read in a tenant transaction of their
    /// own.
    async fn scim_people(
        ctx: &Ctx,
        client: &ScimClient,
        which: Which<'_>,
    ) -> Result<People, ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        Ok(People::read(ctx, tenant, which).await?)
    }

    /// The Users matching `filter` (all without one), in the order they were registered.
    /// `userName eq` and `externalId eq` are answered through an index; anything else is
    /// evaluated over the employer's Users.
    pub async fn scim_users(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        filter: Option<&Filter>,
        base: &str,
    ) -> Result<Vec<Value>, ScimError> {
        let lowered;
        let which = match filter.and_then(filter::simple_eq) {
            Some(("userName", v)) => {
                lowered = v.trim().to_lowercase();
                Which::Email(&lowered)
            }
            Some(("externalId", v)) => Which::ExternalId(v),
            _ => Which::All,
        };
        let people = Self::scim_people(ctx, client, which).await?;
        matching(people.users().iter().map(|u| user_json(u, base)), filter)
    }

    /// One User.
    pub async fn scim_user(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
    ) -> Result<UserRecord, ScimError> {
        let people = Self::scim_people(ctx, client, Which::Id(id)).await?;
        Ok(people.record(&people.only_user()?))
    }

    /// Whether the employer signs in through its own identity provider (then accounts are
    /// made at once, without a password).
    async fn sso_enabled(&self, ctx: &Ctx, tenant: Uuid) -> AppResult<bool> {
        let txn = ctx.tenant_txn().await?;
        let provider = repo::sso_provider(&txn, tenant).await?;
        txn.commit().await?;
        Ok(provider.is_some_and(|p| p.enabled))
    }

    /// A password hash nobody can match: the hash of a random secret that is dropped at once.
    /// An account made for single sign-on has no password of its own, but the column is
    /// required and the login compares against it; a fresh salted argon2 hash of 256 unknown
    /// bits verifies against nothing, looks like any other hash, and costs a password login the
    /// same time, so it tells nobody that the account has no password.
    async fn unusable_password() -> AppResult<String> {
        let secret = random_token(32).map_err(AppError::internal)?;
        crate::password::hash(&secret).await
    }

    /// Makes the employee account of a User for single sign-on — his password `hash` is one
    /// nobody knows — and links his record to it; the account's entry for the trail.
    async fn sso_account(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        employee: &employee::Model,
        email: &str,
        name: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(Uuid, Action, String), ScimError> {
        let account_id = new_id();
        repo::insert_user(
            db,
            account_id,
            tenant,
            email,
            name,
            hash,
            &[Role::Employee],
            now,
        )
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => {
                ScimError::uniqueness("userName is already in use by another account")
            }
            other => other.into(),
        })?;
        let mut a = employee.clone().into_active_model();
        a.user_id = Set(Some(account_id));
        a.update(db).await?;
        Ok((
            account_id,
            Action::Create,
            format!(
                "account {email} created as {} for single sign-on (no password)",
                Role::Employee.as_str()
            ),
        ))
    }

    /// The department a User's input names (none when it names none): the employer's by that
    /// name (ignoring case), created when there is none (as the employee import does); and
    /// whether it was created.
    async fn department_named(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(Option<department::Model>, bool), ScimError> {
        let Some(name) = name else {
            return Ok((None, false));
        };
        let all = department::Entity::find()
            .filter(department::Column::TenantId.eq(tenant))
            .all(db)
            .await?;
        if let Some(d) = all.into_iter().find(|d| d.name.eq_ignore_ascii_case(name)) {
            return Ok((Some(d), false));
        }
        let created = Self::insert_department(db, tenant, name.to_string(), None, now)
            .await
            .map_err(|e| taken(e, "the department name"))?;
        Ok((Some(created), true))
    }

    /// A new top-level department without a manager.
    async fn insert_department(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        name: String,
        external_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<department::Model, sea_orm::DbErr> {
        department::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            name: Set(name),
            parent_id: Set(None),
            manager_user_id: Set(None),
            external_id: Set(external_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// Marks departments changed (their member lists moved).
    async fn touch_departments(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        ids: &[Uuid],
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        department::Entity::update_many()
            .col_expr(department::Column::UpdatedAt, Expr::value(now))
            .filter(department::Column::TenantId.eq(tenant))
            .filter(department::Column::Id.is_in(ids.to_vec()))
            .exec(db)
            .await?;
        Ok(())
    }

    /// Refuses an address that an account outside this employee record already has (in any
    /// organisation: login addresses are global), without saying whose.
    async fn address_free(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        email: &str,
        own_account: Option<Uuid>,
    ) -> Result<(), ScimError> {
        let holder = repo::user_by_email(&ctx.db, email).await?;
        if holder.is_some_and(|u| Some(u.id) != own_account) {
            return Err(Self::outside_provisioning(ctx, client, email).await);
        }
        Ok(())
    }

    /// Refuses an address (or record) that belongs to an account outside provisioning — of
    /// another organisation, or one of this employer's staff — in the trail, and with a 409
    /// that names nobody.
    async fn outside_provisioning(ctx: &Ctx, client: &ScimClient, email: &str) -> ScimError {
        let logged = trail::record(
            ctx,
            TrailEvent {
                tenant_id: client.tenant_id,
                employee_id: None,
                resource_type: "provisioning",
                resource_id: None,
                action: Action::Update,
                outcome: Outcome::Denied,
                detail: format!(
                    "{}: {email} refused, the address belongs to an account outside provisioning",
                    client.label()
                ),
            },
        )
        .await;
        match logged {
            Ok(()) => ScimError::uniqueness("userName is already in use by another account"),
            Err(e) => e.into(),
        }
    }

    /// Switches an account off: it cannot sign in, its sessions end now, and its medical
    /// access waits for the doctor to verify the person again. For the provisioning's leavers
    /// (and the login check in `session.rs`, which refuses `deactivated_at`).
    pub(crate) async fn deactivate_account(
        db: &impl ConnectionTrait,
        account: &user::Model,
        now: DateTime<Utc>,
    ) -> AppResult<u64> {
        user::Entity::update_many()
            .col_expr(user::Column::DeactivatedAt, Expr::value(now))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(account.id))
            .filter(user::Column::DeactivatedAt.is_null())
            .exec(db)
            .await?;
        repo::revoke_sessions_of(db, account.id, "account deactivated by provisioning", now)
            .await?;
        verification::suspend(db, account.id, DEACTIVATED, now).await
    }

    /// Revokes the open invitations of an employee.
    async fn revoke_invitations_of(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        employee: Uuid,
        now: DateTime<Utc>,
    ) -> AppResult<u64> {
        Ok(invitation::Entity::update_many()
            .col_expr(invitation::Column::RevokedAt, Expr::value(now))
            .filter(invitation::Column::TenantId.eq(tenant))
            .filter(invitation::Column::EmployeeId.eq(employee))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .exec(db)
            .await?
            .rows_affected)
    }

    /// Sends the employee invitation to a User of an employer without single sign-on, so he
    /// sets his own password (the flow of `inviteUser`: an invitation that could not be
    /// e-mailed is removed again, and the identity provider is told to retry).
    async fn scim_invite(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        employee_id: Uuid,
    ) -> Result<(), ScimError> {
        let tenant = client.tenant_id;
        let txn = ctx.tenant_txn().await?;
        let org = repo::organisation(&txn, tenant)
            .await?
            .ok_or_else(ScimError::not_found)?;
        let employee = repo::employee(&txn, tenant, employee_id)
            .await?
            .ok_or_else(ScimError::not_found)?;
        let Some(email) = employee.email.clone() else {
            return Ok(());
        };
        let to: Mailbox = format!("{} <{email}>", employee.name)
            .parse()
            .or_else(|_| email.parse())
            .map_err(|_| ScimError::invalid_value("userName is not an address mail can go to"))?;
        let now = ctx.clock.now();
        let invitee = Invitee {
            email: &email,
            name: &employee.name,
            role: Role::Employee,
            employee_id: Some(employee.id),
        };
        let (sent, token) = self.new_invitation(tenant, &invitee, None, now)?;
        let sent = sent.insert(&txn).await?;
        txn.commit().await?;
        if let Err(e) = self
            .mail_invitation(to, &employee.name, &org.name, &token)
            .await
        {
            tracing::error!(error = %e, "provisioning: invitation e-mail not sent");
            let txn = ctx.tenant_txn().await?;
            invitation::Entity::delete_many()
                .filter(invitation::Column::TenantId.eq(tenant))
                .filter(invitation::Column::Id.eq(sent.id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            return Err(ScimError::new(
                503,
                None,
                "the invitation e-mail could not be sent; try again later",
            ));
        }
        let txn = ctx.tenant_txn().await?;
        repo::revoke_invitations_for(&txn, tenant, &email, sent.id, now).await?;
        txn.commit().await?;
        client
            .trail(
                ctx,
                Subject::Invitation(employee.id, sent.id),
                Action::Create,
                &format!("invitation sent to {email} as {}", Role::Employee.as_str()),
            )
            .await?;
        Ok(())
    }

    /// A joiner (`POST /Users`): his employee record — a new one, or the employer's record with
    /// that address or personnel number that has no account yet, or the one the provisioning
    /// removed before (a rehire) — and his employee account: made at once when the employer
    /// signs in through its own identity provider, else the invitation e-mail.
    pub async fn scim_create_user(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        input: UserInput,
    ) -> Result<UserRecord, ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let input = check_user(input)?;
        let Some(name) = input.name.clone() else {
            return Err(ScimError::invalid_value(
                "a name is required: name.formatted, name.givenName and familyName, or displayName",
            ));
        };
        let active = input.active.unwrap_or(true);
        let sso = self.sso_enabled(ctx, tenant).await?;
        let password = if active && sso {
            Some(Self::unusable_password().await?)
        } else {
            None
        };
        let now = ctx.clock.now();
        // Which record it is, and whether the address is free, before writing.
        let txn = ctx.tenant_txn().await?;
        let by_email = People::load(&txn, tenant, Which::Email(&input.email)).await?;
        let by_number = match &input.employee_number {
            Some(n) => {
                employee::Entity::find()
                    .filter(employee::Column::TenantId.eq(tenant))
                    .filter(employee::Column::EmployeeNumber.eq(n.as_str()))
                    .one(&txn)
                    .await?
            }
            None => None,
        };
        let mine = by_email.employees.first().cloned();
        let stored = match (mine, by_number) {
            (Some(a), Some(b)) if a.id != b.id => {
                return Err(ScimError::uniqueness(
                    "employeeNumber belongs to another employee",
                ));
            }
            (Some(a), _) => Some(a),
            (None, b) => b,
        };
        if let Some(e) = &stored {
            let live_account = e.user_id.is_some() && e.scim_removed_at.is_none();
            // A rehire gets his account back only when it is an employee's account and
            // nothing more.
            let staff = match e.user_id {
                Some(u) => repo::roles(&txn, tenant, u)
                    .await?
                    .iter()
                    .any(|r| *r != Role::Employee),
                None => false,
            };
            if staff {
                txn.commit().await?;
                return Err(Self::outside_provisioning(ctx, client, &input.email).await);
            }
            if live_account {
                return Err(ScimError::uniqueness(
                    "a User with this userName or employeeNumber exists",
                ));
            }
        }
        txn.commit().await?;
        let own_account = stored.as_ref().and_then(|e| e.user_id);
        self.address_free(ctx, client, &input.email, own_account)
            .await?;

        let txn = ctx.tenant_txn().await?;
        let (department, created_department) =
            Self::department_named(&txn, tenant, input.department.as_deref(), now).await?;
        let mut changes = Changes::default();
        let rehire = stored.as_ref().is_some_and(|e| e.scim_removed_at.is_some());
        let saved = match &stored {
            Some(e) => {
                let mut a = e.clone().into_active_model();
                a.name = Set(name.clone());
                a.email = Set(Some(input.email.clone()));
                a.phone = Set(input.phone.clone());
                a.employee_number = Set(input.employee_number.clone());
                a.external_id = Set(input.external_id.clone());
                a.scim_removed_at = Set(None);
                let department_changed = e.department_id != department.as_ref().map(|d| d.id);
                if department_changed {
                    a.department_id = Set(department.as_ref().map(|d| d.id));
                }
                let (manager, follows) =
                    manager_after(e, department.as_ref(), department_changed, None, None);
                if let Some(m) = manager
                    && Some(m) != e.manager_user_id
                {
                    check_manager(&txn, tenant, m).await?;
                }
                a.manager_user_id = Set(manager);
                a.manager_follows_department = Set(follows);
                a.updated_at = Set(now);
                changes.note(if rehire {
                    "removed employee provisioned again"
                } else {
                    "existing employee record taken over"
                });
                a.update(&txn)
                    .await
                    .map_err(|e| taken(e, "the employeeNumber"))?
            }
            None => employee::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant),
                name: Set(name.clone()),
                email: Set(Some(input.email.clone())),
                phone: Set(input.phone.clone()),
                employee_number: Set(input.employee_number.clone()),
                user_id: Set(None),
                manager_user_id: Set(department.as_ref().and_then(|d| d.manager_user_id)),
                department_id: Set(department.as_ref().map(|d| d.id)),
                hours_per_week: Set(None),
                employed_since: Set(None),
                employed_until: Set(None),
                contract_type: Set(None),
                // A new employee's line manager is his department's.
                manager_follows_department: Set(department.is_some()),
                external_id: Set(input.external_id.clone()),
                scim_removed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| taken(e, "the employeeNumber"))?,
        };
        if let Some(d) = &department {
            changes.note(format!(
                "department {}{}",
                d.name,
                if created_department { " (created)" } else { "" }
            ));
            Self::touch_departments(&txn, tenant, &[d.id], now).await?;
        }
        let mut account_events: Vec<(Uuid, Action, String)> = Vec::new();
        let mut step = AccountStep::Nothing;
        match saved.user_id {
            Some(u) => {
                // A rehire: his account again, at the address given.
                let account = user::Entity::find_by_id(u)
                    .one(&txn)
                    .await?
                    .filter(|a| a.tenant_id == tenant)
                    .ok_or_else(|| AppError::invariant("an employee's account is missing"))?;
                let address_changed = account.email != input.email;
                let mut a = account.clone().into_active_model();
                a.email = Set(input.email.clone());
                a.name = Set(name.clone());
                a.updated_at = Set(now);
                if active {
                    a.deactivated_at = Set(None);
                }
                a.update(&txn).await.map_err(|e| taken(e, "userName"))?;
                if address_changed {
                    verification::suspend(&txn, u, ADDRESS_CHANGED, now).await?;
                }
                account_events.push((
                    u,
                    Action::Update,
                    format!(
                        "account {} {}{}",
                        input.email,
                        if active {
                            "active again"
                        } else {
                            "kept switched off"
                        },
                        if address_changed {
                            "; login address changed, medical access suspended until the health service verifies again"
                        } else {
                            ""
                        }
                    ),
                ));
            }
            None if active && sso => {
                let Some(hash) = &password else {
                    return Err(AppError::invariant("no password hash prepared").into());
                };
                let account =
                    Self::sso_account(&txn, tenant, &saved, &input.email, &name, hash, now).await?;
                account_events.push(account);
            }
            None if active => step = AccountStep::Invite,
            None => {
                Self::revoke_invitations_of(&txn, tenant, saved.id, now).await?;
            }
        }
        txn.commit().await?;
        let joiner = format!("joiner {} <{}> ({})", name, input.email, changes.text());
        self.user_written(
            ctx,
            client,
            saved.id,
            Some((Action::Create, joiner)),
            account_events,
            step,
        )
        .await
    }

    /// The end of a joiner's or mover's change, once its transaction is committed: the change of
    /// his record (when there is one) and of his account in the trail, then the invitation when
    /// one is due; the User as he is now.
    async fn user_written(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        employee: Uuid,
        change: Option<(Action, String)>,
        account_events: Vec<(Uuid, Action, String)>,
        step: AccountStep,
    ) -> Result<UserRecord, ScimError> {
        if let Some((action, detail)) = change {
            client
                .trail(ctx, Subject::Employee(employee), action, &detail)
                .await?;
        }
        for (account, action, detail) in account_events {
            let subject = Subject::Account(employee, account);
            client.trail(ctx, subject, action, &detail).await?;
        }
        if let AccountStep::Invite = step {
            self.scim_invite(ctx, client, employee).await?;
        }
        self.scim_user(ctx, client, employee).await
    }

    /// A mover (`PUT`, and `PATCH` after its operations are applied): the record becomes what
    /// `input` says. A new address is the account's new login (and suspends its medical
    /// access); a department change moves the line manager along as `updateEmployee` does;
    /// `active=false` switches the login off at once, `true` back on (the medical binding stays
    /// suspended) or, for someone without an account yet, makes it or invites him.
    pub async fn scim_replace_user(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        input: UserInput,
        if_match: Option<&str>,
    ) -> Result<UserRecord, ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let input = check_user(input)?;
        let current = self.scim_user(ctx, client, id).await?;
        precondition(if_match, &current.version)?;
        let sso = self.sso_enabled(ctx, tenant).await?;
        let people = People::read(ctx, tenant, Which::Id(id)).await?;
        let stored = people.only_user()?;
        let account = stored
            .user_id
            .and_then(|u| people.accounts.get(&u))
            .cloned();
        let wants_account = input.active == Some(true) && account.is_none() && !current.active;
        let password = if wants_account && sso {
            Some(Self::unusable_password().await?)
        } else {
            None
        };
        let address_changed = stored.email.as_deref() != Some(input.email.as_str());
        if address_changed {
            self.address_free(ctx, client, &input.email, account.as_ref().map(|a| a.id))
                .await?;
        }
        let now = ctx.clock.now();
        let txn = ctx.tenant_txn().await?;
        // Re-read inside the transaction: the version checked is the one written over.
        let people = People::load(&txn, tenant, Which::Id(id)).await?;
        let stored = people.user_at(if_match)?;
        if address_changed
            && let Some(other) = repo::employee_by_email(&txn, tenant, &input.email).await?
            && other.id != stored.id
        {
            return Err(ScimError::uniqueness(
                "another employee of this employer has this userName",
            ));
        }
        let mut changes = Changes::default();
        let (department, created_department) =
            Self::department_named(&txn, tenant, input.department.as_deref(), now).await?;
        let name = input.name.clone().unwrap_or_else(|| stored.name.clone());
        let mut a = stored.clone().into_active_model();
        if name != stored.name {
            changes.note(format!("name {} → {name}", stored.name));
            a.name = Set(name.clone());
        }
        if address_changed {
            changes.note(format!("e-mail {} → {}", opt(&stored.email), input.email));
            a.email = Set(Some(input.email.clone()));
        }
        if input.phone != stored.phone {
            changes.note("phone number");
            a.phone = Set(input.phone.clone());
        }
        if input.employee_number != stored.employee_number {
            changes.note(format!(
                "personnel number {} → {}",
                opt(&stored.employee_number),
                opt(&input.employee_number)
            ));
            a.employee_number = Set(input.employee_number.clone());
        }
        if input.external_id != stored.external_id {
            changes.note("externalId");
            a.external_id = Set(input.external_id.clone());
        }
        let department_changed = stored.department_id != department.as_ref().map(|d| d.id);
        if department_changed {
            let old = stored
                .department_id
                .and_then(|d| people.departments.get(&d))
                .map(|d| d.name.clone());
            changes.note(format!(
                "department {} → {}{}",
                opt(&old),
                department.as_ref().map_or("none", |d| d.name.as_str()),
                if created_department { " (created)" } else { "" }
            ));
            a.department_id = Set(department.as_ref().map(|d| d.id));
            let (manager, follows) = manager_after(&stored, department.as_ref(), true, None, None);
            if let Some(m) = manager
                && Some(m) != stored.manager_user_id
            {
                check_manager(&txn, tenant, m).await?;
            }
            a.manager_user_id = Set(manager);
            a.manager_follows_department = Set(follows);
            let touched: Vec<Uuid> = [stored.department_id, department.as_ref().map(|d| d.id)]
                .into_iter()
                .flatten()
                .collect();
            Self::touch_departments(&txn, tenant, &touched, now).await?;
        }
        a.updated_at = Set(now);
        let saved = a
            .update(&txn)
            .await
            .map_err(|e| taken(e, "the employeeNumber"))?;

        let mut account_events: Vec<(Uuid, Action, String)> = Vec::new();
        let mut step = AccountStep::Nothing;
        match stored.user_id.and_then(|u| people.accounts.get(&u)) {
            Some(account) => {
                let mut notes = Vec::new();
                if address_changed || name != account.name {
                    let mut u = account.clone().into_active_model();
                    u.email = Set(input.email.clone());
                    u.name = Set(name.clone());
                    u.updated_at = Set(now);
                    u.update(&txn).await.map_err(|e| taken(e, "userName"))?;
                }
                if address_changed {
                    let suspended =
                        verification::suspend(&txn, account.id, ADDRESS_CHANGED, now).await?;
                    notes.push(format!(
                        "login address changed to {}{}",
                        input.email,
                        if_any(
                            suspended,
                            "; medical access suspended until the health service verifies again"
                        )
                    ));
                }
                match (input.active, account.deactivated_at.is_some()) {
                    (Some(false), false) => {
                        let suspended = Self::deactivate_account(&txn, account, now).await?;
                        notes.push(format!(
                            "account switched off, sessions ended{}",
                            if_any(suspended, ", medical access suspended")
                        ));
                    }
                    (Some(true), true) => {
                        user::Entity::update_many()
                            .col_expr(
                                user::Column::DeactivatedAt,
                                Expr::value(Option::<DateTime<Utc>>::None),
                            )
                            .col_expr(user::Column::UpdatedAt, Expr::value(now))
                            .filter(user::Column::Id.eq(account.id))
                            .exec(&txn)
                            .await?;
                        notes.push(
                            "account switched on again (medical access stays suspended until the health service verifies again)"
                                .into(),
                        );
                    }
                    _ => {}
                }
                if !notes.is_empty() {
                    account_events.push((account.id, Action::Update, notes.join("; ")));
                }
            }
            None => {
                let invited = people.invited.contains(&stored.id);
                match input.active {
                    Some(false) if invited => {
                        Self::revoke_invitations_of(&txn, tenant, stored.id, now).await?;
                        changes.note("invitation withdrawn");
                    }
                    Some(true) if !invited && sso => {
                        let hash = match &password {
                            Some(h) => h.clone(),
                            // The state moved between the two reads: prepare it now.
                            None => Self::unusable_password().await?,
                        };
                        let account = Self::sso_account(
                            &txn,
                            tenant,
                            &saved,
                            &input.email,
                            &name,
                            &hash,
                            now,
                        )
                        .await?;
                        account_events.push(account);
                    }
                    Some(true) if !invited => step = AccountStep::Invite,
                    // Still invited, at a new address: the invitation goes there instead.
                    _ if invited && address_changed => {
                        Self::revoke_invitations_of(&txn, tenant, stored.id, now).await?;
                        step = AccountStep::Invite;
                    }
                    _ => {}
                }
            }
        }
        txn.commit().await?;
        let change = (!changes.0.is_empty()).then(|| {
            (
                Action::Update,
                format!("{name} changed ({})", changes.text()),
            )
        });
        self.user_written(ctx, client, saved.id, change, account_events, step)
            .await
    }

    /// `PATCH /Users/{id}`: the operations applied to the User as served, then written as a
    /// replacement.
    pub async fn scim_patch_user(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        ops: &[Operation],
        if_match: Option<&str>,
        base: &str,
    ) -> Result<UserRecord, ScimError> {
        let current = self.scim_user(ctx, client, id).await?;
        precondition(if_match, &current.version)?;
        let mut doc = user_json(&current, base);
        let touched = patch::apply(&mut doc, ops, &USER)?;
        let input = resources::parse_user(&doc, Some(&touched))?;
        self.scim_replace_user(ctx, client, id, input, if_match)
            .await
    }

    /// A leaver removed (`DELETE /Users/{id}`): the login is switched off as for
    /// `active=false`, and the record leaves the provisioning — no longer served or listed —
    /// while the employer keeps it and his case file (retention rules, not deletion).
    pub async fn scim_delete_user(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        if_match: Option<&str>,
    ) -> Result<(), ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let now = ctx.clock.now();
        let txn = ctx.tenant_txn().await?;
        let people = People::load(&txn, tenant, Which::Id(id)).await?;
        let stored = people.user_at(if_match)?;
        let mut account_note = None;
        if let Some(account) = stored.user_id.and_then(|u| people.accounts.get(&u)) {
            let suspended = Self::deactivate_account(&txn, account, now).await?;
            account_note = Some((
                account.id,
                format!(
                    "account switched off (removed by the identity provider), sessions ended{}",
                    if_any(suspended, ", medical access suspended")
                ),
            ));
        }
        let withdrawn = Self::revoke_invitations_of(&txn, tenant, stored.id, now).await?;
        let mut a = stored.clone().into_active_model();
        a.scim_removed_at = Set(Some(now));
        a.updated_at = Set(now);
        a.update(&txn).await?;
        if let Some(d) = stored.department_id {
            Self::touch_departments(&txn, tenant, &[d], now).await?;
        }
        txn.commit().await?;
        client
            .trail(
                ctx,
                Subject::Employee(stored.id),
                Action::Delete,
                &format!(
                    "leaver {} removed from provisioning; the employee record and case file stay{}",
                    stored.name,
                    if_any(withdrawn, "; invitation withdrawn")
                ),
            )
            .await?;
        if let Some((account, detail)) = account_note {
            let subject = Subject::Account(stored.id, account);
            client.trail(ctx, subject, Action::Update, &detail).await?;
        }
        Ok(())
    }

    // ----- Groups (departments) ---------------------------------------------------------------

    /// The Groups matching `filter`, by name.
    pub async fn scim_groups(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        filter: Option<&Filter>,
        base: &str,
    ) -> Result<Vec<Value>, ScimError> {
        let people = Self::scim_people(ctx, client, Which::All).await?;
        let mut departments: Vec<&department::Model> = people.departments.values().collect();
        departments.sort_by_key(|a| (a.created_at, a.id));
        matching(
            departments
                .into_iter()
                .map(|d| group_json(&people.group(d), base)),
            filter,
        )
    }

    /// One Group.
    pub async fn scim_group(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
    ) -> Result<GroupRecord, ScimError> {
        let people = Self::scim_people(ctx, client, Which::All).await?;
        Ok(people.group(&people.department(id)?))
    }

    /// Moves employees into department `to` (or out of any, `None`), with their line managers
    /// following as `updateEmployee` moves them; the departments whose member lists changed.
    async fn move_members(
        db: &impl ConnectionTrait,
        tenant: Uuid,
        people: &People,
        who: &[Uuid],
        to: Option<&department::Model>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>, ScimError> {
        let mut touched = Vec::new();
        for id in who {
            let Some(e) = people.employees.iter().find(|e| e.id == *id) else {
                continue;
            };
            if e.department_id == to.map(|d| d.id) {
                continue;
            }
            touched.extend(e.department_id);
            let (manager, follows) = manager_after(e, to, true, None, None);
            if let Some(m) = manager
                && Some(m) != e.manager_user_id
            {
                check_manager(db, tenant, m).await?;
            }
            let mut a = e.clone().into_active_model();
            a.department_id = Set(to.map(|d| d.id));
            a.manager_user_id = Set(manager);
            a.manager_follows_department = Set(follows);
            a.updated_at = Set(now);
            a.update(db).await?;
        }
        Ok(touched)
    }

    /// Checks that every member is a User of the employer: another employer's id (or a
    /// removed or staff record) is refused like an id that was never issued.
    fn check_members(people: &People, members: &[Uuid]) -> Result<(), ScimError> {
        for m in members {
            let ok = people
                .employees
                .iter()
                .any(|e| e.id == *m && people.is_user(e));
            if !ok {
                return Err(ScimError::invalid_value(format!(
                    "member {m} is not a User of this employer"
                )));
            }
        }
        Ok(())
    }

    /// A new department (`POST /Groups`), with its members moved into it.
    pub async fn scim_create_group(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        input: GroupInput,
    ) -> Result<GroupRecord, ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let (name, external_id) = check_group(&input)?;
        let now = ctx.clock.now();
        let txn = ctx.tenant_txn().await?;
        let people = People::load(&txn, tenant, Which::All).await?;
        people.department_name_free(&name, None)?;
        let members = input.members.unwrap_or_default();
        Self::check_members(&people, &members)?;
        let saved = Self::insert_department(&txn, tenant, name.clone(), external_id, now)
            .await
            .map_err(|e| taken(e, "the displayName"))?;
        let touched =
            Self::move_members(&txn, tenant, &people, &members, Some(&saved), now).await?;
        Self::touch_departments(&txn, tenant, &touched, now).await?;
        txn.commit().await?;
        client
            .trail(
                ctx,
                Subject::Department(saved.id),
                Action::Create,
                &format!(
                    "department {name} created{}",
                    if members.is_empty() {
                        String::new()
                    } else {
                        format!(" with {} member(s)", members.len())
                    }
                ),
            )
            .await?;
        self.scim_group(ctx, client, saved.id).await
    }

    /// A department changed (`PUT`, and `PATCH` after its operations): its name, externalId and
    /// — when given — its members: employees added move into it, employees left out move out
    /// of it (to no department).
    pub async fn scim_replace_group(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        input: GroupInput,
        if_match: Option<&str>,
    ) -> Result<GroupRecord, ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let (name, external_id) = check_group(&input)?;
        let now = ctx.clock.now();
        let txn = ctx.tenant_txn().await?;
        let people = People::load(&txn, tenant, Which::All).await?;
        let stored = people.department_at(id, if_match)?;
        people.department_name_free(&name, Some(id))?;
        let mut changes = Changes::default();
        let mut a = stored.clone().into_active_model();
        if name != stored.name {
            changes.note(format!("name {} → {name}", stored.name));
            a.name = Set(name.clone());
        }
        if external_id != stored.external_id {
            changes.note("externalId");
            a.external_id = Set(external_id);
        }
        a.updated_at = Set(now);
        let saved = a
            .update(&txn)
            .await
            .map_err(|e| taken(e, "the displayName"))?;
        if let Some(members) = input.members {
            Self::check_members(&people, &members)?;
            let current: Vec<Uuid> = people.group(&stored).members.iter().map(|m| m.0).collect();
            let added: Vec<Uuid> = members
                .iter()
                .filter(|m| !current.contains(m))
                .copied()
                .collect();
            let removed: Vec<Uuid> = current
                .iter()
                .filter(|m| !members.contains(m))
                .copied()
                .collect();
            let names = |ids: &[Uuid]| {
                ids.iter()
                    .filter_map(|i| people.employees.iter().find(|e| e.id == *i))
                    .map(|e| e.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !added.is_empty() {
                changes.note(format!("members added: {}", names(&added)));
            }
            if !removed.is_empty() {
                changes.note(format!("members removed: {}", names(&removed)));
            }
            let mut touched =
                Self::move_members(&txn, tenant, &people, &added, Some(&saved), now).await?;
            touched.extend(Self::move_members(&txn, tenant, &people, &removed, None, now).await?);
            touched.retain(|d| *d != id);
            Self::touch_departments(&txn, tenant, &touched, now).await?;
        }
        txn.commit().await?;
        if !changes.0.is_empty() {
            let detail = format!("department {name} changed ({})", changes.text());
            client
                .trail(ctx, Subject::Department(id), Action::Update, &detail)
                .await?;
        }
        self.scim_group(ctx, client, id).await
    }

    /// `PATCH /Groups/{id}`.
    pub async fn scim_patch_group(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        ops: &[Operation],
        if_match: Option<&str>,
        base: &str,
    ) -> Result<GroupRecord, ScimError> {
        let current = self.scim_group(ctx, client, id).await?;
        precondition(if_match, &current.version)?;
        let mut doc = group_json(&current, base);
        patch::apply(&mut doc, ops, &GROUP)?;
        let input = resources::parse_group(&doc, true)?;
        self.scim_replace_group(ctx, client, id, input, if_match)
            .await
    }

    /// `DELETE /Groups/{id}`: only an empty department goes; one with employees (whether or
    /// not they are Users) or departments under it stays, with a 409 that says so.
    pub async fn scim_delete_group(
        &self,
        ctx: &Ctx,
        client: &ScimClient,
        id: Uuid,
        if_match: Option<&str>,
    ) -> Result<(), ScimError> {
        let tenant = Self::scim_tenant(ctx, client)?;
        let txn = ctx.tenant_txn().await?;
        let people = People::load(&txn, tenant, Which::All).await?;
        let stored = people.department_at(id, if_match)?;
        let employees = people
            .employees
            .iter()
            .filter(|e| e.department_id == Some(id))
            .count();
        let children = people
            .departments
            .values()
            .filter(|d| d.parent_id == Some(id))
            .count();
        if employees > 0 || children > 0 {
            return Err(ScimError::new(
                409,
                None,
                format!(
                    "the department {} still has {employees} employee(s) and {children} department(s) under it (HR sees them in Poortwachter); move them out first",
                    stored.name
                ),
            ));
        }
        department::Entity::delete_many()
            .filter(department::Column::TenantId.eq(tenant))
            .filter(department::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        let detail = format!("department {} deleted", stored.name);
        client
            .trail(ctx, Subject::Department(id), Action::Delete, &detail)
            .await?;
        Ok(())
    }
}
