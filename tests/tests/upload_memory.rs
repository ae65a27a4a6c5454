//! A 1 GiB upload and download through the real router, measuring the process's memory: the
//! server streams (sniff, hash, encrypt, store in parts), so its peak stays flat whatever the
//! file size. Prints the figures (run with `--no-capture` to see them; docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use axum::body::Body;
use bytes::Bytes;
use chrono::Duration;
use e2e::{Backend, TestApp};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use platform::clock::Clock;
use tower::ServiceExt;

const TOTAL: usize = 1 << 30;
const PIECE: usize = 64 * 1024;
/// What the server may add to its peak for a 1 GiB transfer: a few multipart parts in flight.
const FLAT_MIB: u64 = 64;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// Resets the peak (VmHWM) to the current resident size (Linux `clear_refs` 5).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Where the test keeps the gigabyte it stores: RAM-backed `/dev/shm` where it has room (a
/// container's may have 64 MiB), else the temporary folder, so the test needs no gigabyte of
/// free disk beside the build (a CI machine once had less, and the server rightly answered
/// 507). Files written to tmpfs are page cache, not resident memory of this process, so VmRSS
/// and VmHWM measure the server alone either way.
struct Store(std::path::PathBuf);

impl Store {
    fn new() -> Store {
        let shm = std::path::PathBuf::from("/dev/shm");
        let base = if free_kib(&shm).is_some_and(|kib| kib > 3 * (TOTAL as u64 / 1024) / 2) {
            shm
        } else {
            std::env::temp_dir()
        };
        Store(base.join(format!("pw-upload-{}", uuid::Uuid::new_v4().simple())))
    }
}

/// The space available on `path`'s file system, as `df` tells it.
fn free_kib(path: &std::path::Path) -> Option<u64> {
    let out = std::process::Command::new("df")
        .args(["-Pk"])
        .arg(path)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The i-th 64 KiB piece of the file: a PDF header, then bytes that change per piece.
fn piece(i: usize) -> Vec<u8> {
    let mut chunk = vec![(i % 251) as u8; PIECE];
    if i == 0 {
        chunk[..9].copy_from_slice(b"%PDF-1.7\n");
    }
    chunk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gigabyte_upload_and_download_stream_in_flat_memory() {
    let store = Store::new();
    let app = TestApp::start(Backend::Sqlite, |c| {
        c.max_upload_bytes = 2 * TOTAL as u64;
        c.storage = format!("file://{}", store.0.display());
    })
    .await;
    let hr = app.login("hr@korenschoof.example").await;
    let case = app
        .report_sick(
            &hr,
            "Willem Nijhuis",
            app.clock.today() - Duration::days(10),
        )
        .await;
    // Warm up every path once, so one-time allocations are not counted.
    let (status, _) = app
        .upload(&hr, &case, "CASE", "klein.pdf", Body::from(piece(0)), &[])
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let mut expected = platform::crypto::Sha256::default();
    for i in 0..TOTAL / PIECE {
        expected.update(&piece(i));
    }
    let expected = expected.finish_hex();

    let rss_before = status_kib("VmRSS:");
    let reset = reset_peak();
    let started = Instant::now();
    let body = Body::from_stream(futures::stream::iter(
        (0..TOTAL / PIECE).map(|i| Ok::<_, std::io::Error>(Bytes::from(piece(i)))),
    ));
    let (status, res) = app.upload(&hr, &case, "CASE", "groot.pdf", body, &[]).await;
    let upload_secs = started.elapsed().as_secs_f64();
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{res} (the store at {} needs 1 GiB free)",
        store.0.display()
    );
    assert_eq!(res["size"], TOTAL as u64);
    assert_eq!(res["sha256"], expected);
    let upload_peak = status_kib("VmHWM:");

    // Download it again, hashing frame by frame.
    let started = Instant::now();
    let id = res["id"].as_str().unwrap();
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(format!("/api/documents/{id}"))
                .header("authorization", format!("Bearer {hr}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut got = platform::crypto::Sha256::default();
    let mut size = 0usize;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            size += data.len();
            got.update(&data);
        }
    }
    let download_secs = started.elapsed().as_secs_f64();
    assert_eq!(size, TOTAL);
    assert_eq!(got.finish_hex(), expected, "the download is the upload");
    let peak = status_kib("VmHWM:");

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "1 GiB upload: {upload_secs:.1} s ({:.0} MiB/s); download: {download_secs:.1} s ({:.0} MiB/s); \
         resident before {:.0} MiB, peak during upload {:.0} MiB, peak overall {:.0} MiB (+{:.0} MiB){}",
        1024.0 / upload_secs,
        1024.0 / download_secs,
        mib(rss_before),
        mib(upload_peak),
        mib(peak),
        mib(peak.saturating_sub(rss_before)),
        if reset {
            ""
        } else {
            " [peak not reset: includes start-up]"
        },
    );
    assert!(
        peak.saturating_sub(rss_before) < FLAT_MIB * 1024,
        "memory grew by {:.0} MiB for a 1 GiB transfer",
        mib(peak.saturating_sub(rss_before))
    );
}
