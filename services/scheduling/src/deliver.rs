//! Delivery of the outbox: claim a due reminder (an atomic status change, so two workers never
//! send the same one), write the e-mail at the moment of sending, send it, mark it sent. On an
//! SMTP failure the reminder waits with a growing backoff and is tried again, for
//! [`GIVE_UP_AFTER_HOURS`]; then it is marked FAILED, which the tenant's administrator sees.
//!
//! The worker hands every reminder that can be sent to the job queue ([`to_queue`]) and sends
//! each in a job of its own ([`deliver_queued`]); `remind --once` sends in batches here
//! ([`deliver_due`], [`deliver_all`]). Both go through the same claim.
//!
//! Delivery is at least once: a process killed between the relay's acceptance and the mark
//! sends that one reminder again — with the same Message-ID, which mail systems use to drop
//! the second copy. The claim of a dead worker's job is taken over by that same job when the
//! queue runs it again (it is named in `claimed_by`), by anyone after
//! [`RECLAIM_AFTER_MINUTES`]; never while the first run is still alive in the same process
//! ([`InFlight`]).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use platform::mail::Mailer;
use platform::{AppError, AppResult, OrganisationKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::reminder;
pub use crate::entities::reminder::ReminderStatus;
use crate::ical::{Event, calendar};
use crate::text::{Lang, Wording};

/// A claim older than this belongs to a worker that died; the reminder is taken over. Longer
/// than any SMTP conversation (the mailer times out after a minute), so a slow relay never
/// makes two workers send the same reminder.
pub const RECLAIM_AFTER_MINUTES: i64 = 10;
/// A reminder handed to the queue this long ago and still waiting lost its job (a queue
/// emptied by hand, an in-memory queue restarted): it is handed over again.
pub const REQUEUE_AFTER_MINUTES: i64 = 15;
/// Retries stop this long after the reminder was queued.
pub const GIVE_UP_AFTER_HOURS: i64 = 72;
const BATCH: u64 = 100;

/// Where links in e-mails point.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The mailer.
    pub mailer: Mailer,
    /// Base URL of the web app.
    pub public_url: String,
    /// The reminders this process is delivering now (one set per process).
    pub in_flight: InFlight,
}

/// The reminders a process is delivering right now. The queue runs a job again when its
/// worker missed heartbeats, and a database outage makes every worker miss them while the
/// first run is still alive: it sent the e-mail and waits to mark it ([`mark_sent`]). The run
/// again must not take that claim over and send a second time, so in one process a reminder is
/// delivered by one run at a time — in a task of its own, which goes on when the queue drops
/// the job that started it ([`deliver_queued`]).
#[derive(Clone, Debug, Default)]
pub struct InFlight(Arc<Mutex<HashSet<Uuid>>>);

impl InFlight {
    /// Marks `id` as being delivered; `None` when it already is.
    fn enter(&self, id: Uuid) -> Option<InFlightGuard> {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        set.insert(id).then(|| InFlightGuard {
            set: self.clone(),
            id,
        })
    }
}

/// Removes its reminder from the set when the run ends, however it ends.
struct InFlightGuard {
    set: InFlight,
    id: Uuid,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        let mut set = self.set.0.lock().unwrap_or_else(PoisonError::into_inner);
        set.remove(&self.id);
    }
}

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Accepted by the relay.
    pub sent: u64,
    /// Failed now, to be tried again later.
    pub retrying: u64,
    /// Given up on.
    pub failed: u64,
    /// No longer due when their turn came.
    pub cancelled: u64,
}

/// The wait before attempt `n` (1, 2, 4, ... minutes, at most an hour).
pub fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(0, 6)).unwrap_or(6);
    Duration::minutes(2_i64.pow(exp).min(60))
}

/// Sends every reminder that is due by `now`, until none is left that can be sent now.
pub async fn deliver_due(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    deliver(db, delivery, now, now).await
}

/// Sends every waiting reminder now, also those waiting out a backoff (`remind --once`, run by
/// an operator after the relay is back).
pub async fn deliver_all(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    // A date far ahead but inside every database's timestamp range (SQLite compares text).
    deliver(db, delivery, now, now + Duration::days(3650)).await
}

async fn deliver(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    now: DateTime<Utc>,
    due_by: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    let claimant = format!("batch:{}", platform::ids::new_id());
    let mut report = DeliveryReport::default();
    let mut tried = std::collections::HashSet::new();
    loop {
        let batch = reminder::Entity::find()
            .filter(sendable(now, due_by))
            .order_by_asc(reminder::Column::NextAttemptAt)
            .limit(BATCH)
            .all(db)
            .await?;
        if batch.is_empty() {
            return Ok(report);
        }
        let mut claimed_any = false;
        for row in batch {
            // One attempt per reminder per pass: a failure is retried in a later pass.
            if !tried.insert(row.id) || !claim(db, &row, &claimant, now).await? {
                continue;
            }
            claimed_any = true;
            attempt(db, delivery, row, now, &mut report).await?;
        }
        if !claimed_any {
            // Everything in this batch was taken by another worker meanwhile.
            return Ok(report);
        }
    }
}

/// Waiting and due by `due_by`, or claimed by a worker that died.
fn sendable(now: DateTime<Utc>, due_by: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(reminder::Column::Status.eq(ReminderStatus::Pending))
                .add(reminder::Column::NextAttemptAt.lte(due_by)),
        )
        .add(
            Condition::all()
                .add(reminder::Column::Status.eq(ReminderStatus::Sending))
                .add(
                    reminder::Column::ClaimedAt.lt(now - Duration::minutes(RECLAIM_AFTER_MINUTES)),
                ),
        )
}

/// One reminder the worker hands to the job queue: the job's argument and a key naming this
/// try, so pushing it twice makes one job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// The reminder.
    pub reminder: Uuid,
    /// Unique per reminder, try and hand-over.
    pub key: String,
}

/// Marks up to `limit` reminders that can be sent now and have no live job as handed to the
/// queue, and returns them for the caller to push. A worker that dies between the two leaves
/// them marked; they are handed over again after [`REQUEUE_AFTER_MINUTES`].
pub async fn to_queue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<Queued>> {
    let requeue = now - Duration::minutes(REQUEUE_AFTER_MINUTES);
    let rows: Vec<(Uuid, i32)> = reminder::Entity::find()
        .select_only()
        .column(reminder::Column::Id)
        .column(reminder::Column::Attempts)
        .filter(sendable(now, now))
        .filter(
            Condition::any()
                .add(reminder::Column::QueuedAt.is_null())
                .add(reminder::Column::QueuedAt.lt(requeue)),
        )
        .order_by_asc(reminder::Column::NextAttemptAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    reminder::Entity::update_many()
        .col_expr(reminder::Column::QueuedAt, Expr::value(now))
        .filter(reminder::Column::Id.is_in(rows.iter().map(|(id, _)| *id)))
        .exec(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, attempts)| Queued {
            reminder: id,
            key: format!("{id}:{attempts}:{}", now.timestamp()),
        })
        .collect())
}

/// The job for one reminder: sends it if it can be sent now and nobody else is sending it.
/// `job` is the queue's id of this job; a reminder it claimed before its worker died is its
/// own to take over. A job for a reminder sent, cancelled or waiting out a backoff meanwhile
/// does nothing (the enqueue pass hands a later try to a new job).
pub async fn deliver_queued(
    db: &sea_orm::DatabaseConnection,
    delivery: &Delivery,
    id: Uuid,
    job: &str,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    let Some(running) = delivery.in_flight.enter(id) else {
        return Ok(DeliveryReport::default());
    };
    // The run goes on in a task of its own that holds the reminder in flight: when the queue
    // drops this job's future (its worker lost the database and gave the job up) after the
    // e-mail went out, the task still marks it sent, and a run again in this process finds it
    // in flight instead of sending it a second time.
    let (db, delivery, job) = (db.clone(), delivery.clone(), job.to_string());
    tokio::spawn(async move {
        let _running = running;
        let mut report = DeliveryReport::default();
        let Some(row) = reminder::Entity::find_by_id(id).one(&db).await? else {
            return Ok(report);
        };
        let ours = row.status == ReminderStatus::Sending && row.claimed_by.as_deref() == Some(&job);
        let stale = row
            .claimed_at
            .is_some_and(|at| at < now - Duration::minutes(RECLAIM_AFTER_MINUTES));
        let sendable = match row.status {
            ReminderStatus::Pending => row.next_attempt_at <= now,
            ReminderStatus::Sending => ours || stale,
            _ => false,
        };
        if sendable && claim(&db, &row, &job, now).await? {
            attempt(&db, &delivery, row, now, &mut report).await?;
        }
        Ok(report)
    })
    .await
    .map_err(|e| AppError::invariant(format!("a delivery task ended abnormally: {e}")))?
}

/// Sends a claimed reminder (or cancels it when its deadline is done) and records the outcome.
async fn attempt(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    row: reminder::Model,
    now: DateTime<Utc>,
    report: &mut DeliveryReport,
) -> AppResult<()> {
    if !still_due(db, &row).await? {
        let mut done = row.into_active_model();
        done.status = Set(ReminderStatus::Cancelled);
        done.update(db).await?;
        report.cancelled += 1;
        return Ok(());
    }
    match send(db, delivery, &row).await {
        Ok(()) => {
            mark_sent(db, row, now).await?;
            report.sent += 1;
        }
        Err(e) => {
            let attempts = row.attempts + 1;
            let give_up = now - row.created_at > Duration::hours(GIVE_UP_AFTER_HOURS);
            tracing::warn!(reminder = %row.id, attempts, error = %e, "reminder not delivered");
            let mut retry = row.into_active_model();
            retry.attempts = Set(attempts);
            retry.last_error = Set(Some(e.to_string().chars().take(500).collect()));
            retry.claimed_at = Set(None);
            retry.claimed_by = Set(None);
            // The next try gets a job of its own once its backoff is over.
            retry.queued_at = Set(None);
            if give_up {
                retry.status = Set(ReminderStatus::Failed);
                report.failed += 1;
            } else {
                retry.status = Set(ReminderStatus::Pending);
                retry.next_attempt_at = Set(now + backoff(attempts));
                report.retrying += 1;
            }
            retry.update(db).await?;
        }
    }
    Ok(())
}

/// Marks a sent reminder. The e-mail is out: if the database is away at this moment (a restart,
/// a fail-over), giving up would let the job run again and send it a second time, so the mark
/// is retried for as long as an outage may reasonably last. Only a process that dies in that
/// window sends twice (at least once, as the module says).
async fn mark_sent(
    db: &impl ConnectionTrait,
    row: reminder::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);
    let started = std::time::Instant::now();
    let mut wait = std::time::Duration::from_millis(100);
    loop {
        let mut done = row.clone().into_active_model();
        done.status = Set(ReminderStatus::Sent);
        done.sent_at = Set(Some(now));
        done.last_error = Set(None);
        match done.update(db).await {
            Ok(_) => return Ok(()),
            Err(e) if started.elapsed() < PATIENCE => {
                tracing::warn!(reminder = %row.id, error = %e, "sent, but not yet marked; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Takes the reminder for `claimant`: of several claims on the same state only one succeeds.
async fn claim(
    db: &impl ConnectionTrait,
    row: &reminder::Model,
    claimant: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let mut q = reminder::Entity::update_many()
        .col_expr(
            reminder::Column::Status,
            Expr::value(ReminderStatus::Sending.as_str()),
        )
        .col_expr(reminder::Column::ClaimedAt, Expr::value(now))
        .col_expr(reminder::Column::ClaimedBy, Expr::value(claimant))
        .filter(reminder::Column::Id.eq(row.id))
        .filter(reminder::Column::Status.eq(row.status));
    q = match row.claimed_at {
        Some(at) => q.filter(reminder::Column::ClaimedAt.eq(at)),
        None => q.filter(reminder::Column::ClaimedAt.is_null()),
    };
    Ok(q.exec(db).await?.rows_affected == 1)
}

/// Writes and sends one reminder. Nothing in it comes from the medical file: the deadline's
/// name, a date, the employee's first name and a link.
async fn send(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    row: &reminder::Model,
) -> AppResult<()> {
    let user = identity::repo::user(db, row.recipient_user_id)
        .await?
        .ok_or_else(|| AppError::invariant("reminder for a removed user"))?;
    let (tenant_id, employee_id) = cases::schedule::case_subject(db, row.case_id)
        .await?
        .ok_or_else(|| AppError::invariant("reminder for a removed case"))?;
    let employee = identity::repo::employee(db, tenant_id, employee_id).await?;
    let first_name = employee
        .as_ref()
        .and_then(|e| e.name.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    let is_employee = employee.as_ref().and_then(|e| e.user_id) == Some(user.id);
    let kind = identity::repo::organisation(db, user.tenant_id)
        .await?
        .map(|o| o.kind);
    let base = delivery.public_url.trim_end_matches('/');
    let link = match (is_employee, kind) {
        (true, _) => format!("{base}/werknemer/mijn-verzuim"),
        (false, Some(OrganisationKind::OccupationalHealthService)) => {
            format!("{base}/bedrijfsarts/dossiers/{}", row.case_id)
        }
        (false, Some(OrganisationKind::ReintegrationAgency)) => {
            format!("{base}/re-integratie/dossiers/{}", row.case_id)
        }
        _ => format!("{base}/werkgever/dossiers/{}", row.case_id),
    };
    let today = platform::clock::dutch_date(row.next_attempt_at)
        .max(platform::clock::dutch_date(row.created_at));
    let words = Wording {
        lang: Lang::from(user.language),
        subject: row.subject,
        first_name: &first_name,
        due: row.due_on,
        today,
        for_employee: is_employee,
    };
    let to: Mailbox = format!("{} <{}>", user.name, user.email)
        .parse()
        .map_err(|_| AppError::invariant("a user's e-mail address does not parse"))?;
    let ics = calendar(
        &words.title(),
        &[Event {
            uid: format!(
                "{}/{}/{}@poortwachter",
                row.case_id,
                row.subject.as_str(),
                row.due_on
            ),
            on: row.due_on,
            summary: words.title(),
            url: link.clone(),
        }],
        row.created_at,
    );
    let (text, html) = words
        .bodies(&user.name, &link)
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let body = MultiPart::alternative_plain_html(text, html);
    let message = Message::builder()
        .from(delivery.mailer.from().clone())
        .to(to)
        .subject(words.title())
        .message_id(Some(format!("<reminder-{}@poortwachter>", row.id)))
        .multipart(
            MultiPart::mixed().multipart(body).singlepart(
                Attachment::new("termijn.ics".into()).body(
                    ics,
                    ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                        .map_err(|e| AppError::invariant(e.to_string()))?,
                ),
            ),
        )
        .map_err(|e| AppError::invariant(e.to_string()))?;
    delivery
        .mailer
        .send_message(message)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))
}

/// Whether the deadline is still open: one done (or a case closed) since the sweep is no
/// longer in `case_deadlines`, and nobody needs a reminder of it.
async fn still_due(db: &impl ConnectionTrait, row: &reminder::Model) -> AppResult<bool> {
    cases::schedule::still_due(db, row.case_id, row.subject, row.due_on).await
}
