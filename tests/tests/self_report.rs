//! The employee who reports himself sick (decision 85), on both databases: without an
//! employee named, the caller's own record; the case says who reported it; he names no case
//! manager and reports no colleague.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, on_both_databases};
use platform::clock::Clock;
use serde_json::json;

on_both_databases! {
    async fn the_employee_reports_himself_sick_and_it_says_so(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let gezond = app.login("gezond@korenschoof.example").await;
        let report = "mutation($d: Date!, $m: ID) { reportSick(input: { sickSince: $d, reachableAt: \"06-12345678\", caseManagerUserId: $m }) { id reportedByEmployee employee { name } status } }";
        // He cannot name the case manager: that is the employer's.
        let res = app.gql(Some(&gezond), report, json!({ "d": today.to_string(), "m": uuid::Uuid::nil().to_string() })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&gezond), report, json!({ "d": today.to_string() })).await;
        let case = res["data"]["reportSick"].clone();
        assert_eq!(case["employee"]["name"], "Sanne Verbeek", "{res}");
        assert_eq!(case["reportedByEmployee"], true);
        assert_eq!(case["status"], "OPEN");
        // HR is told at once, as the case has no case manager: by e-mail, with the name and
        // the first day and no more, and in "Mijn taken".
        let mails: Vec<String> = app.outbox().into_iter().filter(|m| m.contains("Ziekmelding van Sanne Verbeek")).collect();
        assert_eq!(mails.len(), 1, "one notice, to HR");
        assert!(mails[0].contains("hr@korenschoof.example"), "{}", mails[0]);
        assert!(!mails[0].contains("06-12345678"), "where he is reachable stays in the case");
        let hr = app.login("hr@korenschoof.example").await;
        let tasks = "{ myTasks { caseId kind overdue } }";
        let mine = app.gql(Some(&hr), tasks, json!({})).await;
        assert!(mine["data"]["myTasks"].as_array().unwrap().iter().any(|t| t["caseId"] == case["id"] && t["kind"] == "SICK_REPORT_CONFIRMATION"), "{mine}");
        let his = app.gql(Some(&gezond), tasks, json!({})).await;
        assert!(his["data"]["myTasks"].as_array().unwrap().iter().all(|t| t["kind"] != "SICK_REPORT_CONFIRMATION"), "{his}");
        // He cannot confirm his own report; the employer can.
        let confirm = "mutation($c: ID!) { confirmSickReport(caseId: $c) { sickReportConfirmedAt } }";
        let res = app.gql(Some(&gezond), confirm, json!({ "c": case["id"] })).await;
        assert!(matches!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{res}");
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), confirm, json!({ "c": case["id"] })).await;
        assert!(res["data"]["confirmSickReport"]["sickReportConfirmedAt"].is_string(), "{res}");
        let mine = app.gql(Some(&hr), tasks, json!({})).await;
        assert!(mine["data"]["myTasks"].as_array().unwrap().iter().all(|t| t["caseId"] != case["id"] || t["kind"] != "SICK_REPORT_CONFIRMATION"), "{mine}");
        // Another employer's HR cannot confirm it.
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), confirm, json!({ "c": case["id"] })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");

        // HR sees who reported it; an HR report is the employer's.
        let seen = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { reportedByEmployee } }", json!({ "c": case["id"] })).await;
        assert_eq!(seen["data"]["case"]["reportedByEmployee"], true, "{seen}");
        let bram = app.report_sick(&hr, "Bram Jansen", today).await;
        let seen = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { reportedByEmployee } }", json!({ "c": bram })).await;
        assert_eq!(seen["data"]["case"]["reportedByEmployee"], false);
        // HR without an employee record of his own must name the employee.
        let res = app.gql(Some(&hr), "mutation($d: Date!) { reportSick(input: { sickSince: $d }) { id } }", json!({ "d": today.to_string() })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        // An employee cannot report a colleague sick.
        let other = app.employee_id(&hr, "Carla Bakker").await;
        let res = app.gql(Some(&gezond), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": other, "d": today.to_string() })).await;
        assert!(matches!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{res}");
    }
}
