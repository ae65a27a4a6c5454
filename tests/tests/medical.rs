//! The medical file apart: the assigned doctor records, the employee reads his own file with a
//! second factor, the employer reads the workability advice and nothing medical — not in the
//! API, not in the e-mail, not in a database dump — and every medical access is logged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use e2e::{TestApp, error_code, error_reason, on_both_databases};
use platform::clock::Clock;
use sea_orm::ConnectionTrait;
use serde_json::json;

const DIAGNOSIS: &str = "ZEBRADIAGNOSE-7731";
const NOTES: &str = "VERTROUWELIJK-NOTITIE-4410";
const PERSONAL: &str = "WERKAANTEKENING-9925";
const ANALYSIS: &str = "PROBLEEMANALYSE-MEDISCH-5521";
const PLANTED: [&str; 4] = [DIAGNOSIS, NOTES, PERSONAL, ANALYSIS];

const MEDICAL: &str = "query($id: ID!) { case(id: $id) { medicalFile { diagnosis consultations { date diagnosis notes personalNotes doctor { name } } assessments { kind medical advice { limitations } } } } }";
const WORKABILITY: &str = "query($id: ID!) { case(id: $id) { workability { givenOn limitations limitationCategories capabilities hoursPerWeek expectedRecoveryOn advice noSustainableCapacity doctor { name } } deadlines { kind status } } }";

fn contains_planted(text: &str) -> Option<&'static str> {
    PLANTED.iter().copied().find(|p| text.contains(p))
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

struct Setup {
    case: String,
    hr: String,
    doctor: String,
}

async fn setup(app: &TestApp) -> Setup {
    let hr = app.login("hr@korenschoof.example").await;
    let case = app.willems_assigned_case(&hr, 30).await;
    let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
    Setup { case, hr, doctor }
}

async fn plant(app: &TestApp, s: &Setup) {
    let today = app.clock.today().format("%Y-%m-%d").to_string();
    let res = app
        .gql(Some(&s.doctor), "mutation($c: ID!, $i: ConsultationRecordInput!) { recordConsultation(caseId: $c, input: $i) { id diagnosis personalNotes } }",
            json!({ "c": s.case, "i": { "date": today, "complaints": "klachten", "diagnosis": DIAGNOSIS, "notes": NOTES, "personalNotes": PERSONAL } }))
        .await;
    assert_eq!(
        res["data"]["recordConsultation"]["diagnosis"], DIAGNOSIS,
        "{res}"
    );
    let res = app
        .gql(Some(&s.doctor), "mutation($c: ID!, $m: String!, $a: WorkabilityAdviceInput!) { recordAssessment(caseId: $c, kind: PROBLEM_ANALYSIS, medicalPart: $m, advice: $a) { id kind advice { limitations hoursPerWeek } } }",
            json!({ "c": s.case, "m": ANALYSIS, "a": { "limitations": ["Niet tillen boven 10 kg"], "limitationCategories": ["DYNAMIC_ACTIONS"], "capabilities": "Zittend werk, 4 uur per dag", "hoursPerWeek": 20, "advice": "Start met aangepast werk" } }))
        .await;
    assert_eq!(
        res["data"]["recordAssessment"]["advice"]["hoursPerWeek"], 20.0,
        "{res}"
    );
}

on_both_databases! {
    async fn the_employer_reads_the_advice_and_nothing_medical(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let s = setup(&app).await;
        plant(&app, &s).await;

        // The employer: advice yes, medical file null, no error, no planted text anywhere.
        for email in ["hr@korenschoof.example", "casemanager@korenschoof.example", "leidinggevende@korenschoof.example", "adviseur@werkpad.example"] {
            let token = app.login(email).await;
            let res = app.gql(Some(&token), WORKABILITY, json!({ "id": s.case })).await;
            assert_eq!(res["data"]["case"]["workability"]["limitations"], json!(["Niet tillen boven 10 kg"]), "{email}: {res}");
            assert_eq!(res["data"]["case"]["workability"]["capabilities"], json!(["Zittend werk, 4 uur per dag"]));
            let pa = res["data"]["case"]["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "PROBLEM_ANALYSIS").unwrap().clone();
            assert_eq!(pa["status"], "DONE", "the problem analysis completes its deadline");
            let res = app.gql(Some(&token), MEDICAL, json!({ "id": s.case })).await;
            assert!(res.get("errors").is_none(), "{email}: an error would tell a file exists: {res}");
            assert!(res["data"]["case"]["medicalFile"].is_null(), "{email}: {res}");
            assert_eq!(contains_planted(&res.to_string()), None);
        }
        // The notice of new advice reached the employer without medical content.
        let mails = app.outbox();
        assert!(mails.iter().any(|m| m.contains("Nieuw advies van de bedrijfsarts")), "the employer is told");
        for m in &mails {
            assert_eq!(contains_planted(m), None, "an e-mail leaks medical text");
        }
        // A database dump shows no medical text, in clear or as hex.
        let dumped = app.dump().await;
        for p in PLANTED {
            assert!(!dumped.contains(p), "{p} in the dump");
            assert!(!dumped.contains(&hex(p)), "{p} as hex in the dump");
        }
        assert!(dumped.contains("Niet tillen boven 10 kg"), "the dump covers the tables (the advice is plain)");
    }
}

on_both_databases! {
    async fn the_doctor_and_the_employee_read_the_file_with_a_second_factor(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let s = setup(&app).await;
        plant(&app, &s).await;
        let res = app.gql(Some(&s.doctor), MEDICAL, json!({ "id": s.case })).await;
        let file = res["data"]["case"]["medicalFile"].clone();
        assert_eq!(file["diagnosis"], DIAGNOSIS, "{res}");
        assert_eq!(file["consultations"][0]["personalNotes"], PERSONAL, "the doctor reads his own working notes");
        assert_eq!(file["assessments"][0]["medical"], ANALYSIS);

        // The employee (verified by his doctor, logged in with his own second factor): his file
        // without the doctor's personal working notes. Unverified accounts and sessions without
        // a second factor are tried in identity_control.rs.
        let employee = app.login_with_totp("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&employee), MEDICAL, json!({ "id": s.case })).await;
        let file = res["data"]["case"]["medicalFile"].clone();
        assert_eq!(file["consultations"][0]["notes"], NOTES, "{res}");
        assert!(file["consultations"][0]["personalNotes"].is_null(), "not the doctor's working notes");
        assert!(!res.to_string().contains(PERSONAL));

        // Only the doctor writes the file.
        let res = app.gql(Some(&employee), "mutation($c: ID!) { recordConsultation(caseId: $c, input: { date: \"2026-01-01\", diagnosis: \"x\" }) { id } }", json!({ "c": s.case })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN")), "{res}");
        let res = app.gql(Some(&s.hr), "mutation($c: ID!) { recordConsultation(caseId: $c, input: { date: \"2026-01-01\", diagnosis: \"x\" }) { id } }", json!({ "c": s.case })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN" | "NOT_FOUND")), "{res}");
        assert_eq!(contains_planted(&res.to_string()), None);

        // The employee sees who read his file: the doctor, by name, and himself.
        let res = app.gql(Some(&employee), "query($c: ID!) { accessLog(caseId: $c) { at who role resource action outcome } }", json!({ "c": s.case })).await;
        let entries = res["data"]["accessLog"].as_array().unwrap_or_else(|| panic!("{res}")).clone();
        assert!(entries.iter().any(|e| e["resource"] == "medical_file" && e["action"] == "R" && e["outcome"] == "ALLOWED" && e["role"] == "COMPANY_DOCTOR"), "{entries:?}");
        assert!(entries.iter().any(|e| e["resource"] == "consultation" && e["action"] == "C"));
        assert!(entries.iter().any(|e| e["outcome"] == "DENIED"), "the employer's refused look is there too");
        let res = app.gql(Some(&s.hr), "query($c: ID!) { accessLog(caseId: $c) { at } }", json!({ "c": s.case })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN" | "NOT_FOUND")), "{res}");

        // Consent: the employee shares the problem analysis with the agency; the consultant then
        // needs his second factor for it (without consent he simply sees nothing).
        let consultant = app.login("adviseur@werkpad.example").await;
        let res = app.gql(Some(&consultant), MEDICAL, json!({ "id": s.case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        let res = app.gql(Some(&employee), "{ me { organisation { id } } }", json!({})).await;
        assert!(res["data"]["me"]["organisation"]["id"].is_string());
        let agency = app.gql(Some(&consultant), "{ me { organisation { id } } }", json!({})).await["data"]["me"]["organisation"]["id"].clone();
        let res = app.gql(Some(&employee), "mutation($c: ID!, $o: ID!) { grantConsent(caseId: $c, part: CONSULTATIONS, organisationId: $o) { id } }", json!({ "c": s.case, "o": "00000000-0000-0000-0000-000000000001" })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "consent with nobody: {res}");
        let res = app.gql(Some(&employee), "mutation($c: ID!, $o: ID!) { grantConsent(caseId: $c, part: PROBLEM_ANALYSIS, organisationId: $o) { id part party { name } } }", json!({ "c": s.case, "o": agency })).await;
        assert_eq!(res["data"]["grantConsent"]["party"]["name"], "Werkpad Re-integratie", "{res}");
        let consent = res["data"]["grantConsent"]["id"].clone();
        let res = app.gql(Some(&consultant), MEDICAL, json!({ "id": s.case })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("MFA_REQUIRED"), "{res}");
        let consultant = app.login_with_totp("adviseur@werkpad.example").await;
        let res = app.gql(Some(&consultant), MEDICAL, json!({ "id": s.case })).await;
        let file = res["data"]["case"]["medicalFile"].clone();
        assert_eq!(file["assessments"][0]["medical"], ANALYSIS, "{res}");
        assert_eq!(file["consultations"], json!([]), "only the consented part");
        let res = app.gql(Some(&employee), "mutation($c: ID!, $i: ID!) { revokeConsent(caseId: $c, consentId: $i) { revokedAt } }", json!({ "c": s.case, "i": consent })).await;
        assert!(res["data"]["revokeConsent"]["revokedAt"].is_string(), "{res}");
        let res = app.gql(Some(&consultant), MEDICAL, json!({ "id": s.case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "revoked: {res}");
    }
}

on_both_databases! {
    async fn verify_log_finds_an_edited_medical_access_entry(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let s = setup(&app).await;
        plant(&app, &s).await;
        app.gql(Some(&s.doctor), MEDICAL, json!({ "id": s.case })).await;
        assert!(app.state.log.verify().await.unwrap().first_break.is_none());
        let db = &app.state.db;
        let edited = db
            .execute_unprepared("UPDATE access_log SET actor_role = 'EMPLOYEE' WHERE resource_type = 'medical_file' AND outcome = 'ALLOWED'")
            .await
            .unwrap();
        assert!(edited.rows_affected() >= 1);
        let report = app.state.log.verify().await.unwrap();
        assert!(report.first_break.is_some(), "an edited medical access entry goes unnoticed");
    }
}

on_both_databases! {
    async fn rotating_the_master_key_rewraps_and_keeps_everything_readable(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let s = setup(&app).await;
        plant(&app, &s).await;
        let old = gateway::keys::master_key(&app.state.config).unwrap();
        let new = platform::crypto::MasterKey::generate().unwrap();
        let clock: platform::clock::SharedClock = app.clock.clone();
        let n = platform::keyring::rewrap_all(&app.state.db, &clock, &old, &new).await.unwrap();
        assert!(n >= 3, "the tenant's data key and the system keys are re-wrapped: {n}");
        assert_eq!(platform::keyring::rewrap_all(&app.state.db, &clock, &old, &new).await.unwrap(), 0, "a second run has nothing left to do");

        // The old key no longer opens the installation; the new one opens everything.
        let mut config = (*app.state.config).clone();
        config.master_key = Some(old.to_base64());
        assert!(gateway::AppState::init(config.clone(), clock.clone(), false).await.is_err(), "the old key still works");
        config.master_key = Some(new.to_base64());
        let state = gateway::AppState::init(config, clock.clone(), false).await.unwrap();
        let rotated = TestApp {
            router: gateway::http::router(state.clone()),
            state,
            clock: app.clock.clone(),
            dir: app.dir.clone(),
            backend: app.backend,
        };
        app.clock.advance(Duration::seconds(31));
        let doctor = rotated.login("bedrijfsarts@arbo-oost.example").await;
        let res = rotated.gql(Some(&doctor), MEDICAL, json!({ "id": s.case })).await;
        assert_eq!(res["data"]["case"]["medicalFile"]["diagnosis"], DIAGNOSIS, "the sealed file opens: {res}");
        let report = rotated.state.log.verify().await.unwrap();
        assert!(report.first_break.is_none(), "the access log's chain still verifies");
        assert!(report.entries > 0);
    }
}
