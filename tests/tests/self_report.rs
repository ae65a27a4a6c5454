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
        let case = &res["data"]["reportSick"];
        assert_eq!(case["employee"]["name"], "Sanne Verbeek", "{res}");
        assert_eq!(case["reportedByEmployee"], true);
        assert_eq!(case["status"], "OPEN");
        // HR sees who reported it; an HR report is the employer's.
        let hr = app.login("hr@korenschoof.example").await;
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
