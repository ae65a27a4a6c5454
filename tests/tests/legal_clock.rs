//! The legal clock beyond the common path, through GraphQL on both databases (decision 82): a
//! pregnancy case through its leave, a fixed-term employee leaving employment sick, a late WIA
//! application, a wage sanction that is shortened; and who may learn the safety net's kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use e2e::{TestApp, error_code, on_both_databases};
use platform::clock::Clock;
use serde_json::{Value, json};

const CASE: &str = "id safetyNet safetyNetKind deadlines { kind dueOn status completedOn } riskSignals { kind } clock { leaves { id from until } employmentEndsOn rivOnLeaving ownRiskCarrier wageSanction { kind weeks repairedOn shorteningRequestedOn decidedOn granted } }";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn dues(case: &Value, kind: &str) -> Vec<NaiveDate> {
    case["deadlines"]
        .as_array()
        .unwrap_or_else(|| panic!("no deadlines: {case}"))
        .iter()
        .filter(|d| d["kind"] == kind)
        .map(|d| NaiveDate::parse_from_str(d["dueOn"].as_str().unwrap(), "%Y-%m-%d").unwrap())
        .collect()
}

fn due(case: &Value, kind: &str) -> NaiveDate {
    let all = dues(case, kind);
    assert_eq!(all.len(), 1, "{kind}: {case}");
    all[0]
}

async fn read(app: &TestApp, token: &str, case: &str) -> Value {
    let res = app
        .gql(
            Some(token),
            &format!("query($c: ID!) {{ case(id: $c) {{ {CASE} }} }}"),
            json!({ "c": case }),
        )
        .await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["case"].clone()
}

/// Runs a mutation returning a case; the case, or the whole answer when it failed.
async fn change(
    app: &TestApp,
    token: &str,
    mutation: &str,
    args: &str,
    vars: Value,
) -> Result<Value, Value> {
    let res = app
        .gql(
            Some(token),
            &format!("mutation({args}) {{ m: {mutation} {{ {CASE} }} }}"),
            vars,
        )
        .await;
    if res.get("errors").is_some() {
        Err(res)
    } else {
        Ok(res["data"]["m"].clone())
    }
}

on_both_databases! {
    async fn a_pregnancy_case_through_her_leave(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let since = today - Duration::days(60);
        let case = app.willems_assigned_case(&hr, 60).await;
        let before = read(&app, &hr, &case).await;
        let eje = due(&before, "FIRST_YEAR_EVALUATION");

        // A leave starting on the first sick day has no sickness before it: refused, nothing
        // written.
        let leave = "recordLeave(caseId: $c, from: $f, until: $u)";
        let args = "$c: ID!, $f: Date!, $u: Date!";
        let res = change(&app, &hr, leave, args, json!({ "c": case, "f": day(since), "u": day(since + Duration::days(111)) })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        assert!(res.to_string().contains("must start after a first sick day"), "{res}");
        assert_eq!(app.count_rows("case_leaves").await, 0);

        // 16 weeks from 10 days ago (day 51): the clock stands still 112 days.
        let from = today - Duration::days(10);
        let until = from + Duration::days(111);
        let c = change(&app, &hr, leave, args, json!({ "c": case, "f": day(from), "u": day(until) })).await.unwrap();
        assert_eq!(c["clock"]["leaves"][0]["until"], day(until));
        assert_eq!(due(&c, "FIRST_YEAR_EVALUATION"), eje + Duration::days(112));
        assert_eq!(due(&c, "PROBLEM_ANALYSIS"), since + Duration::days(41), "before the leave: unchanged");

        // The kind of safety net names a cause: the employer can neither set nor read it. Like
        // every medical record it is not there for him at all (NOT_FOUND, not FORBIDDEN).
        let set = "setSafetyNet(caseId: $c, kind: $k)";
        let res = change(&app, &hr, set, "$c: ID!, $k: SafetyNet", json!({ "c": case, "k": "PREGNANCY" })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let c = change(&app, &doctor, set, "$c: ID!, $k: SafetyNet", json!({ "c": case, "k": "PREGNANCY" })).await.unwrap();
        assert_eq!(c["safetyNetKind"], "PREGNANCY");
        let seen_by_hr = read(&app, &hr, &case).await;
        assert_eq!(seen_by_hr["safetyNet"], true);
        assert_eq!(seen_by_hr["safetyNetKind"], Value::Null, "the employer never reads the kind");
        assert!(!seen_by_hr.to_string().contains("PREGNANCY"), "{seen_by_hr}");
        // The employee on his verified account reads it; the read is in his access log.
        let employee = app.login("werknemer@korenschoof.example").await;
        assert_eq!(read(&app, &employee, &case).await["safetyNetKind"], "PREGNANCY");
        let log = app.gql(Some(&employee), "query($c: ID!) { accessLog(caseId: $c) { resource action } }", json!({ "c": case })).await;
        assert!(log.to_string().contains("safety_net"), "{log}");

        // Her deadlines: the Ziektewet report within 6 weeks and by the 4th day after the leave;
        // no 42-week report, as UWV pays the benefit.
        assert_eq!(dues(&seen_by_hr, "SAFETY_NET_REPORT"), vec![since + Duration::days(41), until + Duration::days(4)]);
        assert!(dues(&seen_by_hr, "UWV_42_WEEK_REPORT").is_empty());
        // The reminders of her report reach the case manager without the kind: not in a mail,
        // a reminder or a job — the kind is stored once, on the case, and nowhere else.
        // (`true`: the day's digest goes now, not at seven.)
        let (_, sent) = gateway::worker::remind(&app.state, true).await.unwrap();
        assert!(sent.sent > 0, "the overdue report is reminded");
        let mails = app.outbox();
        assert!(mails.iter().any(|m| m.contains("Ziekmelding Ziektewet UWV")), "{mails:?}");
        for mail in &mails {
            let lower = mail.to_lowercase();
            assert!(!lower.contains("pregnan") && !lower.contains("zwanger"), "{mail}");
        }
        assert_eq!(app.dump().await.matches("PREGNANCY").count(), 1, "the kind is stored once");

        // HR records the report; it completes the first.
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: SAFETY_NET_REPORT, on: $d) { id } }", json!({ "c": case, "d": day(since + Duration::days(20)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let c = read(&app, &hr, &case).await;
        let first = c["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "SAFETY_NET_REPORT").unwrap();
        assert_eq!(first["status"], "DONE", "{c}");

        // The employer's re-integration report names the leave and that a safety net applies.
        let (status, _, pdf) = app.get(&hr, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, http::StatusCode::OK);
        let text = e2e::pdf_text(&pdf);
        assert!(text.contains("Zwangerschaps- en bevallingsverlof van"), "{text}");
        assert!(text.contains("vangnetregeling"), "{text}");

        // She asked another company doctor for a second opinion; the assigned doctor records
        // the day it was given. Only the dates are kept.
        let c = change(&app, &employee, "requestSecondOpinion(caseId: $c, requestedOn: $d)", "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(3)) })).await.unwrap();
        // Asked during the leave: its 4 weeks count sick days, so they run after the leave.
        assert!(dues(&c, "SECOND_OPINION")[0] > until, "{c}");
        let ids = app.gql(Some(&doctor), "query($c: ID!) { case(id: $c) { clock { secondOpinions { id } } } }", json!({ "c": case })).await;
        let opinion = ids["data"]["case"]["clock"]["secondOpinions"][0]["id"].clone();
        let given = "recordSecondOpinionGiven(caseId: $c, id: $i, givenOn: $d)";
        let c = change(&app, &doctor, given, "$c: ID!, $i: ID!, $d: Date!", json!({ "c": case, "i": opinion, "d": day(today) })).await.unwrap();
        let done = c["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "SECOND_OPINION").unwrap().clone();
        assert_eq!(done["status"], "DONE", "{c}");

        // Removing the leave brings the clock back.
        let id = c["clock"]["leaves"][0]["id"].clone();
        let c = change(&app, &hr, "removeLeave(caseId: $c, leaveId: $l)", "$c: ID!, $l: ID!", json!({ "c": case, "l": id })).await.unwrap();
        assert_eq!(due(&c, "FIRST_YEAR_EVALUATION"), eje);
    }
}

on_both_databases! {
    async fn a_fixed_term_employee_leaves_employment_sick(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let since = today - Duration::days(80);
        let case = app.report_sick(&hr, "Bram Jansen", since).await;
        // The contract ends in 10 days: 91 days employed after the first sick day.
        let last = today + Duration::days(10);
        let end = "recordEmploymentEnd(caseId: $c, lastDay: $d)";
        let c = change(&app, &hr, end, "$c: ID!, $d: Date", json!({ "c": case, "d": day(last) })).await.unwrap();
        assert_eq!(c["clock"]["employmentEndsOn"], day(last));
        assert_eq!(c["clock"]["rivOnLeaving"], "FULL");
        assert_eq!(due(&c, "EMPLOYMENT_END_REPORT"), last);
        assert_eq!(due(&c, "RIV_ON_LEAVING"), last);
        assert_eq!(due(&c, "END_OF_WAGE_PAYMENT"), last);
        // UWV takes over: nothing of the employer's is pending after the last day.
        assert!(dues(&c, "FIRST_YEAR_EVALUATION").is_empty(), "{c}");
        assert!(c["deadlines"].as_array().unwrap().iter().all(|d| d["dueOn"].as_str().unwrap() <= day(last).as_str()));

        // An own-risk carrier pays the benefit and keeps the re-integration.
        let res = app.gql(Some(&hr), "mutation { setOwnRiskCarrier(ownRiskCarrier: true) { ownRiskCarrier } }", json!({})).await;
        assert_eq!(res["data"]["setOwnRiskCarrier"]["ownRiskCarrier"], true, "{res}");
        let c = read(&app, &hr, &case).await;
        assert_eq!(c["clock"]["ownRiskCarrier"], true);
        assert_eq!(due(&c, "EMPLOYMENT_END_REPORT"), last + Duration::days(42));
        assert_eq!(c["clock"]["rivOnLeaving"], Value::Null);
        assert_eq!(dues(&c, "FIRST_YEAR_EVALUATION").len(), 1);
        assert_eq!(dues(&c, "UWV_42_WEEK_REPORT").len(), 1);

        // Taken back: the common path again. A last day before the first sick day is refused.
        let res = change(&app, &hr, end, "$c: ID!, $d: Date", json!({ "c": case, "d": day(since - Duration::days(1)) })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let c = change(&app, &hr, end, "$c: ID!, $d: Date", json!({ "c": case, "d": null })).await.unwrap();
        assert!(dues(&c, "EMPLOYMENT_END_REPORT").is_empty());
        // The employee cannot record it.
        let employee = app.login("werknemer@korenschoof.example").await;
        let willem = app.willems_assigned_case(&hr, 5).await;
        let res = change(&app, &employee, end, "$c: ID!, $d: Date", json!({ "c": willem, "d": day(last) })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
    }
}

on_both_databases! {
    async fn a_late_wia_application_extends_wage_payment(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        // Week 100: the application was due on day 651, 49 days ago.
        let since = today - Duration::days(699);
        let case = app.report_sick(&hr, "Willem Nijhuis", since).await;
        let wia_due = since + Duration::days(650);
        let c = read(&app, &hr, &case).await;
        // Not made yet: wage payment runs on by the delay so far, so it cannot end without it.
        assert_eq!(due(&c, "END_OF_WAGE_PAYMENT"), since + Duration::days(727) + (today - wia_due));
        // The employee records it himself, made 10 days ago: 39 days late.
        let employee = app.login("werknemer@korenschoof.example").await;
        let applied = today - Duration::days(10);
        let res = app.gql(Some(&employee), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: WIA_APPLICATION, on: $d) { kind } }", json!({ "c": case, "d": day(applied) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let c = read(&app, &employee, &case).await;
        assert_eq!(due(&c, "END_OF_WAGE_PAYMENT"), since + Duration::days(727 + 39));
        // UWV's letter, recorded by the employee too.
        let res = app.gql(Some(&employee), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: WIA_LETTER, on: $d) { kind } }", json!({ "c": case, "d": day(today - Duration::days(80)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        // But not the employer's report to UWV.
        let res = app.gql(Some(&employee), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: UWV_42_WEEK_REPORT, on: $d) { kind } }", json!({ "c": case, "d": day(today) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
    }
}

on_both_databases! {
    async fn a_wage_sanction_that_is_shortened(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let since = today - Duration::days(760);
        let case = app.report_sick(&hr, "Daan Visser", since).await;
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: WIA_APPLICATION, on: $d) { kind } }", json!({ "c": case, "d": day(since + Duration::days(640)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let end = since + Duration::days(727);
        let impose = "imposeWageSanction(caseId: $c, weeks: 52, decidedOn: $d, kind: SUBSTANTIVE)";
        let c = change(&app, &hr, impose, "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(40)) })).await.unwrap();
        assert_eq!(due(&c, "END_OF_WAGE_PAYMENT"), end + Duration::weeks(52));
        assert_eq!(c["clock"]["wageSanction"]["kind"], "SUBSTANTIVE");

        // A shortening request before the repair is refused.
        let request = "requestSanctionShortening(caseId: $c, requestedOn: $d)";
        let res = change(&app, &hr, request, "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(15)) })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        change(&app, &hr, "recordSanctionRepair(caseId: $c, repairedOn: $d)", "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(20)) })).await.unwrap();
        let c = change(&app, &hr, request, "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(15)) })).await.unwrap();
        // UWV decides within 3 weeks.
        assert_eq!(due(&c, "SANCTION_DECISION"), today + Duration::days(6));
        // A decision in the future is refused; granted two days ago, it ends 6 weeks later.
        let decide = "recordSanctionDecision(caseId: $c, decidedOn: $d, granted: true)";
        let res = change(&app, &hr, decide, "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today + Duration::days(1)) })).await.unwrap_err();
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let c = change(&app, &hr, decide, "$c: ID!, $d: Date!", json!({ "c": case, "d": day(today - Duration::days(2)) })).await.unwrap();
        assert_eq!(due(&c, "END_OF_WAGE_PAYMENT"), today + Duration::days(40));
        assert_eq!(c["clock"]["wageSanction"]["granted"], true);
        // The employee cannot touch the sanction.
        let employee = app.login("werknemer@korenschoof.example").await;
        let willem = app.willems_assigned_case(&hr, 5).await;
        let res = change(&app, &employee, "recordSanctionRepair(caseId: $c, repairedOn: $d)", "$c: ID!, $d: Date!", json!({ "c": willem, "d": day(today) })).await.unwrap_err();
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("CONFLICT")), "{res}");
    }
}

on_both_databases! {
    async fn contacts_by_the_doctor_and_the_agency_count_against_the_silence(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 70).await;
        let signals = |c: &Value| c["riskSignals"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        assert!(signals(&read(&app, &hr, &case).await).contains(&"EMPLOYEE_UNREACHABLE".to_string()));
        // The doctor saw him yesterday: not unreachable. The employer learns only the date.
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $d: Date!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"Hernia L5\" }) { id } }", json!({ "c": case, "d": day(today - Duration::days(1)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let c = read(&app, &hr, &case).await;
        assert!(!signals(&c).contains(&"EMPLOYEE_UNREACHABLE".to_string()), "{c}");
        assert!(!c.to_string().contains("Hernia"));
        // Seven weeks later the agency's contact counts too.
        app.clock.advance(Duration::weeks(7));
        let hr = app.login("hr@korenschoof.example").await;
        assert!(signals(&read(&app, &hr, &case).await).contains(&"EMPLOYEE_UNREACHABLE".to_string()));
        let consultant = app.login("adviseur@werkpad.example").await;
        let werkpad = app.gql(Some(&consultant), "{ me { organisation { id } } }", json!({})).await["data"]["me"]["organisation"]["id"].clone();
        let res = app.gql(Some(&hr), "mutation($c: ID!, $o: ID!) { assignAgency(caseId: $c, organisationId: $o) { id } }", json!({ "c": case, "o": werkpad })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&consultant), "mutation($c: ID!, $d: Date!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Kennismaking\" }) { id } }", json!({ "c": case, "d": day(app.clock.today()) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        assert!(!signals(&read(&app, &hr, &case).await).contains(&"EMPLOYEE_UNREACHABLE".to_string()));
    }
}
