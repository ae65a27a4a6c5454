//! Retention with the clock moved (decision 75): a closed case's absence data goes 2 years after
//! it ended — 10 for an own-risk carrier — while the doctor keeps his medical file; 20 years
//! after, the medical file and the case go too. Open cases are never touched, and every removal
//! is in the tenant's access log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use chrono::Duration;
use e2e::{TestApp, error_code, on_both_databases};
use platform::clock::Clock;
use serde_json::json;

const LIST: &str = "{ cases(first: 50) { edges { node { id } } } }";

async fn listed(app: &TestApp, token: &str) -> Vec<String> {
    let res = app.gql(Some(token), LIST, json!({})).await;
    res["data"]["cases"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"))
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect()
}

async fn files_in_store(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.dir.join("documents"))
}

async fn rows_of_case(app: &TestApp, table: &str, case: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            format!("SELECT COUNT(*) FROM {table} WHERE case_id = '{case}'")
        }
        _ => format!(
            "SELECT COUNT(*) FROM {table} WHERE lower(hex(case_id)) = replace('{case}', '-', '') OR case_id = '{case}'"
        ),
    };
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

async fn housekeeping(app: &TestApp) {
    gateway::worker::housekeeping(&app.state).await.unwrap();
}

on_both_databases! {
    async fn closed_cases_lose_absence_data_after_2_years_and_the_medical_file_after_20(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 60).await;
        let open = app.report_sick(&hr, "Bram Jansen", app.clock.today() - Duration::days(10)).await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let today = app.clock.today().format("%Y-%m-%d").to_string();
        let res = app
            .gql(Some(&doctor), "mutation($c: ID!, $i: ConsultationRecordInput!) { recordConsultation(caseId: $c, input: $i) { id } }",
                json!({ "c": case, "i": { "date": today, "complaints": "klachten", "diagnosis": "diagnose", "notes": "notities" } }))
            .await;
        assert!(res["data"]["recordConsultation"]["id"].is_string(), "{res}");
        let res = app
            .gql(Some(&hr), "mutation($c: ID!, $d: Date!) { logActivity(caseId: $c, input: { kind: CONTACT, occurredOn: $d, summary: \"Gebeld over de voortgang\" }) { id } }",
                json!({ "c": case, "d": today }))
            .await;
        assert!(res["data"]["logActivity"]["id"].is_string(), "{res}");
        let (status, res) = app
            .upload(&hr, &case, "CASE", "verslag.pdf", Body::from("%PDF-1.4\nverslag\n"), &[("x-title", "Verslag")])
            .await;
        assert_eq!(status, http::StatusCode::CREATED, "{res}");
        let (status, res) = app
            .upload(&doctor, &case, "MEDICAL", "brief.pdf", Body::from("%PDF-1.4\nbrief specialist\n"), &[("x-title", "Brief")])
            .await;
        assert_eq!(status, http::StatusCode::CREATED, "{res}");
        let medical_doc = res["id"].as_str().unwrap().to_string();
        assert_eq!(files_in_store(&app).await, 2);
        let res = app
            .gql(Some(&hr), "mutation($c: ID!, $d: Date!) { closeCase(caseId: $c, reason: EMPLOYMENT_ENDED, closedOn: $d) { status } }",
                json!({ "c": case, "d": today }))
            .await;
        assert!(res.get("errors").is_none(), "{res}");
        assert_eq!(rows_of_case(&app, "case_activities", &case).await, 1);
        assert_eq!(rows_of_case(&app, "case_assignments", &case).await, 2);

        // An own-risk carrier keeps the file past 2 years.
        let res = app
            .gql(Some(&hr), "mutation { setOwnRiskCarrier(ownRiskCarrier: true) { ownRiskCarrier } }", json!({}))
            .await;
        assert_eq!(res["data"]["setOwnRiskCarrier"]["ownRiskCarrier"], true, "{res}");
        app.clock.advance(Duration::days(2 * 366));
        housekeeping(&app).await;
        let hr = app.login("hr@korenschoof.example").await;
        assert!(listed(&app, &hr).await.contains(&case), "kept for the own-risk carrier");
        assert_eq!(files_in_store(&app).await, 2);

        // An ordinary employer's: gone from the employer's side, with its documents.
        let res = app
            .gql(Some(&hr), "mutation { setOwnRiskCarrier(ownRiskCarrier: false) { ownRiskCarrier } }", json!({}))
            .await;
        assert_eq!(res["data"]["setOwnRiskCarrier"]["ownRiskCarrier"], false, "{res}");
        housekeeping(&app).await;
        let cases = listed(&app, &hr).await;
        assert!(!cases.contains(&case), "the employer still lists a purged case");
        assert!(cases.contains(&open), "an open case was touched");
        let res = app.gql(Some(&hr), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": case })).await;
        assert!(res["data"]["case"].is_null() || error_code(&res).as_deref() == Some("NOT_FOUND"), "{res}");
        for table in ["case_milestones", "case_deadlines", "case_activities", "reminders"] {
            assert_eq!(rows_of_case(&app, table, &case).await, 0, "{table}");
        }
        assert_eq!(rows_of_case(&app, "case_assignments", &case).await, 1, "the doctor's stays");
        assert_eq!(rows_of_case(&app, "documents", &case).await, 1, "the medical document stays");
        assert_eq!(rows_of_case(&app, "consultations", &case).await, 1);
        assert_eq!(files_in_store(&app).await, 1, "the case document's object is removed");
        assert!(rows_of_case(&app, "case_deadlines", &open).await > 0);
        // The doctor keeps his medical file.
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app
            .gql(Some(&doctor), "query($id: ID!) { case(id: $id) { medicalFile { consultations { diagnosis } } } }", json!({ "id": case }))
            .await;
        assert_eq!(res["data"]["case"]["medicalFile"]["consultations"][0]["diagnosis"], "diagnose", "{res}");
        let (status, _, _) = app.get(&doctor, &format!("/api/documents/{medical_doc}")).await;
        assert_eq!(status, http::StatusCode::OK);
        // A second pass finds nothing more to do.
        let again = cases::retention::purge_expired(&app.state.db, &app.state.documents, &app.state.log, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!(again, cases::retention::Purged::default());

        // 20 years after the end: the medical file and the case itself.
        app.clock.advance(Duration::days(18 * 366));
        housekeeping(&app).await;
        for table in ["consultations", "documents", "case_assignments", "workability_advice"] {
            assert_eq!(rows_of_case(&app, table, &case).await, 0, "{table}");
        }
        assert_eq!(app.count_rows("cases").await, 1, "only the open case is left");
        assert_eq!(files_in_store(&app).await, 0);

        // Both removals are in the employer's access log, by the retention job.
        let log = app.dump().await;
        assert!(log.contains("retention: absence data removed (1 documents)"), "no log entry of the absence purge");
        assert!(log.contains("retention: medical file removed after 20 years (1 documents)"), "no log entry of the medical purge");
    }
}
