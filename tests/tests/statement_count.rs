//! A page of cases costs a constant number of SQL statements, however many cases it holds:
//! no query per case (N+1) hides in a resolver.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Duration;
use e2e::{TestApp, on_both_databases};
use platform::clock::Clock;
use platform::{Actor, Ctx};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

/// Makes sure the employer has at least `n` employees (the demo has 25).
async fn employees(app: &TestApp, token: &str, n: usize) -> Vec<String> {
    let list = || async {
        let res = app
            .gql(
                Some(token),
                "{ employees(first: 100) { nodes { id } } }",
                json!({}),
            )
            .await;
        res["data"]["employees"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let mut ids = list().await;
    let mut i = 0;
    while ids.len() < n {
        i += 1;
        let r = app
            .gql(Some(token), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }", json!({ "i": { "name": format!("Extra Medewerker {i}"), "email": format!("extra{i}@korenschoof.example") } }))
            .await;
        assert!(r.get("errors").is_none(), "{r}");
        ids = list().await;
    }
    ids
}

/// Reports employees `from..to` sick, each case with a signed-by-employer plan of action, an
/// evaluation and an activity log entry, so every part of the page has rows to load.
async fn report_cases(app: &TestApp, token: &str, from: usize, to: usize) {
    let ids = employees(app, token, to).await;
    let today = app.clock.today();
    for (i, id) in ids.iter().enumerate().take(to).skip(from) {
        let since = today - Duration::days(70 + i64::try_from(i).unwrap() * 5);
        let d = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
        let r = app
            .gql(Some(token), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": id, "d": d(since) }))
            .await;
        assert!(r.get("errors").is_none(), "{r}");
        let case = r["data"]["reportSick"]["id"].clone();
        let plan = json!({ "goal": "Terug in eigen werk", "contactFrequency": "Wekelijks", "activities": [{ "description": "Gesprek", "owner": "EMPLOYER", "dueOn": d(today) }] });
        for (q, vars) in [
            (
                "mutation($c: ID!, $p: PlanOfActionInput!) { savePlanOfAction(caseId: $c, input: $p) { id } }",
                json!({ "c": case, "p": plan }),
            ),
            (
                "mutation($c: ID!) { signPlanOfAction(caseId: $c) { id } }",
                json!({ "c": case }),
            ),
            (
                "mutation($c: ID!, $i: EvaluationInput!) { recordEvaluation(caseId: $c, kind: PERIODIC, input: $i) { id } }",
                json!({ "c": case, "i": { "heldOn": d(today), "summary": "Goed gesprek" } }),
            ),
            (
                "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { id } }",
                json!({ "c": case, "i": { "kind": "CONTACT", "occurredOn": d(today), "summary": "Gebeld" } }),
            ),
            (
                "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: OWN_WORK, submittedOn: $d) { id } }",
                json!({ "c": case, "d": d(today) }),
            ),
        ] {
            let r = app.gql(Some(token), q, vars).await;
            assert!(r.get("errors").is_none(), "{r}");
        }
    }
}

/// Gives every case without one a workability advice of the demo's company doctor, written
/// straight into the table (what the doctor's portal would write; only the reading is measured).
async fn advise_all(app: &TestApp) {
    let db = &app.state.db;
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(
        backend,
        "INSERT INTO workability_advice (id, tenant_id, case_id, doctor_user_id, doctor_organisation_id, \
         given_on, limitations, limitation_categories, capabilities, hours_per_week, no_sustainable_capacity, created_at) \
         SELECT c.id, c.tenant_id, c.id, u.id, u.tenant_id, c.sick_since, '[]', '[]', '[]', 16.0, false, c.created_at \
         FROM cases c, users u WHERE u.email = 'bedrijfsarts@arbo-oost.example' \
         AND c.id NOT IN (SELECT case_id FROM workability_advice)",
    ))
    .await
    .unwrap();
}

/// Runs `query` as `token` through the real schema on a connection that counts statements
/// (the token's own check is not counted); the answer's data and the count.
async fn statements(app: &TestApp, token: &str, query: &str) -> (serde_json::Value, usize) {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut db = app.state.db.clone();
    let c = counter.clone();
    db.set_metric_callback(move |_| {
        c.fetch_add(1, Ordering::SeqCst);
    });
    let probe = Ctx {
        db: app.state.db.clone(),
        actor: Actor::Anonymous,
        meta: Default::default(),
        clock: app.state.clock.clone(),
        log: app.state.log.clone(),
        case_gate: Some(app.state.gate.clone()),
    };
    let user = app
        .state
        .identity
        .authenticate(&probe, token)
        .await
        .unwrap();
    let ctx = Ctx {
        db,
        actor: Actor::User(user),
        ..probe
    };
    let res = app
        .state
        .schema
        .execute(async_graphql::Request::new(query).data(ctx))
        .await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    (
        res.data.into_json().unwrap(),
        counter.load(Ordering::SeqCst),
    )
}

/// The number of cases a list answered.
fn rows(data: &serde_json::Value) -> usize {
    data["cases"]["edges"].as_array().unwrap().len()
}

/// Runs the case list asking for every part of a case through the real schema.
async fn statements_for_case_page(app: &TestApp, token: &str) -> (usize, usize) {
    let query = "{ cases(first: 50, sort: NEXT_DEADLINE) { edges { node { id sickSince status sickWeek employee { name } caseManager { name } recoveries { recoveredOn } partialRecoveries { from } deadlines { kind dueOn status } nextDeadline { kind } riskSignals { kind } milestones { kind } expertOpinions { status } workability { hoursPerWeek doctor { name } } planOfAction { status activities { description } employerSignature { signedBy { name } } createdBy { name } } planOfActionHistory { version } evaluations { kind recordedBy { name } } activities { kind recordedBy { name } } } } } }";
    let (data, count) = statements(app, token, query).await;
    (rows(&data), count)
}

/// The case list as the employer's portal asks it (web/src/cases/operations.ts), with the
/// workability summary beside it.
const EMPLOYER_LIST: &str = "{ cases(first: 50, sort: NEXT_DEADLINE) { pageInfo { hasNextPage endCursor } edges { node { id status track sickSince sickWeek reportedByEmployee sickReportConfirmedAt employee { id name } caseManager { id name } nextDeadline { kind dueOn status } riskSignals { kind since reference } workability { hoursPerWeek givenOn doctor { name } } } } } }";

/// The company doctor's list (web/src/portals/doctor/operations.ts).
const DOCTOR_LIST: &str = "{ cases(first: 50) { pageInfo { hasNextPage endCursor } edges { node { id status sickWeek employee { id name } employer { id name } deadlines { kind dueOn status completedOn week } workability { id givenOn } } } } }";

/// The agency consultant's list (web/src/portals/agency/operations.ts).
const AGENCY_LIST: &str = "{ cases(first: 50) { pageInfo { hasNextPage endCursor } edges { node { id status sickSince sickWeek employee { id name } employer { id name } nextDeadline { kind dueOn status } riskSignals { kind since reference } track2 { id startedOn endedOn } } } } }";

/// HR's employee list (web/src/portals/employer/EmployeesPage.tsx).
const EMPLOYEES: &str = "{ employees(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { id name email phone employeeNumber hasLogin departmentId managerUserId managerFollowsDepartment hoursPerWeek employedSince employedUntil contractType createdAt } } }";

/// "Mijn taken" (web/src/reminders/operations.ts).
const MY_TASKS: &str = "{ myTasks { caseId employee kind dueOn daysLeft overdue } }";

/// Assigns the demo's doctor and the agency (track 2 with its consultant) to every case
/// without them, as HR does in the portal.
async fn assign_all(app: &TestApp, hr: &str) {
    let consultant = app.login("adviseur@werkpad.example").await;
    let werkpad = app
        .gql(
            Some(&consultant),
            "{ me { organisation { id } } }",
            json!({}),
        )
        .await["data"]["me"]["organisation"]["id"]
        .clone();
    let cases = app
        .gql(
            Some(hr),
            "{ cases(first: 100) { edges { node { id track2 { id } } } } }",
            json!({}),
        )
        .await;
    for edge in cases["data"]["cases"]["edges"].as_array().unwrap() {
        let case = edge["node"]["id"].as_str().unwrap().to_string();
        if edge["node"]["track2"].is_null() {
            app.assign(hr, &case, &["COMPANY_DOCTOR"]).await;
            let r = app
                .gql(Some(hr), "mutation($c: ID!, $o: ID!) { assignAgency(caseId: $c, organisationId: $o) { id } }", json!({ "c": case, "o": werkpad }))
                .await;
            assert!(r.get("errors").is_none(), "{r}");
        }
    }
}

on_both_databases! {
    async fn a_page_of_cases_costs_the_same_statements_for_3_or_50_cases(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        report_cases(&app, &hr, 0, 3).await;
        advise_all(&app).await;
        let (rows_small, small) = statements_for_case_page(&app, &hr).await;
        assert_eq!(rows_small, 3);
        report_cases(&app, &hr, 3, 50).await;
        advise_all(&app).await;
        let (rows_big, big) = statements_for_case_page(&app, &hr).await;
        assert_eq!(rows_big, 50);
        assert_eq!(small, big, "statements grow with the number of cases: {small} for 3, {big} for 50");
        // cases, employees, recoveries, partial recoveries, milestones, leaves, second opinions,
        // capacity statements, own-risk status, expert opinions; plans, evaluations, activities
        // (each with its names); case managers; the latest workability advice and its doctors.
        assert!((12..=20).contains(&big), "{big} statements for one page");
    }
}

on_both_databases! {
    async fn every_portals_list_costs_the_same_statements_for_3_or_50_rows(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let postgres = app.state.db.get_database_backend() == sea_orm::DbBackend::Postgres;
        let hr = app.login("hr@korenschoof.example").await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        // The demo's own cases first, then 3 of ours and then 50: each with a plan, an
        // evaluation, an activity, an expert opinion, advice, the doctor and track 2.
        report_cases(&app, &hr, 0, 3).await;
        advise_all(&app).await;
        assign_all(&app, &hr).await;
        let lists: [(&str, &str, &str); 5] = [
            ("the employer's case list", hr.as_str(), EMPLOYER_LIST),
            ("the doctor's case list", doctor.as_str(), DOCTOR_LIST),
            ("the agency's case list", consultant.as_str(), AGENCY_LIST),
            ("the employee list", hr.as_str(), EMPLOYEES),
            ("Mijn taken", hr.as_str(), MY_TASKS),
        ];
        let mut small = Vec::new();
        for (what, token, query) in lists {
            let (data, count) = statements(&app, token, query).await;
            small.push((what, data, count));
        }
        report_cases(&app, &hr, 3, 50).await;
        advise_all(&app).await;
        assign_all(&app, &hr).await;
        for ((what, token, query), (_, before, count_before)) in lists.into_iter().zip(small) {
            let (after, count) = statements(&app, token, query).await;
            assert_ne!(before, after, "{what}: the page must have grown for the count to mean something");
            assert_eq!(count_before, count, "{what}: {count_before} statements before, {count} with more rows");
            println!("{what}: {count} statements a page");
        }
        // The employer's list reads the read model: the tenant's settings, the cases with their
        // employees' and case managers' names, and the advice with its doctors' names.
        let (data, count) = statements(&app, &hr, EMPLOYER_LIST).await;
        assert_eq!(rows(&data), 50);
        assert!(data.to_string().contains("hoursPerWeek"), "advice present");
        assert_eq!(count, if postgres { 3 } else { 2 }, "the employer's list page");
    }
}
