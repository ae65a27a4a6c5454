//! The worker as real processes (`poortwachter worker`, the binary `make test` builds) on the
//! job queue, delivering to the real SMTP server `make test` starts:
//!
//! - a worker killed with SIGKILL in the middle of a batch loses no reminder: two workers
//!   started after it send everything it had not, and
//! - those two, running at once on the same queue, send each reminder once;
//! - the same for the daily digests (the outbox of `digests`, each carrying its reminders);
//! - a worker killed in the instant between the relay's acceptance and its own mark (the
//!   relay kills it) sends again exactly what the relay had accepted unmarked, nothing else.
//!
//! The one duplicate a kill can cause is a reminder the relay accepted in the instant before
//! the worker could mark it sent (at least once delivery; nobody can close that window
//! across a process kill and an SMTP relay). It goes out again with the same Message-ID, so
//! the receiving mail system drops it; the test allows at most as many as the killed worker had
//! in flight, and counts messages by Message-ID.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use e2e::process::{free_port, mails_by_id, spawn_worker};
use e2e::{Backend, TestApp, on_both_databases, smtp_sink};
use platform::clock::Clock;
use sea_orm::{ConnectionTrait, Statement};

/// Reminders one worker sends at the same time, so also the most a kill can leave half-sent.
const CONCURRENCY: usize = 4;

fn start_worker(app: &TestApp, smtp: &str, name: &str) -> Child {
    let config = &app.state.config;
    spawn_worker(
        &[
            ("POORTWACHTER_DATABASE_URL", config.database_url.clone()),
            (
                "POORTWACHTER_DATA_DIR",
                config.data_dir.display().to_string(),
            ),
            ("POORTWACHTER_STORAGE", config.storage.clone()),
            ("POORTWACHTER_SMTP_URL", format!("smtp://{smtp}")),
            ("POORTWACHTER_WORKER_HEARTBEAT_SECS", "1".into()),
            ("POORTWACHTER_WORKER_CONCURRENCY", CONCURRENCY.to_string()),
            // Small batches: many jobs, so the two workers that take over both get some.
            ("POORTWACHTER_WORKER_BATCH", "5".into()),
        ],
        &app.dir.join(format!("{name}.log")),
    )
}

/// Stops a worker as an operator would (SIGTERM) and waits for it to finish its jobs.
fn stop_worker(mut child: Child) {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "worker exited with {status}");
            return;
        }
        assert!(Instant::now() < deadline, "worker did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One of the two outboxes the worker delivers.
#[derive(Clone, Copy)]
enum Outbox {
    Reminders,
    Digests,
}

impl Outbox {
    fn table(self) -> &'static str {
        match self {
            Outbox::Reminders => "reminders",
            Outbox::Digests => "digests",
        }
    }
}

/// How many messages the sink holds per row id of this test (by the Message-ID).
fn received(dir: &Path, outbox: Outbox, ids: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let prefix = match outbox {
        Outbox::Reminders => "reminder",
        Outbox::Digests => "digest",
    };
    let mut all = mails_by_id(dir, prefix);
    all.retain(|id, _| ids.contains(id));
    all
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    let db = &app.state.db;
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

on_both_databases! {
    async fn a_killed_worker_loses_nothing_and_two_workers_send_each_reminder_once(backend) {
        let Some((smtp, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = e2e::bulk::demo_employer(&app).await;
        e2e::bulk::open_cases(&app, tenant, 300, 700).await;
        // Per-step e-mails: many of them.
        app.per_step_reminders().await;
        let swept = scheduling::sweep(&app.state.db, app.clock.today(), app.clock.now())
            .await
            .unwrap();
        assert_eq!(swept.digests, 0);
        kill_one_worker_then_two_take_over(backend, &app, &smtp, &dir, Outbox::Reminders, swept.queued).await;
    }
}

on_both_databases! {
    async fn a_killed_worker_loses_nothing_and_two_workers_send_each_digest_once(backend) {
        let Some((smtp, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = e2e::bulk::demo_employer(&app).await;
        // A case manager per case: a digest each.
        let managers = e2e::bulk::case_managers(&app, tenant, 300).await;
        e2e::bulk::open_cases_managed(&app, tenant, 300, 700, &managers).await;
        let swept = scheduling::sweep(&app.state.db, app.clock.today(), app.clock.now())
            .await
            .unwrap();
        // Their hour has come.
        let db = &app.state.db;
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            match backend {
                Backend::Sqlite => "UPDATE digests SET next_attempt_at = ?",
                Backend::Postgres => "UPDATE digests SET next_attempt_at = $1",
            },
            [app.clock.now().into()],
        ))
        .await
        .unwrap();
        kill_one_worker_then_two_take_over(backend, &app, &smtp, &dir, Outbox::Digests, swept.digests).await;
        let waiting = strings(&app, "SELECT status FROM digest_batches WHERE status <> 'SENT'").await;
        assert!(waiting.is_empty(), "every digest carried its news: {waiting:?}");
        assert_eq!(app.count_rows("digest_batches").await as u64, swept.digests, "a row per person, not per step");
        // Steps due today whose digest hour had passed went alone.
        let alone = strings(&app, "SELECT status FROM reminders WHERE status <> 'SENT'").await;
        assert!(alone.is_empty(), "{alone:?}");
    }
}

on_both_databases! {
    async fn a_worker_killed_between_the_relays_yes_and_its_mark_sends_only_that_again(backend) {
        let Some((smtp, dir)) = smtp_sink() else { return };
        let python = std::env::var("POORTWACHTER_TEST_PYTHON").expect("POORTWACHTER_TEST_PYTHON (set by make test)");
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = e2e::bulk::demo_employer(&app).await;
        e2e::bulk::open_cases(&app, tenant, 200, 700).await;
        app.per_step_reminders().await;
        scheduling::sweep(&app.state.db, app.clock.today(), app.clock.now()).await.unwrap();
        let ids: BTreeSet<String> = app.ids("reminders").await.into_iter().collect();
        assert!(ids.len() > 20, "{}", ids.len());

        // A relay of its own that stores the 10th message and kills worker A before it
        // answers: A dies with that e-mail delivered and not marked.
        let port = free_port();
        let killer_dir = app.dir.join("killing-relay");
        let pid_file = app.dir.join("worker-a.pid");
        let mut relay = Command::new(python)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/dev/smtp_sink.py"))
            .args([port.to_string(), killer_dir.display().to_string(), "10".into(), pid_file.display().to_string()])
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "the relay did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut a = start_worker(&app, &format!("127.0.0.1:{port}"), "worker-a");
        std::fs::write(&pid_file, a.id().to_string()).unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = a.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < Duration::from_secs(90), "the relay never killed worker A");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(!status.success(), "worker A was killed: {status}");
        relay.kill().unwrap();
        relay.wait().unwrap();
        let delivered = received(&killer_dir, Outbox::Reminders, &ids);
        let sent: BTreeSet<String> = app.ids("reminders WHERE status = 'SENT'").await.into_iter().collect();
        let unmarked: BTreeSet<&String> = delivered.keys().filter(|id| !sent.contains(*id)).collect();
        assert!(delivered.len() >= 10, "{delivered:?}");
        assert!(
            !unmarked.is_empty() && unmarked.len() <= CONCURRENCY,
            "the killed worker had at most {CONCURRENCY} delivered and unmarked: {unmarked:?}"
        );

        // B sends the rest, and those again — with the same Message-ID.
        let b = start_worker(&app, &smtp, "worker-b");
        let started = Instant::now();
        loop {
            let open = strings(&app, "SELECT status FROM reminders WHERE status <> 'SENT'").await;
            if open.is_empty() {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(120), "{} not sent after 120 s: {open:?}", open.len());
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        stop_worker(b);
        let again = received(&dir, Outbox::Reminders, &ids);
        assert_eq!(
            again.len() + delivered.len() - unmarked.len(),
            ids.len(),
            "every reminder arrived"
        );
        let twice: BTreeSet<&String> = again.keys().filter(|id| delivered.contains_key(*id)).collect();
        assert_eq!(twice, unmarked, "only what the relay accepted unmarked went twice");
        assert!(again.values().chain(delivered.values()).all(|n| *n == 1), "no message twice at one relay");
    }
}

/// Worker A takes the whole outbox of `outbox` (`expected` rows) and is killed while it
/// sends; B and C, started at once, send the rest, each row once.
async fn kill_one_worker_then_two_take_over(
    backend: Backend,
    app: &TestApp,
    smtp: &str,
    dir: &Path,
    outbox: Outbox,
    expected: u64,
) {
    let table = outbox.table();
    let ids: BTreeSet<String> = app.ids(table).await.into_iter().collect();
    assert_eq!(ids.len() as u64, expected);
    assert!(
        ids.len() >= 100,
        "enough to kill a worker in the middle: {}",
        ids.len()
    );

    // Worker A takes the whole outbox and is killed while it sends.
    let mut a = start_worker(app, smtp, "worker-a");
    let started = Instant::now();
    let before_kill = loop {
        let got = received(dir, outbox, &ids).len();
        if got >= 25 {
            break got;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "worker A sent {got} in 90 s: {}",
            std::fs::read_to_string(app.dir.join("worker-a.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    a.kill().unwrap();
    a.wait().unwrap();
    let at_kill = received(dir, outbox, &ids).len();
    assert!(
        at_kill < ids.len(),
        "killed in the middle: {at_kill} of {} sent",
        ids.len()
    );
    // Claimed by A's jobs when it died: their jobs, run again elsewhere, take them over.
    let held = strings(
        app,
        &format!("SELECT status FROM {table} WHERE status = 'SENDING'"),
    )
    .await
    .len();

    // B and C, at once, take over: the jobs A had not fetched at once, the ones it held
    // once it has missed three heartbeats (3 s here).
    let b = start_worker(app, smtp, "worker-b");
    let c = start_worker(app, smtp, "worker-c");
    let started = Instant::now();
    loop {
        let open = strings(
            app,
            &format!("SELECT status FROM {table} WHERE status <> 'SENT'"),
        )
        .await;
        if open.is_empty() && received(dir, outbox, &ids).len() == ids.len() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            // The jobs of what is left, as the queue has them.
            let jobs = match backend {
                Backend::Sqlite => "Jobs",
                Backend::Postgres => "apalis.jobs",
            };
            let held = strings(
                app,
                &format!(
                    "SELECT j.status || ' attempts ' || j.attempts || ' by ' || COALESCE(j.lock_by, '-') \
                     || ' done ' || COALESCE(CAST(j.done_at AS TEXT), '-') || ' locked ' || COALESCE(CAST(j.lock_at AS TEXT), '-') \
                     || ' claimed ' || COALESCE(CAST(r.claimed_at AS TEXT), '-') || ' job ' || CAST(j.job AS TEXT) \
                     FROM {table} r JOIN {jobs} j ON j.id = r.claimed_by WHERE r.status <> 'SENT'"
                ),
            )
            .await;
            panic!(
                "{} not sent after 120 s ({open:?}), their jobs: {held:?}",
                open.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Give a stray second send time to show up before counting.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (b_pid, c_pid) = (b.id(), c.id());
    stop_worker(b);
    stop_worker(c);

    let got = received(dir, outbox, &ids);
    assert_eq!(got.len(), ids.len(), "every e-mail arrived");
    let doubles: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        doubles.iter().all(|(_, n)| **n == 2) && doubles.len() <= CONCURRENCY,
        "only what A had in flight may arrive twice (same Message-ID): {doubles:?}"
    );
    println!(
        "{} {table}; {before_kill} arrived before the kill, {held} were being sent by the \
         killed worker; {} arrived twice",
        ids.len(),
        doubles.len()
    );

    // Both later workers sent some: they really ran at once on the same queue.
    let jobs = match backend {
        Backend::Sqlite => "Jobs",
        Backend::Postgres => "apalis.jobs",
    };
    let senders: BTreeSet<String> = strings(
        app,
        &format!(
            "SELECT j.lock_by FROM {table} r JOIN {jobs} j ON j.id = r.claimed_by \
             WHERE j.lock_by IS NOT NULL"
        ),
    )
    .await
    .into_iter()
    .filter_map(|worker| worker.split('-').nth(1).map(str::to_string))
    .collect();
    assert!(
        senders.contains(&b_pid.to_string()) && senders.contains(&c_pid.to_string()),
        "both workers sent: {senders:?} (B {b_pid}, C {c_pid})"
    );
}
