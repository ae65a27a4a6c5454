//! The AVG suite: medical text planted in a case must be unreachable for the employer and the
//! agency by any path. Every query of the live schema is generated from introspection (all
//! fields to depth 6, every list) and run as each employer role and as the assigned agency,
//! before and after the doctor writes the medical file: the answers must be identical (no
//! count, field or error may change because medical records exist) and never contain the
//! planted text. Medical documents (title, filename, content) are planted too; REST paths —
//! document downloads, the RIV export, the case list as CSV — and the outbox (reminders, the
//! notice of new advice, the notice of an employee's own sick report) are searched. A session
//! that came through the employer's own identity provider (single sign-on) walks with them,
//! and the employer's provisioning (SCIM) answers are searched and compared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use axum::body::Body;
use chrono::Duration;
use e2e::schema_walk::Schema;
use e2e::{TestApp, on_both_databases};
use http::Request;
use platform::clock::Clock;
use serde_json::{Value, json};

const DIAGNOSIS: &str = "AVGDIAGNOSE-3141";
const COMPLAINTS: &str = "AVGKLACHT-2718";
const NOTES: &str = "AVGNOTITIE-1618";
const PERSONAL: &str = "AVGWERKAANTEKENING-1414";
const ANALYSIS: &str = "AVGPROBLEEMANALYSE-1732";
const DOC_TITLE: &str = "AVGDOCTITEL-2236";
const DOC_FILE: &str = "AVGDOCBESTAND-1729.pdf";
const DOC_CONTENT: &str = "AVGDOCINHOUD-1123";
const PLANTED: [&str; 8] = [
    DIAGNOSIS,
    COMPLAINTS,
    NOTES,
    PERSONAL,
    ANALYSIS,
    "AVGDOCTITEL",
    "AVGDOCBESTAND",
    DOC_CONTENT,
];

/// The employer's roles and the agency: everyone who must never see medical data.
const OUTSIDERS: [&str; 7] = [
    "hr@korenschoof.example",
    "casemanager@korenschoof.example",
    "leidinggevende@korenschoof.example",
    "adviseur@werkpad.example",
    // The administrators: the health service's (who assigns its doctors), the agency's and the
    // platform operator read nothing medical either.
    "beheer@arbo-oost.example",
    "beheer@werkpad.example",
    "beheer@poortwachter.example",
];

fn leak(text: &str) -> Option<&'static str> {
    PLANTED.iter().copied().find(|p| text.contains(p))
}

/// Every query of the schema as `token` sees it, keyed by field name.
async fn walk(
    app: &TestApp,
    schema: &Schema,
    token: &str,
    ids: &BTreeMap<&str, String>,
) -> BTreeMap<String, Value> {
    let today = app.clock.today().format("%Y-%m-%d").to_string();
    let mut out = BTreeMap::new();
    for field in schema.queries() {
        let Some((query, vars)) = schema.operation("query", &field, ids, &today, 6) else {
            continue;
        };
        out.insert(field.name.clone(), app.gql(Some(token), &query, vars).await);
    }
    out
}

async fn get(app: &TestApp, path: &str) -> String {
    let (_, _, body) = app
        .http(Request::get(path).body(Body::empty()).unwrap())
        .await;
    String::from_utf8_lossy(&body).into_owned()
}

on_both_databases! {
    async fn no_path_leads_the_employer_or_the_agency_to_medical_data(backend) {
        let app = TestApp::start(backend, |c| {
            c.graphql_max_depth = 40;
            c.graphql_max_complexity = 1_000_000;
        })
        .await;
        let today = app.clock.today();
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let hr = app.login("hr@korenschoof.example").await;
        let willem = app.employee_id(&hr, "Willem Nijhuis").await;
        let case = app.willems_assigned_case(&hr, 40).await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let ids: BTreeMap<&str, String> = [("*", case.clone()), ("id", case.clone()), ("caseId", case.clone()), ("employeeId", willem.clone())].into_iter().collect();

        let mut tokens = Vec::new();
        for email in OUTSIDERS {
            tokens.push((email, app.login(email).await));
        }
        // The employer's people signed in through the employer's own identity provider walk
        // too (single sign-on): a session from it must reach no more than a password's.
        if let Some(issuer) = e2e::oidc::issuer() {
            let res = e2e::oidc::configure(&app, &hr, &issuer, &["korenschoof.example"], false).await;
            assert!(res.get("errors").is_none(), "{res}");
            let email = "casemanager@korenschoof.example";
            let ticket = e2e::oidc::Browser::new().sign_in(&app, email, email).await.ticket();
            let res = e2e::oidc::complete(&app, &ticket, None).await;
            let token = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
            tokens.push(("sso:casemanager@korenschoof.example", token));
        }
        // Track 2 runs: the agency's file is in the walk (and must stay free of medical text;
        // the employee gave no consent).
        let consultant = &tokens[3].1;
        let werkpad = app.gql(Some(consultant), "{ me { organisation { id } } }", json!({})).await["data"]["me"]["organisation"]["id"].clone();
        for (query, vars) in [
            ("mutation($c: ID!, $o: ID!) { assignAgency(caseId: $c, organisationId: $o) { id } }", json!({ "c": case, "o": werkpad })),
            ("mutation($c: ID!, $d: Date!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Kennismaking spoor 2\" }) { id } }", json!({ "c": case, "d": day(today) })),
            ("mutation($c: ID!) { recordApplication(caseId: $c, input: { company: \"Bakkerij Zuid\", position: \"Verkoper\" }) { id } }", json!({ "c": case })),
            ("mutation($c: ID!) { draftTrack2Report(caseId: $c) { id } }", json!({ "c": case })),
        ] {
            let token = if query.contains("assignAgency") { &hr } else { consultant };
            let res = app.gql(Some(token), query, vars).await;
            assert!(res.get("errors").is_none(), "{res}");
        }
        // The employer provisions over SCIM: its answers are searched too (made before the
        // walk, so the trail the walk reads does not change under it).
        let res = app.gql(Some(&hr), "mutation { createScimToken(name: \"AVG\") { token } }", json!({})).await;
        let scim_token = res["data"]["createScimToken"]["token"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let scim_paths = ["/scim/v2/Users?count=1000".to_string(), "/scim/v2/Groups?count=1000".to_string(), format!("/scim/v2/Users/{willem}")];
        let scim_answers = || async {
            let mut out = Vec::new();
            for path in &scim_paths {
                let (_, _, body) = app.http(Request::get(path.as_str()).header("authorization", format!("Bearer {scim_token}")).body(Body::empty()).unwrap()).await;
                out.push(String::from_utf8_lossy(&body).into_owned());
            }
            out
        };
        let scim_before = scim_answers().await;
        assert!(scim_before[2].contains("werknemer@korenschoof.example"), "the SCIM walk reads Willem: {}", scim_before[2]);
        let schema = Schema::load(&app, &hr).await;
        assert!(schema.queries().len() >= 8, "the walk covers the schema");
        let mut before = Vec::new();
        for (_, token) in &tokens {
            before.push(walk(&app, &schema, token, &ids).await);
        }
        // The walk reaches the case and its medical field.
        let cases = &before[0]["case"];
        assert_eq!(cases["data"]["case"]["id"], case, "the generated query reads the case: {cases}");
        assert!(cases.to_string().contains("medicalFile"), "medicalFile is in the walk");
        assert!(before[3]["case"].to_string().contains("Kennismaking spoor 2"), "the agency's track 2 is in the walk: {}", before[3]["case"]);

        // The doctor writes the medical file: consultations and a medical document (nothing the
        // employer may see).
        let (status, res) = app
            .upload(&doctor, &case, "MEDICAL", DOC_FILE, Body::from(format!("%PDF-1.4\n{DOC_CONTENT}\n")), &[("x-title", DOC_TITLE)])
            .await;
        assert_eq!(status, http::StatusCode::CREATED, "{res}");
        let medical_doc = res["id"].as_str().unwrap().to_string();
        for n in 0..3 {
            let res = app.gql(Some(&doctor), "mutation($c: ID!, $i: ConsultationRecordInput!) { recordConsultation(caseId: $c, input: $i) { id } }",
                json!({ "c": case, "i": { "date": day(today - Duration::days(n)), "complaints": COMPLAINTS, "diagnosis": DIAGNOSIS, "notes": NOTES, "personalNotes": PERSONAL } })).await;
            assert!(res.get("errors").is_none(), "{res}");
        }
        for (i, (email, token)) in tokens.iter().enumerate() {
            let after = walk(&app, &schema, token, &ids).await;
            for (field, answer) in &after {
                assert_eq!(leak(&answer.to_string()), None, "{email}: {field} leaks: {answer}");
                assert_eq!(Some(answer), before[i].get(field), "{email}: the answer of {field} changed because medical records exist");
            }
        }

        // A problem analysis: its advice is for the employer (that answer may change), its medical
        // part is not.
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $m: String!, $a: WorkabilityAdviceInput!) { recordAssessment(caseId: $c, kind: PROBLEM_ANALYSIS, medicalPart: $m, advice: $a) { id } }",
            json!({ "c": case, "m": ANALYSIS, "a": { "limitations": ["Niet tillen"], "hoursPerWeek": 20 } })).await;
        assert!(res.get("errors").is_none(), "{res}");
        for (email, token) in &tokens {
            for (field, answer) in walk(&app, &schema, token, &ids).await {
                assert_eq!(leak(&answer.to_string()), None, "{email}: {field} leaks: {answer}");
            }
            let res = app.gql(Some(token), "query($c: ID!) { case(id: $c) { medicalFile { diagnosis } workability { limitations } } }", json!({ "c": case })).await;
            assert!(res["data"]["case"]["medicalFile"].is_null(), "{email}: {res}");
            if email.starts_with("beheer@") {
                // Administrators have no case at all.
                assert!(res["data"]["case"].is_null(), "{email}: {res}");
            } else {
                assert_eq!(res["data"]["case"]["workability"]["limitations"], json!(["Niet tillen"]), "{email} reads the advice: {res}");
            }
        }

        // REST paths, the e-mails sent (the notice of new advice among them).
        for path in ["/healthz", "/readyz", "/metrics", "/"] {
            assert_eq!(leak(&get(&app, path).await), None, "{path} leaks");
        }
        let (_, _, unknown) = app.get(&hr, &format!("/api/documents/{}", uuid::Uuid::new_v4())).await;
        for (email, token) in &tokens {
            let (status, _, body) = app.get(token, &format!("/api/documents/{medical_doc}")).await;
            assert_eq!((status, &body), (http::StatusCode::NOT_FOUND, &unknown), "{email} learns the medical document exists");
            let (status, _, body) = app.get(token, &format!("/api/cases/{case}/medical.pdf")).await;
            assert_ne!(status, http::StatusCode::OK, "{email} exported the medical part");
            assert_eq!(leak(&String::from_utf8_lossy(&body)), None);
            let (status, _, body) = app.get(token, &format!("/api/cases/{case}/riv.pdf")).await;
            if status == http::StatusCode::OK {
                let text = e2e::pdf_text(&body);
                assert!(text.contains("Re-integratieverslag"), "{email}: {text}");
                assert_eq!(leak(&text), None, "{email}: the RIV leaks");
                assert_eq!(leak(&String::from_utf8_lossy(&body)), None, "{email}: the RIV's bytes leak");
            } else {
                assert_eq!(leak(&String::from_utf8_lossy(&body)), None);
            }
        }
        // The employer's provisioning (SCIM) reads what it read before, nothing medical.
        let scim_after = scim_answers().await;
        for (path, (before, after)) in scim_paths.iter().zip(scim_before.iter().zip(&scim_after)) {
            assert_eq!(leak(after), None, "{path} leaks");
            assert_eq!(before, after, "{path} changed because medical records exist");
        }
        // The case list as CSV, for everyone who may export it.
        for (email, token) in &tokens {
            let (_, _, body) = app.get(token, "/api/cases.csv").await;
            assert_eq!(leak(&String::from_utf8_lossy(&body)), None, "{email}: the CSV export leaks");
        }
        // An employee's own sick report is told to HR at once: that e-mail is searched too.
        let gezond = app.login("gezond@korenschoof.example").await;
        let res = app.gql(Some(&gezond), "mutation($d: Date!) { reportSick(input: { sickSince: $d }) { id } }", json!({ "d": day(today) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        assert!(app.outbox().iter().any(|m| m.contains("Ziekmelding van Sanne Verbeek")), "the self-report notice is in the search");
        // The reminders of the case's deadlines go out too (the plan of action's 14-day notice
        // to HR and the employee, three days on).
        app.clock.advance(Duration::days(3));
        let (_, sent) = gateway::worker::remind(&app.state, true).await.unwrap();
        assert!(sent.sent > 0, "reminders were sent: {sent:?}");
        let mails = app.outbox();
        assert!(!mails.is_empty(), "the employer was told about the advice");
        assert!(mails.iter().any(|m| m.contains("Subject: Poortwachter-overzicht")), "the daily digests are in the search");
        for m in mails {
            assert_eq!(leak(&m), None, "an e-mail leaks");
        }
        // The reminder outbox holds ids, dates and names of steps, nothing else.
        let dump = app.dump().await;
        assert_eq!(leak(&dump), None, "a table (the reminder outbox among them) holds medical text");
    }
}
