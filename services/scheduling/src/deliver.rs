//! Delivery of the two outboxes — reminders that go alone and the daily digests ([`Outbox`]),
//! whose delivery state has the same columns: claim a due row (an atomic status change, so two
//! workers never send the same one), write the e-mail at the moment of sending, send it, mark
//! it sent (with the news a digest carried). On an SMTP failure the row waits with a
//! growing backoff and is tried again, for [`GIVE_UP_AFTER_HOURS`]; then it is marked FAILED,
//! which the tenant's administrator sees.
//!
//! The worker hands every row that can be sent to the job queue in batches ([`to_queue`]); a
//! job sends its batch one after another, each row claimed just before it is sent
//! ([`deliver_queued`]); `remind --once` sends here without the queue ([`deliver_due`],
//! [`deliver_all`]). Both go through the same claim.
//!
//! Delivery is at least once: a process killed between the relay's acceptance and the mark
//! sends that one e-mail again — with the same Message-ID, which mail systems use to drop the
//! second copy. The claim of a dead worker's job is taken over by that same job when the
//! queue runs it again (it is named in `claimed_by`) after [`TAKE_OVER_AFTER_SECONDS`], by
//! anyone after [`RECLAIM_AFTER_MINUTES`]; never while the first run is still alive in the
//! same process ([`InFlight`]).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use platform::mail::Mailer;
use platform::{AppError, AppResult, OrganisationKind};
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::entities::reminder::ReminderStatus;
use crate::entities::{digest, reminder};
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
    Duration::minutes(std::cmp::min(2_i64.pow(exp), 60))
}

/// Which outbox a row is in: `reminders` (a reminder that goes alone) or `digests` (a
/// recipient's daily digest). Both have the delivery columns `id`, `status`, `attempts`,
/// `next_attempt_at`, `claimed_at`, `claimed_by`, `queued_at`, `last_error`, `sent_at`,
/// `created_at`, so claiming, retrying and marking are written once, by column name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outbox {
    /// `reminders`. The default, so a job queued before digests existed still reads.
    #[default]
    Reminder,
    /// `digests`.
    Digest,
}

/// A row's delivery state, read alike from either outbox.
#[derive(Clone, Debug, FromQueryResult)]
struct State {
    id: Uuid,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    claimed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// A delivery column, by the name both outboxes give it.
fn col(name: &'static str) -> Expr {
    Expr::col(Alias::new(name))
}

impl Outbox {
    const BOTH: [Outbox; 2] = [Outbox::Digest, Outbox::Reminder];

    /// Up to `limit` rows matching `which`, the longest waiting first.
    async fn states(
        self,
        db: &impl ConnectionTrait,
        which: Condition,
        limit: u64,
    ) -> AppResult<Vec<State>> {
        async fn of<E: EntityTrait>(
            db: &impl ConnectionTrait,
            which: Condition,
            limit: u64,
        ) -> AppResult<Vec<State>> {
            Ok(E::find()
                .filter(which)
                .order_by_asc(col("next_attempt_at"))
                .limit(limit)
                .into_model::<State>()
                .all(db)
                .await?)
        }
        match self {
            Outbox::Reminder => of::<reminder::Entity>(db, which, limit).await,
            Outbox::Digest => of::<digest::Entity>(db, which, limit).await,
        }
    }

    /// Sets `values` on the rows matching `which`; the number changed.
    async fn update(
        self,
        db: &impl ConnectionTrait,
        values: Vec<(&'static str, Expr)>,
        which: Condition,
    ) -> AppResult<u64> {
        async fn of<E: EntityTrait>(
            db: &impl ConnectionTrait,
            values: Vec<(&'static str, Expr)>,
            which: Condition,
        ) -> AppResult<u64> {
            let mut q = E::update_many();
            for (name, value) in values {
                q = q.col_expr(Alias::new(name), value);
            }
            Ok(q.filter(which).exec(db).await?.rows_affected)
        }
        match self {
            Outbox::Reminder => of::<reminder::Entity>(db, values, which).await,
            Outbox::Digest => of::<digest::Entity>(db, values, which).await,
        }
    }

    /// Puts the FAILED row `id` of `tenant` back to be sent now, with a new window of
    /// retries (HR sends it again once the address or the relay is fixed); false when there
    /// is no such row.
    pub(crate) async fn retry_failed(
        self,
        db: &impl ConnectionTrait,
        tenant: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> AppResult<bool> {
        let changed = self
            .update(
                db,
                vec![
                    ("status", Expr::value(ReminderStatus::Pending.as_str())),
                    ("next_attempt_at", Expr::value(now)),
                    ("created_at", Expr::value(now)),
                    ("attempts", Expr::value(0)),
                ],
                Condition::all()
                    .add(col("id").eq(id))
                    .add(col("tenant_id").eq(tenant))
                    .add(col("status").eq(ReminderStatus::Failed.as_str())),
            )
            .await?;
        Ok(changed > 0)
    }

    /// Writes the e-mail of row `id`; `None` when there is nothing to send any more.
    async fn write(
        self,
        db: &impl ConnectionTrait,
        delivery: &Delivery,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> AppResult<Option<Written>> {
        match self {
            Outbox::Reminder => write_reminder(db, delivery, id).await,
            Outbox::Digest => crate::digest::write(db, delivery, id, now).await,
        }
    }
}

/// An e-mail ready to go, and the digest batches it carries (marked carried with it).
pub(crate) struct Written {
    pub(crate) message: Message,
    pub(crate) carries: Vec<crate::digest::Carried>,
}

/// Sends every reminder and digest that is due by `now`, until none is left that can be sent
/// now.
pub async fn deliver_due(
    db: &(impl ConnectionTrait + TransactionTrait),
    delivery: &Delivery,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    deliver(db, delivery, now, now).await
}

/// Sends everything waiting now, also what waits out a backoff or for its hour (`remind
/// --once`, run by an operator after the relay is back).
pub async fn deliver_all(
    db: &(impl ConnectionTrait + TransactionTrait),
    delivery: &Delivery,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    // A date far ahead but inside every database's timestamp range (SQLite compares text).
    deliver(db, delivery, now, now + Duration::days(3650)).await
}

async fn deliver(
    db: &(impl ConnectionTrait + TransactionTrait),
    delivery: &Delivery,
    now: DateTime<Utc>,
    due_by: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    let claimant = format!("batch:{}", platform::ids::new_id());
    let mut report = DeliveryReport::default();
    let mut tried = std::collections::HashSet::new();
    // Digests first: they mark the reminders they carry, which then need no mail of their own.
    for outbox in Outbox::BOTH {
        loop {
            // One attempt per row per pass: a failure is retried in a later pass.
            let fresh: Vec<Uuid> = outbox
                .states(db, sendable(now, due_by), BATCH)
                .await?
                .into_iter()
                .map(|row| row.id)
                .filter(|id| tried.insert(*id))
                .collect();
            if fresh.is_empty() {
                break;
            }
            let mut claimed_any = false;
            for id in fresh {
                if let Claim::Taken(row) = claim(db, outbox, id, &claimant, now, due_by).await? {
                    claimed_any = true;
                    attempt(db, delivery, outbox, row, now, &mut report).await?;
                }
            }
            if !claimed_any {
                // Everything in this batch was taken by another worker meanwhile.
                break;
            }
        }
    }
    Ok(report)
}

/// Waiting and due by `due_by`, or claimed by a worker that died.
fn sendable(now: DateTime<Utc>, due_by: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(col("status").eq(ReminderStatus::Pending.as_str()))
                .add(col("next_attempt_at").lte(due_by)),
        )
        .add(
            Condition::all()
                .add(col("status").eq(ReminderStatus::Sending.as_str()))
                .add(col("claimed_at").lt(now - Duration::minutes(RECLAIM_AFTER_MINUTES))),
        )
}

/// Rows of one outbox the worker hands to one job: the job's argument and a key naming this
/// try, so pushing it twice makes one job. A job sends its rows one after another over one
/// pooled SMTP connection, so the queue's round trip is paid once per batch
/// (`worker_batch`, default 25).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// Which outbox.
    pub outbox: Outbox,
    /// The rows.
    pub ids: Vec<Uuid>,
    /// Unique per batch, try and hand-over.
    pub key: String,
}

/// Marks up to `limit` rows (of both outboxes) that can be sent now and have no live job as
/// handed to the queue, and returns them in batches for the caller to push. A worker that dies between
/// the two leaves them marked; they are handed over again after [`REQUEUE_AFTER_MINUTES`].
pub async fn to_queue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
    batch: usize,
) -> AppResult<Vec<Queued>> {
    let requeue = now - Duration::minutes(REQUEUE_AFTER_MINUTES);
    let mut out: Vec<Queued> = Vec::new();
    for outbox in Outbox::BOTH {
        let handed: usize = out.iter().map(|q| q.ids.len()).sum();
        let room = limit.saturating_sub(handed as u64);
        if room == 0 {
            break;
        }
        let rows = outbox
            .states(
                db,
                // Both: sendable, and not with a live job.
                Condition::all().add(sendable(now, now)).add(
                    Condition::any()
                        .add(col("queued_at").is_null())
                        .add(col("queued_at").lt(requeue)),
                ),
                room,
            )
            .await?;
        if rows.is_empty() {
            continue;
        }
        outbox
            .update(
                db,
                vec![("queued_at", Expr::value(now))],
                Condition::all().add(col("id").is_in(rows.iter().map(|r| r.id))),
            )
            .await?;
        out.extend(rows.chunks(batch.max(1)).filter_map(|batch| {
            let first = batch.first()?;
            Some(Queued {
                outbox,
                ids: batch.iter().map(|r| r.id).collect(),
                key: format!(
                    "{outbox:?}:{}:{}:{}",
                    first.id,
                    first.attempts,
                    now.timestamp()
                ),
            })
        }));
    }
    Ok(out)
}

/// The job for a batch of rows: sends those that can be sent now and nobody else is sending,
/// one after another. `job` is the queue's id of this job; a row it claimed before its worker
/// died is its own to take over. A row sent, cancelled or waiting out a backoff meanwhile is
/// left alone (the enqueue pass hands a later try to a new job).
pub async fn deliver_queued(
    db: &sea_orm::DatabaseConnection,
    delivery: &Delivery,
    outbox: Outbox,
    ids: &[Uuid],
    job: &str,
    now: DateTime<Utc>,
) -> AppResult<DeliveryReport> {
    let running: Vec<InFlightGuard> = ids
        .iter()
        .filter_map(|id| delivery.in_flight.enter(*id))
        .collect();
    if running.is_empty() {
        return Ok(DeliveryReport::default());
    }
    // The run goes on in a task of its own that holds the rows in flight: when the queue
    // drops this job's future (its worker lost the database and gave the job up) after an
    // e-mail went out, the task still marks it sent, and a run again in this process finds it
    // in flight instead of sending it a second time.
    let (db, delivery, job) = (db.clone(), delivery.clone(), job.to_string());
    tokio::spawn(async move {
        let ids: Vec<Uuid> = running.iter().map(|r| r.id).collect();
        let _running = running;
        let started = std::time::Instant::now();
        let at = || now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let mut report = DeliveryReport::default();
        // Each row is claimed just before it is sent, so a run that dies leaves at most the
        // one it was sending claimed.
        let mut waiting = Vec::new();
        for id in ids {
            match claim(&db, outbox, id, &job, at(), at()).await? {
                Claim::Taken(row) => {
                    attempt(&db, &delivery, outbox, row, at(), &mut report).await?
                }
                Claim::Ours(since) => waiting.push((id, since)),
                Claim::Gone => {}
            }
        }
        // Rows an earlier run of this job claimed: that run may be alive elsewhere (its worker
        // only slow to beat), so they are taken over once it has had its time.
        for (id, since) in waiting {
            // A second past the moment: the database compares at microseconds, and a claim at
            // the very moment is not yet a takeover.
            let ready = since + Duration::seconds(TAKE_OVER_AFTER_SECONDS + 1);
            if let Ok(wait) = (ready - at()).to_std() {
                tokio::time::sleep(wait).await;
            }
            if let Claim::Taken(row) = claim(&db, outbox, id, &job, at(), at()).await? {
                attempt(&db, &delivery, outbox, row, at(), &mut report).await?;
            }
        }
        Ok(report)
    })
    .await
    .map_err(|e| AppError::invariant(format!("a delivery task ended abnormally: {e}")))?
}

/// Writes and sends a claimed row (or cancels it when there is nothing left to say) and
/// records the outcome.
async fn attempt(
    db: &(impl ConnectionTrait + TransactionTrait),
    delivery: &Delivery,
    outbox: Outbox,
    row: State,
    now: DateTime<Utc>,
    report: &mut DeliveryReport,
) -> AppResult<()> {
    let by_id = || Condition::all().add(col("id").eq(row.id));
    let sent = match outbox.write(db, delivery, row.id, now).await {
        Ok(None) => {
            outbox
                .update(
                    db,
                    vec![("status", Expr::value(ReminderStatus::Cancelled.as_str()))],
                    by_id(),
                )
                .await?;
            report.cancelled += 1;
            return Ok(());
        }
        Ok(Some(written)) => delivery
            .mailer
            .send_message(written.message)
            .await
            .map(|()| written.carries)
            .map_err(|e| AppError::Internal(Box::new(e))),
        Err(e) if is_database(&e) => {
            // The database went away while the e-mail was written: nothing was sent and the
            // relay is not at fault, so no attempt is counted and no backoff (two minutes
            // and up) waits; the row goes back to be handed over again shortly. If the
            // database is still away this fails too, and the claim is taken over later.
            tracing::warn!(id = %row.id, ?outbox, error = %e, "not written; released");
            outbox
                .update(
                    db,
                    vec![
                        ("status", Expr::value(ReminderStatus::Pending.as_str())),
                        ("next_attempt_at", Expr::value(now + Duration::seconds(10))),
                        ("claimed_at", Expr::value(None::<DateTime<Utc>>)),
                        ("claimed_by", Expr::value(None::<String>)),
                        ("queued_at", Expr::value(None::<DateTime<Utc>>)),
                    ],
                    by_id(),
                )
                .await?;
            report.retrying += 1;
            return Ok(());
        }
        Err(e) => Err(e),
    };
    match sent {
        Ok(carries) => {
            mark_sent(db, outbox, row.id, &carries, now).await?;
            report.sent += 1;
        }
        Err(e) => {
            let attempts = row.attempts + 1;
            let give_up = now - row.created_at > Duration::hours(GIVE_UP_AFTER_HOURS);
            tracing::warn!(id = %row.id, ?outbox, attempts, error = %e, "not delivered");
            let (status, next) = if give_up {
                report.failed += 1;
                (ReminderStatus::Failed, row.next_attempt_at)
            } else {
                report.retrying += 1;
                (ReminderStatus::Pending, now + backoff(attempts))
            };
            let error: String = e.to_string().chars().take(500).collect();
            outbox
                .update(
                    db,
                    vec![
                        ("status", Expr::value(status.as_str())),
                        ("attempts", Expr::value(attempts)),
                        ("next_attempt_at", Expr::value(next)),
                        ("last_error", Expr::value(error)),
                        ("claimed_at", Expr::value(None::<DateTime<Utc>>)),
                        ("claimed_by", Expr::value(None::<String>)),
                        // The next try gets a job of its own once its backoff is over.
                        ("queued_at", Expr::value(None::<DateTime<Utc>>)),
                    ],
                    by_id(),
                )
                .await?;
        }
    }
    Ok(())
}

/// Whether `e` is the database's (a connection lost, a server restarting), not the e-mail's.
fn is_database(e: &AppError) -> bool {
    matches!(e, AppError::Internal(source) if source.downcast_ref::<sea_orm::DbErr>().is_some())
}

/// Marks a sent row, and in the same transaction the batches a digest carried. The
/// e-mail is out: if the database is away at this moment (a restart, a fail-over), giving up
/// would let the job run again and send it a second time, so the mark is retried for as long
/// as an outage may reasonably last. Only a process that dies in that window sends twice (at
/// least once, as the module says).
async fn mark_sent(
    db: &(impl ConnectionTrait + TransactionTrait),
    outbox: Outbox,
    id: Uuid,
    carries: &[crate::digest::Carried],
    now: DateTime<Utc>,
) -> AppResult<()> {
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);
    let started = std::time::Instant::now();
    let mut wait = std::time::Duration::from_millis(100);
    let sent = || {
        vec![
            ("status", Expr::value(ReminderStatus::Sent.as_str())),
            ("sent_at", Expr::value(now)),
            ("last_error", Expr::value(None::<String>)),
        ]
    };
    loop {
        let marked = async {
            let txn = db.begin().await?;
            crate::digest::mark_carried(&txn, carries, ReminderStatus::Sent).await?;
            outbox
                .update(&txn, sent(), Condition::all().add(col("id").eq(id)))
                .await?;
            txn.commit().await?;
            AppResult::Ok(())
        };
        match marked.await {
            Ok(()) => return Ok(()),
            Err(e) if started.elapsed() < PATIENCE => {
                tracing::warn!(%id, error = %e, "sent, but not yet marked; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(5));
            }
            Err(e) => return Err(e),
        }
    }
}

/// How long a row claimed by a job is left to that claim before a run again of the same job
/// takes it over. The queue runs a job again when its worker misses heartbeats — dead, or
/// only slowed down — so the first run may still be sending: longer than an SMTP conversation
/// may last (the mailer gives up after 20 s), so by then a live first run has sent and marked
/// it.
pub const TAKE_OVER_AFTER_SECONDS: i64 = 30;

/// What a claim found.
enum Claim {
    /// The row is the claimant's now.
    Taken(State),
    /// The claimant itself (an earlier run of its job) claimed it at this moment, too recently
    /// to take it over.
    Ours(DateTime<Utc>),
    /// Sent, cancelled, waiting, or someone else's.
    Gone,
}

/// Takes row `id` for `claimant` if it can be sent now: waiting and due by `due_by`, claimed by
/// a worker that died, or claimed by `claimant` itself more than
/// [`TAKE_OVER_AFTER_SECONDS`] ago. One UPDATE decides: of several claimants only one
/// changes the row.
async fn claim(
    db: &impl ConnectionTrait,
    outbox: Outbox,
    id: Uuid,
    claimant: &str,
    now: DateTime<Utc>,
    due_by: DateTime<Utc>,
) -> AppResult<Claim> {
    let row = || Condition::all().add(col("id").eq(id));
    let ours = || {
        row()
            .add(col("status").eq(ReminderStatus::Sending.as_str()))
            .add(col("claimed_by").eq(claimant))
    };
    let claimable =
        row().add(sendable(now, due_by).add(
            ours().add(col("claimed_at").lt(now - Duration::seconds(TAKE_OVER_AFTER_SECONDS))),
        ));
    let changed = outbox
        .update(
            db,
            vec![
                ("status", Expr::value(ReminderStatus::Sending.as_str())),
                ("claimed_at", Expr::value(now)),
                ("claimed_by", Expr::value(claimant)),
            ],
            claimable,
        )
        .await?;
    let found = outbox.states(db, ours(), 1).await?.pop();
    Ok(match found {
        Some(state) if changed == 1 => Claim::Taken(state),
        Some(State {
            claimed_at: Some(at),
            ..
        }) => Claim::Ours(at),
        _ => Claim::Gone,
    })
}

/// Where a link in an e-mail to `kind`'s user points for a case: his own case for the
/// employee, else the case in his portal.
pub(crate) fn case_link(
    base: &str,
    own_case: bool,
    kind: Option<OrganisationKind>,
    case_id: Uuid,
) -> String {
    let base = base.trim_end_matches('/');
    match (own_case, kind) {
        (true, _) => format!("{base}/werknemer/mijn-verzuim"),
        (false, Some(OrganisationKind::OccupationalHealthService)) => {
            format!("{base}/bedrijfsarts/dossiers/{case_id}")
        }
        (false, Some(OrganisationKind::ReintegrationAgency)) => {
            format!("{base}/re-integratie/dossiers/{case_id}")
        }
        _ => format!("{base}/werkgever/dossiers/{case_id}"),
    }
}

/// The `text/calendar` attachment of an e-mail.
fn ics_attachment(ics: String) -> AppResult<lettre::message::SinglePart> {
    Ok(Attachment::new("termijn.ics".into()).body(
        ics,
        ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
            .map_err(|e| AppError::invariant(e.to_string()))?,
    ))
}

/// Writes one reminder, or `None` when its deadline is done (or the case closed). Nothing in
/// it comes from the medical file: the deadline's name, a date, the employee's first name and
/// a link.
async fn write_reminder(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    id: Uuid,
) -> AppResult<Option<Written>> {
    let Some(row) = reminder::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if !cases::schedule::still_due(db, row.case_id, row.subject, row.due_on).await? {
        return Ok(None);
    }
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
    let link = case_link(&delivery.public_url, is_employee, kind, row.case_id);
    let today = std::cmp::max(
        platform::clock::dutch_date(row.next_attempt_at),
        platform::clock::dutch_date(row.created_at),
    );
    let words = Wording {
        lang: Lang::from(user.language),
        subject: row.subject,
        first_name: &first_name,
        due: row.due_on,
        today,
        for_employee: is_employee,
    };
    let ics = calendar(
        &words.title(),
        &[Event {
            uid: crate::ical::uid(row.case_id, row.subject, row.due_on),
            on: row.due_on,
            summary: words.title(),
            url: link.clone(),
        }],
        row.created_at,
    );
    let (text, html) = words
        .bodies(&user.name, &link)
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let message = message(
        delivery,
        &user,
        words.title(),
        format!("<reminder-{}@poortwachter>", row.id),
        MultiPart::alternative_plain_html(text, html),
        ics,
    )?;
    Ok(Some(Written {
        message,
        carries: Vec::new(),
    }))
}

/// An e-mail to `user`: the bodies and the calendar attachment, with a fixed Message-ID so a
/// copy sent again is recognised as the same message.
pub(crate) fn message(
    delivery: &Delivery,
    user: &identity::entities::user::Model,
    subject: String,
    message_id: String,
    body: MultiPart,
    ics: String,
) -> AppResult<Message> {
    let to: Mailbox = format!("{} <{}>", user.name, user.email)
        .parse()
        .map_err(|_| AppError::invariant("a user's e-mail address does not parse"))?;
    Message::builder()
        .from(delivery.mailer.from().clone())
        .to(to)
        .subject(subject)
        .message_id(Some(message_id))
        .multipart(
            MultiPart::mixed()
                .multipart(body)
                .singlepart(ics_attachment(ics)?),
        )
        .map_err(|e| AppError::invariant(e.to_string()))
}
