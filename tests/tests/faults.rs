//! The fault suite against the real binary on loopback (issue 8). Elsewhere: SMTP down and back
//! (reminders.rs, smtp.rs), a worker killed mid-batch (worker_processes.rs), a full disk and a
//! stalled upload (faults_uploads.rs), limits of GraphQL in-process (graphql_limits.rs).
//!
//! - PostgreSQL stopped dead (`-m immediate`, like a crash) and started again while clients
//!   send requests and the worker sweeps and delivers: requests in the outage fail with a
//!   clear error and quickly, readiness says so, the server recovers by itself, and every
//!   reminder is sent exactly once.
//! - Malformed and oversized requests over the wire — deep, aliased and batched GraphQL, broken
//!   JSON, a huge body, huge headers — are refused with clear errors, and the server stays
//!   healthy.
//! - A short soak of mixed load: resident memory stops growing (bound in [`SOAK_GROWTH_MIB`]).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use e2e::process::{OwnPostgres, Server, graphql, request};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};

const DEMO_PASSWORD: &str = demo::PASSWORD;

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pw-{name}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn env_for(url: &str, data: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("POORTWACHTER_DATABASE_URL", url.to_string()),
        ("POORTWACHTER_DATA_DIR", data.display().to_string()),
        (
            "POORTWACHTER_STORAGE",
            format!("file://{}", data.join("documents").display()),
        ),
        ("POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE", "1000".into()),
        ("POORTWACHTER_WORKER_HEARTBEAT_SECS", "1".into()),
        ("POORTWACHTER_WORKER_SWEEP_SECS", "2".into()),
    ]
}

async fn login(addr: &str, email: &str) -> String {
    e2e::process::login(addr, email, DEMO_PASSWORD).await["accessToken"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Ok,
    /// A GraphQL error with this `extensions.code`.
    Error(String),
    /// An answer that is not a proper GraphQL error (a bare 500, no code, not JSON...).
    Unclear(String),
    /// No answer (connection refused or cut, or nothing within 20 s).
    NoAnswer(String),
}

async fn attempt(addr: &str, token: &str, query: &str, variables: Value) -> (Outcome, Value) {
    match graphql(addr, Some(token), query, variables).await {
        Err(e) => (Outcome::NoAnswer(e), Value::Null),
        Ok((status, v)) => {
            if let Some(code) = v["errors"][0]["extensions"]["code"].as_str() {
                let message = v["errors"][0]["message"].as_str().unwrap_or_default();
                if message.is_empty() {
                    (
                        Outcome::Unclear(format!("{status} without a message: {v}")),
                        v,
                    )
                } else {
                    (Outcome::Error(code.to_string()), v)
                }
            } else if v.get("errors").is_some() || status != 200 || v["data"].is_null() {
                (Outcome::Unclear(format!("{status}: {v}")), v)
            } else {
                (Outcome::Ok, v)
            }
        }
    }
}

/// Reminders by status, read straight from the database.
async fn reminder_statuses(url: &str) -> Option<BTreeMap<String, i64>> {
    let db = Database::connect(url).await.ok()?;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT status, COUNT(*) AS n FROM reminders GROUP BY status",
        ))
        .await
        .ok()?;
    db.close().await.ok();
    Some(
        rows.iter()
            .map(|r| {
                (
                    r.try_get::<String>("", "status").unwrap(),
                    r.try_get::<i64>("", "n").unwrap(),
                )
            })
            .collect(),
    )
}

/// Where the unsent reminders stand: status, attempts, whether queued, next try, last error.
async fn unsent(url: &str) -> Vec<String> {
    let Ok(db) = Database::connect(url).await else {
        return vec![];
    };
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT status || ' attempts=' || attempts || ' queued=' || (queued_at IS NOT NULL) \
             || ' next=' || next_attempt_at || ' error=' || COALESCE(last_error, '-') AS s \
             FROM reminders WHERE status <> 'SENT'",
        ))
        .await
        .unwrap_or_default();
    rows.iter()
        .filter_map(|r| r.try_get::<String>("", "s").ok())
        .collect()
}

/// Messages in the outbox folder per reminder (by the Message-ID the worker sets).
fn mails_per_reminder(outbox: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(outbox).into_iter().flatten().flatten() {
        let mail = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(id) = mail
            .split("<reminder-")
            .nth(1)
            .and_then(|rest| rest.split('@').next())
        {
            *out.entry(id.to_string()).or_default() += 1;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_dying_under_load_costs_only_clean_errors_and_no_reminder() {
    if e2e::skip_services() {
        return;
    }
    let pg = OwnPostgres::start();
    let data = tempdir("pg-restart");
    let mut server = Server::spawn(
        &env_for(&pg.url(), &data),
        &["--demo"],
        &data.join("server.log"),
    );
    server.ready(Duration::from_secs(120)).await;
    let hr = login(&server.addr, "hr@korenschoof.example").await;
    let addr = server.addr.clone();
    // HR takes one e-mail per step: each of the new reports' reminders is a mail of its own
    // (what the worker bundled into a digest before this waits for seven o'clock).
    let (_, res) = e2e::process::graphql(
        &addr,
        Some(&hr),
        "mutation { setDailyDigest(on: false) { dailyDigest } }",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(res["data"]["setDailyDigest"]["dailyDigest"], false, "{res}");

    // Clients: one reads the case list back to back; one reports new employees sick (sick
    // since 10 weeks, so their overdue steps give the worker's 2-second sweep new reminders to
    // queue and deliver throughout, the outage included).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (addr, hr, stop) = (addr.clone(), hr.clone(), stop.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let t = Instant::now();
                let (o, _) = attempt(
                    &addr,
                    &hr,
                    "{ cases(first: 20) { edges { node { id nextDeadline { kind } } } } }",
                    json!({}),
                )
                .await;
                seen.push((Instant::now(), o, t.elapsed()));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            seen
        })
    };
    let writer = {
        let (addr, hr, stop) = (addr.clone(), hr.clone(), stop.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            let since = (platform::clock::dutch_date(chrono::Utc::now())
                - chrono::Duration::weeks(10))
            .format("%Y-%m-%d")
            .to_string();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                i += 1;
                let (o, v) = attempt(
                    &addr,
                    &hr,
                    "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
                    json!({ "i": { "name": format!("Storing {i}"), "email": format!("storing{i}@korenschoof.example") } }),
                )
                .await;
                if o == Outcome::Ok {
                    let id = v["data"]["createEmployee"]["id"].clone();
                    let (o, _) = attempt(
                        &addr,
                        &hr,
                        "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }",
                        json!({ "e": id, "d": since }),
                    )
                    .await;
                    seen.push((Instant::now(), o));
                } else {
                    seen.push((Instant::now(), o));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            seen
        })
    };

    tokio::time::sleep(Duration::from_secs(4)).await;
    pg.stop();
    let down = Instant::now();
    // Readiness says the database is away.
    let mut unready = false;
    while down.elapsed() < Duration::from_secs(5) {
        if let Ok((503, _)) = request(&addr, "GET", "/readyz", &[], Bytes::new()).await {
            unready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(unready, "/readyz did not report the database outage");
    tokio::time::sleep(Duration::from_secs(4)).await;
    pg.start_again();
    let up = Instant::now();
    // Recovers by itself: the next successful request comes within 20 s.
    let recovered = loop {
        let (o, _) = attempt(&addr, &hr, "{ me { name } }", json!({})).await;
        if o == Outcome::Ok {
            break up.elapsed();
        }
        assert!(
            up.elapsed() < Duration::from_secs(20),
            "not recovered 20 s after PostgreSQL came back: {o:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_secs(4)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.await.unwrap();
    let writes = writer.await.unwrap();
    assert!(server.alive(), "the server died with the database");

    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for (_, o, took) in &reads {
        // An answer in the outage comes quickly (the pool's acquire limit), not after minutes.
        assert!(*took < Duration::from_secs(12), "a request took {took:?}");
        *tally.entry(format!("{o:?}")).or_default() += 1;
    }
    for (_, o) in &writes {
        *tally.entry(format!("{o:?}")).or_default() += 1;
    }
    println!(
        "outage: {} ms down, recovered {} ms after PostgreSQL came back; outcomes {tally:?}",
        up.duration_since(down).as_millis(),
        recovered.as_millis()
    );
    // The outage is the service's failure (INTERNAL, 503), never the user's: no
    // UNAUTHENTICATED, which would send the web app to its login page.
    for (o, n) in &tally {
        assert!(
            o == "Ok" || o == "Error(\"INTERNAL\")",
            "{n} requests ended otherwise: {o}"
        );
    }
    assert!(
        tally.contains_key("Error(\"INTERNAL\")"),
        "the outage was not felt"
    );
    let ok_after = reads
        .iter()
        .filter(|(at, o, _)| *at > up && *o == Outcome::Ok)
        .count();
    assert!(
        ok_after > 10,
        "only {ok_after} reads succeeded after recovery"
    );
    let sick_after = writes
        .iter()
        .filter(|(at, o)| *at > up && *o == Outcome::Ok)
        .count();
    assert!(sick_after > 0, "no sick report succeeded after recovery");

    // Every reminder queued before, during and after the outage goes out exactly once.
    let outbox = data.join("outbox");
    // A send that met the outage while its e-mail was written goes back within seconds.
    let until = Instant::now() + Duration::from_secs(60);
    let statuses = loop {
        let s = reminder_statuses(&pg.url()).await.unwrap_or_default();
        let pending: i64 = s
            .iter()
            .filter(|(k, _)| k.as_str() != "SENT")
            .map(|(_, n)| n)
            .sum();
        if pending == 0 && !s.is_empty() {
            break s;
        }
        if Instant::now() >= until {
            panic!(
                "reminders not delivered: {s:?}; {:?}",
                unsent(&pg.url()).await
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let sent = statuses.get("SENT").copied().unwrap_or(0) as usize;
    let mails = mails_per_reminder(&outbox);
    assert_eq!(mails.len(), sent, "every sent reminder has its e-mail");
    let doubled: Vec<_> = mails.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "reminders sent twice: {doubled:?}");
    println!("{sent} reminders, each sent once");
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_requests_are_refused_and_the_server_stays_healthy() {
    let data = tempdir("malformed");
    let url = format!("sqlite://{}/db.sqlite?mode=rwc", data.display());
    let mut server = Server::spawn(&env_for(&url, &data), &["--demo"], &data.join("server.log"));
    server.ready(Duration::from_secs(120)).await;
    let addr = server.addr.clone();
    let hr = login(&addr, "hr@korenschoof.example").await;
    let auth = format!("Bearer {hr}");
    let post = |body: Vec<u8>, extra: Vec<(&'static str, String)>| {
        let (addr, auth) = (addr.clone(), auth.clone());
        async move {
            let mut headers: Vec<(&str, &str)> = vec![
                ("content-type", "application/json"),
                ("authorization", auth.as_str()),
            ];
            for (k, v) in &extra {
                headers.push((k, v.as_str()));
            }
            request(&addr, "POST", "/graphql", &headers, Bytes::from(body)).await
        }
    };
    let code_of = |bytes: &Bytes| -> String {
        let v: Value = serde_json::from_slice(bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(bytes)));
        let e = &v["errors"][0];
        assert!(
            !e["message"].as_str().unwrap_or_default().is_empty(),
            "no message: {v}"
        );
        e["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // Too deep.
    let deep = format!(
        "{{ me {}{}}}",
        "{ organisation { users { organisation ".repeat(8),
        "{ id } } } } ".repeat(8) + "}"
    );
    let (status, body) = post(json!({ "query": deep }).to_string().into_bytes(), vec![])
        .await
        .unwrap();
    assert!(status < 500, "{status}");
    assert!(!code_of(&body).is_empty());
    // A thousand aliases.
    let aliases: String = (0..1000).map(|i| format!("a{i}: me {{ id }} ")).collect();
    let (status, body) = post(
        json!({ "query": format!("{{ {aliases} }}") })
            .to_string()
            .into_bytes(),
        vec![],
    )
    .await
    .unwrap();
    assert!(status < 500, "{status}");
    assert!(!code_of(&body).is_empty());
    // A batch of a hundred queries.
    let batch: Vec<Value> = (0..100)
        .map(|_| json!({ "query": "{ me { id } }" }))
        .collect();
    let (status, body) = post(serde_json::to_vec(&batch).unwrap(), vec![])
        .await
        .unwrap();
    assert!((400..500).contains(&status), "{status}: {body:?}");
    // Broken JSON, and JSON that is not a request.
    for broken in [
        &b"{\"query\": \"{ me { id } }\""[..],
        b"[1,2",
        b"\xff\xfe",
        b"42",
    ] {
        let (status, body) = post(broken.to_vec(), vec![]).await.unwrap();
        assert!((400..500).contains(&status), "{status} for {broken:?}");
        assert!(!code_of(&body).is_empty());
    }
    // A body over the limit (2 MiB of query text).
    let huge = json!({ "query": format!("{{ me {{ id }} }} #{}", "x".repeat(2 << 20)) });
    let (status, _) = post(huge.to_string().into_bytes(), vec![]).await.unwrap();
    assert_eq!(status, 413);
    // Huge headers: one of 1 MiB, and a thousand small ones. hyper answers 431 or, past its
    // read buffer, closes the connection; either way nothing reaches the application.
    let refused = |res: Result<(u16, Bytes), String>| match res {
        Ok((status, _)) => assert_eq!(status, 431),
        Err(e) => assert!(!e.contains("within 20 s"), "{e}"),
    };
    refused(
        post(
            b"{\"query\":\"{ me { id } }\"}".to_vec(),
            vec![("x-padding", "p".repeat(1 << 20))],
        )
        .await,
    );
    let names: Vec<String> = (0..1000).map(|i| format!("x-h{i}")).collect();
    let headers: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
    refused(
        request(
            &addr,
            "POST",
            "/graphql",
            &headers,
            Bytes::from_static(b"{}"),
        )
        .await,
    );

    // Still healthy: liveness, readiness and a real query.
    assert_eq!(
        request(&addr, "GET", "/healthz", &[], Bytes::new())
            .await
            .unwrap()
            .0,
        200
    );
    assert_eq!(
        request(&addr, "GET", "/readyz", &[], Bytes::new())
            .await
            .unwrap()
            .0,
        200
    );
    let (o, v) = attempt(&addr, &hr, "{ me { name } }", json!({})).await;
    assert_eq!(o, Outcome::Ok, "{v}");
    assert!(server.alive());
    server.stop();
}

/// Memory a few minutes of mixed load may add after the warm-up (caches, pools and the
/// allocator's arenas are full by then; a leak of even a few bytes per request exceeds it).
const SOAK_GROWTH_MIB: u64 = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_soak_of_mixed_load_does_not_grow_memory() {
    let seconds: u64 = std::env::var("SOAK_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let data = tempdir("soak");
    let url = format!("sqlite://{}/db.sqlite?mode=rwc", data.display());
    let mut server = Server::spawn(&env_for(&url, &data), &["--demo"], &data.join("server.log"));
    server.ready(Duration::from_secs(120)).await;
    let addr = server.addr.clone();
    let hr = login(&addr, "hr@korenschoof.example").await;
    let (_, v) = graphql(
        &addr,
        Some(&hr),
        "{ cases(first: 5) { edges { node { id } } } }",
        json!({}),
    )
    .await
    .unwrap();
    let cases: Vec<String> = v["data"]["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect();
    let start = Instant::now();
    let warm = start + Duration::from_secs(seconds / 4);
    let until = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for client in 0..6usize {
        let (addr, hr, cases) = (addr.clone(), hr.clone(), cases.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            while Instant::now() < until {
                n += 1;
                let case = &cases[n % cases.len()];
                let (o, v) = match (client + n) % 10 {
                    // A login now and then (argon2: the heaviest request).
                    0 if client == 0 => {
                        let (_, v) = graphql(
                            &addr,
                            None,
                            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                            json!({ "e": "casemanager@korenschoof.example", "p": DEMO_PASSWORD }),
                        )
                        .await
                        .unwrap();
                        (if v["data"]["login"].is_object() { Outcome::Ok } else { Outcome::Unclear(v.to_string()) }, v)
                    }
                    // An upload and its download.
                    1 if client == 1 => {
                        let mut file = b"%PDF-1.7\n".to_vec();
                        file.resize(256 << 10, (n % 251) as u8);
                        let auth = format!("Bearer {hr}");
                        let (status, body) = request(
                            &addr,
                            "POST",
                            &format!("/api/cases/{case}/documents"),
                            &[("authorization", &auth), ("x-classification", "CASE"), ("x-filename", "soak.pdf")],
                            Bytes::from(file),
                        )
                        .await
                        .unwrap();
                        assert_eq!(status, 201, "{body:?}");
                        let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_str().unwrap().to_string();
                        let (status, got) = request(&addr, "GET", &format!("/api/documents/{id}"), &[("authorization", &auth)], Bytes::new()).await.unwrap();
                        assert_eq!((status, got.len()), (200, 256 << 10));
                        // Deleted again: the data stays the same size, so memory may not grow
                        // with it.
                        attempt(&addr, &hr, "mutation($id: ID!) { deleteDocument(id: $id) }", json!({ "id": id })).await
                    }
                    // The case file and the list.
                    2..=4 => {
                        attempt(&addr, &hr, "query($id: ID!) { case(id: $id) { id deadlines { kind dueOn status } planOfAction { goal } activities { kind } documents { id title } workability { hoursPerWeek } } }", json!({ "id": case })).await
                    }
                    _ => {
                        attempt(&addr, &hr, "{ cases(first: 50, sort: NEXT_DEADLINE) { edges { node { id nextDeadline { kind dueOn } riskSignals { kind } workability { hoursPerWeek } } } } }", json!({})).await
                    }
                };
                assert_eq!(o, Outcome::Ok, "{v}");
            }
            n
        }));
    }
    let mut samples = Vec::new();
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_secs(2)).await;
        samples.push((Instant::now(), server.rss_kib()));
    }
    let mut requests = 0;
    for t in tasks {
        requests += t.await.unwrap();
    }
    let at_warm = samples
        .iter()
        .filter(|(at, _)| *at >= warm)
        .map(|(_, kib)| *kib)
        .next()
        .unwrap();
    let peak_after = samples
        .iter()
        .filter(|(at, _)| *at >= warm)
        .map(|(_, kib)| *kib)
        .max()
        .unwrap();
    let last = samples.last().unwrap().1;
    println!(
        "soak: {requests} requests in {seconds} s; resident {} MiB after the warm-up, peak {} MiB, at the end {} MiB; {} open files",
        at_warm / 1024,
        peak_after / 1024,
        last / 1024,
        server.open_files()
    );
    assert!(
        peak_after.saturating_sub(at_warm) <= SOAK_GROWTH_MIB * 1024,
        "memory grew by {} MiB after the warm-up",
        peak_after.saturating_sub(at_warm) / 1024
    );
    assert!(server.alive());
    server.stop();
}
