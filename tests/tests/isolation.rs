//! Tenant isolation, generated from the live schema: every operation that takes a case (or a
//! record of a case) is tried on tenant A's case by an HR administrator of another employer,
//! a company doctor not assigned to it, a consultant of the assigned agency who is not
//! assigned and a consultant of another agency, and another employee of the same employer. Each attempt must be NOT_FOUND (or `null`), change nothing, and leave a denied
//! entry in tenant A's access log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::Duration;
use e2e::schema_walk::Schema;
use e2e::{TestApp, error_code, on_both_databases};
use platform::Role;
use platform::clock::Clock;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

/// Tables that hold a case and everything about it.
const CASE_TABLES: [&str; 22] = [
    "cases",
    "case_recoveries",
    "case_partial_recoveries",
    "case_assignments",
    "plan_of_action_versions",
    "evaluations",
    "expert_opinions",
    "case_activities",
    "case_milestones",
    "consultations",
    "medical_assessments",
    "workability_advice",
    "medical_consents",
    "documents",
    "case_deadlines",
    "data_keys",
    "track2_trajectories",
    "track2_occupations",
    "track2_activities",
    "track2_contacts",
    "track2_applications",
    "track2_reports",
];

/// Arguments that name a case or a record of one; an operation with one of them is tried.
const CASE_ARGUMENTS: [&str; 3] = ["caseId", "evaluationId", "consentId"];

async fn snapshot(app: &TestApp) -> BTreeMap<&'static str, i64> {
    let db = &app.state.db;
    let mut out = BTreeMap::new();
    for t in CASE_TABLES {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {t}"),
            ))
            .await
            .unwrap()
            .unwrap();
        out.insert(t, row.try_get::<i64>("", "n").unwrap());
    }
    // The case row itself (status, dates, track): any change shows in its update time.
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(DISTINCT updated_at) AS n FROM cases",
        ))
        .await
        .unwrap()
        .unwrap();
    out.insert("cases.updated_at", row.try_get::<i64>("", "n").unwrap());
    out
}

async fn denied_entries(app: &TestApp) -> i64 {
    let db = &app.state.db;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM access_log WHERE outcome = 'DENIED'",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn login_totp(app: &TestApp, email: &str) -> String {
    let secret = identity::totp::from_base32(demo::DOCTOR_TOTP).unwrap();
    let code =
        identity::totp::code_at(&secret, u64::try_from(app.clock.now().timestamp()).unwrap());
    let res = app
        .gql(None, "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken } }", json!({ "e": email, "p": "poortwachter-demo", "t": code }))
        .await;
    res["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_string()
}

on_both_databases! {
    async fn every_case_operation_is_closed_to_outsiders(backend) {
        let app = TestApp::start(backend, |c| {
            c.graphql_max_depth = 40;
            c.graphql_max_complexity = 1_000_000;
        })
        .await;
        let today = app.clock.today();
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let hr = app.login("hr@korenschoof.example").await;
        // Tenant A's case: Carolien, with the demo doctor assigned (not the agency) and a file.
        let case = app.report_sick(&hr, "Carolien Lammers", today - Duration::days(60)).await;
        let doctor_id = json!(app.assign(&hr, &case, &["COMPANY_DOCTOR"]).await.remove(0));
        let plan = json!({ "goal": "Terug", "contactFrequency": "Wekelijks", "activities": [{ "description": "Gesprek", "owner": "EMPLOYER", "dueOn": day(today) }] });
        app.gql(Some(&hr), "mutation($c: ID!, $p: PlanOfActionInput!) { savePlanOfAction(caseId: $c, input: $p) { id } }", json!({ "c": case, "p": plan })).await;
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordEvaluation(caseId: $c, kind: PERIODIC, input: { heldOn: $d, summary: \"Goed gesprek\" }) { id } }", json!({ "c": case, "d": day(today) })).await;
        let evaluation = res["data"]["recordEvaluation"]["id"].as_str().unwrap().to_string();
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: OWN_WORK, submittedOn: $d) { id } }", json!({ "c": case, "d": day(today) })).await;
        let opinion = res["data"]["requestExpertOpinion"]["id"].as_str().unwrap().to_string();
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $d: Date!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"d\" }) { id } }", json!({ "c": case, "d": day(today) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let (status, res) = app.upload(&hr, &case, "CASE", "plan.pdf", axum::body::Body::from("%PDF-1.4\nplan\n"), &[]).await;
        assert_eq!(status, http::StatusCode::CREATED, "{res}");
        let document = res["id"].as_str().unwrap().to_string();
        // Track 2 with Werkpad's consultant, who records one of everything. Werkpad gets a
        // second consultant (not assigned), and another agency one of its own.
        let consultant = app.login("adviseur@werkpad.example").await;
        let werkpad: uuid::Uuid = app.gql(Some(&consultant), "{ me { organisation { id } } }", json!({})).await["data"]["me"]["organisation"]["id"].as_str().unwrap().parse().unwrap();
        let consultant_id = app.gql(Some(&consultant), "{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
        identity::service::seed::user(&app.state.identity, &app.state.db, werkpad, "tweede-adviseur@werkpad.example", "Tweede Adviseur", vec![Role::ReintegrationConsultant], "poortwachter-demo", None, app.clock.now()).await.unwrap();
        let other = identity::service::seed::organisation(&app.state.db, "Ander Re-integratiebureau", platform::OrganisationKind::ReintegrationAgency, app.clock.now()).await.unwrap();
        identity::service::seed::user(&app.state.identity, &app.state.db, other.id, "adviseur@ander-bureau.example", "Andere Adviseur", vec![Role::ReintegrationConsultant], "poortwachter-demo", None, app.clock.now()).await.unwrap();
        let res = app.gql(Some(&hr), "mutation($c: ID!, $o: ID!, $u: ID) { assignAgency(caseId: $c, organisationId: $o, consultantId: $u) { id } }", json!({ "c": case, "o": werkpad.to_string(), "u": consultant_id })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let mut track2_ids = BTreeMap::new();
        for (name, query) in [
            ("removePromisingOccupation", "mutation($c: ID!) { r: addPromisingOccupation(caseId: $c, title: \"Orderpicker\", reason: \"Vacatures\") { id } }"),
            ("updateTrack2Activity", "mutation($c: ID!, $d: Date!) { r: recordTrack2Activity(caseId: $c, input: { kind: COURSE, title: \"Heftruck\", startsOn: $d }) { id } }"),
            ("updateApplication", "mutation($c: ID!) { r: recordApplication(caseId: $c, input: { company: \"Bakkerij Zuid\", position: \"Verkoper\" }) { id } }"),
            ("(a contact)", "mutation($c: ID!, $d: Date!) { r: recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Gesprek\" }) { id } }"),
            ("saveTrack2Report", "mutation($c: ID!) { r: draftTrack2Report(caseId: $c) { id } }"),
        ] {
            let res = app.gql(Some(&consultant), query, json!({ "c": case, "d": day(today) })).await;
            assert!(res.get("errors").is_none(), "{res}");
            track2_ids.insert(name, res["data"]["r"]["id"].as_str().unwrap().to_string());
        }

        // The outsiders: another employer's HR, a second doctor of the same health service and
        // the agency (neither assigned), another employee of the same employer, and the
        // administrators who create accounts.
        let arbo = app.gql(Some(&doctor), "{ me { organisation { id } } }", json!({})).await["data"]["me"]["organisation"]["id"].as_str().unwrap().parse().unwrap();
        identity::service::seed::user(&app.state.identity, &app.state.db, arbo, "tweede-arts@arbo-oost.example", "Tweede Arts", vec![Role::CompanyDoctor], "poortwachter-demo", Some(demo::DOCTOR_TOTP), app.clock.now()).await.unwrap();
        let outsiders = [
            ("hr@vandijk.example", app.login("hr@vandijk.example").await),
            ("tweede-arts@arbo-oost.example", login_totp(&app, "tweede-arts@arbo-oost.example").await),
            ("tweede-adviseur@werkpad.example", app.login("tweede-adviseur@werkpad.example").await),
            ("adviseur@ander-bureau.example", app.login("adviseur@ander-bureau.example").await),
            ("werknemer@korenschoof.example", app.login("werknemer@korenschoof.example").await),
            // The agency's administrator and the platform operator administer people, not cases.
            ("beheer@werkpad.example", app.login("beheer@werkpad.example").await),
            ("beheer@poortwachter.example", app.login("beheer@poortwachter.example").await),
        ];

        let schema = Schema::load(&app, &hr).await;
        let ids: BTreeMap<&str, String> = [
            ("*", case.clone()),
            ("caseId", case.clone()),
            ("evaluationId", evaluation.clone()),
            ("consentId", uuid::Uuid::new_v4().to_string()),
            ("userId", doctor_id.as_str().unwrap().to_string()),
            ("organisationId", arbo.to_string()),
        ]
        .into_iter()
        .collect();
        // Operations addressing a record of a case by its own id.
        let by_id: BTreeMap<&str, String> = [
            ("case", case.clone()),
            ("recordExpertOpinionAnswer", opinion.clone()),
            ("recordExpertOpinionFollowUp", opinion.clone()),
            ("deleteDocument", document.clone()),
        ]
        .into_iter()
        .chain(track2_ids.iter().map(|(k, v)| (*k, v.clone())))
        .collect();
        let mut operations = Vec::new();
        for (kind, fields) in [("query", schema.queries()), ("mutation", schema.mutations())] {
            for field in fields {
                let about_case = field.args.iter().any(|a| CASE_ARGUMENTS.contains(&a.name.as_str()));
                let mut ids = ids.clone();
                if let Some(id) = by_id.get(field.name.as_str()) {
                    ids.insert("id", id.clone());
                } else if !about_case {
                    continue;
                }
                let (op, vars) = schema
                    .operation(kind, &field, &ids, &day(today), 2)
                    .unwrap_or_else(|| panic!("cannot build {}", field.name));
                operations.push((field.name.clone(), op, vars));
            }
        }
        assert!(operations.len() >= 20, "the suite covers the case operations: {}", operations.len());

        let before = snapshot(&app).await;
        for (who, token) in &outsiders {
            for (name, op, vars) in &operations {
                let denied = denied_entries(&app).await;
                let res = app.gql(Some(token), op, vars.clone()).await;
                let refused = error_code(&res).as_deref() == Some("NOT_FOUND")
                    || (res.get("errors").is_none() && res["data"].as_object().is_some_and(|d| d.values().all(Value::is_null)));
                assert!(refused, "{who}: {name} is not NOT_FOUND: {res}");
                assert!(denied_entries(&app).await > denied, "{who}: {name} left no denied entry in the access log");
            }
            // The file routes: the document, both exports, an upload.
            for path in [format!("/api/documents/{document}"), format!("/api/cases/{case}/riv.pdf"), format!("/api/cases/{case}/medical.pdf")] {
                let denied = denied_entries(&app).await;
                let (status, _, _) = app.get(token, &path).await;
                assert_eq!(status, http::StatusCode::NOT_FOUND, "{who}: GET {path}");
                assert!(denied_entries(&app).await > denied, "{who}: GET {path} left no denied entry");
            }
            let (status, _) = app.upload(token, &case, "CASE", "x.pdf", axum::body::Body::from("%PDF-1.4\nx\n"), &[]).await;
            assert_eq!(status, http::StatusCode::NOT_FOUND, "{who}: upload");
        }
        assert_eq!(snapshot(&app).await, before, "an outsider changed tenant A's case");
    }
}

on_both_databases! {
    async fn employer_data_operations_are_closed_to_outsiders(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let hr = app.login("hr@korenschoof.example").await;
        // Korenschoof's department, an employee in it, a case, and an own sick report.
        let res = app.gql(Some(&hr), "mutation { createDepartment(input: { name: \"Oven\" }) { id } }", json!({})).await;
        let oven = res["data"]["createDepartment"]["id"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let carla = app.employee_id(&hr, "Carla Bakker").await;
        let res = app.gql(Some(&hr), "mutation($e: ID!, $d: ID!) { updateEmployee(id: $e, input: { departmentId: $d, hoursPerWeek: 24 }) { id } }", json!({ "e": carla, "d": oven })).await;
        assert!(res.get("errors").is_none(), "{res}");
        app.report_sick(&hr, "Carla Bakker", today - Duration::days(3)).await;
        let gezond = app.login("gezond@korenschoof.example").await;
        let res = app.gql(Some(&gezond), "mutation($d: Date!) { reportSick(input: { sickSince: $d }) { id } }", json!({ "d": day(today) })).await;
        let own_case = res["data"]["reportSick"]["id"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        // Korenschoof's people, departments and the own report, as its HR sees them.
        let korenschoof = "query($c: ID!) { employees(first: 500) { nodes { id name email phone employeeNumber departmentId managerUserId hoursPerWeek employedSince employedUntil contractType } } departments { id name parentId managerUserId } case(id: $c) { sickReportConfirmedAt } }";
        let state = || app.gql(Some(&hr), korenschoof, json!({ "c": own_case }));
        let before = state().await;
        assert!(before.get("errors").is_none(), "{before}");
        let outsiders = [
            ("hr@vandijk.example", app.login("hr@vandijk.example").await),
            ("bedrijfsarts@arbo-oost.example", login_totp(&app, "bedrijfsarts@arbo-oost.example").await),
            ("adviseur@werkpad.example", app.login("adviseur@werkpad.example").await),
            ("beheer@werkpad.example", app.login("beheer@werkpad.example").await),
            ("beheer@arbo-oost.example", app.login("beheer@arbo-oost.example").await),
            ("beheer@poortwachter.example", app.login("beheer@poortwachter.example").await),
        ];
        let from = day(today - Duration::days(90));
        let to = day(today);
        for (who, token) in &outsiders {
            let refused = |res: &Value| matches!(error_code(res).as_deref(), Some("NOT_FOUND") | Some("FORBIDDEN"));
            for (op, vars) in [
                ("mutation($e: ID!) { updateEmployee(id: $e, input: { hoursPerWeek: 1 }) { id } }", json!({ "e": carla })),
                ("mutation($d: ID!) { updateDepartment(id: $d, input: { name: \"Overgenomen\" }) { id } }", json!({ "d": oven })),
                ("mutation($c: ID!) { confirmSickReport(caseId: $c) { id } }", json!({ "c": own_case })),
                ("query($f: Date!, $t: Date!, $d: ID) { absenceFigures(from: $f, to: $t, departmentId: $d) { headcount } }", json!({ "f": from, "t": to, "d": oven })),
                ("query($f: Date!, $t: Date!, $d: ID) { absenceFigureSeries(from: $f, to: $t, period: MONTH, departmentId: $d) { from } }", json!({ "f": from, "t": to, "d": oven })),
            ] {
                let res = app.gql(Some(token), op, vars).await;
                assert!(refused(&res), "{who}: {op}: {res}");
            }
            // What an outsider may list is his own: never Korenschoof's departments or people.
            for op in [
                "query($f: Date!, $t: Date!) { absenceFiguresByDepartment(from: $f, to: $t) { department { name } } }",
                "{ departments { name } }",
                "{ employees(first: 500) { nodes { name } } }",
            ] {
                let res = app.gql(Some(token), op, json!({ "f": from, "t": to })).await;
                let text = res.to_string();
                assert!(!text.contains("Oven") && !text.contains("Carla Bakker"), "{who}: {op}: {res}");
            }
            let (status, _, body) = app.get(token, "/api/cases.csv").await;
            let body = String::from_utf8_lossy(&body);
            assert!(!body.contains("Carla Bakker") && !body.contains("Sanne Verbeek"), "{who}: the CSV export ({status}) holds Korenschoof's cases");
            // An import lands in the importer's own organisation, if anywhere.
            let req = http::Request::post("/api/employees/import")
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::from("employeeNumber,name,department\nX-1,Carla Bakker,Oven\n"))
                .unwrap();
            let (status, _, body) = app.http(req).await;
            if status == http::StatusCode::OK {
                assert_eq!(*who, "hr@vandijk.example", "{who} imported: {}", String::from_utf8_lossy(&body));
            }
        }
        // Van Dijk's HR imported into Van Dijk.
        let vandijk_rows = app.gql(Some(&outsiders[0].1), "{ departments { name } }", json!({})).await;
        assert_eq!(vandijk_rows["data"]["departments"], json!([{ "name": "Oven" }]), "{vandijk_rows}");
        let after = state().await;
        assert_eq!(after, before, "an outsider changed Korenschoof's employees, departments or cases");
    }
}

/// A SCIM request as `bearer`: status and JSON answer.
async fn scim_get(app: &TestApp, bearer: &str, path: &str) -> (http::StatusCode, Value) {
    let (status, _, body) = app
        .http(
            http::Request::get(format!("/scim/v2{path}"))
                .header("authorization", format!("Bearer {bearer}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

on_both_databases! {
    async fn sign_in_and_provisioning_are_closed_to_outsiders(backend) {
        // Korenschoof signs in through its provider and provisions over SCIM. Nobody outside
        // it may read, change or remove either, or use its token; another employer's token
        // never reaches Korenschoof's people.
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let issuer = "https://login.example.com/korenschoof";
        let set = "mutation($i: SingleSignOnInput!) { configureSingleSignOn(input: $i) { issuer } }";
        let input = |domain: &str| json!({ "i": { "issuer": issuer, "clientId": "poortwachter", "clientSecret": "geheim", "domains": [domain] } });
        let res = app.gql(Some(&hr), set, input("korenschoof.example")).await;
        assert_eq!(res["data"]["configureSingleSignOn"]["issuer"], issuer, "{res}");
        let res = app.gql(Some(&hr), "mutation { createScimToken(name: \"Entra ID Korenschoof\") { id token } }", json!({})).await;
        let token_id = res["data"]["createScimToken"]["id"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let korenschoof_token = res["data"]["createScimToken"]["token"].as_str().unwrap().to_string();
        let carla = app.employee_id(&hr, "Carla Bakker").await;
        let settings = "{ singleSignOn { issuer clientId domains ssoOnly enabled } scimTokens { id name revokedAt } }";
        let before = app.gql(Some(&hr), settings, json!({})).await;
        assert!(before.get("errors").is_none(), "{before}");

        let outsiders = [
            ("hr@vandijk.example", app.login("hr@vandijk.example").await),
            ("casemanager@korenschoof.example", app.login("casemanager@korenschoof.example").await),
            ("werknemer@korenschoof.example", app.login("werknemer@korenschoof.example").await),
            ("bedrijfsarts@arbo-oost.example", login_totp(&app, "bedrijfsarts@arbo-oost.example").await),
            ("adviseur@werkpad.example", app.login("adviseur@werkpad.example").await),
            ("beheer@werkpad.example", app.login("beheer@werkpad.example").await),
            ("beheer@arbo-oost.example", app.login("beheer@arbo-oost.example").await),
            ("beheer@poortwachter.example", app.login("beheer@poortwachter.example").await),
        ];
        for (who, token) in &outsiders {
            let res = app.gql(Some(token), "{ singleSignOn { issuer } }", json!({})).await;
            let own_org = who.ends_with("@korenschoof.example");
            if !own_org {
                assert!(!res.to_string().contains(issuer), "{who} reads Korenschoof's provider: {res}");
            }
            let res = app.gql(Some(token), "{ scimTokens { name } }", json!({})).await;
            assert!(!res.to_string().contains("Entra ID Korenschoof"), "{who} lists Korenschoof's tokens: {res}");
            // Pointing Korenschoof's domain at a provider of one's own, removing or revoking.
            let res = app.gql(Some(token), set, input("korenschoof.example")).await;
            assert!(matches!(error_code(&res).as_deref(), Some("CONFLICT") | Some("FORBIDDEN") | Some("NOT_FOUND")), "{who}: {res}");
            let res = app.gql(Some(token), "mutation { removeSingleSignOn }", json!({})).await;
            if own_org {
                assert!(error_code(&res).is_some(), "{who} may not remove the sign-in: {res}");
            }
            let res = app.gql(Some(token), "mutation($t: ID!) { revokeScimToken(id: $t) { id } }", json!({ "t": token_id })).await;
            assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{who}: {res}");
            // An access token is not a provisioning token.
            let (status, _) = scim_get(&app, token, "/Users").await;
            assert_eq!(status, http::StatusCode::UNAUTHORIZED, "{who}");
        }
        // Another employer's provisioning token sees its own people only.
        let vandijk = &outsiders[0].1;
        let res = app.gql(Some(vandijk), "mutation { createScimToken(name: \"Van Dijk\") { token } }", json!({})).await;
        let vandijk_token = res["data"]["createScimToken"]["token"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let (status, list) = scim_get(&app, &vandijk_token, "/Users?count=1000").await;
        assert_eq!(status, http::StatusCode::OK);
        assert!(!list.to_string().contains("korenschoof"), "{list}");
        let (status, _) = scim_get(&app, &vandijk_token, &format!("/Users/{carla}")).await;
        assert_eq!(status, http::StatusCode::NOT_FOUND);
        let (status, found) = scim_get(&app, &vandijk_token, "/Users?filter=userName%20co%20%22korenschoof%22").await;
        assert_eq!(status, http::StatusCode::OK);
        assert_eq!(found["totalResults"], 0, "{found}");

        // Korenschoof's sign-in and token are as they were, and the token still works.
        let after = app.gql(Some(&hr), settings, json!({})).await;
        assert_eq!(after, before, "an outsider changed Korenschoof's sign-in or tokens");
        let (status, list) = scim_get(&app, &korenschoof_token, "/Users?count=1000").await;
        assert_eq!(status, http::StatusCode::OK);
        assert!(list.to_string().contains("korenschoof.example"), "{list}");
    }
}
