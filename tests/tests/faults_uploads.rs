//! Faults around uploads (issue 8's fault suite; the process-level faults are in faults.rs):
//!
//! - the document store's disk is full halfway through an upload: the uploader gets a clear
//!   error (507), and nothing is kept — no row, no part in the store, room for the next file;
//! - a client holds an upload open and sends nothing: it is cut off after the idle limit, and
//!   nothing it started is kept.
//!
//! The full disk is a real one: a 2 MiB tmpfs mounted for the test (the test runs as root, as
//! `make test` does on CI; without the right to mount it fails and says so).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use bytes::Bytes;
use e2e::{Backend, TestApp};
use futures::StreamExt;
use http::StatusCode;
use serde_json::Value;

/// A small filesystem of its own, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(under: &Path, size: &str) -> SmallDisk {
        let dir = under.join("small-disk");
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a {size} tmpfs for the full-disk test needs root (make test runs as root on CI): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { dir }
    }

    /// Every file left on it (the store's objects and any staging parts).
    fn files(&self) -> Vec<PathBuf> {
        walkdir(&self.dir)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// A PDF of `len` bytes that does not compress (tmpfs does not compress anyway).
fn pdf(len: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

async fn documents_of(app: &TestApp, hr: &str, case: &str) -> Vec<Value> {
    let res = app
        .gql(
            Some(hr),
            "query($id: ID!) { case(id: $id) { documents { id filename } } }",
            serde_json::json!({ "id": case }),
        )
        .await;
    res["data"]["case"]["documents"].as_array().unwrap().clone()
}

/// The demo on SQLite with its documents in `store`, HR's token, a new case of Carolien
/// Lammers, and how many document rows there are.
async fn app_with_a_case(store: &Path, idle_secs: u64) -> (TestApp, String, String, i64) {
    let app = TestApp::start(Backend::Sqlite, |c| {
        c.storage = format!("file://{}", store.display());
        c.upload_idle_timeout_secs = idle_secs;
    })
    .await;
    let hr = app.login("hr@korenschoof.example").await;
    let case = app
        .report_sick(
            &hr,
            "Carolien Lammers",
            platform::clock::Clock::today(app.clock.as_ref()),
        )
        .await;
    let rows = app.count_rows("documents").await;
    (app, hr, case, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_the_upload_clearly_and_keeps_nothing() {
    let dir = tempdir();
    let disk = SmallDisk::mount(&dir, "2m");
    let store = disk.dir.join("documents");
    let (app, hr, case, rows_before) = app_with_a_case(&store, 60).await;

    // 4 MiB (plus encryption overhead) on a 2 MiB disk: the store runs out halfway.
    let (status, res) = app
        .upload(
            &hr,
            &case,
            "CASE",
            "te-groot.pdf",
            Body::from(pdf(4 << 20)),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{res}");
    assert_eq!(res["error"]["code"], "INTERNAL", "{res}");
    assert!(
        res["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing was stored"),
        "{res}"
    );
    assert_eq!(
        app.count_rows("documents").await,
        rows_before,
        "no row kept"
    );
    assert!(
        disk.files().is_empty(),
        "parts left in the store: {:?}",
        disk.files()
    );
    assert!(documents_of(&app, &hr, &case).await.is_empty());

    // The space it took is free again: a 1 MiB file fits and reads back whole.
    let small = pdf(1 << 20);
    let (status, res) = app
        .upload(
            &hr,
            &case,
            "CASE",
            "past-wel.pdf",
            Body::from(small.clone()),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let id = res["id"].as_str().unwrap();
    let (status, _, body) = app.get(&hr, &format!("/api/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, small);
    assert_eq!(documents_of(&app, &hr, &case).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_upload_is_cut_off_after_the_idle_limit_and_keeps_nothing() {
    let dir = tempdir();
    let store = dir.join("documents");
    let (app, hr, case, rows_before) = app_with_a_case(&store, 1).await;

    // 128 KiB arrive (past the sniffing window, so parts are being written), then nothing —
    // the client keeps the connection open and never sends the rest.
    let first = Bytes::from(pdf(128 << 10));
    let stalled = futures::stream::once(async move { Ok::<_, std::io::Error>(first) })
        .chain(futures::stream::pending());
    let started = Instant::now();
    let (status, res) = tokio::time::timeout(
        Duration::from_secs(20),
        app.upload(
            &hr,
            &case,
            "CASE",
            "halverwege.pdf",
            Body::from_stream(stalled),
            &[("content-length", "10485760")],
        ),
    )
    .await
    .expect("the server cut the stalled upload off");
    let waited = started.elapsed();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    assert_eq!(res["error"]["reason"], "UPLOAD_ABORTED", "{res}");
    assert!(
        res["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing was received for 1 s"),
        "{res}"
    );
    assert!(waited >= Duration::from_secs(1), "cut off after {waited:?}");
    assert_eq!(
        app.count_rows("documents").await,
        rows_before,
        "no row kept"
    );
    let left: Vec<_> = walkdir(&store);
    assert!(left.is_empty(), "left in the store: {left:?}");

    // The server goes on: the same upload sent in full is stored.
    let (status, res) = app
        .upload(
            &hr,
            &case,
            "CASE",
            "heel.pdf",
            Body::from(pdf(256 << 10)),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pw-faults-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
