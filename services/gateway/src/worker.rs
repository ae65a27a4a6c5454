//! The background worker, on apalis' job queue in the application's database (its own tables,
//! its own pool):
//!
//! - every `worker_sweep_secs` the reminder sweep fills the outboxes (`reminders`, unique per
//!   case, deadline, recipient and step; `digests`, unique per recipient and day), then hands
//!   what can be sent to the queue;
//! - every [`ENQUEUE_EVERY`] the hand-over alone (retries whose backoff is over, digests whose
//!   hour has come, claims of dead workers);
//! - a job ([`SendReminder`]) sends a batch of up to `worker_batch` e-mails
//!   one after another over a pooled SMTP connection, up to `worker_concurrency` jobs at once,
//!   each row claimed atomically so several workers send it once;
//! - every hour the housekeeping.
//!
//! The outbox stays the truth and the queue only carries work: a job lost with its queue (an
//! in-memory SQLite, a table emptied by hand) is handed over again after
//! [`scheduling::deliver::REQUEUE_AFTER_MINUTES`]. A worker killed mid-batch leaves its jobs to
//! the others once it misses three heartbeats; the reminder it was sending goes out again with
//! the same Message-ID (at least once; see `scheduling::deliver`).

use std::future::Future;
use std::time::{Duration, SystemTime};

use apalis::prelude::{
    BackendExt, BoxDynError, Data, Monitor, TaskBuilder, TaskId, TaskSink, WorkerBuilder,
    WorkerBuilderExt,
};
use apalis_cron::{CronScheduler, Schedule, Tick, timezone::Utc};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use platform::{AppError, AppResult};
use sea_orm::sqlx;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::state::AppState;

/// The queue of reminder deliveries. Pinned: apalis names a queue after the job type's Rust
/// path by default, and moving the type would strand the jobs already queued.
pub const REMINDER_QUEUE: &str = "poortwachter.reminders";
/// How often waiting reminders are handed to the queue between sweeps (at most; more often when
/// sweeps are; the sweep's period is `worker_sweep_secs`).
pub const ENQUEUE_EVERY: Duration = Duration::from_secs(30);
/// How often an idle worker asks the queue for jobs (one indexed query). Jobs pushed by any
/// process are picked up within this.
const POLL_EVERY: Duration = Duration::from_secs(1);
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(3600);
/// Reminders handed to the queue per database round trip.
const ENQUEUE_BATCH: u64 = 500;
/// Finished jobs are kept this long for inspection, then removed by the housekeeping.
const KEEP_FINISHED_JOBS: Duration = Duration::from_secs(7 * 24 * 3600);

/// The job: send a batch of reminders or daily digests (`worker_batch`).
/// Only ids travel through the queue, never a name, a date or any text (the queue's table is
/// not the place for personal data).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SendReminder {
    /// The outbox rows.
    #[serde(default)]
    pub ids: Vec<Uuid>,
    /// The one row of a job queued before jobs were batched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<Uuid>,
    /// Which outbox (a job queued before digests existed is a reminder's).
    #[serde(default)]
    pub outbox: scheduling::Outbox,
}

/// The queue's storage on whichever database the application uses.
#[derive(Clone)]
pub enum Queue {
    /// SQLite: tables `Jobs` and `Workers` in the application's file.
    Sqlite(SqliteStorage<SendReminder>),
    /// PostgreSQL: schema `apalis`.
    Postgres(PostgresStorage<SendReminder>),
}

impl Queue {
    /// Opens the queue on its own pool and creates or upgrades its tables. Its own pool because
    /// apalis' SQLite setup would switch off `synchronous` on every connection it is given; here
    /// the connections get the same durability settings as the application's.
    pub async fn open(config: &platform::config::Config) -> AppResult<Self> {
        let heartbeat = Duration::from_secs(config.worker_heartbeat_secs);
        let url = config.database_url.as_str();
        if url.starts_with("postgres") {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(internal)?;
            PostgresStorage::<()>::setup(&pool)
                .await
                .map_err(internal)?;
            let queue = apalis_postgres::Config::default()
                .queue(REMINDER_QUEUE)
                .heartbeat_interval(heartbeat)
                .missed_heartbeats(3)
                .batch_size(config.worker_concurrency);
            Ok(Queue::Postgres(
                PostgresStorage::new(&pool).with_config(queue),
            ))
        } else {
            let memory = platform::db::sqlite_path(url).is_none();
            let options = platform::db::sqlite_settings(url.parse().map_err(internal)?)
                .create_if_missing(true);
            // An in-memory database lives as long as its one connection: keep it open.
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(if memory { 1 } else { 2 })
                .min_connections(1)
                .idle_timeout(if memory {
                    None
                } else {
                    Some(Duration::from_secs(600))
                })
                .max_lifetime(if memory {
                    None
                } else {
                    Some(Duration::from_secs(1800))
                })
                .connect_with(options)
                .await
                .map_err(internal)?;
            SqliteStorage::<()>::migrations()
                .run(&pool)
                .await
                .map_err(internal)?;
            let queue = apalis_sqlite::Config::default()
                .queue(REMINDER_QUEUE)
                .heartbeat_interval(heartbeat)
                .missed_heartbeats(3)
                .batch_size(config.worker_concurrency);
            Ok(Queue::Sqlite(SqliteStorage::new(&pool).with_config(queue)))
        }
    }

    /// Pushes one job per batch, all in one transaction; a key pushed before makes no second
    /// job.
    async fn push(&self, queued: Vec<scheduling::Queued>) -> AppResult<()> {
        let tasks = futures::stream::iter(queued.into_iter().map(|q| {
            TaskBuilder::new(SendReminder {
                ids: q.ids,
                reminder: None,
                outbox: q.outbox,
            })
            .idempotency_key(q.key)
            .build()
        }));
        match self {
            Queue::Sqlite(s) => s.clone().push_all(tasks).await.map_err(internal),
            Queue::Postgres(s) => s.clone().push_all(tasks).await.map_err(internal),
        }
    }

    /// Removes jobs that finished, and workers last seen, more than [`KEEP_FINISHED_JOBS`] ago.
    async fn purge_finished(&self) -> AppResult<u64> {
        let before = SystemTime::now()
            .checked_sub(KEEP_FINISHED_JOBS)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let done = match self {
            Queue::Sqlite(s) => {
                let jobs = sqlx::query(
                    "DELETE FROM Jobs WHERE job_type = ?1 AND done_at IS NOT NULL AND done_at < ?2",
                )
                .bind(REMINDER_QUEUE)
                .bind(before)
                .execute(s.pool())
                .await
                .map_err(internal)?;
                // Every process start registers workers under new names; forget the gone ones.
                let workers = sqlx::query(
                    "DELETE FROM Workers WHERE last_seen < ?1 \
                     AND id NOT IN (SELECT lock_by FROM Jobs WHERE lock_by IS NOT NULL)",
                )
                .bind(before)
                .execute(s.pool())
                .await
                .map_err(internal)?;
                jobs.rows_affected() + workers.rows_affected()
            }
            Queue::Postgres(s) => {
                let jobs = sqlx::query(
                    "DELETE FROM apalis.jobs WHERE job_type = $1 AND done_at IS NOT NULL \
                     AND done_at < to_timestamp($2)",
                )
                .bind(REMINDER_QUEUE)
                .bind(before)
                .execute(s.pool())
                .await
                .map_err(internal)?;
                let workers = sqlx::query(
                    "DELETE FROM apalis.workers w WHERE last_seen < to_timestamp($1) \
                     AND NOT EXISTS (SELECT 1 FROM apalis.jobs j WHERE j.lock_by = w.id)",
                )
                .bind(before)
                .execute(s.pool())
                .await
                .map_err(internal)?;
                jobs.rows_affected() + workers.rows_affected()
            }
        };
        Ok(done)
    }
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(Box::new(e))
}

/// What the jobs need.
#[derive(Clone)]
struct Jobs {
    state: AppState,
    queue: Queue,
    /// One for the process, so its runs know which reminders are in flight.
    delivery: scheduling::Delivery,
}

/// Runs the workers until `shutdown` resolves; jobs running then get 30 seconds to finish.
pub async fn run(
    state: AppState,
    queue: Queue,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> AppResult<()> {
    let jobs = Jobs {
        delivery: delivery(&state),
        state: state.clone(),
        queue: queue.clone(),
    };
    // Worker names are unique per process: the queue tells a live worker from a dead one by
    // name, and a second process with the same names would keep a dead one's jobs locked.
    let me = format!(
        "{}-{}",
        std::process::id(),
        &platform::ids::new_id().simple().to_string()[..8]
    );
    let concurrency = state.config.worker_concurrency;
    let every = |period, name: &str| {
        let jobs = jobs.clone();
        let name = format!("{name}-{me}");
        move |run: usize| {
            WorkerBuilder::new(format!("{name}-{run}"))
                .backend(CronScheduler::new(Every::new(period)).before_start(move |_| pause(run)))
                .data(jobs.clone())
        }
    };
    let sweep_every = Duration::from_secs(state.config.worker_sweep_secs);
    let sweeper = every(sweep_every, "sweep");
    let enqueuer = every(ENQUEUE_EVERY.min(sweep_every), "enqueue");
    let housekeeper = every(HOUSEKEEPING_EVERY, "housekeeping");
    let monitor = Monitor::new()
        .register(move |run| sweeper(run).build(sweep_tick))
        .register(move |run| enqueuer(run).build(enqueue_tick))
        .register(move |run| housekeeper(run).build(housekeeping_tick))
        // A worker stops when its backend fails (the database away for a moment): start it
        // again, always; the queue keeps what it had.
        .should_restart(|worker, error| {
            tracing::warn!(worker = worker.name(), %error, "worker stopped; restarting");
            true
        })
        .shutdown_timeout(Duration::from_secs(30));
    let name = format!("reminders-{me}");
    // The same worker on either storage; the two are different types, whose common bounds
    // (apalis' backend traits with their codecs and layers) are not worth spelling out.
    macro_rules! delivery {
        ($storage:expr) => {{
            let storage = $storage;
            monitor.register(move |run| {
                WorkerBuilder::new(format!("{name}-{run}"))
                    .backend(
                        storage
                            .clone()
                            .poll_with_interval(POLL_EVERY)
                            .before_start(move |_| pause(run)),
                    )
                    .data(jobs.clone())
                    .concurrency(concurrency)
                    .build(send_reminder)
            })
        }};
    }
    let monitor = match queue {
        Queue::Sqlite(storage) => delivery!(storage),
        Queue::Postgres(storage) => delivery!(storage),
    };
    tracing::info!(worker = %me, "worker started");
    let result = monitor
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await;
    tracing::info!("worker stopped");
    result.map_err(internal)
}

/// A schedule that ticks at once and then every `period` (the sweep and the hand-over run
/// when a worker starts, not a period later). Ticks fall on whole seconds, never in the past
/// (the scheduler refuses a tick that has gone by).
#[derive(Clone, Debug)]
struct Every {
    period: u64,
    next: u64,
}

impl Every {
    fn new(period: Duration) -> Self {
        Every {
            period: period.as_secs().max(1),
            next: 0,
        }
    }
}

impl Schedule<Utc> for Every {
    fn next_tick(&mut self, _: &Utc) -> Option<Tick<Utc>> {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let at = self.next.max(now.as_secs() + 1);
        self.next = at + self.period;
        Some(Tick::new(at))
    }
}

/// Holds back a restarted worker (1, 2, 4 ... up to 30 seconds by the number of restarts), so
/// a database that is away is not asked again in a tight loop.
fn pause<E: Send + 'static>(run: usize) -> impl Future<Output = Result<(), E>> + Send + 'static {
    let wait = match run {
        0 => Duration::ZERO,
        n => Duration::from_secs(1 << (n - 1).min(5)).min(Duration::from_secs(30)),
    };
    async move {
        tokio::time::sleep(wait).await;
        Ok(())
    }
}

async fn sweep_tick(_: Tick<Utc>, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    let state = &jobs.state;
    let swept = scheduling::sweep(&state.db, state.clock.today(), state.clock.now()).await?;
    if swept.queued > 0 || swept.news > 0 {
        tracing::info!(
            queued = swept.queued,
            news = swept.news,
            digests = swept.digests,
            "reminder sweep"
        );
    }
    enqueue(&jobs).await?;
    Ok(())
}

async fn enqueue_tick(_: Tick<Utc>, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    enqueue(&jobs).await?;
    Ok(())
}

/// Hands every reminder that can be sent now to the queue.
async fn enqueue(jobs: &Jobs) -> AppResult<()> {
    loop {
        let batch = scheduling::to_queue(
            &jobs.state.db,
            jobs.state.clock.now(),
            ENQUEUE_BATCH,
            jobs.state.config.worker_batch,
        )
        .await?;
        let rows: usize = batch.iter().map(|q| q.ids.len()).sum();
        let full = rows as u64 == ENQUEUE_BATCH;
        jobs.queue.push(batch).await?;
        if !full {
            return Ok(());
        }
    }
}

async fn send_reminder(job: SendReminder, jobs: Data<Jobs>, id: TaskId) -> Result<(), BoxDynError> {
    let state = &jobs.state;
    let ids: Vec<Uuid> = job.ids.iter().copied().chain(job.reminder).collect();
    let report = scheduling::deliver_queued(
        &state.db,
        &jobs.delivery,
        job.outbox,
        &ids,
        &id.to_string(),
        state.clock.now(),
    )
    .await?;
    if report.failed > 0 {
        tracing::warn!(failed = report.failed, outbox = ?job.outbox, "e-mails given up on");
    }
    Ok(())
}

async fn housekeeping_tick(_: Tick<Utc>, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    let n = housekeeping(&jobs.state).await? + jobs.queue.purge_finished().await?;
    if n > 0 {
        tracing::info!(removed = n, "housekeeping");
    }
    Ok(())
}

fn delivery(state: &AppState) -> scheduling::Delivery {
    scheduling::Delivery {
        mailer: state.mailer.clone(),
        public_url: state.config.public_url.clone(),
        in_flight: Default::default(),
    }
}

/// One reminder sweep as of today, then delivery of everything due (with `all`, also what
/// waits out a retry backoff), in this process and without the queue (`remind --once`).
pub async fn remind(
    state: &AppState,
    all: bool,
) -> Result<(scheduling::SweepReport, scheduling::DeliveryReport), platform::AppError> {
    let swept = scheduling::sweep(&state.db, state.clock.today(), state.clock.now()).await?;
    let delivery = delivery(state);
    let delivered = if all {
        scheduling::deliver_all(&state.db, &delivery, state.clock.now()).await?
    } else {
        scheduling::deliver_due(&state.db, &delivery, state.clock.now()).await?
    };
    Ok((swept, delivered))
}

/// Removes sessions that ended more than a day ago (their refresh tokens go with them) and
/// invitations that expired more than 30 days ago, uploads a crash left unfinished, and closed
/// cases' data whose retention ended (`cases::retention`), and brings the clocks whose stored
/// form expired up to date (`cases::service::refresh_expired_clocks`). Returns the number of rows removed or changed.
pub async fn housekeeping(state: &AppState) -> Result<u64, platform::AppError> {
    let removed = identity::repo::purge_expired(&state.db, state.clock.now()).await?
        + scheduling::digest::purge_carried(&state.db, state.clock.today()).await?;
    let refreshed = cases::service::refresh_expired_clocks(&state.db, state.clock.today()).await?;
    let abandoned = state
        .documents
        .remove_abandoned(&state.db, state.clock.now())
        .await?;
    let retention = cases::retention::purge_expired(
        &state.db,
        &state.documents,
        &state.log,
        state.clock.today(),
        state.clock.now(),
    )
    .await?;
    if retention != cases::retention::Purged::default() {
        tracing::info!(
            absence = retention.absence,
            medical = retention.medical,
            "retention removed closed cases' data"
        );
    }
    Ok(removed + refreshed + abandoned as u64 + retention.absence + retention.medical)
}
