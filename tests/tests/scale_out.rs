//! Scale-out on one machine (loopback only): two `poortwachter serve --no-worker` gateways behind
//! nginx (Debian's package, as a load balancer would be in production) and two `poortwachter
//! worker` processes on one PostgreSQL database.
//!
//! - A login on one gateway works on the other: access tokens are stateless, signed with the
//!   installation's keys, and the session lives in the database.
//! - A refresh token used twice — once on each gateway — is caught, and the whole session ends.
//! - The two workers both sweep the same day: each reminder is sent once.
//! - A gateway killed (SIGKILL) under load through nginx costs only the requests it was
//!   answering at that moment; nginx sends everything after to the other.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::process::{Server, free_port, graphql, mails_by_reminder, spawn_worker};
use e2e::{Backend, TestApp};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const NGINX: &str = "/usr/sbin/nginx";

/// What every process of the installation shares: database, keys (in the data folder),
/// document store.
fn shared_env(app: &TestApp) -> Vec<(&'static str, String)> {
    let c = &app.state.config;
    vec![
        ("POORTWACHTER_DATABASE_URL", c.database_url.clone()),
        ("POORTWACHTER_DATA_DIR", c.data_dir.display().to_string()),
        ("POORTWACHTER_STORAGE", c.storage.clone()),
        ("POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE", "10000".into()),
        ("POORTWACHTER_TRUST_FORWARDED_FOR", "true".into()),
        ("POORTWACHTER_WORKER_HEARTBEAT_SECS", "1".into()),
        ("POORTWACHTER_WORKER_SWEEP_SECS", "2".into()),
    ]
}

/// nginx in front of `upstreams`, on a fresh port, its files in `dir`.
struct Nginx {
    child: Child,
    addr: String,
}

impl Nginx {
    fn start(dir: &Path, upstreams: &[&str]) -> Nginx {
        let dir = dir.join("nginx");
        std::fs::create_dir_all(&dir).unwrap();
        let port = free_port();
        let servers: String = upstreams
            .iter()
            .map(|u| format!("        server {u} max_fails=1 fail_timeout=30s;\n"))
            .collect();
        // As root, nginx's workers would switch to `nobody`, who cannot write this folder.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0\n"))
            .unwrap_or(false);
        let conf = format!(
            "{user}worker_processes 1;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n\
                 access_log off;\n\
                 client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
                 fastcgi_temp_path {d}/fcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
                 upstream gateways {{\n{servers}        keepalive 16;\n    }}\n\
                 server {{\n\
                     listen 127.0.0.1:{port};\n\
                     client_max_body_size 0;\n\
                     location / {{\n\
                         proxy_pass http://gateways;\n\
                         proxy_http_version 1.1;\n\
                         proxy_set_header Connection \"\";\n\
                         proxy_set_header X-Forwarded-For $remote_addr;\n\
                         proxy_next_upstream error timeout;\n\
                         proxy_connect_timeout 2s;\n\
                     }}\n\
                 }}\n\
             }}\n",
            user = if root { "user root;\n" } else { "" },
            d = dir.display(),
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let child = Command::new(NGINX)
            .args(["-e", &dir.join("error.log").display().to_string()])
            .args(["-p", &dir.display().to_string()])
            .args(["-c", &dir.join("nginx.conf").display().to_string()])
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx (make test installs Debian's nginx-light)");
        Nginx {
            child,
            addr: format!("127.0.0.1:{port}"),
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_worker(app: &TestApp, name: &str) -> Child {
    spawn_worker(&shared_env(app), &app.dir.join(format!("{name}.log")))
}

async fn login(addr: &str, email: &str) -> Value {
    e2e::process::login(addr, email, demo::PASSWORD).await
}

async fn refresh(addr: &str, token: &str) -> Value {
    graphql(
        addr,
        None,
        "mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }",
        json!({ "t": token }),
    )
    .await
    .unwrap()
    .1
}

async fn me(addr: &str, token: &str) -> Value {
    graphql(addr, Some(token), "{ me { name } }", json!({}))
        .await
        .unwrap()
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_gateways_behind_nginx_and_two_workers_on_one_postgresql() {
    if e2e::skip_services() {
        return;
    }
    let app = TestApp::start(Backend::Postgres, |_| {}).await;
    app.per_step_reminders().await;
    let tenant = e2e::bulk::demo_employer(&app).await;
    e2e::bulk::open_cases(&app, tenant, 200, 90).await;
    let env = shared_env(&app);
    let mut a = Server::spawn(&env, &["--no-worker"], &app.dir.join("gateway-a.log"));
    let mut b = Server::spawn(&env, &["--no-worker"], &app.dir.join("gateway-b.log"));
    a.ready(Duration::from_secs(60)).await;
    b.ready(Duration::from_secs(60)).await;

    // A login on A is a login on B.
    let session = login(&a.addr, "hr@korenschoof.example").await;
    let access = session["accessToken"].as_str().unwrap().to_string();
    assert_eq!(
        me(&b.addr, &access).await["data"]["me"]["name"],
        me(&a.addr, &access).await["data"]["me"]["name"]
    );
    assert!(me(&b.addr, &access).await["data"]["me"]["name"].is_string());

    // A refresh token used on A, then again on B: the reuse is caught, and the session is over
    // on both (the newer refresh token too).
    let first = session["refreshToken"].as_str().unwrap().to_string();
    let renewed = refresh(&a.addr, &first).await;
    let second = renewed["data"]["refresh"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_string();
    let reused = refresh(&b.addr, &first).await;
    assert!(
        reused["data"].is_null() || reused["data"]["refresh"].is_null(),
        "{reused}"
    );
    assert_eq!(
        reused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{reused}"
    );
    let after = refresh(&a.addr, &second).await;
    assert_eq!(
        after["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{after}"
    );

    // Two workers, both sweeping every 2 s: every reminder once.
    let w1 = start_worker(&app, "worker-1");
    let w2 = start_worker(&app, "worker-2");
    let db = &app.state.db;
    let outbox = app.state.config.outbox_dir();
    let started = Instant::now();
    let ids: BTreeSet<String> = loop {
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id::text, status FROM reminders",
            ))
            .await
            .unwrap();
        let all: Vec<(String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                )
            })
            .collect();
        if !all.is_empty()
            && all.iter().all(|(_, s)| s == "SENT")
            && started.elapsed() > Duration::from_secs(6)
        {
            break all.into_iter().map(|(id, _)| id).collect();
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "reminders not sent: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    let sent = mails_by_reminder(&outbox);
    assert!(ids.len() >= 20, "{} reminders", ids.len());
    println!("two workers: {} reminders, each sent once", ids.len());
    assert_eq!(sent.keys().cloned().collect::<BTreeSet<_>>(), ids);
    assert!(
        sent.values().all(|n| *n == 1),
        "sent twice: {:?}",
        sent.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
    let sweeps = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM reminder_sweeps",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert!(sweeps >= 1);
    for mut w in [w1, w2] {
        let _ = Command::new("kill")
            .args(["-TERM", &w.id().to_string()])
            .status();
        let _ = w.wait();
    }

    // Load through nginx; gateway A is killed in the middle.
    let nginx = Nginx::start(&app.dir, &[&a.addr, &b.addr]);
    let lb = nginx.addr.clone();
    let ready = Instant::now();
    while graphql(&lb, Some(&access), "{ me { name } }", json!({}))
        .await
        .is_err()
    {
        assert!(
            ready.elapsed() < Duration::from_secs(20),
            "nginx did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let hr = login(&lb, "hr@korenschoof.example").await["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let clients = 6;
    let until = Instant::now() + Duration::from_secs(8);
    let kill_at = Instant::now() + Duration::from_secs(3);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (lb, hr) = (lb.clone(), hr.clone());
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::new();
            while Instant::now() < until {
                let at = Instant::now();
                let r = graphql(
                    &lb,
                    Some(&hr),
                    "{ cases(first: 50, sort: NEXT_DEADLINE) { edges { node { id nextDeadline { kind dueOn } } } } }",
                    json!({}),
                )
                .await;
                let ok = matches!(&r, Ok((200, v)) if v["data"]["cases"]["edges"].as_array().is_some_and(|e| !e.is_empty()));
                results.push((at, ok, format!("{r:?}").chars().take(200).collect::<String>()));
            }
            results
        }));
    }
    tokio::time::sleep_until(kill_at.into()).await;
    drop(a); // SIGKILL, like a crashed machine
    let killed = Instant::now();
    let mut results = Vec::new();
    for t in tasks {
        results.extend(t.await.unwrap());
    }
    let failed: Vec<_> = results.iter().filter(|(_, ok, _)| !ok).collect();
    let before = results.iter().filter(|(at, _, _)| *at < killed).count();
    let after = results.iter().filter(|(at, _, _)| *at > killed).count();
    println!(
        "through nginx: {} requests ({before} before the kill, {after} after), {} failed",
        results.len(),
        failed.len()
    );
    // Only what A was answering when it died: at most one request per client, each begun before
    // the kill.
    assert!(failed.len() <= clients, "{failed:?}");
    assert!(failed.iter().all(|(at, _, _)| *at < killed), "{failed:?}");
    assert!(after > 50, "B took over: {after} requests after the kill");
    assert!(b.alive());
    b.stop();
}
