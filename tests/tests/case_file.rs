//! The case file from sick report to final evaluation, through GraphQL on both databases: plan
//! of action with signatures and adjustments, evaluations, a relapse within 4 weeks, expert
//! opinion, first-year evaluation, start of track 2, final evaluation with the employee's own
//! view; and the dashboard's filters, sort and risk signals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use e2e::{TestApp, error_code, error_reason, on_both_databases};
use platform::clock::Clock;
use serde_json::{Value, json};

const CASE: &str = "id status track sickWeek returnProspect deadlines { kind dueOn status completedOn } nextDeadline { kind dueOn status } riskSignals { kind since reference } milestones { kind occurredOn } expertOpinions { id status requestedBy expectedBy } planOfAction { id version status isAdjustment goal changeNote activities { description owner dueOn done } employerSignature { signedBy { name } signedAt } employeeSignature { signedBy { name } signedAt } } planOfActionHistory { version status } evaluations { id kind heldOn employeeView recordedBy { name } } activities { kind occurredOn summary recordedBy { name } } caseManager { name }";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn deadline(case: &Value, kind: &str) -> Value {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {case}"))
        .clone()
}

fn due(case: &Value, kind: &str) -> NaiveDate {
    NaiveDate::parse_from_str(deadline(case, kind)["dueOn"].as_str().unwrap(), "%Y-%m-%d").unwrap()
}

/// The people of the walk, logged in again whenever the clock moved past their session.
struct People {
    hr: String,
    employee: String,
    manager: String,
    doctor: String,
}

impl People {
    async fn login(app: &TestApp) -> People {
        People {
            hr: app.login("hr@korenschoof.example").await,
            employee: app.login("werknemer@korenschoof.example").await,
            manager: app.login("casemanager@korenschoof.example").await,
            doctor: app.login("bedrijfsarts@arbo-oost.example").await,
        }
    }
}

/// Moves the clock to day `n` of the sickness (day 1 = `since`) and logs everyone in again.
async fn go_to(app: &TestApp, since: NaiveDate, n: i64) -> People {
    let target = since + Duration::days(n - 1);
    let now = app.clock.today();
    assert!(target >= now, "the walk goes forward only");
    app.advance_to(target);
    People::login(app).await
}

async fn case(app: &TestApp, token: &str, id: &str) -> Value {
    let res = app
        .gql(
            Some(token),
            &format!("query($id: ID!) {{ case(id: $id) {{ {CASE} }} }}"),
            json!({ "id": id }),
        )
        .await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["case"].clone()
}

const SAVE_PLAN: &str = "mutation($c: ID!, $p: PlanOfActionInput!) { savePlanOfAction(caseId: $c, input: $p) { id version status isAdjustment changeNote activities { description owner dueOn done } caseManager { name } } }";
const SIGN_PLAN: &str = "mutation($c: ID!, $v: Int) { signPlanOfAction(caseId: $c, version: $v) { version status employerSignature { signedBy { name } } employeeSignature { signedBy { name } signedAt } } }";
const EVALUATE: &str = "mutation($c: ID!, $k: EvaluationKind!, $i: EvaluationInput!) { recordEvaluation(caseId: $c, kind: $k, input: $i) { id kind heldOn returnProspect } }";
const STEP: &str = "mutation($c: ID!, $k: DeadlineKind!, $d: Date!) { recordMilestone(caseId: $c, kind: $k, on: $d) { kind occurredOn } }";

on_both_databases! {
    async fn a_case_walks_from_sick_report_to_final_evaluation(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let since = app.clock.today();
        let p = People::login(&app).await;
        let willem = app.employee_id(&p.hr, "Willem Nijhuis").await;
        let case_manager = app.user_id(&p.manager).await;

        // Day 1: the sick report names the case manager.
        let res = app.gql(Some(&p.hr), "mutation($i: ReportSickInput!) { reportSick(input: $i) { id caseManager { name } } }",
            json!({ "i": { "employeeId": willem, "sickSince": day(since), "caseManagerUserId": case_manager } })).await;
        assert_eq!(res["data"]["reportSick"]["caseManager"]["name"], "Cees Mannaerts", "{res}");
        let id = res["data"]["reportSick"]["id"].as_str().unwrap().to_string();
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(c["sickWeek"], 1);
        assert_eq!(c["nextDeadline"]["kind"], "PROBLEM_ANALYSIS");
        assert!(c["planOfAction"].is_null());

        // Day 38: the problem analysis of the occupational health service came in.
        let p = go_to(&app, since, 38).await;
        let res = app.gql(Some(&p.hr), STEP, json!({ "c": id, "k": "PROBLEM_ANALYSIS", "d": day(since + Duration::days(37)) })).await;
        assert_eq!(res["data"]["recordMilestone"]["kind"], "PROBLEM_ANALYSIS", "{res}");
        // Steps that have their own record cannot be ticked off by hand.
        let res = app.gql(Some(&p.hr), STEP, json!({ "c": id, "k": "PLAN_OF_ACTION", "d": day(since + Duration::days(37)) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "PROBLEM_ANALYSIS")["status"], "DONE");
        assert_eq!(c["nextDeadline"]["kind"], "PLAN_OF_ACTION");

        // Day 45: the case manager drafts the plan of action.
        let p = go_to(&app, since, 45).await;
        let plan = json!({
            "goal": "Terug in eigen werk als bakker, 32 uur per week",
            "contactFrequency": "Wekelijks telefonisch",
            "activities": [
                { "description": "Werkplek aanpassen", "owner": "EMPLOYER", "dueOn": day(since + Duration::days(70)) },
                { "description": "Opbouw 4 uur per dag", "owner": "EMPLOYEE", "dueOn": day(since + Duration::days(90)) }
            ]
        });
        let res = app.gql(Some(&p.manager), SAVE_PLAN, json!({ "c": id, "p": plan })).await;
        let v1 = res["data"]["savePlanOfAction"].clone();
        assert_eq!(v1["version"], 1, "{res}");
        assert_eq!(v1["status"], "DRAFT");
        assert_eq!(v1["activities"][1]["owner"], "EMPLOYEE");
        assert_eq!(v1["caseManager"]["name"], "Cees Mannaerts");
        // A draft changes in place.
        let res = app.gql(Some(&p.manager), SAVE_PLAN, json!({ "c": id, "p": plan })).await;
        assert_eq!(res["data"]["savePlanOfAction"]["version"], 1);
        // Neither the employee nor the doctor writes the employer's plan; the doctor signs nothing.
        let res = app.gql(Some(&p.employee), SAVE_PLAN, json!({ "c": id, "p": plan })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&p.doctor), SIGN_PLAN, json!({ "c": id })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN" | "NOT_FOUND")), "{res}");
        // The employer signs; then changes the plan: the signature does not carry over.
        let res = app.gql(Some(&p.manager), SIGN_PLAN, json!({ "c": id, "v": 1 })).await;
        assert_eq!(res["data"]["signPlanOfAction"]["status"], "PARTLY_SIGNED", "{res}");
        let mut changed = plan.clone();
        changed["goal"] = json!("Terug in eigen werk als bakker, 24 uur per week");
        let res = app.gql(Some(&p.manager), SAVE_PLAN, json!({ "c": id, "p": changed })).await;
        assert_eq!(res["data"]["savePlanOfAction"]["version"], 2, "{res}");
        assert_eq!(res["data"]["savePlanOfAction"]["status"], "DRAFT");
        assert_eq!(res["data"]["savePlanOfAction"]["isAdjustment"], false, "nothing was fully signed yet");
        // The employee signs what he read: version 1 is no longer the plan.
        let res = app.gql(Some(&p.employee), SIGN_PLAN, json!({ "c": id, "v": 1 })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("PLAN_CHANGED"), "{res}");
        let res = app.gql(Some(&p.employee), SIGN_PLAN, json!({ "c": id, "v": 2 })).await;
        assert_eq!(res["data"]["signPlanOfAction"]["status"], "PARTLY_SIGNED", "{res}");
        assert_eq!(res["data"]["signPlanOfAction"]["employeeSignature"]["signedBy"]["name"], "Willem Nijhuis");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "PLAN_OF_ACTION")["status"], "DUE_SOON", "one signature is not a plan");
        let res = app.gql(Some(&p.hr), SIGN_PLAN, json!({ "c": id, "v": 2 })).await;
        assert_eq!(res["data"]["signPlanOfAction"]["status"], "SIGNED", "{res}");
        let c = case(&app, &p.employee, &id).await;
        assert_eq!(deadline(&c, "PLAN_OF_ACTION")["status"], "DONE");
        assert_eq!(deadline(&c, "PLAN_OF_ACTION")["completedOn"], day(since + Duration::days(44)));
        // The 6-weekly evaluation counts from the signing.
        assert_eq!(due(&c, "PLAN_EVALUATION"), since + Duration::days(44 + 42));

        // Day 60: an adjustment (bijstelling) needs a reason and both signatures again.
        let p = go_to(&app, since, 60).await;
        changed["activities"][0]["done"] = json!(true);
        let res = app.gql(Some(&p.manager), SAVE_PLAN, json!({ "c": id, "p": changed })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        changed["changeNote"] = json!("Werkplek is aangepast; opbouw begint");
        let res = app.gql(Some(&p.manager), SAVE_PLAN, json!({ "c": id, "p": changed })).await;
        assert_eq!(res["data"]["savePlanOfAction"]["version"], 3, "{res}");
        assert_eq!(res["data"]["savePlanOfAction"]["isAdjustment"], true);
        let c = case(&app, &p.employee, &id).await;
        assert_eq!(c["planOfAction"]["status"], "DRAFT");
        assert_eq!(c["planOfActionHistory"].as_array().unwrap().iter().map(|v| v["status"].as_str().unwrap()).collect::<Vec<_>>(), vec!["DRAFT", "SIGNED", "PARTLY_SIGNED"]);
        assert_eq!(deadline(&c, "PLAN_OF_ACTION")["status"], "DONE", "an adjustment does not undo the plan");
        for token in [&p.employee, &p.manager] {
            let res = app.gql(Some(token), SIGN_PLAN, json!({ "c": id, "v": 3 })).await;
            assert!(res.get("errors").is_none(), "{res}");
        }

        // The activity log: the employer logs, the employee reads.
        let res = app.gql(Some(&p.manager), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { kind recordedBy { name } } }",
            json!({ "c": id, "i": { "kind": "CONVERSATION", "occurredOn": day(since + Duration::days(59)), "summary": "Gesprek over de opbouw" } })).await;
        assert_eq!(res["data"]["logActivity"]["recordedBy"]["name"], "Cees Mannaerts", "{res}");
        let res = app.gql(Some(&p.employee), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { kind } }",
            json!({ "c": id, "i": { "kind": "NOTE", "occurredOn": day(since + Duration::days(59)), "summary": "x" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let c = case(&app, &p.employee, &id).await;
        assert_eq!(c["activities"][0]["summary"], "Gesprek over de opbouw");

        // Day 85: the periodic evaluation.
        let p = go_to(&app, since, 85).await;
        let res = app.gql(Some(&p.manager), EVALUATE, json!({ "c": id, "k": "PERIODIC", "i": { "heldOn": day(since + Duration::days(84)), "summary": "Opbouw loopt" } })).await;
        assert_eq!(res["data"]["recordEvaluation"]["kind"], "PERIODIC", "{res}");
        let c = case(&app, &p.hr, &id).await;
        let evaluations: Vec<&Value> = c["deadlines"].as_array().unwrap().iter().filter(|d| d["kind"] == "PLAN_EVALUATION").collect();
        assert_eq!(evaluations[0]["status"], "DONE");
        assert_eq!(evaluations[1]["dueOn"], day(since + Duration::days(84 + 42)), "the next one 6 weeks after");
        let before = c.clone();

        // Day 100: recovered; day 110: sick again — within 4 weeks, the same case and clock, the
        // 10 days in between not counted.
        let p = go_to(&app, since, 100).await;
        let res = app.gql(Some(&p.hr), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { status } }", json!({ "c": id, "d": day(since + Duration::days(99)) })).await;
        assert_eq!(res["data"]["reportRecovery"]["status"], "RECOVERED", "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert!(c["nextDeadline"].is_null(), "a recovered case has nothing due");
        let p = go_to(&app, since, 110).await;
        let res = app.gql(Some(&p.hr), "mutation($i: ReportSickInput!) { reportSick(input: $i) { id status } }",
            json!({ "i": { "employeeId": willem, "sickSince": day(since + Duration::days(109)) } })).await;
        assert_eq!(res["data"]["reportSick"]["id"], id, "{res}");
        let c = case(&app, &p.hr, &id).await;
        for kind in ["FIRST_YEAR_EVALUATION", "WIA_APPLICATION", "END_OF_WAGE_PAYMENT"] {
            assert_eq!((due(&c, kind) - due(&before, kind)).num_days(), 10, "{kind} moves by the gap");
        }
        // The 42-week report is due on the first working day after counted day 294, which the
        // gap moves by 10 calendar days (the due date itself may move more, past a weekend).
        let first_working_day_after = |d: NaiveDate| cases::timeline::next_working_day_after(d).unwrap();
        assert_eq!(due(&before, "UWV_42_WEEK_REPORT"), first_working_day_after(since + Duration::days(293)));
        assert_eq!(due(&c, "UWV_42_WEEK_REPORT"), first_working_day_after(since + Duration::days(303)), "UWV_42_WEEK_REPORT moves by the gap");
        assert_eq!(deadline(&c, "PLAN_OF_ACTION")["status"], "DONE", "the plan stays done across the relapse");

        // Day 120: the employee asks UWV for an expert opinion; the answer comes, is followed up.
        let p = go_to(&app, since, 120).await;
        let res = app.gql(Some(&p.employee), "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: OWN_WORK, submittedOn: $d) { id requestedBy status expectedBy } }",
            json!({ "c": id, "d": day(since + Duration::days(119)) })).await;
        let opinion = res["data"]["requestExpertOpinion"].clone();
        assert_eq!(opinion["requestedBy"], "EMPLOYEE", "{res}");
        assert_eq!(opinion["status"], "PENDING");
        assert_eq!(opinion["expectedBy"], day(since + Duration::days(119 + 28)));
        let res = app.gql(Some(&p.doctor), "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: OWN_WORK, submittedOn: $d) { id } }",
            json!({ "c": id, "d": day(since + Duration::days(119)) })).await;
        assert!(error_code(&res).is_some(), "the doctor is not a party: {res}");
        let p = go_to(&app, since, 150).await;
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(c["expertOpinions"][0]["status"], "ANSWER_OVERDUE");
        let res = app.gql(Some(&p.hr), "mutation($i: ID!, $d: Date!) { recordExpertOpinionAnswer(id: $i, answeredOn: $d, outcome: \"Geschikt voor eigen werk met aanpassingen\") { status } }",
            json!({ "i": opinion["id"], "d": day(since + Duration::days(149)) })).await;
        assert_eq!(res["data"]["recordExpertOpinionAnswer"]["status"], "ANSWERED", "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "EXPERT_OPINION_FOLLOW_UP")["status"], "DUE_SOON");
        let res = app.gql(Some(&p.employee), "mutation($i: ID!, $d: Date!) { recordExpertOpinionFollowUp(id: $i, followedUpOn: $d, followUp: \"Plan bijgesteld\") { status } }",
            json!({ "i": opinion["id"], "d": day(since + Duration::days(149)) })).await;
        assert_eq!(res["data"]["recordExpertOpinionFollowUp"]["status"], "FOLLOWED_UP", "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "EXPERT_OPINION_FOLLOW_UP")["status"], "DONE");

        // Week 43: the 42-week report went to UWV.
        let p = go_to(&app, since, 305).await;
        let res = app.gql(Some(&p.hr), STEP, json!({ "c": id, "k": "UWV_42_WEEK_REPORT", "d": day(since + Duration::days(304)) })).await;
        assert!(res.get("errors").is_none(), "{res}");

        // Week 51 (counted): the first-year evaluation, no prospect of return: track 2 is due
        // 6 weeks later; starting it completes the deadline and sets the track.
        let fye_day = 10 + 7 * 51 - 3;
        let p = go_to(&app, since, fye_day).await;
        let res = app.gql(Some(&p.hr), EVALUATE, json!({ "c": id, "k": "FIRST_YEAR", "i": { "heldOn": day(since + Duration::days(fye_day - 1)), "summary": "Eigen werk niet haalbaar", "returnProspect": false } })).await;
        assert_eq!(res["data"]["recordEvaluation"]["returnProspect"], false, "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "FIRST_YEAR_EVALUATION")["status"], "DONE");
        assert_eq!(due(&c, "TRACK2_START"), since + Duration::days(fye_day - 1 + 42));
        let p = go_to(&app, since, fye_day + 30).await;
        let res = app.gql(Some(&p.hr), STEP, json!({ "c": id, "k": "TRACK2_START", "d": day(since + Duration::days(fye_day + 29)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(c["track"], "TRACK_2");
        assert_eq!(deadline(&c, "TRACK2_START")["status"], "DONE");
        assert!(c["deadlines"].as_array().unwrap().iter().any(|d| d["kind"] == "TRACK2_REPORT"), "track 2 reports become due");
        assert!(!c["riskSignals"].as_array().unwrap().iter().any(|s| s["kind"] == "TRACK2_LATE"));

        // Week 89 (counted): the final evaluation; the employee writes his own view, nobody else can.
        let final_day = 10 + 7 * 89 - 3;
        let p = go_to(&app, since, final_day).await;
        let res = app.gql(Some(&p.hr), EVALUATE, json!({ "c": id, "k": "FINAL", "i": { "heldOn": day(since + Duration::days(final_day - 1)), "summary": "Re-integratie afgerond; WIA-aanvraag volgt" } })).await;
        let final_id = res["data"]["recordEvaluation"]["id"].clone();
        assert!(final_id.is_string(), "{res}");
        let view = "mutation($e: ID!, $v: String!) { writeEvaluationView(evaluationId: $e, view: $v) { employeeView } }";
        let res = app.gql(Some(&p.hr), view, json!({ "e": final_id, "v": "namens de werknemer" })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&p.employee), view, json!({ "e": final_id, "v": "Ik heb mij ingezet; het eigen werk lukt niet meer." })).await;
        assert!(res["data"]["writeEvaluationView"]["employeeView"].is_string(), "{res}");
        // A colleague and another employer learn nothing of it, not even that it exists.
        for email in ["collega@korenschoof.example", "hr@vandijk.example"] {
            let other = app.login(email).await;
            let res = app.gql(Some(&other), view, json!({ "e": final_id, "v": "x" })).await;
            assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{email}: {res}");
            let res = app.gql(Some(&other), SIGN_PLAN, json!({ "c": id })).await;
            assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{email}: {res}");
        }
        let c = case(&app, &p.hr, &id).await;
        assert_eq!(deadline(&c, "FINAL_EVALUATION")["status"], "DONE");
        let last = c["evaluations"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "FINAL");
        assert_eq!(last["employeeView"], "Ik heb mij ingezet; het eigen werk lukt niet meer.", "the employer reads the employee's view");
        let kinds: Vec<&str> = c["milestones"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, vec!["PROBLEM_ANALYSIS", "PLAN_OF_ACTION", "PLAN_EVALUATION", "UWV_42_WEEK_REPORT", "FIRST_YEAR_EVALUATION", "TRACK2_START", "FINAL_EVALUATION"]);
        // The employee records his WIA application himself.
        let res = app.gql(Some(&p.employee), STEP, json!({ "c": id, "k": "WIA_APPLICATION", "d": day(since + Duration::days(final_day - 1)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&p.employee), STEP, json!({ "c": id, "k": "RIV_TO_EMPLOYEE", "d": day(since + Duration::days(final_day - 1)) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "the employer hands over the RIV: {res}");
    }
}

async fn sick_case(app: &TestApp, token: &str, name: &str, since: NaiveDate) -> String {
    let e = app.employee_id(token, name).await;
    let res = app
        .gql(Some(token), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": e, "d": day(since) }))
        .await;
    res["data"]["reportSick"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_string()
}

async fn list(app: &TestApp, token: &str, args: &str) -> Vec<String> {
    let res = app
        .gql(
            Some(token),
            &format!("{{ cases({args}) {{ edges {{ node {{ employee {{ name }} }} }} }} }}"),
            json!({}),
        )
        .await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["employee"]["name"].as_str().unwrap().to_string())
        .collect()
}

on_both_databases! {
    async fn the_dashboard_filters_sorts_and_warns(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let manager = app.login("casemanager@korenschoof.example").await;
        let manager_id = app.user_id(&manager).await;
        // Week 10 without a plan: overdue; week 3: nothing due yet; week 20 with a plan.
        let late = sick_case(&app, &hr, "Bram Jansen", today - Duration::days(66)).await;
        let fresh = sick_case(&app, &hr, "Anouk de Vries", today - Duration::days(15)).await;
        let planned = sick_case(&app, &hr, "Willem Nijhuis", today - Duration::days(136)).await;
        let plan = json!({ "goal": "Terug in eigen werk", "contactFrequency": "Wekelijks", "caseManagerUserId": manager_id, "activities": [{ "description": "Gesprek", "owner": "EMPLOYER", "dueOn": day(today) }] });
        app.gql(Some(&hr), SAVE_PLAN, json!({ "c": planned, "p": plan })).await;
        for token in [&hr, &app.login("werknemer@korenschoof.example").await] {
            let res = app.gql(Some(token), SIGN_PLAN, json!({ "c": planned })).await;
            assert!(res.get("errors").is_none(), "{res}");
        }
        for (c, k) in [(&late, "PROBLEM_ANALYSIS"), (&planned, "PROBLEM_ANALYSIS")] {
            app.gql(Some(&hr), STEP, json!({ "c": c, "k": k, "d": day(today) })).await;
        }
        app.gql(Some(&hr), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { id } }",
            json!({ "c": planned, "i": { "kind": "CONTACT", "occurredOn": day(today), "summary": "Gebeld" } })).await;

        // Sorted by next deadline: the overdue plan of action first, then the others by date.
        let sorted = list(&app, &hr, "sort: NEXT_DEADLINE").await;
        assert_eq!(sorted[0], "Bram Jansen");
        assert_eq!(list(&app, &hr, "filter: { overdue: true }").await, vec!["Bram Jansen"]);
        let mut on_time = list(&app, &hr, "filter: { overdue: false }").await;
        on_time.sort();
        assert_eq!(on_time, vec!["Anouk de Vries", "Willem Nijhuis"]);
        assert_eq!(list(&app, &hr, &format!("filter: {{ caseManagerId: \"{manager_id}\" }}")).await, vec!["Willem Nijhuis"]);
        assert_eq!(list(&app, &hr, "filter: { search: \"jans\" }").await, vec!["Bram Jansen"]);
        assert_eq!(list(&app, &hr, "filter: { search: \"%\" }").await, Vec::<String>::new(), "a wildcard is a character");
        assert_eq!(list(&app, &hr, "filter: { track: TRACK_2 }").await, Vec::<String>::new());

        // Paging in deadline order, one at a time, visits each case once.
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let args = match &after { Some(a) => format!("first: 1, sort: NEXT_DEADLINE, after: \"{a}\""), None => "first: 1, sort: NEXT_DEADLINE".into() };
            let res = app.gql(Some(&hr), &format!("{{ cases({args}) {{ edges {{ node {{ employee {{ name }} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"), json!({})).await;
            seen.push(res["data"]["cases"]["edges"][0]["node"]["employee"]["name"].as_str().unwrap().to_string());
            if res["data"]["cases"]["pageInfo"]["hasNextPage"] != true { break; }
            after = res["data"]["cases"]["pageInfo"]["endCursor"].as_str().map(String::from);
        }
        assert_eq!(seen, sorted);
        // A cursor of one order is refused by the other.
        let res = app.gql(Some(&hr), &format!("{{ cases(after: \"{}\") {{ edges {{ cursor }} }} }}", after.unwrap()), json!({})).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");

        // Risk signals in the employer's words: the late plan; the unreachable employee.
        let c = case(&app, &hr, &late).await;
        let kinds: Vec<&str> = c["riskSignals"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, vec!["PLAN_OF_ACTION_LATE", "EMPLOYEE_UNREACHABLE"], "{c}");
        assert_eq!(c["riskSignals"][0]["reference"], day(today - Duration::days(66) + Duration::days(55)));
        let c = case(&app, &hr, &fresh).await;
        assert_eq!(c["riskSignals"], json!([]));
        let c = case(&app, &hr, &planned).await;
        assert_eq!(c["riskSignals"], json!([]), "{c}");
        // Logging a contact clears the unreachable signal.
        app.gql(Some(&hr), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { id } }",
            json!({ "c": late, "i": { "kind": "CONVERSATION", "occurredOn": day(today), "summary": "Gesproken" } })).await;
        let c = case(&app, &hr, &late).await;
        assert_eq!(c["riskSignals"].as_array().unwrap().len(), 1, "{c}");
    }
}

on_both_databases! {
    async fn the_case_file_refuses_bad_input_and_keeps_nothing(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let id = sick_case(&app, &hr, "Bram Jansen", today - Duration::days(30)).await;
        let good = json!({ "goal": "Doel", "contactFrequency": "Wekelijks", "activities": [{ "description": "Gesprek", "owner": "EMPLOYER", "dueOn": day(today) }] });
        for (field, bad) in [
            ("goal", json!({ "goal": "  ", "contactFrequency": "x", "activities": good["activities"] })),
            ("activities", json!({ "goal": "Doel", "contactFrequency": "x", "activities": [] })),
            ("activities.dueOn", json!({ "goal": "Doel", "contactFrequency": "x", "activities": [{ "description": "x", "owner": "EMPLOYER", "dueOn": "2001-01-01" }] })),
            ("goal", json!({ "goal": "x".repeat(5001), "contactFrequency": "x", "activities": good["activities"] })),
        ] {
            let res = app.gql(Some(&hr), SAVE_PLAN, json!({ "c": id, "p": bad })).await;
            assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
            assert_eq!(res["errors"][0]["extensions"]["field"], field, "{res}");
        }
        let res = app.gql(Some(&hr), SIGN_PLAN, json!({ "c": id })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("NO_PLAN"), "{res}");
        let c = case(&app, &hr, &id).await;
        assert!(c["planOfAction"].is_null(), "nothing half-written: {c}");
        // Dates in the future or before the case, an answer before the request.
        let res = app.gql(Some(&hr), EVALUATE, json!({ "c": id, "k": "PERIODIC", "i": { "heldOn": day(today + Duration::days(1)), "summary": "x" } })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("DATE_IN_FUTURE"), "{res}");
        let res = app.gql(Some(&hr), EVALUATE, json!({ "c": id, "k": "PERIODIC", "i": { "heldOn": day(today - Duration::days(40)), "summary": "x" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&hr), EVALUATE, json!({ "c": id, "k": "PERIODIC", "i": { "heldOn": day(today), "summary": "x", "returnProspect": true } })).await;
        assert_eq!(res["errors"][0]["extensions"]["field"], "returnProspect", "{res}");
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: EMPLOYER_EFFORT, submittedOn: $d) { id } }", json!({ "c": id, "d": day(today - Duration::days(2)) })).await;
        let opinion = res["data"]["requestExpertOpinion"]["id"].clone();
        let res = app.gql(Some(&hr), "mutation($i: ID!, $d: Date!) { recordExpertOpinionAnswer(id: $i, answeredOn: $d, outcome: \"x\") { id } }", json!({ "i": opinion, "d": day(today - Duration::days(3)) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&hr), "mutation($i: ID!, $d: Date!) { recordExpertOpinionFollowUp(id: $i, followedUpOn: $d, followUp: \"x\") { id } }", json!({ "i": opinion, "d": day(today) })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("NOT_ANSWERED"), "{res}");
        let c = case(&app, &hr, &id).await;
        assert_eq!(c["evaluations"], json!([]));
        assert_eq!(c["expertOpinions"][0]["status"], "PENDING");
        // Someone outside the case learns nothing, not even that an expert opinion exists.
        let other = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&other), "mutation($i: ID!, $d: Date!) { recordExpertOpinionAnswer(id: $i, answeredOn: $d, outcome: \"x\") { id } }", json!({ "i": opinion, "d": day(today) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let res = app.gql(Some(&other), SAVE_PLAN, json!({ "c": id, "p": good })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
    }
}

on_both_databases! {
    async fn a_case_closes_only_when_nothing_can_continue_it(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let close = "mutation($c: ID!, $r: CloseReason!, $d: Date!) { closeCase(caseId: $c, reason: $r, closedOn: $d) { status closeReason closedOn nextDeadline { kind } } }";
        let id = sick_case(&app, &hr, "Bram Jansen", today - Duration::days(30)).await;
        for reason in ["RECOVERED", "END_OF_WAGE_PAYMENT"] {
            let res = app.gql(Some(&hr), close, json!({ "c": id, "r": reason, "d": day(today) })).await;
            assert_eq!(error_reason(&res).as_deref(), Some("CANNOT_CLOSE"), "{reason}: {res}");
        }
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { status } }", json!({ "c": id, "d": day(today) })).await;
        assert_eq!(res["data"]["reportRecovery"]["status"], "RECOVERED", "{res}");
        // Within 4 weeks a relapse would continue the case: not closable yet.
        let res = app.gql(Some(&hr), close, json!({ "c": id, "r": "RECOVERED", "d": day(today) })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("CANNOT_CLOSE"), "{res}");
        let employee = app.login("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&employee), close, json!({ "c": id, "r": "RECOVERED", "d": day(today) })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("NOT_FOUND" | "FORBIDDEN")), "{res}");
        app.clock.advance(Duration::days(28));
        let hr = app.login("hr@korenschoof.example").await;
        let later = app.clock.today();
        let res = app.gql(Some(&hr), close, json!({ "c": id, "r": "RECOVERED", "d": day(later) })).await;
        assert_eq!(res["data"]["closeCase"]["status"], "CLOSED", "{res}");
        assert_eq!(res["data"]["closeCase"]["closeReason"], "RECOVERED");
        assert!(res["data"]["closeCase"]["nextDeadline"].is_null());
        let res = app.gql(Some(&hr), close, json!({ "c": id, "r": "EMPLOYMENT_ENDED", "d": day(later) })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("CANNOT_CLOSE"), "closed twice: {res}");
        // A new sick report opens a new case; the closed one stays as it was.
        let again = sick_case(&app, &hr, "Bram Jansen", later).await;
        assert_ne!(again, id);
        // An open case closes when the employment ends.
        let res = app.gql(Some(&hr), close, json!({ "c": again, "r": "EMPLOYMENT_ENDED", "d": day(later) })).await;
        assert_eq!(res["data"]["closeCase"]["status"], "CLOSED", "{res}");
        assert_eq!(list(&app, &hr, "filter: { status: CLOSED }").await, vec!["Bram Jansen", "Bram Jansen"]);
    }
}

on_both_databases! {
    async fn the_worker_brings_a_stale_next_deadline_up_to_date(backend) {
        use sea_orm::ConnectionTrait;
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let id = sick_case(&app, &hr, "Bram Jansen", today - Duration::days(70)).await;
        // As a row written before the columns existed: the sentinel, so not "overdue", and no
        // read model (migration 20), which is what the daily pass looks for.
        let db = &app.state.db;
        db.execute_unprepared("UPDATE cases SET next_deadline_on = '9999-12-31', next_deadline_kind = NULL, list_as_of = NULL, list_fresh_until = NULL").await.unwrap();
        assert_eq!(list(&app, &hr, "filter: { overdue: true }").await, Vec::<String>::new());
        let changed = gateway::worker::housekeeping(&app.state).await.unwrap();
        assert!(changed >= 1);
        assert_eq!(list(&app, &hr, "filter: { overdue: true }").await, vec!["Bram Jansen"]);
        let c = case(&app, &hr, &id).await;
        assert_eq!(c["nextDeadline"]["kind"], "PROBLEM_ANALYSIS");
    }
}
