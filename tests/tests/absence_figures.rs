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

on_both_databases! {
    async fn figures_per_month_with_trend_per_department_and_for_the_line_manager(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        // Two whole calendar months before this one: M1 (someone sick all month), M2 (no one).
        let this_month = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), chrono::Datelike::month(&today), 1).unwrap();
        let m2 = this_month.checked_sub_months(chrono::Months::new(1)).unwrap();
        let m1 = this_month.checked_sub_months(chrono::Months::new(2)).unwrap();
        let m1_end = m2.pred_opt().unwrap();
        let m2_end = this_month.pred_opt().unwrap();
        let mut csv = String::from("personeelsnummer;naam;afdeling;uren per week;in dienst\n");
        for n in 1..=6 {
            csv.push_str(&format!("R{n};Trend {n};Trend;40;01-01-2020\n"));
        }
        import(&app, &hr, csv).await;
        let res = app.gql(Some(&hr), "{ employees(first: 500) { nodes { id employeeNumber } } departments { id name } }", json!({})).await;
        let id_of = |n: &str| res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["employeeNumber"] == n).unwrap()["id"].as_str().unwrap().to_string();
        let trend = res["data"]["departments"].as_array().unwrap().iter().find(|d| d["name"] == "Trend").unwrap()["id"].as_str().unwrap().to_string();
        let r = app.gql(Some(&hr), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": id_of("R1"), "d": day(m1) })).await;
        let case = r["data"]["reportSick"]["id"].as_str().unwrap().to_string();
        let r = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { id } }", json!({ "c": case, "d": day(m2) })).await;
        assert!(r.get("errors").is_none(), "{r}");

        let series = "query($f: Date!, $t: Date!, $d: ID) { absenceFigureSeries(from: $f, to: $t, period: MONTH, departmentId: $d) { from to figures { available absencePercentage } previous { available absencePercentage } } }";
        let res = app.gql(Some(&hr), series, json!({ "f": day(m1), "t": day(m2_end), "d": trend })).await;
        let periods = res["data"]["absenceFigureSeries"].as_array().unwrap_or_else(|| panic!("{res}"));
        assert_eq!(periods.len(), 2, "{res}");
        assert_eq!(periods[0]["from"], day(m1));
        assert_eq!(periods[0]["to"], day(m1_end));
        // M1: one of six full-time employees sick every day.
        let pct = |v: &Value| v.as_f64().unwrap();
        assert!((pct(&periods[0]["figures"]["absencePercentage"]) - 100.0 / 6.0).abs() < 1e-6, "{res}");
        // M2 had none; its trend is read against M1.
        assert_eq!(pct(&periods[1]["figures"]["absencePercentage"]), 0.0);
        assert_eq!(periods[1]["previous"], periods[0]["figures"], "{res}");
        // A period not begun yet is left out; a series too long is refused.
        let res = app.gql(Some(&hr), series, json!({ "f": day(m1), "t": day(today + Duration::days(400)) })).await;
        assert!(res["data"]["absenceFigureSeries"].as_array().unwrap().iter().all(|p| p["from"].as_str().unwrap() <= day(today).as_str()), "{res}");
        let res = app.gql(Some(&hr), "query($f: Date!, $t: Date!) { absenceFigureSeries(from: $f, to: $t, period: MONTH) { from } }", json!({ "f": day(today - Duration::days(5 * 365)), "t": day(today) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");

        // A department under Trend with two of them: Trend's figures still count all six, the
        // small one shows none.
        let r = app.gql(Some(&hr), "mutation($p: ID!) { createDepartment(input: { name: \"Trend-oven\", parentId: $p }) { id parentId } }", json!({ "p": trend })).await;
        let sub = r["data"]["createDepartment"]["id"].as_str().unwrap_or_else(|| panic!("{r}")).to_string();
        for n in ["R1", "R2"] {
            let r = app.gql(Some(&hr), "mutation($e: ID!, $d: ID!) { updateEmployee(id: $e, input: { departmentId: $d }) { departmentId } }", json!({ "e": id_of(n), "d": sub })).await;
            assert_eq!(r["data"]["updateEmployee"]["departmentId"], sub, "{r}");
        }
        let by_dept = "query($f: Date!, $t: Date!) { absenceFiguresByDepartment(from: $f, to: $t) { department { id name } figures { available absencePercentage } } }";
        let res = app.gql(Some(&hr), by_dept, json!({ "f": day(m1), "t": day(m1_end) })).await;
        let rows = res["data"]["absenceFiguresByDepartment"].as_array().unwrap_or_else(|| panic!("{res}"));
        let row = |name: &str| rows.iter().find(|r| r["department"]["name"] == name).unwrap_or_else(|| panic!("{name}: {res}"));
        assert!((pct(&row("Trend")["figures"]["absencePercentage"]) - 100.0 / 6.0).abs() < 1e-6, "{res}");
        assert_eq!(row("Trend-oven")["figures"], json!({ "available": false, "absencePercentage": null }));

        // The line manager of Trend gets Trend and nothing else.
        let manager = app.login("leidinggevende@korenschoof.example").await;
        let manager_id = app.user_id(&manager).await;
        let r = app.gql(Some(&hr), "mutation($d: ID!, $m: ID!) { updateDepartment(id: $d, input: { name: \"Trend\", managerUserId: $m }) { managerUserId } }", json!({ "d": trend, "m": manager_id })).await;
        assert!(r.get("errors").is_none(), "{r}");
        let res = app.gql(Some(&manager), by_dept, json!({ "f": day(m1), "t": day(m1_end) })).await;
        let names: Vec<&str> = res["data"]["absenceFiguresByDepartment"].as_array().unwrap_or_else(|| panic!("{res}")).iter().map(|r| r["department"]["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["Trend"], "{res}");
        // His department counts whole: the two under Trend-oven (not his team) too.
        let his = &res["data"]["absenceFiguresByDepartment"][0]["figures"]["absencePercentage"];
        assert!((pct(his) - 100.0 / 6.0).abs() < 1e-6, "{res}");
        let res = app.gql(Some(&manager), series, json!({ "f": day(m1), "t": day(m1_end), "d": trend })).await;
        assert_eq!(res["data"]["absenceFigureSeries"][0]["figures"]["available"], true, "{res}");
        let res = app.gql(Some(&manager), series, json!({ "f": day(m1), "t": day(m1_end), "d": sub })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        // Another employer's HR sees none of Korenschoof's departments.
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), by_dept, json!({ "f": day(m1), "t": day(m1_end) })).await;
        assert!(res["data"]["absenceFiguresByDepartment"].as_array().unwrap().iter().all(|r| r["department"]["name"] != "Trend"), "{res}");
    }
}
