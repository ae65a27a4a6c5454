//! Case files and the legal clock through GraphQL: sick report, relapse within and after 28
//! days (samentellen), partial recovery, and who may see which case.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use e2e::{TestApp, error_code, error_reason, on_both_databases};
use platform::clock::Clock;
use serde_json::{Value, json};

const CASE_FIELDS: &str = "id status sickSince employee { name } recoveries { recoveredOn resickOn } partialRecoveries { from workingPercentage } deadlines { kind dueOn status week }";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn report_sick(app: &TestApp, token: &str, employee: &str, since: NaiveDate) -> Value {
    app.gql(
        Some(token),
        &format!("mutation($i: ReportSickInput!) {{ reportSick(input: $i) {{ {CASE_FIELDS} }} }}"),
        json!({ "i": { "employeeId": employee, "sickSince": day(since), "expectedDurationWeeks": 3, "reachableAt": "06-12345678, thuis", "safetyNet": false } }),
    )
    .await
}

fn due(case: &Value, kind: &str) -> NaiveDate {
    let d = case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {case}"));
    NaiveDate::parse_from_str(d["dueOn"].as_str().unwrap(), "%Y-%m-%d").unwrap()
}

on_both_databases! {
    async fn a_case_runs_the_legal_clock_through_a_relapse(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let willem = app.employee_id(&hr, "Willem Nijhuis").await;
        let since = today - Duration::days(20);
        let res = report_sick(&app, &hr, &willem, since).await;
        let case = res["data"]["reportSick"].clone();
        assert_eq!(case["status"], "OPEN", "{res}");
        assert_eq!(case["employee"]["name"], "Willem Nijhuis");
        // Week 6 ends on day 42: day 1 + 41 days.
        assert_eq!(due(&case, "PROBLEM_ANALYSIS"), since + Duration::days(41));
        assert_eq!(due(&case, "PLAN_OF_ACTION"), since + Duration::days(55));
        assert_eq!(due(&case, "END_OF_WAGE_PAYMENT"), since + Duration::days(727));
        let pa = case["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "PROBLEM_ANALYSIS").unwrap().clone();
        assert_eq!(pa["status"], "UPCOMING");
        assert_eq!(pa["week"], 6);
        let id = case["id"].as_str().unwrap().to_string();

        // Reported twice: refused, nothing changes.
        let twice = report_sick(&app, &hr, &willem, today).await;
        assert_eq!(error_reason(&twice).as_deref(), Some("ALREADY_SICK"));

        // Partial recovery does not move the clock; 100% is a full recovery, not a partial one.
        let q = format!("mutation($c: ID!, $f: Date!, $p: Int!) {{ reportPartialRecovery(caseId: $c, from: $f, workingPercentage: $p) {{ {CASE_FIELDS} }} }}");
        let partial = app.gql(Some(&hr), &q, json!({ "c": id, "f": day(today - Duration::days(12)), "p": 50 })).await;
        assert_eq!(due(&partial["data"]["reportPartialRecovery"], "PROBLEM_ANALYSIS"), since + Duration::days(41));
        let full = app.gql(Some(&hr), &q, json!({ "c": id, "f": day(today), "p": 100 })).await;
        assert_eq!(error_code(&full).as_deref(), Some("VALIDATION"));

        // Recovered 10 days ago, sick again 5 days ago: the same case, 5 days later deadlines.
        let q = format!("mutation($c: ID!, $r: Date!) {{ reportRecovery(caseId: $c, recoveredOn: $r) {{ {CASE_FIELDS} }} }}");
        let rec = app.gql(Some(&hr), &q, json!({ "c": id, "r": day(today - Duration::days(10)) })).await;
        assert_eq!(rec["data"]["reportRecovery"]["status"], "RECOVERED", "{rec}");
        let relapse = report_sick(&app, &hr, &willem, today - Duration::days(5)).await;
        let again = relapse["data"]["reportSick"].clone();
        assert_eq!(again["id"], id.as_str(), "a relapse within 28 days continues the case: {relapse}");
        assert_eq!(again["status"], "OPEN");
        assert_eq!(again["sickSince"], day(since));
        assert_eq!(due(&again, "PROBLEM_ANALYSIS"), since + Duration::days(41 + 5));
        assert_eq!(due(&again, "END_OF_WAGE_PAYMENT"), since + Duration::days(727 + 5));
        assert_eq!(again["recoveries"], json!([{ "recoveredOn": day(today - Duration::days(10)), "resickOn": day(today - Duration::days(5)) }]));
    }
}

on_both_databases! {
    async fn a_relapse_after_four_weeks_opens_a_new_case(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("casemanager@korenschoof.example").await;
        let anouk = app.employee_id(&hr, "Anouk de Vries").await;
        let first = report_sick(&app, &hr, &anouk, today - Duration::days(100)).await["data"]["reportSick"].clone();
        let q = "mutation($c: ID!, $r: Date!) { reportRecovery(caseId: $c, recoveredOn: $r) { id } }";
        app.gql(Some(&hr), q, json!({ "c": first["id"], "r": day(today - Duration::days(28)) })).await;
        let second = report_sick(&app, &hr, &anouk, today).await["data"]["reportSick"].clone();
        assert_ne!(second["id"], first["id"], "28 days or more after recovery is a new period");
        assert_eq!(second["sickSince"], day(today));
        assert_eq!(due(&second, "PROBLEM_ANALYSIS"), today + Duration::days(41));
    }
}

on_both_databases! {
    async fn the_sick_report_refuses_what_may_not_be_asked_or_is_impossible(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let bram = app.employee_id(&hr, "Bram Jansen").await;
        let res = app
            .gql(Some(&hr), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d, diagnosis: \"griep\" }) { id } }", json!({ "e": bram, "d": day(today) }))
            .await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "a diagnosis field exists: {res}");
        let future = report_sick(&app, &hr, &bram, today + Duration::days(3)).await;
        assert_eq!(error_reason(&future).as_deref(), Some("DATE_IN_FUTURE"));
        let bad_date = app.gql(Some(&hr), "mutation($e: ID!) { reportSick(input: { employeeId: $e, sickSince: \"31-12-2026\" }) { id } }", json!({ "e": bram })).await;
        assert_eq!(error_code(&bad_date).as_deref(), Some("VALIDATION"));
        let list = app.gql(Some(&hr), "{ cases { edges { node { id } } } }", json!({})).await;
        assert_eq!(list["data"]["cases"]["edges"], json!([]), "a refused report left a case behind");
    }
}

on_both_databases! {
    async fn each_role_sees_only_the_cases_in_its_reach(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let willem = report_sick(&app, &hr, &app.employee_id(&hr, "Willem Nijhuis").await, today).await["data"]["reportSick"]["id"].clone();
        let carolien = report_sick(&app, &hr, &app.employee_id(&hr, "Carolien Lammers").await, today).await["data"]["reportSick"]["id"].clone();
        let bram = report_sick(&app, &hr, &app.employee_id(&hr, "Bram Jansen").await, today).await["data"]["reportSick"]["id"].clone();
        let list = |token: String| {
            let app = &app;
            async move {
                let res = app.gql(Some(&token), "{ cases(first: 50) { edges { node { id employee { name } } } } }", json!({})).await;
                let mut names: Vec<String> = res["data"]["cases"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["employee"]["name"].as_str().unwrap().to_string()).collect();
                names.sort();
                names
            }
        };
        assert_eq!(list(hr.clone()).await, vec!["Bram Jansen", "Carolien Lammers", "Willem Nijhuis"]);
        // The line manager leads Willem and Carolien, not Bram.
        let manager = app.login("leidinggevende@korenschoof.example").await;
        assert_eq!(list(manager.clone()).await, vec!["Carolien Lammers", "Willem Nijhuis"]);
        let one = app.gql(Some(&manager), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": bram })).await;
        assert!(one["data"]["case"].is_null(), "a manager sees another team's case");
        // The employee sees his own case only.
        let employee = app.login("werknemer@korenschoof.example").await;
        assert_eq!(list(employee.clone()).await, vec!["Willem Nijhuis"]);
        let other = app.gql(Some(&employee), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": carolien })).await;
        assert!(other["data"]["case"].is_null(), "an employee sees a colleague's case");
        let rec = app.gql(Some(&employee), "mutation($c: ID!, $r: Date!) { reportRecovery(caseId: $c, recoveredOn: $r) { id } }", json!({ "c": carolien, "r": day(today) })).await;
        assert_eq!(error_code(&rec).as_deref(), Some("NOT_FOUND"));
        // Another employer, an unassigned doctor and agency, and the operator see nothing.
        for email in ["hr@vandijk.example", "bedrijfsarts@arbo-oost.example", "adviseur@werkpad.example", "beheer@poortwachter.example"] {
            let token = app.login(email).await;
            assert!(list(token.clone()).await.is_empty(), "{email} sees Korenschoof's cases");
            let res = app.gql(Some(&token), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": willem })).await;
            assert!(res["data"]["case"].is_null(), "{email} reads a case by id");
            let res = app.gql(Some(&token), "mutation($c: ID!, $r: Date!) { reportRecovery(caseId: $c, recoveredOn: $r) { id } }", json!({ "c": willem, "r": day(today) })).await;
            assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{email}: {res}");
        }
        // The employee may report his own recovery and, within 28 days, fall ill again himself.
        let rec = app.gql(Some(&employee), "mutation($c: ID!, $r: Date!) { reportRecovery(caseId: $c, recoveredOn: $r) { status } }", json!({ "c": willem, "r": day(today + Duration::days(0)) })).await;
        assert!(rec.get("errors").is_some(), "a recovery on the first sick day itself is refused: {rec}");
        app.clock.advance(Duration::days(3));
        let later = app.clock.today();
        // Three days on, the 12-hour session has ended: log in again.
        let employee = app.login("werknemer@korenschoof.example").await;
        let rec = app.gql(Some(&employee), "mutation($c: ID!, $r: Date!) { reportRecovery(caseId: $c, recoveredOn: $r) { status } }", json!({ "c": willem, "r": day(later - Duration::days(1)) })).await;
        assert_eq!(rec["data"]["reportRecovery"]["status"], "RECOVERED", "{rec}");
        let me = app.gql(Some(&employee), "{ employees { nodes { id } } }", json!({})).await;
        let own = me["data"]["employees"]["nodes"][0]["id"].as_str().unwrap().to_string();
        let relapse = report_sick(&app, &employee, &own, later).await;
        assert_eq!(relapse["data"]["reportSick"]["id"], willem, "{relapse}");
    }
}

on_both_databases! {
    async fn the_employer_assigns_a_doctor_and_records_sanction_and_extension(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let willem = report_sick(&app, &hr, &app.employee_id(&hr, "Willem Nijhuis").await, today - Duration::days(30)).await["data"]["reportSick"].clone();
        let carolien = report_sick(&app, &hr, &app.employee_id(&hr, "Carolien Lammers").await, today).await["data"]["reportSick"]["id"].clone();
        let id = willem["id"].clone();

        let users = app.gql(Some(&hr), "query($c: ID!) { assignableUsers(caseId: $c) { id name role organisation { name } } }", json!({ "c": id })).await;
        let users = users["data"]["assignableUsers"].as_array().unwrap().clone();
        let doctor = users.iter().find(|u| u["role"] == "COMPANY_DOCTOR").expect("the engaged health service's doctor");
        assert_eq!(doctor["organisation"]["name"], "Arbo Oost");
        assert!(users.iter().any(|u| u["role"] == "REINTEGRATION_CONSULTANT"));

        // Before the assignment the doctor does not see the case; after it, this case only.
        let doc = app.login("bedrijfsarts@arbo-oost.example").await;
        let seen = |token: String, case: Value| {
            let app = &app;
            async move { !app.gql(Some(&token), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": case })).await["data"]["case"].is_null() }
        };
        assert!(!seen(doc.clone(), id.clone()).await);
        const ASSIGN: &str = "mutation($c: ID!, $u: ID!) { assignToCase(caseId: $c, userId: $u) { id role status } }";
        // The employer only asks for the doctor; the health service decides (decision 76).
        let res = app.gql(Some(&hr), ASSIGN, json!({ "c": id, "u": doctor["id"] })).await;
        assert_eq!(res["data"]["assignToCase"]["role"], "COMPANY_DOCTOR", "{res}");
        assert_eq!(res["data"]["assignToCase"]["status"], "REQUESTED", "{res}");
        assert!(!seen(doc.clone(), id.clone()).await, "a request does not open the case");
        let arbo = app.login("beheer@arbo-oost.example").await;
        let requests = app.gql(Some(&arbo), "{ doctorRequests { id caseId employer employee requestedDoctor } }", json!({})).await;
        let request = requests["data"]["doctorRequests"][0].clone();
        assert_eq!(request["caseId"], id, "{requests}");
        assert_eq!(request["employer"], "Bakkerij De Korenschoof B.V.");
        assert_eq!(request["requestedDoctor"], "Dr. Bart Arends");
        // Another health service's view and the doctor himself cannot answer it.
        let res = app.gql(Some(&doc), "mutation($r: ID!) { acceptDoctorRequest(id: $r) { id } }", json!({ "r": request["id"] })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("NOT_FOUND") | Some("FORBIDDEN")), "{res}");
        let res = app.gql(Some(&arbo), "mutation($r: ID!) { acceptDoctorRequest(id: $r) { status userId } }", json!({ "r": request["id"] })).await;
        assert_eq!(res["data"]["acceptDoctorRequest"]["status"], "ASSIGNED", "{res}");
        assert_eq!(res["data"]["acceptDoctorRequest"]["userId"], doctor["id"]);
        assert!(seen(doc.clone(), id.clone()).await, "the assigned doctor sees the case");
        let requests = app.gql(Some(&arbo), "{ doctorRequests { id } }", json!({})).await;
        assert_eq!(requests["data"]["doctorRequests"], json!([]), "answered");
        assert!(!seen(doc.clone(), carolien.clone()).await, "and no other");
        // An employer's own user cannot be assigned; another employer cannot assign at all.
        let me = app.gql(Some(&hr), "{ me { id } }", json!({})).await;
        let res = app.gql(Some(&hr), ASSIGN, json!({ "c": id, "u": me["data"]["me"]["id"] })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("NOT_ASSIGNABLE"));
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), ASSIGN, json!({ "c": id, "u": doctor["id"] })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"));

        // Sanction moves only the end of wage payment; extension moves the WIA dates.
        let q = format!("mutation($c: ID!, $w: Int!, $d: Date!) {{ imposeWageSanction(caseId: $c, weeks: $w, decidedOn: $d) {{ {CASE_FIELDS} }} }}");
        let too_long = app.gql(Some(&hr), &q, json!({ "c": id, "w": 53, "d": day(today) })).await;
        assert_eq!(error_code(&too_long).as_deref(), Some("VALIDATION"));
        let sanctioned = app.gql(Some(&hr), &q, json!({ "c": id, "w": 52, "d": day(today) })).await["data"]["imposeWageSanction"].clone();
        assert_eq!(due(&sanctioned, "END_OF_WAGE_PAYMENT"), due(&willem, "END_OF_WAGE_PAYMENT") + Duration::weeks(52));
        assert_eq!(due(&sanctioned, "WIA_APPLICATION"), due(&willem, "WIA_APPLICATION"));
        let q = format!("mutation($c: ID!, $w: Int!, $d: Date!) {{ extendWagePayment(caseId: $c, weeks: $w, agreedOn: $d) {{ {CASE_FIELDS} }} }}");
        let short = app.gql(Some(&hr), &q, json!({ "c": id, "w": 12, "d": day(today) })).await;
        assert_eq!(error_code(&short).as_deref(), Some("VALIDATION"));
        let extended = app.gql(Some(&hr), &q, json!({ "c": id, "w": 13, "d": day(today) })).await["data"]["extendWagePayment"].clone();
        assert_eq!(due(&extended, "WIA_APPLICATION"), due(&willem, "WIA_APPLICATION") + Duration::weeks(13));

        // Track and case manager are the employer's decisions; the employee may not make them.
        let cm = app.gql(Some(&hr), "{ users { id roles } }", json!({})).await;
        let cm_id = cm["data"]["users"].as_array().unwrap().iter().find(|u| u["roles"] == json!(["CASE_MANAGER"])).unwrap()["id"].clone();
        const UPDATE: &str = "mutation($c: ID!, $i: UpdateCaseInput!) { updateCase(caseId: $c, input: $i) { track caseManagerUserId returnProspect } }";
        let res = app.gql(Some(&hr), UPDATE, json!({ "c": id, "i": { "track": "BOTH", "caseManagerUserId": cm_id, "returnProspect": true } })).await;
        assert_eq!(res["data"]["updateCase"], json!({ "track": "BOTH", "caseManagerUserId": cm_id, "returnProspect": true }), "{res}");
        let employee = app.login("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&employee), UPDATE, json!({ "c": id, "i": { "track": "TRACK_1" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&employee), "mutation($c: ID!, $d: Date!) { imposeWageSanction(caseId: $c, weeks: 1, decidedOn: $d) { id } }", json!({ "c": id, "d": day(today) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"));
        let bad_manager = app.gql(Some(&hr), UPDATE, json!({ "c": id, "i": { "caseManagerUserId": doctor["id"] } })).await;
        assert_eq!(error_code(&bad_manager).as_deref(), Some("VALIDATION"));
    }
}

on_both_databases! {
    async fn the_demo_cases_stand_at_their_points_of_the_clock(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        demo::seed_cases(&app.state.demo_env()).await.unwrap();
        demo::seed_cases(&app.state.demo_env()).await.unwrap();
        let hr = app.login("hr@korenschoof.example").await;
        let q = "{ cases(first: 50) { edges { node { id employee { name } track safetyNet safetyNetKind recoveries { resickOn } deadlines { kind status week dueOn } riskSignals { kind } planOfAction { status } clock { leaves { from until } employmentEndsOn rivOnLeaving } } } } }";
        let res = app.gql(Some(&hr), q, json!({})).await;
        let cases = res["data"]["cases"]["edges"].as_array().unwrap().clone();
        assert_eq!(cases.len(), 12, "seeding twice adds nothing: {res}");
        // The pregnancy case: on leave, her safety-net report made, no 42-week report; the
        // employer sees that a safety net applies, never which.
        let fatima = cases.iter().find(|c| c["node"]["employee"]["name"] == "Fatima El Amrani").unwrap();
        assert_eq!(fatima["node"]["clock"]["leaves"].as_array().unwrap().len(), 1, "{fatima}");
        assert_eq!(fatima["node"]["safetyNet"], true);
        assert_eq!(fatima["node"]["safetyNetKind"], Value::Null);
        let kinds = |case: &Value| case["node"]["deadlines"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        assert!(!kinds(fatima).contains(&"UWV_42_WEEK_REPORT".to_string()), "{fatima}");
        // The safety-net case whose fixed-term contract ends in three weeks, about 8 weeks after
        // her first sick day: the shortened re-integration report goes with her.
        let hanneke = cases.iter().find(|c| c["node"]["employee"]["name"] == "Hanneke de Boer").unwrap();
        assert!(hanneke["node"]["clock"]["employmentEndsOn"].is_string(), "{hanneke}");
        assert_eq!(hanneke["node"]["clock"]["rivOnLeaving"], "SHORTENED");
        assert!(kinds(hanneke).contains(&"EMPLOYMENT_END_REPORT".to_string()));
        assert!(kinds(hanneke).contains(&"SAFETY_NET_REPORT".to_string()));
        let willem = cases.iter().find(|c| c["node"]["employee"]["name"] == "Willem Nijhuis").unwrap();
        assert_eq!(willem["node"]["track"], "BOTH");
        let status_of = |case: &Value, kind: &str| case["node"]["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap()["status"].clone();
        assert_eq!(status_of(willem, "FIRST_YEAR_EVALUATION"), "DONE", "week 60, first-year evaluation held");
        assert_eq!(status_of(willem, "TRACK2_START"), "DONE", "week 60 in track 2");
        assert_eq!(willem["node"]["planOfAction"]["status"], "SIGNED");
        let signals = |name: &str| -> Vec<String> {
            let case = cases.iter().find(|c| c["node"]["employee"]["name"] == name).unwrap();
            case["node"]["riskSignals"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap().to_string()).collect()
        };
        assert_eq!(signals("Willem Nijhuis"), Vec::<String>::new());
        let carolien = cases.iter().find(|c| c["node"]["employee"]["name"] == "Carolien Lammers").unwrap();
        assert!(carolien["node"]["planOfAction"].is_null(), "week 7 without a plan of action");
        // Her problem analysis was made on 17 Nov 2026: the plan was due 2 weeks later, 1 Dec.
        assert_eq!(status_of(carolien, "PLAN_OF_ACTION"), "OVERDUE");
        assert_eq!(signals("Gerrit Mulder"), vec!["EMPLOYEE_UNREACHABLE"], "not reached for two months");
        assert_eq!(signals("Carolien Lammers"), vec!["PLAN_OF_ACTION_LATE", "ADVICE_NOT_FOLLOWED"], "plan late; advice in week 5, no plan since");
        let eva = cases.iter().find(|c| c["node"]["employee"]["name"] == "Eva Smit").unwrap();
        assert!(eva["node"]["recoveries"][0]["resickOn"].is_string(), "the relapse within 4 weeks");
        // The demo doctor reaches the Korenschoof cases assigned to him and not Van Dijk's.
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let mine = app.gql(Some(&doctor), "{ cases(first: 50) { edges { node { employee { name } } } } }", json!({})).await;
        let names: Vec<&str> = mine["data"]["cases"]["edges"].as_array().unwrap().iter().map(|c| c["node"]["employee"]["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 11, "{names:?}");
        assert!(!names.contains(&"Arjen Kramer") && !names.contains(&"Joost de Groot"));
        let agency = app.login("adviseur@werkpad.example").await;
        let theirs = app.gql(Some(&agency), "{ cases(first: 50) { edges { node { employee { name } } } } }", json!({})).await;
        assert_eq!(theirs["data"]["cases"]["edges"].as_array().unwrap().len(), 3);
        let vandijk = app.login("hr@vandijk.example").await;
        let own = app.gql(Some(&vandijk), "{ cases(first: 50) { edges { node { id } } } }", json!({})).await;
        assert_eq!(own["data"]["cases"]["edges"].as_array().unwrap().len(), 2);
        // The later cases carry a labour expert's report and the agency's track 2 report.
        let willem_id = willem["node"]["id"].as_str().unwrap();
        let docs = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { documents { title documentType classification contentType } } }", json!({ "c": willem_id })).await;
        let kinds: Vec<&str> = docs["data"]["case"]["documents"].as_array().unwrap().iter().map(|d| d["documentType"].as_str().unwrap()).collect();
        assert_eq!(kinds.len(), 2, "{docs}");
        assert!(kinds.contains(&"LABOUR_EXPERT_REPORT") && kinds.contains(&"TRACK2_REPORT"), "{docs}");
        assert_eq!(app.count_rows("documents").await, 6, "seeding twice adds no documents");
    }
}
