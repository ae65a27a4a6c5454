//! Employees in bulk (`POST /api/employees/import`) on both databases: the dry run, every
//! problem with its line, idempotence (the same file twice creates nothing), atomicity (a file
//! with one bad line writes nothing), Dutch headers with semicolons, and who may import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use e2e::{TestApp, on_both_databases};
use http::{Request, StatusCode};
use serde_json::{Value, json};

async fn import(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> (StatusCode, Value) {
    let uri = if dry_run {
        "/api/employees/import?dryRun=true"
    } else {
        "/api/employees/import"
    };
    let req = Request::post(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/csv")
        .body(Body::from(csv.to_owned()))
        .unwrap();
    let (status, _, body) = app.http(req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn file(rows: usize) -> String {
    let mut csv = String::from(
        "employeeNumber,name,email,department,hoursPerWeek,employedSince,employedUntil,contractType\n",
    );
    for i in 0..rows {
        let dept = if i % 2 == 0 { "Bakkerij" } else { "Winkel" };
        csv.push_str(&format!("B{i:04},Medewerker {i},medewerker{i}@korenschoof.example,{dept},{},2020-01-01,,PERMANENT\n", 24 + i % 16));
    }
    csv
}

on_both_databases! {
    async fn an_import_runs_dry_then_for_real_and_twice_changes_nothing(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let before = app.count_rows("employees").await;
        let csv = file(200);

        let (status, report) = import(&app, &hr, &csv, true).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 200);
        assert_eq!(report["updated"], 0);
        assert_eq!(report["departmentsCreated"], 2);
        assert_eq!(report["errors"], json!([]));
        assert_eq!(app.count_rows("employees").await, before, "a dry run writes nothing");

        let (status, report) = import(&app, &hr, &csv, false).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(200), Some(0)));
        assert_eq!(app.count_rows("employees").await, before + 200);
        assert_eq!(app.count_rows("departments").await, 2);
        // The same file again: matched on the personnel number, nothing changes.
        let (_, report) = import(&app, &hr, &csv, false).await;
        assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(0), Some(0)), "{report}");
        assert_eq!(app.count_rows("employees").await, before + 200);

        // Dutch headers, semicolons, Excel's byte order mark: one employee changes.
        let nl = "\u{feff}personeelsnummer;naam;e-mail;afdeling;uren per week;in dienst;uit dienst;contract\r\nB0001;Medewerker 1;medewerker1@korenschoof.example;Winkel;\"20,5\";01-01-2020;31-12-2026;tijdelijk\r\n";
        let (status, report) = import(&app, &hr, nl, false).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(0), Some(1)));
        let res = app.gql(Some(&hr), "{ employees(first: 500) { nodes { employeeNumber hoursPerWeek employedUntil contractType departmentId } } departments { id name } }", json!({})).await;
        let one = res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["employeeNumber"] == "B0001").unwrap().clone();
        assert_eq!(one["hoursPerWeek"], 20.5);
        assert_eq!(one["employedUntil"], "2026-12-31");
        assert_eq!(one["contractType"], "FIXED_TERM");
        let winkel = res["data"]["departments"].as_array().unwrap().iter().find(|d| d["name"] == "Winkel").unwrap()["id"].clone();
        assert_eq!(one["departmentId"], winkel);
    }
}

on_both_databases! {
    async fn a_file_with_one_bad_line_writes_nothing_and_names_every_problem(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let before = app.count_rows("employees").await;
        let mut csv = file(50);
        // Line 52: no name, a bad e-mail; line 53: a personnel number of line 2 again.
        csv.push_str("B9999,,geen-adres,Bakkerij,32,2020-01-01,,PERMANENT\n");
        csv.push_str("B0000,Dubbel,,Bakkerij,32,2020-01-01,,PERMANENT\n");
        let (status, report) = import(&app, &hr, &csv, false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
        let lines: Vec<(u64, &str)> = report["errors"].as_array().unwrap().iter().map(|e| (e["line"].as_u64().unwrap(), e["reason"].as_str().unwrap())).collect();
        assert_eq!(lines, [(52, "REQUIRED"), (52, "INVALID_EMAIL"), (53, "DUPLICATE_NUMBER")], "{report}");
        assert!(report["errors"][0]["message"].is_string());
        assert_eq!(app.count_rows("employees").await, before, "nothing written");
        assert_eq!(app.count_rows("departments").await, 0);

        // An e-mail address of an existing employee under another number is refused too.
        let taken = "employeeNumber,name,email\nX1,Iemand,werknemer@korenschoof.example\n";
        let (status, report) = import(&app, &hr, taken, true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(report["errors"][0]["reason"], "EMAIL_TAKEN", "{report}");
        // A header without the personnel number: line 1.
        let (_, report) = import(&app, &hr, "naam,afdeling\nAnna,Bakkerij\n", true).await;
        assert_eq!(report["errors"][0]["line"], 1, "{report}");
    }
}

on_both_databases! {
    async fn only_hr_imports_and_only_into_its_own_employer(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let csv = file(3);
        let before = app.count_rows("employees").await;
        // Refused (FORBIDDEN, or NOT_FOUND where the policy hides the organisation's
        // administration altogether), and nothing written.
        for email in ["casemanager@korenschoof.example", "werknemer@korenschoof.example", "bedrijfsarts@arbo-oost.example", "beheer@poortwachter.example", "beheer@arbo-oost.example"] {
            let token = app.login(email).await;
            let (status, _) = import(&app, &token, &csv, false).await;
            assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{email}: {status}");
        }
        assert_eq!(app.count_rows("employees").await, before);
        let (status, _) = import(&app, "not-a-token", &csv, true).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Van Dijk's HR imports into Van Dijk: Korenschoof's list does not change.
        let korenschoof = app.login("hr@korenschoof.example").await;
        let count = |token: String| { let app = &app; async move { app.gql(Some(&token), "{ employees(first: 500) { totalCount } }", json!({})).await["data"]["employees"]["totalCount"].as_i64().unwrap() } };
        let listed = count(korenschoof.clone()).await;
        let vandijk = app.login("hr@vandijk.example").await;
        let (status, report) = import(&app, &vandijk, &csv, false).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(count(korenschoof).await, listed);
    }
}
