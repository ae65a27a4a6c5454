//! What users see of scheduling: their tasks (what is due from them, overdue first), their
//! notification settings, their calendar feed; and for the employer's HR administrator the
//! reminder policy and the reminders that could not be delivered.

use std::collections::HashMap;

use chrono::NaiveDate;
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::crypto::{random_token, sha256_hex};
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, UserActor};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::deliver::{Outbox, ReminderStatus};
use crate::entities::{
    calendar_token, digest, notification_setting, reminder, reminder_policy, reminder_setting,
};
use crate::policy::{Policy, policies, policies_of, validate};
use crate::sweep::recipients;
use cases::schedule::{StepKind, parties_of};

/// How far ahead the task list and the calendar look.
const TASK_HORIZON_DAYS: u64 = 60;

/// Something due from the user.
#[derive(Clone, Debug)]
pub struct Task {
    /// The case.
    pub case_id: Uuid,
    /// The employee's name.
    pub employee: String,
    /// The deadline kind (or the expected answer of an expert opinion).
    pub kind: StepKind,
    /// Due date.
    pub due_on: NaiveDate,
    /// The user is the employee of this case (his own links go to his own page).
    pub own_case: bool,
}

/// The open deadlines of the cases in `actor`'s reach that the policy addresses to him, due
/// within 60 days or overdue, earliest first.
pub async fn tasks(
    db: &impl ConnectionTrait,
    actor: &UserActor,
    today: NaiveDate,
) -> AppResult<Vec<Task>> {
    let horizon = today
        .checked_add_days(chrono::Days::new(TASK_HORIZON_DAYS))
        .unwrap_or(today);
    let deadlines = cases::schedule::due_in_reach(db, actor, horizon).await?;
    if deadlines.is_empty() {
        return Ok(vec![]);
    }
    // Everything beside the deadlines is read for all of them at once: the employers'
    // policies, the cases' parties and the employees' names (a statement each).
    let mut tenants: Vec<Uuid> = deadlines.iter().map(|(d, _)| d.tenant_id).collect();
    tenants.sort_unstable();
    tenants.dedup();
    let tenant_policies = policies_of(db, tenants).await?;
    let case_parties = parties_of(db, deadlines.iter().map(|(d, _)| d.case_id).collect()).await?;
    let mut mine = Vec::new();
    for (d, employee_id) in deadlines {
        let Some(policy) = tenant_policies
            .get(&d.tenant_id)
            .and_then(|p| p.get(&d.kind))
        else {
            continue;
        };
        let Some(parties) = case_parties.get(&d.case_id) else {
            continue;
        };
        // Whose turn it is does not depend on whether reminders are switched on.
        let responsible = Policy {
            enabled: true,
            ..policy.clone()
        };
        if recipients(&responsible, parties, &d).contains(&actor.user_id) {
            let own = parties.employee == Some(actor.user_id);
            mine.push((d, employee_id, own));
        }
    }
    let names: HashMap<Uuid, String> =
        identity::repo::employee_names(db, mine.iter().map(|(_, e, _)| *e).collect())
            .await?
            .into_iter()
            .collect();
    Ok(mine
        .into_iter()
        .map(|(d, employee_id, own_case)| Task {
            case_id: d.case_id,
            employee: names.get(&employee_id).cloned().unwrap_or_default(),
            kind: d.kind,
            due_on: d.due_on,
            own_case,
        })
        .collect())
}

/// How a user wants to hear of his steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotificationSettings {
    /// Reminders ahead of a deadline (default yes; those on the day and after always come).
    pub advance_reminders: bool,
    /// One e-mail a day with everything (default), or one per step.
    pub daily_digest: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            advance_reminders: true,
            daily_digest: true,
        }
    }
}

/// The user's notification settings (the defaults unless he changed them).
pub async fn notification_settings(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> AppResult<NotificationSettings> {
    Ok(notification_setting::Entity::find()
        .filter(notification_setting::Column::UserId.eq(user))
        .one(db)
        .await?
        .map(|s| NotificationSettings {
            advance_reminders: s.advance_reminders,
            daily_digest: s.daily_digest,
        })
        .unwrap_or_default())
}

/// Changes the signed-in user's own notification settings and returns them.
pub async fn change_notification_settings(
    ctx: &Ctx,
    change: impl FnOnce(&mut NotificationSettings),
) -> AppResult<NotificationSettings> {
    let user = ctx.user()?;
    let existing = notification_setting::Entity::find()
        .filter(notification_setting::Column::TenantId.eq(user.organisation_id))
        .filter(notification_setting::Column::UserId.eq(user.user_id))
        .one(&ctx.db)
        .await?;
    let mut settings = existing
        .as_ref()
        .map(|s| NotificationSettings {
            advance_reminders: s.advance_reminders,
            daily_digest: s.daily_digest,
        })
        .unwrap_or_default();
    change(&mut settings);
    match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.advance_reminders = Set(settings.advance_reminders);
            row.daily_digest = Set(settings.daily_digest);
            row.updated_at = Set(ctx.clock.now());
            row.update(&ctx.db).await?;
        }
        None => {
            notification_setting::ActiveModel {
                id: Set(platform::ids::new_id()),
                tenant_id: Set(user.organisation_id),
                user_id: Set(user.user_id),
                advance_reminders: Set(settings.advance_reminders),
                daily_digest: Set(settings.daily_digest),
                updated_at: Set(ctx.clock.now()),
            }
            .insert(&ctx.db)
            .await?;
        }
    }
    Ok(settings)
}

/// The employer's own organisation, for policy administration; anyone else is refused.
async fn employer_admin(ctx: &Ctx, action: Action) -> AppResult<Uuid> {
    let user = ctx.user()?;
    let target = Target {
        tenant_id: user.organisation_id,
        subject_employee_id: None,
        resource_type: "reminder_policy",
        resource_id: None,
        relations: vec![Relation::OwnOrganisation],
    };
    if user.organisation_kind != OrganisationKind::Employer {
        ctx.deny(
            &target,
            DataClass::Admin,
            action,
            "reminders are an employer's setting",
        )
        .await?;
    }
    ctx.authorize(&target, DataClass::Admin, action).await?;
    Ok(user.organisation_id)
}

/// The reminder policy in effect, every deadline kind.
pub async fn reminder_policies(ctx: &Ctx) -> AppResult<Vec<Policy>> {
    let tenant = employer_admin(ctx, Action::Read).await?;
    let mut all: Vec<Policy> = policies(&ctx.db, tenant).await?.into_values().collect();
    all.sort_by_key(|p| {
        crate::policy::SUBJECTS
            .iter()
            .position(|s| *s == p.subject)
            .unwrap_or(usize::MAX)
    });
    Ok(all)
}

/// Saves the policy of one deadline kind (HR administrator).
pub async fn save_reminder_policy(ctx: &Ctx, policy: Policy) -> AppResult<Policy> {
    let tenant = employer_admin(ctx, Action::Update).await?;
    let mut policy = policy;
    policy.days_before.sort_unstable_by(|a, b| b.cmp(a));
    policy.days_before.dedup();
    validate(&policy)?;
    let recipients = crate::policy::Recipients(policy.recipients.clone());
    let days = crate::policy::DaysBefore(policy.days_before.clone());
    let every = i32::try_from(policy.overdue_every_days).unwrap_or(0);
    let user = ctx.user()?.user_id;
    // One statement on the unique (tenant, kind): two saves at once both land, the later
    // wins, instead of the second failing on an insert the first made meanwhile.
    reminder_policy::Entity::insert(reminder_policy::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant),
        deadline_kind: Set(policy.subject),
        enabled: Set(policy.enabled),
        recipients: Set(recipients),
        days_before: Set(days),
        overdue_every_days: Set(every),
        updated_by: Set(user),
        updated_at: Set(ctx.clock.now()),
    })
    .on_conflict(
        OnConflict::columns([
            reminder_policy::Column::TenantId,
            reminder_policy::Column::DeadlineKind,
        ])
        .update_columns([
            reminder_policy::Column::Enabled,
            reminder_policy::Column::Recipients,
            reminder_policy::Column::DaysBefore,
            reminder_policy::Column::OverdueEveryDays,
            reminder_policy::Column::UpdatedBy,
            reminder_policy::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(policy)
}

/// The hour of the day (Dutch time) at which the employer's people get their daily digest.
pub async fn digest_hour(ctx: &Ctx) -> AppResult<u32> {
    let tenant = employer_admin(ctx, Action::Read).await?;
    Ok(reminder_setting::Entity::find()
        .filter(reminder_setting::Column::TenantId.eq(tenant))
        .one(&ctx.db)
        .await?
        .map_or(crate::digest::DEFAULT_HOUR, |s| crate::digest::hour_of(&s)))
}

/// Sets the digest hour (HR administrator): a whole hour from 0 to 23, Dutch time.
pub async fn set_digest_hour(ctx: &Ctx, hour: i32) -> AppResult<i32> {
    let tenant = employer_admin(ctx, Action::Update).await?;
    if !(0..24).contains(&hour) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "hour",
            "must be a whole hour from 0 to 23",
        ));
    }
    // One row per tenant (its unique key): written or overwritten in one statement.
    reminder_setting::Entity::insert(reminder_setting::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant),
        digest_hour: Set(hour),
        updated_by: Set(ctx.user()?.user_id),
        updated_at: Set(ctx.clock.now()),
    })
    .on_conflict(
        OnConflict::column(reminder_setting::Column::TenantId)
            .update_columns([
                reminder_setting::Column::DigestHour,
                reminder_setting::Column::UpdatedBy,
                reminder_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(hour)
}

/// Reminders of the tenant that could not be delivered, newest first (HR administrator).
pub async fn failed_reminders(ctx: &Ctx) -> AppResult<Vec<reminder::Model>> {
    let tenant = employer_admin(ctx, Action::Read).await?;
    Ok(reminder::Entity::find()
        .filter(reminder::Column::TenantId.eq(tenant))
        .filter(reminder::Column::Status.eq(ReminderStatus::Failed))
        .order_by_desc(reminder::Column::CreatedAt)
        .limit(200)
        .all(&ctx.db)
        .await?)
}

/// Sends a failed reminder again (after the address or the relay was fixed).
pub async fn retry_reminder(ctx: &Ctx, id: Uuid) -> AppResult<()> {
    retry(ctx, Outbox::Reminder, id).await
}

/// Puts the employer's FAILED row `id` of `outbox` back to be sent (HR administrator); not
/// found when there is no such row of his.
async fn retry(ctx: &Ctx, outbox: Outbox, id: Uuid) -> AppResult<()> {
    let tenant = employer_admin(ctx, Action::Update).await?;
    if outbox
        .retry_failed(&ctx.db, tenant, id, ctx.clock.now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Daily digests to the employer's people that could not be delivered, newest first (HR
/// administrator). Their news waits for the next digest meanwhile.
pub async fn failed_digests(ctx: &Ctx) -> AppResult<Vec<digest::Model>> {
    let tenant = employer_admin(ctx, Action::Read).await?;
    Ok(digest::Entity::find()
        .filter(digest::Column::TenantId.eq(tenant))
        .filter(digest::Column::Status.eq(ReminderStatus::Failed))
        .order_by_desc(digest::Column::CreatedAt)
        .limit(200)
        .all(&ctx.db)
        .await?)
}

/// Sends a failed digest again (after the address or the relay was fixed): written anew, it
/// carries the news still waiting for it, or is not sent when a later digest carried it.
pub async fn retry_digest(ctx: &Ctx, id: Uuid) -> AppResult<()> {
    retry(ctx, Outbox::Digest, id).await
}

/// Makes a new calendar feed address for the user (the old one stops working); the token is
/// shown once and stored only as its hash.
pub async fn new_calendar_token(ctx: &Ctx) -> AppResult<String> {
    let user = ctx.user()?;
    revoke_calendar_tokens(ctx).await?;
    let token = random_token(32).map_err(|e| AppError::invariant(e.to_string()))?;
    calendar_token::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(user.organisation_id),
        user_id: Set(user.user_id),
        token_hash: Set(sha256_hex(token.as_bytes())),
        created_at: Set(ctx.clock.now()),
        revoked_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(token)
}

/// Stops the user's calendar feed.
pub async fn revoke_calendar_tokens(ctx: &Ctx) -> AppResult<bool> {
    let user = ctx.user()?;
    let res = calendar_token::Entity::update_many()
        .col_expr(
            calendar_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(ctx.clock.now()),
        )
        .filter(calendar_token::Column::TenantId.eq(user.organisation_id))
        .filter(calendar_token::Column::UserId.eq(user.user_id))
        .filter(calendar_token::Column::RevokedAt.is_null())
        .exec(&ctx.db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// When the user's current feed was made, if he has one.
pub async fn calendar_since(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(calendar_token::Entity::find()
        .filter(calendar_token::Column::UserId.eq(user))
        .filter(calendar_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .map(|t| t.created_at))
}

/// The feed behind `token`: the user's tasks as iCalendar, or `None` for an unknown or revoked
/// token (the caller answers 404).
pub async fn calendar_feed(
    db: &impl ConnectionTrait,
    token: &str,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    public_url: &str,
) -> AppResult<Option<String>> {
    let Some(row) = calendar_token::Entity::find()
        .filter(calendar_token::Column::TokenHash.eq(sha256_hex(token.as_bytes())))
        .filter(calendar_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = identity::repo::user(db, row.user_id).await? else {
        return Ok(None);
    };
    let actor = identity::repo::actor_of(db, &user).await?;
    let lang = crate::text::Lang::from(user.language);
    let base = public_url.trim_end_matches('/');
    let events: Vec<crate::ical::Event> = tasks(db, &actor, today)
        .await?
        .into_iter()
        .map(|t| {
            let first = t
                .employee
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            crate::ical::Event {
                uid: crate::ical::uid(t.case_id, t.kind, t.due_on),
                on: t.due_on,
                summary: format!("{} {first}", crate::text::subject_name(t.kind, lang)),
                url: format!("{base}/"),
            }
        })
        .collect();
    Ok(Some(crate::ical::calendar("Poortwachter", &events, now)))
}
