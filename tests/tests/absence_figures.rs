//! `absenceFigures` on both databases against values worked out by hand for a small
//! constructed department: part-time, partial recovery, a relapse, a leaver, and a department
//! under the threshold of five; and who may read figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use chrono::{Duration, NaiveDate};
use e2e::{TestApp, error_code, on_both_databases};
use http::{Request, StatusCode};
use platform::clock::Clock;
use serde_json::{Value, json};

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn import(app: &TestApp, token: &str, csv: String) {
    let req = Request::post("/api/employees/import")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(csv))
        .unwrap();
    let (status, _, body) = app.http(req).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
}

const FIGURES: &str = "query($f: Date!, $t: Date!, $d: ID) { absenceFigures(from: $f, to: $t, departmentId: $d) { available absencePercentage reportFrequency averageDurationDays zeroAbsencePercentage longTermPercentage headcount } }";

on_both_databases! {
    async fn figures_match_the_hand_computed_values(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        // A 30-day period that ended a month ago.
        let from = today - Duration::days(60);
        let to = from + Duration::days(29);
        let at = |n: i64| day(from + Duration::days(n));
        let mut csv = String::from("employeeNumber,name,department,hoursPerWeek,employedSince,employedUntil\n");
        for (n, hours, until) in [("T1", 40, None), ("T2", 20, None), ("T3", 40, None), ("T4", 40, Some(at(14))), ("T5", 40, None), ("T6", 40, None)] {
            csv.push_str(&format!("{n},Test {n},Testafdeling,{hours},2020-01-01,{}\n", until.unwrap_or_default()));
        }
        for n in ["K1", "K2", "K3", "K4"] {
            csv.push_str(&format!("{n},Klein {n},Klein,40,2020-01-01,\n"));
        }
        import(&app, &hr, csv).await;
        let res = app.gql(Some(&hr), "{ employees(first: 500) { nodes { id employeeNumber } } departments { id name } }", json!({})).await;
        let id_of = |n: &str| res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["employeeNumber"] == n).unwrap()["id"].as_str().unwrap().to_string();
        let dept = |name: &str| res["data"]["departments"].as_array().unwrap().iter().find(|d| d["name"] == name).unwrap()["id"].clone();
        let sick = |n: &str, since: String| {
            let employee = id_of(n);
            let app = &app;
            let hr = hr.clone();
            async move {
                let r = app.gql(Some(&hr), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": employee, "d": since })).await;
                r["data"]["reportSick"]["id"].as_str().unwrap_or_else(|| panic!("{r}")).to_string()
            }
        };
        let recover = |case: String, on: String| {
            let app = &app;
            let hr = hr.clone();
            async move {
                let r = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { id } }", json!({ "c": case, "d": on })).await;
                assert!(r.get("errors").is_none(), "{r}");
            }
        };
        // T1: sick days 1–10.
        let a = sick("T1", at(0)).await;
        recover(a, at(10)).await;
        // T2 (20 hours): sick since 13 days before, 50 % working from day 16, still sick.
        let b = sick("T2", at(-13)).await;
        let r = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { reportPartialRecovery(caseId: $c, from: $d, workingPercentage: 50) { id } }", json!({ "c": b, "d": at(15) })).await;
        assert!(r.get("errors").is_none(), "{r}");
        // T3: days 5–6, a relapse on days 20–21 (the same case: two sick reports).
        let c = sick("T3", at(4)).await;
        recover(c.clone(), at(6)).await;
        let again = sick("T3", at(19)).await;
        assert_eq!(again, c, "a relapse within 4 weeks continues the case");
        recover(c, at(21)).await;

        let res = app.gql(Some(&hr), FIGURES, json!({ "f": day(from), "t": day(to), "d": dept("Testafdeling") })).await;
        let f = &res["data"]["absenceFigures"];
        assert_eq!(f["available"], true, "{res}");
        let close = |v: &Value, want: f64| assert!((v.as_f64().unwrap() - want).abs() < 1e-6, "{v} != {want}: {res}");
        close(&f["absencePercentage"], 25.25 / 150.0 * 100.0);
        close(&f["headcount"], 5.5);
        close(&f["reportFrequency"], 3.0 / 5.5 * 365.0 / 30.0);
        close(&f["averageDurationDays"], 14.0 / 3.0);
        close(&f["zeroAbsencePercentage"], 50.0);
        close(&f["longTermPercentage"], 11.25 / 25.25 * 100.0);

        // Four employees: no figures, not even the headcount.
        let res = app.gql(Some(&hr), FIGURES, json!({ "f": day(from), "t": day(to), "d": dept("Klein") })).await;
        assert_eq!(res["data"]["absenceFigures"], json!({ "available": false, "absencePercentage": null, "reportFrequency": null, "averageDurationDays": null, "zeroAbsencePercentage": null, "longTermPercentage": null, "headcount": null }));

        // A reversed period is refused; the employer side only.
        let res = app.gql(Some(&hr), FIGURES, json!({ "f": day(to), "t": day(from) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"));
        for email in ["bedrijfsarts@arbo-oost.example", "adviseur@werkpad.example", "werknemer@korenschoof.example"] {
            let token = app.login(email).await;
            let res = app.gql(Some(&token), FIGURES, json!({ "f": day(from), "t": day(to) })).await;
            assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{email}: {res}");
        }
        // Another employer cannot name Korenschoof's department.
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), FIGURES, json!({ "f": day(from), "t": day(to), "d": dept("Testafdeling") })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
    }
}
