//! The administrative trail: every account creation, invitation, second-factor reset, medical
//! verification, doctor request, assignment and engagement, written to the hash-chained access
//! log of the organisation concerned (decision 76). An organisation's administrators read
//! their organisation's trail; an employee reads the events about his own account. No entry
//! carries medical content: only who did what to which account or case.

use platform::access::Action;
use platform::audit::{AccessEvent, Outcome};
use platform::entities::access_log;
use platform::{AppResult, Ctx};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Resource types of the administrative trail (the access log also holds reads of case and
/// medical data, which this trail does not show).
pub const ADMIN_RESOURCES: &[&str] = &[
    "organisation",
    "user",
    "invitation",
    "second_factor",
    "medical_binding",
    "activation_code",
    "doctor_request",
    "case_assignment",
    "engagement",
    "scim_token",
    "provisioning",
    "single_sign_on",
];

/// Resource types that are about one account, shown to the account's owner.
pub const ACCOUNT_RESOURCES: &[&str] = &[
    "user",
    "invitation",
    "second_factor",
    "medical_binding",
    "activation_code",
];

/// One trail entry to write.
#[derive(Clone, Debug)]
pub struct TrailEvent {
    /// The organisation whose trail it goes into.
    pub tenant_id: Uuid,
    /// The employee concerned, if any (his own account's events reach him through it).
    pub employee_id: Option<Uuid>,
    /// One of [`ADMIN_RESOURCES`].
    pub resource_type: &'static str,
    /// The record (`user:<id>` for accounts, so the owner finds them).
    pub resource_id: Option<String>,
    /// What was done.
    pub action: Action,
    /// Allowed or refused.
    pub outcome: Outcome,
    /// What happened, in plain words, never medical.
    pub detail: String,
}

/// Writes `event` by the acting party.
pub async fn record(ctx: &Ctx, event: TrailEvent) -> AppResult<()> {
    ctx.log
        .record(
            &ctx.actor,
            &ctx.meta,
            AccessEvent {
                tenant_id: event.tenant_id,
                subject_employee_id: event.employee_id,
                resource_type: event.resource_type,
                resource_id: event.resource_id,
                action: event.action,
                outcome: event.outcome,
                detail: Some(event.detail),
            },
        )
        .await
}

/// The resource id under which an account's events are written.
pub fn user_resource(user_id: Uuid) -> String {
    format!("user:{user_id}")
}

/// The newest `limit` entries of an organisation's administrative trail.
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    limit: u64,
) -> AppResult<Vec<access_log::Model>> {
    Ok(access_log::Entity::find()
        .filter(access_log::Column::TenantId.eq(tenant_id))
        .filter(access_log::Column::ResourceType.is_in(ADMIN_RESOURCES.iter().copied()))
        // Changes and attempted changes; reads of lists (and refused reads) are not events of
        // the administration.
        .filter(access_log::Column::Action.ne(Action::Read.code()))
        .order_by_desc(access_log::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}

/// The newest `limit` events about one account: those naming it, and those about the employee
/// it belongs to (an invitation sent before the account existed, a verification).
pub async fn of_account(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    employee_id: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<access_log::Model>> {
    let mut about = Condition::any().add(access_log::Column::ResourceId.eq(user_resource(user_id)));
    if let Some(employee) = employee_id {
        about = about.add(access_log::Column::SubjectEmployeeId.eq(employee));
    }
    Ok(access_log::Entity::find()
        .filter(access_log::Column::TenantId.eq(tenant_id))
        .filter(access_log::Column::ResourceType.is_in(ACCOUNT_RESOURCES.iter().copied()))
        .filter(access_log::Column::Action.ne(Action::Read.code()))
        .filter(about)
        .order_by_desc(access_log::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}

/// An entry as shown to its readers, with the actor's name resolved.
#[derive(Clone, Debug)]
pub struct TrailEntry {
    /// The log entry.
    pub entry: access_log::Model,
    /// Who acted: name and e-mail (none for anonymous attempts and system jobs).
    pub actor: Option<(String, String)>,
    /// The actor's organisation name.
    pub actor_organisation: Option<String>,
}

/// Resolves the actors of `entries` (one query per distinct actor; trail pages are small).
pub async fn with_actors(
    db: &impl ConnectionTrait,
    entries: Vec<access_log::Model>,
) -> AppResult<Vec<TrailEntry>> {
    use std::collections::hash_map::Entry;
    let mut users = std::collections::HashMap::new();
    let mut orgs = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let actor = match entry.actor_user_id {
            Some(id) => {
                if let Entry::Vacant(slot) = users.entry(id) {
                    slot.insert(crate::repo::user(db, id).await?.map(|u| (u.name, u.email)));
                }
                users.get(&id).cloned().flatten()
            }
            None => None,
        };
        let actor_organisation = match entry.actor_organisation_id {
            Some(id) => {
                if let Entry::Vacant(slot) = orgs.entry(id) {
                    slot.insert(crate::repo::organisation(db, id).await?.map(|o| o.name));
                }
                orgs.get(&id).cloned().flatten()
            }
            None => None,
        };
        out.push(TrailEntry {
            entry,
            actor,
            actor_organisation,
        });
    }
    Ok(out)
}

/// The administrative trail of the actor's organisation, for its administrators.
pub async fn for_administrator(ctx: &Ctx, limit: u64) -> AppResult<Vec<TrailEntry>> {
    use platform::access::{DataClass, Relation};
    use platform::context::Target;
    let actor = ctx.user()?;
    let target = Target {
        tenant_id: actor.organisation_id,
        subject_employee_id: None,
        resource_type: "admin_trail",
        resource_id: None,
        relations: vec![Relation::OwnOrganisation],
    };
    ctx.authorize(&target, DataClass::Admin, Action::Read)
        .await?;
    if !actor.roles.iter().any(|r| r.is_administrator()) {
        ctx.deny(
            &target,
            DataClass::Admin,
            Action::Read,
            "the trail is for the organisation's administrators",
        )
        .await?;
    }
    let entries = of_organisation(&ctx.db, actor.organisation_id, limit).await?;
    with_actors(&ctx.db, entries).await
}

/// The events about the actor's own account.
pub async fn for_account_owner(ctx: &Ctx, limit: u64) -> AppResult<Vec<TrailEntry>> {
    let actor = ctx.user()?;
    let employee =
        crate::repo::employee_of_user(&ctx.db, actor.organisation_id, actor.user_id).await?;
    let entries = of_account(
        &ctx.db,
        actor.organisation_id,
        actor.user_id,
        employee.map(|e| e.id),
        limit,
    )
    .await?;
    with_actors(&ctx.db, entries).await
}
