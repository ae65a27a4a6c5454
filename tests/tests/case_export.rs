//! `GET /api/cases.csv` on both databases: the case list's reach and columns, Dutch by default
//! and English on request, never a medical field, and only for the employer's HR and case
//! managers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use e2e::{TestApp, on_both_databases};
use http::StatusCode;
use platform::clock::Clock;
use serde_json::json;

on_both_databases! {
    async fn the_export_holds_the_list_and_nothing_medical(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let willem = app.willems_assigned_case(&hr, 30).await;
        app.report_sick(&hr, "Bram Jansen", today - Duration::days(10)).await;
        // The doctor writes a diagnosis: the employer's export must never carry it.
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $d: String!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"Hernia nuclei pulposi L5\", notes: \"Pijn bij tillen\" }) { id } }", json!({ "c": willem, "d": today.to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");

        let (status, headers, body) = app.get(&hr, "/api/cases.csv").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        let csv = String::from_utf8(body).unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "dossier;personeelsnummer;naam;ziek sinds;ziekteweek;status;spoor;volgende termijn;uiterlijk;casemanager;risico's;gesloten op");
        assert_eq!(lines.len(), 3, "{csv}");
        assert!(lines.iter().any(|l| l.contains("Willem Nijhuis") && l.contains(&willem)), "{csv}");
        assert!(lines.iter().any(|l| l.contains("Bram Jansen") && l.contains(";OPEN;")), "{csv}");
        for word in ["Hernia", "Pijn", "tillen"] {
            assert!(!csv.contains(word), "{word} in {csv}");
        }
        // English headers and commas on request.
        let (_, _, body) = app.get(&hr, "/api/cases.csv?lang=en").await;
        let csv = String::from_utf8(body).unwrap();
        assert!(csv.trim_start_matches('\u{feff}').starts_with("case,employeeNumber,name,sickSince,"), "{csv}");

        // The case manager exports too; the line manager, the employee, the doctor and
        // another employer's HR get nothing of Korenschoof.
        let cm = app.login("casemanager@korenschoof.example").await;
        assert_eq!(app.get(&cm, "/api/cases.csv").await.0, StatusCode::OK);
        for email in ["werknemer@korenschoof.example", "bedrijfsarts@arbo-oost.example", "adviseur@werkpad.example"] {
            let token = app.login(email).await;
            let (status, _, _) = app.get(&token, "/api/cases.csv").await;
            assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{email}: {status}");
        }
        let vandijk = app.login("hr@vandijk.example").await;
        let (status, _, body) = app.get(&vandijk, "/api/cases.csv").await;
        assert_eq!(status, StatusCode::OK);
        let csv = String::from_utf8(body).unwrap();
        assert!(!csv.contains("Willem") && !csv.contains("Bram"), "{csv}");
        let (status, _, _) = app.get("not-a-token", "/api/cases.csv").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}
