//! GraphQL of the scheduling service: my tasks, my notification settings and calendar feed, and
//! for the employer's HR administrator the reminder policy and the undelivered reminders.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;
use platform::{AppError, ErrorReason, GqlResultExt};

use crate::policy::{Policy, ReminderRecipient, allowed};
use crate::service;

/// Something due from me.
#[derive(SimpleObject, Clone)]
pub struct Task {
    /// The case.
    pub case_id: ID,
    /// The employee the case is about.
    pub employee: String,
    /// The deadline kind (`DeadlineKind` names), or `EXPERT_OPINION_ANSWER` for UWV's answer
    /// to a pending expert opinion.
    pub kind: String,
    /// Due date.
    pub due_on: Date,
    /// Days until the due date (negative when overdue).
    pub days_left: i32,
    /// Past its due date.
    pub overdue: bool,
}

/// My notification settings.
#[derive(SimpleObject, Clone)]
pub struct NotificationSettings {
    /// Reminders ahead of a deadline (those on and after the due date always come).
    pub advance_reminders: bool,
    /// One e-mail a day with all my steps (the default), instead of one per step. A step due
    /// today that missed the day's digest still comes alone.
    pub daily_digest: bool,
    /// When my current calendar feed address was made, if I have one.
    pub calendar_feed_since: Option<DateTime<Utc>>,
}

/// A new calendar feed address; shown once.
#[derive(SimpleObject, Clone)]
pub struct CalendarFeed {
    /// `…/api/calendar/{token}.ics`: subscribe to it in a calendar app.
    pub url: String,
}

/// The reminder policy of one deadline kind.
#[derive(SimpleObject, Clone)]
pub struct ReminderPolicy {
    /// The deadline kind (or `EXPERT_OPINION_ANSWER`).
    pub kind: String,
    /// Remind at all.
    pub enabled: bool,
    /// Who is reminded.
    pub recipients: Vec<ReminderRecipient>,
    /// Who may be reminded of this kind.
    pub allowed_recipients: Vec<ReminderRecipient>,
    /// Days before the due date (0 = on the day).
    pub days_before: Vec<i32>,
    /// After the due date, every so many days until done (0 = not).
    pub overdue_every_days: i32,
}

impl From<Policy> for ReminderPolicy {
    fn from(p: Policy) -> Self {
        ReminderPolicy {
            allowed_recipients: allowed(p.subject).to_vec(),
            kind: p.subject.as_str().into(),
            enabled: p.enabled,
            recipients: p.recipients,
            days_before: p
                .days_before
                .iter()
                .map(|d| i32::try_from(*d).unwrap_or(i32::MAX))
                .collect(),
            overdue_every_days: i32::try_from(p.overdue_every_days).unwrap_or(i32::MAX),
        }
    }
}

/// A changed reminder policy.
#[derive(InputObject, Clone)]
pub struct ReminderPolicyInput {
    /// The deadline kind.
    pub kind: String,
    /// Remind at all.
    pub enabled: bool,
    /// Who.
    pub recipients: Vec<ReminderRecipient>,
    /// Days before the due date (0 = on the day), at most 6, each at most 90.
    pub days_before: Vec<i32>,
    /// After the due date, every so many days (0 = not), at most 90.
    pub overdue_every_days: i32,
}

/// A reminder that could not be delivered.
#[derive(SimpleObject, Clone)]
pub struct FailedReminder {
    /// Id.
    pub id: ID,
    /// The deadline kind.
    pub kind: String,
    /// Due date of the deadline.
    pub due_on: Date,
    /// Whom it was for.
    pub recipient: String,
    /// The case's employee.
    pub employee: String,
    /// Attempts made.
    pub attempts: i32,
    /// The relay's last answer.
    pub last_error: Option<String>,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
}

/// A daily digest that could not be delivered.
#[derive(SimpleObject, Clone)]
pub struct FailedDigest {
    /// Id.
    pub id: ID,
    /// The day it was for.
    pub day: Date,
    /// Whom it was for.
    pub recipient: String,
    /// Attempts made.
    pub attempts: i32,
    /// The relay's last answer.
    pub last_error: Option<String>,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
}

/// "Name <address>" of a recipient, as HR's list of undelivered e-mails shows him.
async fn recipient_label(ctx: &platform::Ctx, user: uuid::Uuid) -> async_graphql::Result<String> {
    Ok(identity::repo::user(&ctx.db, user)
        .await
        .gql()?
        .map(|u| format!("{} <{}>", u.name, u.email))
        .unwrap_or_default())
}

fn non_negative(field: &'static str, v: i32) -> async_graphql::Result<u32> {
    u32::try_from(v)
        .map_err(|_| AppError::validation(ErrorReason::InvalidInput, field, "must not be negative"))
        .gql()
}

/// Queries of the scheduling service.
#[derive(Default)]
pub struct SchedulingQuery;

#[Object]
impl SchedulingQuery {
    /// What is due from me within 60 days or overdue, earliest first.
    async fn my_tasks(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Task>> {
        let ctx = request_ctx(gql)?;
        let today = ctx.clock.today();
        let tasks = service::tasks(&ctx.db, ctx.user().gql()?, today)
            .await
            .gql()?;
        Ok(tasks
            .into_iter()
            .map(|t| {
                let days = (t.due_on - today).num_days();
                Task {
                    case_id: ID(t.case_id.to_string()),
                    employee: t.employee,
                    kind: t.kind.as_str().into(),
                    due_on: Date(t.due_on),
                    days_left: i32::try_from(days).unwrap_or(i32::MIN),
                    overdue: days < 0,
                }
            })
            .collect())
    }

    /// My notification settings.
    async fn notification_settings(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<NotificationSettings> {
        let ctx = request_ctx(gql)?;
        let user = ctx.user().gql()?.user_id;
        let settings = service::notification_settings(&ctx.db, user).await.gql()?;
        settings_answer(ctx, settings).await
    }

    /// The hour (0–23, Dutch time) at which the employer's people get their daily digest
    /// (HR administrator); 7 unless changed.
    async fn digest_hour(&self, gql: &Context<'_>) -> async_graphql::Result<i32> {
        let ctx = request_ctx(gql)?;
        let hour = service::digest_hour(ctx).await.gql()?;
        Ok(i32::try_from(hour).unwrap_or(7))
    }

    /// The employer's reminder policy, every deadline kind (HR administrator, case manager).
    async fn reminder_policies(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<ReminderPolicy>> {
        let ctx = request_ctx(gql)?;
        Ok(service::reminder_policies(ctx)
            .await
            .gql()?
            .into_iter()
            .map(ReminderPolicy::from)
            .collect())
    }

    /// Reminders that could not be delivered after three days of retries (HR administrator).
    async fn failed_reminders(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<FailedReminder>> {
        let ctx = request_ctx(gql)?;
        let rows = service::failed_reminders(ctx).await.gql()?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let recipient = recipient_label(ctx, r.recipient_user_id).await?;
            let case = cases::schedule::case_subject(&ctx.db, r.case_id)
                .await
                .gql()?;
            let employee = match case {
                Some((tenant, employee)) => identity::repo::employee(&ctx.db, tenant, employee)
                    .await
                    .gql()?
                    .map(|e| e.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            out.push(FailedReminder {
                id: ID(r.id.to_string()),
                kind: r.subject.as_str().into(),
                due_on: Date(r.due_on),
                recipient,
                employee,
                attempts: r.attempts,
                last_error: r.last_error,
                queued_at: r.created_at,
            });
        }
        Ok(out)
    }

    /// Daily digests that could not be delivered after three days of retries (HR
    /// administrator); their news waits for the recipient's next digest.
    async fn failed_digests(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<FailedDigest>> {
        let ctx = request_ctx(gql)?;
        let rows = service::failed_digests(ctx).await.gql()?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let recipient = recipient_label(ctx, r.recipient_user_id).await?;
            out.push(FailedDigest {
                id: ID(r.id.to_string()),
                day: Date(r.day),
                recipient,
                attempts: r.attempts,
                last_error: r.last_error,
                queued_at: r.created_at,
            });
        }
        Ok(out)
    }
}

/// Mutations of the scheduling service.
#[derive(Default)]
pub struct SchedulingMutation;

#[Object]
impl SchedulingMutation {
    /// Switches my reminders ahead of deadlines on or off.
    async fn set_advance_reminders(
        &self,
        gql: &Context<'_>,
        on: bool,
    ) -> async_graphql::Result<NotificationSettings> {
        let ctx = request_ctx(gql)?;
        let settings = service::change_notification_settings(ctx, |s| s.advance_reminders = on)
            .await
            .gql()?;
        settings_answer(ctx, settings).await
    }

    /// Chooses one e-mail a day with all my steps (`true`, the default) or one per step.
    async fn set_daily_digest(
        &self,
        gql: &Context<'_>,
        on: bool,
    ) -> async_graphql::Result<NotificationSettings> {
        let ctx = request_ctx(gql)?;
        let settings = service::change_notification_settings(ctx, |s| s.daily_digest = on)
            .await
            .gql()?;
        settings_answer(ctx, settings).await
    }

    /// Sets the hour (0–23, Dutch time) of the daily digest for the employer's people (HR
    /// administrator). Company doctors and agency consultants get theirs at 7.
    async fn set_digest_hour(&self, gql: &Context<'_>, hour: i32) -> async_graphql::Result<i32> {
        let ctx = request_ctx(gql)?;
        service::set_digest_hour(ctx, hour).await.gql()
    }

    /// A new address for my calendar feed of deadlines; the previous one stops working.
    async fn create_calendar_feed(&self, gql: &Context<'_>) -> async_graphql::Result<CalendarFeed> {
        let ctx = request_ctx(gql)?;
        let token = service::new_calendar_token(ctx).await.gql()?;
        let base = gql
            .data::<PublicUrl>()
            .map(|u| u.0.trim_end_matches('/').to_string())
            .unwrap_or_default();
        Ok(CalendarFeed {
            url: format!("{base}/api/calendar/{token}.ics"),
        })
    }

    /// Stops my calendar feed.
    async fn revoke_calendar_feed(&self, gql: &Context<'_>) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        service::revoke_calendar_tokens(ctx).await.gql()
    }

    /// Changes the reminder policy of one deadline kind (HR administrator).
    async fn save_reminder_policy(
        &self,
        gql: &Context<'_>,
        input: ReminderPolicyInput,
    ) -> async_graphql::Result<ReminderPolicy> {
        let ctx = request_ctx(gql)?;
        let mut days_before = Vec::with_capacity(input.days_before.len());
        for d in input.days_before {
            days_before.push(non_negative("daysBefore", d)?);
        }
        let policy = Policy {
            subject: cases::schedule::StepKind::parse(&input.kind)
                .ok_or_else(|| {
                    AppError::validation(ErrorReason::InvalidInput, "kind", "unknown deadline kind")
                })
                .gql()?,
            enabled: input.enabled,
            recipients: input.recipients,
            days_before,
            overdue_every_days: non_negative("overdueEveryDays", input.overdue_every_days)?,
        };
        Ok(service::save_reminder_policy(ctx, policy)
            .await
            .gql()?
            .into())
    }

    /// Sends an undelivered reminder again (HR administrator).
    async fn retry_reminder(&self, gql: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        service::retry_reminder(ctx, parse_id(&id)?).await.gql()?;
        Ok(true)
    }

    /// Sends an undelivered daily digest again (HR administrator).
    async fn retry_digest(&self, gql: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        service::retry_digest(ctx, parse_id(&id)?).await.gql()?;
        Ok(true)
    }
}

/// The settings as the API shows them, with the calendar feed's date.
async fn settings_answer(
    ctx: &platform::Ctx,
    settings: service::NotificationSettings,
) -> async_graphql::Result<NotificationSettings> {
    let user = ctx.user().gql()?.user_id;
    Ok(NotificationSettings {
        advance_reminders: settings.advance_reminders,
        daily_digest: settings.daily_digest,
        calendar_feed_since: service::calendar_since(&ctx.db, user).await.gql()?,
    })
}

/// The web app's base URL, for links the API hands out (installed as schema data).
#[derive(Clone, Debug)]
pub struct PublicUrl(pub String);
