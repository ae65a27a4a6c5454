//! Benchmark (not a test): how long one reminder sweep takes over many open cases, and how many
//! reminder e-mails per second a local SMTP server receives. Prints figures; see
//! docs/benchmarks.md for the command and the results.
//!
//! `BENCH_CASES` (default 1 000 000) open cases are written straight into the tables with their
//! deadlines as the timeline engine computes them (sick since a day spread over the last 100
//! weeks) and nothing done, the worst case; `BENCH_DATA=realistic` writes `poortwachter
//! demo-data`'s employers instead (steps done on time, `BENCH_TENANTS` employers) and measures
//! the sweep only; `POORTWACHTER_TEST_PG` runs it on PostgreSQL instead of SQLite;
//! `POORTWACHTER_TEST_SMTP` (host:port) measures delivery to that server (`BENCH_MAILS`,
//! default 2000, of the queued reminders, sent one per step as a user who chose that gets
//! them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use e2e::{Backend, TestApp};
use platform::clock::Clock;
use sea_orm::{ConnectionTrait, Statement};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cases = env_number("BENCH_CASES", 1_000_000);
    let mails = env_number("BENCH_MAILS", 2000);
    let backend = if std::env::var("POORTWACHTER_TEST_PG").is_ok() {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let smtp = std::env::var("POORTWACHTER_TEST_SMTP")
        .ok()
        .filter(|_| std::env::var("BENCH_DATA").as_deref() != Ok("realistic"));
    let app = TestApp::start(backend, |c| {
        c.smtp_url = smtp.as_ref().map(|a| format!("smtp://{a}"));
        c.database_max_connections = 4;
    })
    .await;
    let db = &app.state.db;
    let today = app.clock.today();
    let now = app.clock.now();
    let tenant = e2e::bulk::demo_employer(&app).await;

    println!("seeding {cases} open cases on {backend:?} ...");
    let started = Instant::now();
    if std::env::var("BENCH_DATA").as_deref() == Ok("realistic") {
        // `poortwachter demo-data`'s employers: steps done on time, case managers, employees
        // with accounts — the day a real installation has.
        let tenants = env_number("BENCH_TENANTS", (cases / 10_000).max(1));
        let shape = demo::bench::Shape {
            tenants,
            employees: cases * 6 / 5,
            cases,
            largest: cases / tenants,
        };
        let w = demo::bench::generate(&app.state.demo_env(), shape, |_| {})
            .await
            .unwrap();
        println!(
            "seeded {} employers, {cases} cases with {} open deadlines ({} steps done) in {:.1} s",
            w.tenants,
            w.deadlines,
            w.milestones,
            started.elapsed().as_secs_f64()
        );
    } else {
        let deadlines_written = e2e::bulk::open_cases(&app, tenant, cases, 700).await;
        println!(
            "seeded {cases} cases with {deadlines_written} open deadlines (nothing done) in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    let started = Instant::now();
    let report = scheduling::sweep(db, today, now).await.unwrap();
    let first = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let again = scheduling::sweep(db, today, now).await.unwrap();
    let second = started.elapsed().as_secs_f64();
    // The steady state: yesterday's sweep ran, today's covers one day. BENCH_STATEMENT_LOG=1
    // has PostgreSQL log each of its statements with its duration (the profile in
    // docs/benchmarks.md).
    let log_statements =
        backend == Backend::Postgres && std::env::var("BENCH_STATEMENT_LOG").is_ok();
    if log_statements {
        for sql in [
            "ALTER SYSTEM SET log_min_duration_statement = 0",
            "SELECT pg_reload_conf()",
        ] {
            db.execute_unprepared(sql).await.unwrap();
        }
    }
    // At five past midnight, as the worker's first sweep of a day runs (every 5 minutes):
    // before the digest hour, so the day's steps are news for today's digest.
    let next = today + chrono::Duration::days(1);
    let started = Instant::now();
    let next_day = scheduling::sweep(
        db,
        next,
        platform::clock::dutch_instant(next, 0) + chrono::Duration::minutes(5),
    )
    .await
    .unwrap();
    let third = started.elapsed().as_secs_f64();
    if log_statements {
        for sql in [
            "ALTER SYSTEM RESET log_min_duration_statement",
            "SELECT pg_reload_conf()",
        ] {
            db.execute_unprepared(sql).await.unwrap();
        }
    }
    println!(
        "sweep over {cases} open cases: first (catches up a week) {first:.1} s ({} deadlines looked at, news for {} people in {} daily digests, {} reminders alone); \
         the same sweep again: {second:.1} s (news for {}, {} alone); the next day's sweep: {third:.1} s ({} deadlines looked at, news for {} people in {} digests, {} alone)",
        report.deadlines,
        report.news,
        report.digests,
        report.queued,
        again.news,
        again.queued,
        next_day.deadlines,
        next_day.news,
        next_day.digests,
        next_day.queued
    );

    if smtp.is_none() {
        println!("POORTWACHTER_TEST_SMTP not set: delivery not measured");
        return;
    }
    // Deliver a sample, one e-mail per step: everyone chooses those, the sweep of the day
    // after queues them, and all but BENCH_MAILS are marked sent first.
    app.per_step_reminders().await;
    let now = now + chrono::Duration::days(2);
    scheduling::sweep(db, today + chrono::Duration::days(2), now)
        .await
        .unwrap();
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE reminders SET status = 'SENT' WHERE id NOT IN (SELECT id FROM reminders ORDER BY id LIMIT {mails})"
        ),
    ))
    .await
    .unwrap();
    let delivery = scheduling::Delivery {
        mailer: app.state.mailer.clone(),
        public_url: app.state.config.public_url.clone(),
        in_flight: Default::default(),
    };
    let started = Instant::now();
    let sent = scheduling::deliver_due(db, &delivery, now).await.unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "delivery: {} e-mails to the local SMTP server in {secs:.1} s = {:.0} e-mails/s ({} to retry)",
        sent.sent,
        sent.sent as f64 / secs,
        sent.retrying
    );

    drop(app);

    // Through the job queue, as the worker sends them: a fresh installation with enough cases
    // for about BENCH_MAILS reminders (its start-up sweep and housekeeping are then short and
    // do not compete with the sending).
    let app = TestApp::start(backend, |c| {
        c.smtp_url = smtp.as_ref().map(|a| format!("smtp://{a}"));
        c.database_max_connections = 4;
    })
    .await;
    let tenant = e2e::bulk::demo_employer(&app).await;
    e2e::bulk::open_cases(&app, tenant, mails * 2 / 5, 700).await;
    app.per_step_reminders().await;
    let db = &app.state.db;
    let queued = scheduling::sweep(db, app.clock.today(), app.clock.now())
        .await
        .unwrap()
        .queued;
    let queue = gateway::worker::Queue::open(&app.state.config)
        .await
        .unwrap();
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let worker = tokio::spawn(gateway::worker::run(app.state.clone(), queue, async move {
        let _ = stopped.wait_for(|s| *s).await;
    }));
    loop {
        let open = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) FROM reminders WHERE status IN ('PENDING', 'SENDING')",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        if open == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "delivery through the job queue (one worker, {} at once): {queued} e-mails in {secs:.1} s = {:.0} e-mails/s",
        app.state.config.worker_concurrency,
        queued as f64 / secs
    );
    let _ = stop.send(true);
    worker.await.unwrap().unwrap();
}
