//! The worker as real processes (`poortwachter worker`, the binary `make test` builds) on the
//! job queue, delivering to the real SMTP server `make test` starts:
//!
//! - a worker killed with SIGKILL in the middle of a batch loses no reminder: two workers
//!   started after it send everything it had not, and
//! - those two, running at once on the same queue, send each reminder once.
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

use e2e::process::{mails_by_reminder, spawn_worker};
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

/// How many messages the sink holds per reminder id of this test (by the Message-ID).
fn received(dir: &Path, ids: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut all = mails_by_reminder(dir);
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
        let swept = scheduling::sweep(&app.state.db, app.clock.today(), app.clock.now())
            .await
            .unwrap();
        let db = &app.state.db;
        let ids: BTreeSet<String> = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT id FROM reminders"))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index::<uuid::Uuid>(0).unwrap().to_string())
            .collect();
        assert_eq!(ids.len() as u64, swept.queued);
        assert!(ids.len() >= 150, "enough reminders to kill a worker in the middle: {}", ids.len());

        // Worker A takes the whole outbox and is killed while it sends.
        let mut a = start_worker(&app, &smtp, "worker-a");
        let started = Instant::now();
        let before_kill = loop {
            let got = received(&dir, &ids).len();
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
        let at_kill = received(&dir, &ids).len();
        assert!(at_kill < ids.len(), "killed in the middle: {at_kill} of {} sent", ids.len());
        // Claimed by A's jobs when it died: their jobs, run again elsewhere, take them over.
        let held = strings(&app, "SELECT status FROM reminders WHERE status = 'SENDING'")
            .await
            .len();

        // B and C, at once, take over: the jobs A had not fetched at once, the ones it held
        // once it has missed three heartbeats (3 s here).
        let b = start_worker(&app, &smtp, "worker-b");
        let c = start_worker(&app, &smtp, "worker-c");
        let started = Instant::now();
        loop {
            let open = strings(
                &app,
                "SELECT status FROM reminders WHERE status <> 'SENT'",
            )
            .await;
            if open.is_empty() && received(&dir, &ids).len() == ids.len() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{} reminders not sent after 120 s ({open:?}): {}",
                open.len(),
                std::fs::read_to_string(app.dir.join("worker-b.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Give a stray second send time to show up before counting.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (b_pid, c_pid) = (b.id(), c.id());
        stop_worker(b);
        stop_worker(c);

        let got = received(&dir, &ids);
        assert_eq!(got.len(), ids.len(), "every reminder arrived");
        let doubles: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            doubles.iter().all(|(_, n)| **n == 2) && doubles.len() <= CONCURRENCY,
            "only what A had in flight may arrive twice (same Message-ID): {doubles:?}"
        );
        println!(
            "{} reminders; {before_kill} arrived before the kill, {held} were being sent by the \
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
            &app,
            &format!(
                "SELECT j.lock_by FROM reminders r JOIN {jobs} j ON j.id = r.claimed_by \
                 WHERE j.lock_by IS NOT NULL"
            ),
        )
        .await
        .into_iter()
        .filter_map(|worker| worker.split('-').nth(1).map(str::to_string))
        .collect();
        assert!(
            senders.contains(&b_pid.to_string()) && senders.contains(&c_pid.to_string()),
            "both workers sent reminders: {senders:?} (B {b_pid}, C {c_pid})"
        );
    }
}
