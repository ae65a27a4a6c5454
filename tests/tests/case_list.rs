//! The case list reads what it shows from the case row (decision 88): the sick week, the next
//! step and the risk signals, kept where the clock moves and by the worker's daily pass. These
//! tests hold that read model to the engine — the same list asked for the deadlines too goes
//! the long way, computing the clock per case — for every demo case, on later days before and
//! after the daily pass, and after every mutation that moves the clock or a risk signal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use e2e::{TestApp, on_both_databases};
use platform::clock::Clock;
use serde_json::{Value, json};

/// What the list shows that the clock computes.
const FIELDS: &str = "id status sickWeek nextDeadline { kind dueOn status week } riskSignals { kind since reference }";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The list of `token`, every case by id; with `engine`, also asking for the deadlines, which
/// makes the list compute each case's clock instead of reading the read model.
async fn list(app: &TestApp, token: &str, engine: bool) -> BTreeMap<String, Value> {
    let extra = if engine { "deadlines { kind }" } else { "" };
    let res = app
        .gql(
            Some(token),
            &format!("{{ cases(first: 100) {{ edges {{ node {{ {FIELDS} {extra} }} }} }} }}"),
            json!({}),
        )
        .await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut node = e["node"].clone();
            node.as_object_mut().unwrap().remove("deadlines");
            (node["id"].as_str().unwrap().to_string(), node)
        })
        .collect()
}

/// The read model and the engine agree on every case of the list.
async fn agree(app: &TestApp, token: &str, when: &str) {
    let read = list(app, token, false).await;
    let computed = list(app, token, true).await;
    assert!(!read.is_empty(), "{when}: an empty list proves nothing");
    for (id, engine) in &computed {
        assert_eq!(read.get(id), Some(engine), "{when}: case {id}");
    }
    assert_eq!(read.len(), computed.len(), "{when}");
}

/// Runs a mutation and insists it worked.
async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) {
    let res = app.gql(Some(token), query, vars).await;
    assert!(res.get("errors").is_none(), "{query}: {res}");
}

on_both_databases! {
    async fn the_list_reads_the_read_model_and_agrees_with_the_engine_on_later_days(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        // The demo's cases, at their points of the clock (what `serve --demo` shows).
        demo::seed_cases(&app.state.demo_env()).await.unwrap();
        let hr = app.login("hr@korenschoof.example").await;
        agree(&app, &hr, "the demo").await;
        // Days go by without the worker's pass: rows whose read model holds are read, the
        // others computed the long way; both as the engine says.
        let start = app.clock.today();
        for days in [1, 2, 3, 6, 7, 8, 13, 14, 15, 29, 30, 45, 60, 91, 120, 200] {
            app.advance_to(start + Duration::days(days));
            let hr = app.login("hr@korenschoof.example").await;
            agree(&app, &hr, &format!("{days} days on, before the pass")).await;
        }
        // The daily pass stores what expired; a second pass the same day finds nothing to do.
        let today = app.clock.today();
        let refreshed = cases::service::refresh_expired_clocks(&app.state.db, today).await.unwrap();
        assert!(refreshed > 0, "200 days on, some clock moved by itself");
        assert_eq!(cases::service::refresh_expired_clocks(&app.state.db, today).await.unwrap(), 0);
        let hr = app.login("hr@korenschoof.example").await;
        agree(&app, &hr, "after the pass").await;
    }
}

on_both_databases! {
    async fn every_mutation_that_moves_the_clock_or_a_signal_keeps_the_read_model_exact(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let case = app.willems_assigned_case(&hr, 400).await;
        agree(&app, &hr, "reported sick 400 days ago").await;
        let c = json!({ "c": case });
        let with = |extra: Value| {
            let mut v = c.clone();
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            v
        };
        let steps: Vec<(&str, &str, &str, Value)> = vec![
            ("problem analysis", hr.as_str(), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: PROBLEM_ANALYSIS, on: $d) { kind } }", with(json!({ "d": day(today - Duration::days(360)) }))),
            ("plan of action", hr.as_str(), "mutation($c: ID!, $p: PlanOfActionInput!) { savePlanOfAction(caseId: $c, input: $p) { id } }", with(json!({ "p": { "goal": "Terug in eigen werk", "contactFrequency": "Wekelijks", "activities": [{ "description": "Gesprek", "owner": "EMPLOYER", "dueOn": day(today) }] } }))),
            ("plan signed", hr.as_str(), "mutation($c: ID!) { signPlanOfAction(caseId: $c) { id } }", c.clone()),
            ("a contact", hr.as_str(), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { kind } }", with(json!({ "i": { "kind": "CONTACT", "occurredOn": day(today - Duration::days(2)), "summary": "Gebeld" } }))),
            ("advice", doctor.as_str(), "mutation($c: ID!, $a: WorkabilityAdviceInput!) { giveWorkabilityAdvice(caseId: $c, input: $a) { id } }", with(json!({ "a": { "givenOn": day(today - Duration::days(20)), "hoursPerWeek": 12.0, "limitations": ["Niet tillen"] } }))),
            ("a consultation", doctor.as_str(), "mutation($c: ID!, $d: Date!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"Lage rugklachten\" }) { id } }", with(json!({ "d": day(today - Duration::days(1)) }))),
            ("partial recovery", hr.as_str(), "mutation($c: ID!, $d: Date!) { reportPartialRecovery(caseId: $c, from: $d, workingPercentage: 50) { id } }", with(json!({ "d": day(today - Duration::days(10)) }))),
            ("return prospect", hr.as_str(), "mutation($c: ID!, $i: UpdateCaseInput!) { updateCase(caseId: $c, input: $i) { id } }", with(json!({ "i": { "returnProspect": true } }))),
            ("first-year evaluation", hr.as_str(), "mutation($c: ID!, $i: EvaluationInput!) { recordEvaluation(caseId: $c, kind: FIRST_YEAR, input: $i) { id } }", with(json!({ "i": { "heldOn": day(today - Duration::days(30)), "summary": "Eerstejaarsevaluatie" } }))),
            ("track 2", hr.as_str(), "mutation($c: ID!, $o: ID!, $s: Date!) { assignAgency(caseId: $c, organisationId: $o, startedOn: $s) { startedOn } }", Value::Null),
            ("a track 2 contact", consultant.as_str(), "mutation($c: ID!, $d: Date!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Kennismaking\" }) { id } }", with(json!({ "d": day(today) }))),
            ("an application", consultant.as_str(), "mutation($c: ID!) { recordApplication(caseId: $c, input: { company: \"Bakkerij Zuid\", position: \"Verkoper\" }) { id } }", c.clone()),
            ("extension", hr.as_str(), "mutation($c: ID!, $w: Int!, $d: Date!) { extendWagePayment(caseId: $c, weeks: $w, agreedOn: $d) { id } }", with(json!({ "w": 13, "d": day(today) }))),
            ("sanction", hr.as_str(), "mutation($c: ID!, $w: Int!, $d: Date!) { imposeWageSanction(caseId: $c, weeks: $w, decidedOn: $d) { id } }", with(json!({ "w": 8, "d": day(today) }))),
            ("recovery", hr.as_str(), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { id } }", with(json!({ "d": day(today) }))),
        ];
        let werkpad = app.gql(Some(&consultant), "{ me { organisation { id } } }", json!({})).await
            ["data"]["me"]["organisation"]["id"]
            .clone();
        assert!(werkpad.is_string());
        for (what, token, query, vars) in steps {
            let vars = if vars.is_null() {
                with(json!({ "o": werkpad, "s": day(today - Duration::days(40)) }))
            } else {
                vars
            };
            ok(&app, token, query, vars).await;
            agree(&app, &hr, what).await;
        }
    }
}
