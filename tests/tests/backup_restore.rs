//! Backup and restore as docs/operations.md tells an operator to do it: `pg_dump -Fc` of the
//! database and a copy of the document store, restored into a new database and a new folder.
//! The restored installation (same keys) serves the same cases, opens the same encrypted
//! documents, and its access log's chain still verifies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use axum::body::Body;
use chrono::Duration as Days;
use e2e::process::{Server, binary, graphql, login, pg_tool, request};
use e2e::{Backend, TestApp};
use hyper::body::Bytes;
use platform::clock::Clock;
use serde_json::json;

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const LIST: &str = "{ cases(first: 50) { edges { node { id employee { name } nextDeadline { kind dueOn } documents { id title } } } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_and_a_copy_of_the_store_restore_the_installation() {
    if e2e::skip_services() {
        return;
    }
    let app = TestApp::start(Backend::Postgres, |_| {}).await;
    let hr = app.login("hr@korenschoof.example").await;
    let case = app
        .report_sick(&hr, "Bram Jansen", app.clock.today() - Days::days(30))
        .await;
    let pdf = format!("%PDF-1.4\n{}\n", "gespreksverslag ".repeat(2000));
    let (status, res) = app
        .upload(
            &hr,
            &case,
            "CASE",
            "verslag.pdf",
            Body::from(pdf.clone()),
            &[("x-title", "Verslag")],
        )
        .await;
    assert_eq!(status, http::StatusCode::CREATED, "{res}");
    let document = res["id"].as_str().unwrap().to_string();
    let before = app.gql(Some(&hr), LIST, json!({})).await;
    assert!(before.get("errors").is_none(), "{before}");

    // Back up: the database, and the store's folder (for S3: the bucket, with versioning).
    let config = &app.state.config;
    let url = config.database_url.clone();
    let dump = app.dir.join("backup.dump");
    run(Command::new(pg_tool("pg_dump"))
        .args(["-Fc", "--no-owner", "-f"])
        .arg(&dump)
        .arg(&url));
    let store = PathBuf::from(config.storage.trim_start_matches("file://"));
    let store_copy = app.dir.join("restored-documents");
    copy_dir(&store, &store_copy);

    // Restore into a new database on the same cluster.
    let (base, _) = url.rsplit_once('/').unwrap();
    let restored = format!("restore_{}", uuid::Uuid::new_v4().simple());
    run(Command::new(pg_tool("psql"))
        .arg(format!("{base}/postgres"))
        .args(["-q", "-c", &format!("CREATE DATABASE {restored}")]));
    let restored_url = format!("{base}/{restored}");
    run(Command::new(pg_tool("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "-d", &restored_url])
        .arg(&dump));

    // The restored installation: same keys (data folder), restored database and store.
    let env = vec![
        ("POORTWACHTER_DATABASE_URL", restored_url.clone()),
        (
            "POORTWACHTER_DATA_DIR",
            config.data_dir.display().to_string(),
        ),
        (
            "POORTWACHTER_STORAGE",
            format!("file://{}", store_copy.display()),
        ),
        ("POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE", "10000".into()),
    ];
    let verify = Command::new(binary())
        .arg("verify-log")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "verify-log on the restored database: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let mut server = Server::spawn(&env, &["--no-worker"], &app.dir.join("restored.log"));
    server.ready(Duration::from_secs(60)).await;
    let token = login(&server.addr, "hr@korenschoof.example", demo::PASSWORD).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, after) = graphql(&server.addr, Some(&token), LIST, json!({}))
        .await
        .unwrap();
    assert_eq!(
        after["data"], before["data"],
        "the restored case list differs"
    );
    let auth = format!("Bearer {token}");
    let (status, bytes) = request(
        &server.addr,
        "GET",
        &format!("/api/documents/{document}"),
        &[("authorization", &auth)],
        Bytes::new(),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        bytes,
        pdf.as_bytes(),
        "the restored document is not the uploaded one"
    );
    server.stop();
}
