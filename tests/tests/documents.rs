//! Documents end to end, on both databases and both stores: streamed round trips, refused
//! uploads that leave nothing behind, encryption at rest, and medical documents that do not
//! exist for the employer — not in a list, a count, a download, a filename or a database dump.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use bytes::Bytes;
use chrono::Duration;
use e2e::{Backend, Store, TestApp, on_every_store, use_store};
use http::StatusCode;
use platform::clock::Clock;
use serde_json::{Value, json};

const MEDICAL_TITLE: &str = "Brief neuroloog ZEBRATITEL-3317";
const MEDICAL_FILENAME: &str = "MRI-ZEBRABESTAND-5521.pdf";
const MEDICAL_CONTENT: &str = "ZEBRAINHOUD-8812 hernia";
const PLANTED: [&str; 3] = ["ZEBRATITEL", "ZEBRABESTAND", "ZEBRAINHOUD"];

const DOCUMENTS: &str = "query($id: ID!) { case(id: $id) { documents { id title filename classification documentType contentType size sha256 uploadedBy canDelete } } }";

/// A PDF of about `size` bytes carrying `text`.
fn pdf(text: &str, size: usize) -> Vec<u8> {
    let mut out = format!("%PDF-1.7\n% {text}\n").into_bytes();
    while out.len() < size {
        out.extend_from_slice(format!("({text}) Tj\n").as_bytes());
    }
    out
}

fn png() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    out.extend(std::iter::repeat_n(7u8, 5000));
    out
}

fn sha256(data: &[u8]) -> String {
    platform::crypto::sha256_hex(data)
}

fn planted(text: &str) -> Option<&'static str> {
    PLANTED.iter().copied().find(|p| text.contains(p))
}

struct Parties {
    case: String,
    hr: String,
    manager: String,
    doctor: String,
    employee: String,
    consultant: String,
    other_employer: String,
}

async fn parties(app: &TestApp) -> Parties {
    let hr = app.login("hr@korenschoof.example").await;
    let case = app.willems_assigned_case(&hr, 30).await;
    Parties {
        case,
        manager: app.login("casemanager@korenschoof.example").await,
        doctor: app.login("bedrijfsarts@arbo-oost.example").await,
        employee: app.login_with_totp("werknemer@korenschoof.example").await,
        consultant: app.login("adviseur@werkpad.example").await,
        other_employer: app.login("hr@vandijk.example").await,
        hr,
    }
}

fn id_of(res: &Value) -> String {
    res["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {res}"))
        .to_string()
}

async fn documents(app: &TestApp, token: &str, case: &str) -> Vec<Value> {
    let res = app.gql(Some(token), DOCUMENTS, json!({ "id": case })).await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["case"]["documents"].as_array().unwrap().clone()
}

async fn stored_objects(app: &TestApp) -> Vec<Bytes> {
    let storage = app.state.documents.storage();
    let mut out = Vec::new();
    for key in storage.keys().await.unwrap() {
        out.push(storage.raw(&key).await.unwrap());
    }
    out
}

async fn start(backend: Backend, store: Store, max_upload: u64) -> TestApp {
    TestApp::start(backend, |c| {
        use_store(c, store);
        c.max_upload_bytes = max_upload;
    })
    .await
}

on_every_store! {
    async fn round_trip_and_the_employer_never_sees_a_medical_document(backend, store) {
        let app = start(backend, store, 50 * 1024 * 1024).await;
        let p = parties(&app).await;
        let medical_bytes = pdf(MEDICAL_CONTENT, 300_000);
        let (status, res) = app
            .upload(&p.employee, &p.case, "MEDICAL", MEDICAL_FILENAME, Body::from(medical_bytes.clone()),
                &[("x-title", MEDICAL_TITLE), ("x-document-type", "OTHER")])
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let medical = id_of(&res);
        assert_eq!(res["sha256"], sha256(&medical_bytes));
        assert_eq!(res["contentType"], "application/pdf");

        // A signed plan from the employee's phone, and a photo from HR: both CASE.
        let plan_bytes = pdf("Plan van aanpak, getekend", 20_000);
        let (status, res) = app
            .upload(&p.employee, &p.case, "CASE", "Plan%20van%20aanpak%20getekend.pdf", Body::from(plan_bytes.clone()),
                &[("x-document-type", "PLAN_OF_ACTION")])
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let plan = id_of(&res);
        assert_eq!(res["filename"], "Plan van aanpak getekend.pdf");
        let (status, res) = app
            .upload(&p.hr, &p.case, "CASE", "../../werkplek.png", Body::from(png()), &[])
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        assert_eq!(res["filename"], "werkplek.png", "no path survives");
        assert_eq!(res["contentType"], "image/png");

        // The employee downloads exactly what he sent, under its name.
        let (status, headers, body) = app.get(&p.employee, &format!("/api/documents/{medical}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, medical_bytes);
        assert_eq!(headers["content-type"], "application/pdf");
        assert!(headers["content-disposition"].to_str().unwrap().contains("attachment"));
        assert!(headers["content-disposition"].to_str().unwrap().contains("ZEBRABESTAND"));
        let (status, _, body) = app.get(&p.hr, &format!("/api/documents/{plan}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, plan_bytes);

        // The doctor sees all three, the medical one also in the medical file.
        let listed = documents(&app, &p.doctor, &p.case).await;
        assert_eq!(listed.len(), 3, "{listed:?}");
        let res = app
            .gql(Some(&p.doctor), "query($id: ID!) { case(id: $id) { medicalFile { documents { id title filename } } } }", json!({ "id": p.case }))
            .await;
        let file_docs = res["data"]["case"]["medicalFile"]["documents"].as_array().unwrap();
        assert_eq!(file_docs.len(), 1);
        assert_eq!(file_docs[0]["title"], MEDICAL_TITLE);
        let (status, _, body) = app.get(&p.doctor, &format!("/api/documents/{medical}")).await;
        assert_eq!((status, body.len()), (StatusCode::OK, medical_bytes.len()));

        // The employer side and the agency: two documents, nothing medical, no oracle.
        let (_, _, unknown_body) = app.get(&p.hr, &format!("/api/documents/{}", uuid::Uuid::new_v4())).await;
        for token in [&p.hr, &p.manager, &p.consultant] {
            let listed = documents(&app, token, &p.case).await;
            assert_eq!(listed.len(), 2, "{listed:?}");
            assert!(listed.iter().all(|d| d["classification"] == "CASE"));
            assert_eq!(planted(&Value::Array(listed).to_string()), None);
            let res = app
                .gql(Some(token), "query($id: ID!) { case(id: $id) { medicalFile { documents { id } } } }", json!({ "id": p.case }))
                .await;
            assert_eq!(res["data"]["case"]["medicalFile"], Value::Null, "{res}");
            let (status, _, body) = app.get(token, &format!("/api/documents/{medical}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "absent, not locked");
            assert_eq!(body, unknown_body, "the same answer as for an id that does not exist");
        }
        for token in [&p.hr, &p.manager, &p.consultant] {
            let (status, res) = app
                .upload(token, &p.case, "MEDICAL", "x.pdf", Body::from(pdf("x", 100)), &[])
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{res}");
        }
        // The consultant files his report as a CASE document.
        let (status, res) = app
            .upload(&p.consultant, &p.case, "CASE", "rapportage.pdf", Body::from(pdf("Voortgang spoor 2", 2000)),
                &[("x-document-type", "TRACK2_REPORT")])
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        // Another employer reaches neither the case nor its documents.
        let (status, _, _) = app.get(&p.other_employer, &format!("/api/documents/{plan}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .upload(&p.other_employer, &p.case, "CASE", "x.pdf", Body::from(pdf("x", 100)), &[])
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // At rest: no object holds plaintext, no row holds the medical title or filename.
        let objects = stored_objects(&app).await;
        assert_eq!(objects.len(), 4);
        for object in &objects {
            assert!(!object.windows(4).any(|w| w == b"%PDF"), "a stored object is not encrypted");
            assert!(!object.windows(10).any(|w| w == b"ZEBRAINHOU"));
            assert!(!object.windows(16).any(|w| w == b"Plan van aanpak,"));
        }
        assert_eq!(planted(&app.dump().await), None, "medical names in the database");

        // Every medical access is in the employee's access log.
        let res = app
            .gql(Some(&p.employee), "query($c: ID!) { accessLog(caseId: $c) { action outcome detail role } }", json!({ "c": p.case }))
            .await;
        let log = res["data"]["accessLog"].to_string();
        assert!(log.contains("medical document uploaded"), "{log}");
        assert!(log.contains("medical document downloaded"), "{log}");
        assert!(log.contains("medical documents listed"), "{log}");

        // Deleting: the uploader may; the object goes with the row. HR may not delete the
        // employee's medical document (it does not exist for him).
        let res = app.gql(Some(&p.hr), "mutation($id: ID!) { deleteDocument(id: $id) }", json!({ "id": medical })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let res = app.gql(Some(&p.employee), "mutation($id: ID!) { deleteDocument(id: $id) }", json!({ "id": plan })).await;
        assert_eq!(res["data"]["deleteDocument"], true, "{res}");
        assert_eq!(documents(&app, &p.hr, &p.case).await.len(), 2);
        assert_eq!(stored_objects(&app).await.len(), 3);
        let (status, _, _) = app.get(&p.employee, &format!("/api/documents/{plan}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

/// A body that sends `first`, then fails as a dropped connection does.
fn broken_body(first: Vec<u8>) -> Body {
    let parts: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from(first)),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "client went away",
        )),
    ];
    Body::from_stream(futures::stream::iter(parts))
}

/// A body of `total` bytes in 64 KiB pieces, without a length.
fn streamed(head: &[u8], total: usize) -> Body {
    let head = head.to_vec();
    let chunks = total.div_ceil(65536);
    Body::from_stream(futures::stream::iter((0..chunks).map(move |i| {
        let mut chunk = vec![b'a'; 65536.min(total - i * 65536)];
        if i == 0 {
            chunk[..head.len()].copy_from_slice(&head);
        }
        Ok::<_, std::io::Error>(Bytes::from(chunk))
    })))
}

on_every_store! {
    async fn refused_uploads_leave_nothing_behind(backend, store) {
        let app = start(backend, store, 1024 * 1024).await;
        let p = parties(&app).await;
        let check_empty = |what: &'static str| {
            let app = &app;
            async move {
                assert_eq!(app.count_rows("documents").await, 0, "a row was left by {what}");
                assert!(stored_objects(app).await.is_empty(), "an object was left by {what}");
                if let Some(dir) = app.state.config.storage.strip_prefix("file://") {
                    let files: Vec<_> = walk(std::path::Path::new(dir));
                    assert!(files.is_empty(), "files left by {what}: {files:?}");
                }
            }
        };

        // Too large, announced: refused before reading.
        let big = pdf("groot", 2 * 1024 * 1024);
        let len = big.len().to_string();
        let (status, res) = app
            .upload(&p.employee, &p.case, "CASE", "groot.pdf", Body::from(big.clone()), &[("content-length", &len)])
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{res}");
        assert_eq!(res["error"]["reason"], "TOO_LARGE");
        check_empty("an announced oversize upload").await;
        // Too large, streamed without a length: refused when the limit is passed.
        let (status, _) = app
            .upload(&p.employee, &p.case, "CASE", "groot.pdf", streamed(b"%PDF-1.4\n", 3 * 1024 * 1024), &[])
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        check_empty("a streamed oversize upload").await;
        // Exactly the limit is fine.
        let (status, res) = app
            .upload(&p.employee, &p.case, "CASE", "precies.pdf", streamed(b"%PDF-1.4\n", 1024 * 1024), &[])
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let res = app.gql(Some(&p.employee), "mutation($id: ID!) { deleteDocument(id: $id) }", json!({ "id": id_of(&res) })).await;
        assert_eq!(res["data"]["deleteDocument"], true, "{res}");
        check_empty("a deleted document").await;

        // A renamed executable.
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
        elf.extend(std::iter::repeat_n(0u8, 100_000));
        let (status, res) = app
            .upload(&p.employee, &p.case, "CASE", "loonstrook.pdf", Body::from(elf), &[("content-type", "application/pdf")])
            .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{res}");
        assert_eq!(res["error"]["reason"], "UNSUPPORTED_TYPE");
        check_empty("an executable").await;
        // A zip that is not a document.
        let (status, _) = app
            .upload(&p.employee, &p.case, "CASE", "foto's.docx", Body::from(b"PK\x03\x04\x14\0\0\0payload/evil.sh".to_vec()), &[])
            .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // Empty.
        let (status, res) = app
            .upload(&p.employee, &p.case, "CASE", "leeg.pdf", Body::empty(), &[])
            .await;
        assert_eq!((status, res["error"]["reason"].as_str()), (StatusCode::BAD_REQUEST, Some("EMPTY_FILE")));
        check_empty("refused kinds").await;

        // The connection drops half-way, once in the sniffing window and once after it.
        for first in [pdf("half", 30_000), pdf("half", 700_000)] {
            let (status, res) = app
                .upload(&p.employee, &p.case, "MEDICAL", "half.pdf", broken_body(first), &[])
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
            assert_eq!(res["error"]["reason"], "UPLOAD_ABORTED");
            check_empty("an interrupted upload").await;
        }

        // Bad requests say what is wrong.
        let (status, res) = app
            .upload(&p.employee, &p.case, "SECRET", "x.pdf", Body::from(pdf("x", 10)), &[])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(res["error"]["field"], "classification");
        let (status, _, _) = app
            .http(http::Request::post(format!("/api/cases/{}/documents", p.case))
                .header("x-classification", "CASE").header("x-filename", "x.pdf")
                .body(Body::from(pdf("x", 10))).unwrap())
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        check_empty("bad requests").await;
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The housekeeping removes an upload a crash left half-way (row PENDING, object perhaps
/// written), after six hours.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn housekeeping_removes_uploads_a_crash_left_behind() {
    use documents::entities::document;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let app = start(Backend::Sqlite, Store::File, 1024 * 1024).await;
    let p = parties(&app).await;
    let (status, res) = app
        .upload(
            &p.employee,
            &p.case,
            "CASE",
            "plan.pdf",
            Body::from(pdf("plan", 5000)),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Make it look like the process died before marking it stored.
    let id: uuid::Uuid = id_of(&res).parse().unwrap();
    let row = document::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut pending = row.into_active_model();
    pending.status = Set(document::Status::Pending);
    pending.update(&app.state.db).await.unwrap();
    assert_eq!(
        documents(&app, &p.hr, &p.case).await.len(),
        0,
        "a pending upload is never listed"
    );
    gateway::worker::housekeeping(&app.state).await.unwrap();
    assert_eq!(
        app.count_rows("documents").await,
        1,
        "too recent to be abandoned"
    );
    app.clock.advance(Duration::hours(7));
    gateway::worker::housekeeping(&app.state).await.unwrap();
    assert_eq!(app.count_rows("documents").await, 0);
    assert!(stored_objects(&app).await.is_empty());
    let _ = app.clock.now();
}

/// With clamd configured, an infected file is refused with a clear message and nothing is kept;
/// clean files pass. (clamd runs with a local signature for the EICAR test file.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clamd_refuses_the_eicar_test_file() {
    let Ok(clamd) = std::env::var("POORTWACHTER_TEST_CLAMD") else {
        assert!(
            e2e::skip_services(),
            "POORTWACHTER_TEST_CLAMD is not set: run `make test`"
        );
        return;
    };
    let app = TestApp::start(Backend::Sqlite, |c| c.clamd = Some(clamd)).await;
    let p = parties(&app).await;
    let eicar = br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".to_vec();
    let (status, res) = app
        .upload(
            &p.employee,
            &p.case,
            "CASE",
            "notitie.txt",
            Body::from(eicar),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert_eq!(res["error"]["reason"], "INFECTED");
    assert!(
        res["error"]["message"].as_str().unwrap().contains("virus"),
        "{res}"
    );
    assert_eq!(app.count_rows("documents").await, 0);
    assert!(stored_objects(&app).await.is_empty());
    let (status, res) = app
        .upload(
            &p.employee,
            &p.case,
            "CASE",
            "notitie.txt",
            Body::from("Gesprek gehad, gaat beter.\n"),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert_eq!(res["contentType"], "text/plain; charset=utf-8");
}
