//! The re-integration report: `rivCompleteness` names what is missing or stale, the employer's
//! RIV renders as a readable PDF with its sections and without any medical content, and the
//! employee exports the medical part himself. Every export is in the access log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use chrono::Duration;
use e2e::{TestApp, error_reason, on_both_databases, pdf_render, pdf_text};
use http::StatusCode;
use platform::clock::Clock;
use serde_json::{Value, json};

const DIAGNOSIS: &str = "RIVDIAGNOSE-4471";
const PERSONAL: &str = "RIVWERKAANTEKENING-5582";
const ANALYSIS: &str = "RIVPROBLEEMANALYSE-6693";
const DOC_TITLE: &str = "RIVMEDISCHDOCUMENT-7704";
const MEDICAL: [&str; 4] = [DIAGNOSIS, PERSONAL, ANALYSIS, DOC_TITLE];

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn medical_in(text: &str) -> Option<&'static str> {
    MEDICAL.iter().copied().find(|m| text.contains(m))
}

fn part<'a>(check: &'a Value, name: &str) -> &'a Value {
    check["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["part"] == name)
        .unwrap_or_else(|| panic!("no part {name}: {check}"))
}

on_both_databases! {
    async fn the_riv_names_what_is_missing_and_exports_without_medical_content(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let since = today - Duration::weeks(60);
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 60 * 7).await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let employee = app.login_with_totp("werknemer@korenschoof.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let check = |token: String| {
            let app = &app;
            let case = case.clone();
            async move {
                let res = app.gql(Some(&token), "query($c: ID!) { rivCompleteness(caseId: $c) { complete missing dueOn parts { part state lastOn dueOn } } }", json!({ "c": case })).await;
                assert!(res.get("errors").is_none(), "{res}");
                res["data"]["rivCompleteness"].clone()
            }
        };

        // Nothing recorded yet in week 60: the early parts are missing, the late ones not due.
        let empty = check(hr.clone()).await;
        assert_eq!(empty["complete"], false);
        assert_eq!(part(&empty, "PROBLEM_ANALYSIS")["state"], "MISSING");
        assert_eq!(part(&empty, "FIRST_YEAR_EVALUATION")["state"], "MISSING");
        assert_eq!(part(&empty, "FINAL_EVALUATION")["state"], "NOT_YET_DUE");
        assert_eq!(part(&empty, "TRACK2_REPORTS")["state"], "NOT_APPLICABLE");
        assert!(empty["missing"].as_array().unwrap().contains(&json!("PLAN_OF_ACTION")));
        assert!(empty["dueOn"].is_string(), "the RIV_TO_EMPLOYEE date: {empty}");

        // The doctor: consultation and problem analysis (medical parts planted), advice.
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $i: ConsultationRecordInput!) { recordConsultation(caseId: $c, input: $i) { id } }",
            json!({ "c": case, "i": { "date": day(today), "diagnosis": DIAGNOSIS, "personalNotes": PERSONAL } })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $m: String!, $a: WorkabilityAdviceInput!) { recordAssessment(caseId: $c, kind: PROBLEM_ANALYSIS, medicalPart: $m, advice: $a) { id } }",
            json!({ "c": case, "m": ANALYSIS, "a": { "limitations": ["Niet tillen boven 10 kg"], "capabilities": "Zittend werk", "hoursPerWeek": 20, "advice": "Start met aangepast werk" } })).await;
        assert!(res.get("errors").is_none(), "{res}");
        // The employer: a plan both sign, an evaluation, the log, the steps; an actueel oordeel
        // four months old.
        let plan = json!({ "goal": "Terug in eigen werk", "contactFrequency": "Wekelijks", "activities": [ { "description": "Werkplek aanpassen", "owner": "EMPLOYER", "dueOn": day(today + Duration::days(20)) } ] });
        let res = app.gql(Some(&hr), "mutation($c: ID!, $p: PlanOfActionInput!) { savePlanOfAction(caseId: $c, input: $p) { version } }", json!({ "c": case, "p": plan })).await;
        assert!(res.get("errors").is_none(), "{res}");
        for token in [&hr, &employee] {
            let res = app.gql(Some(token), "mutation($c: ID!) { signPlanOfAction(caseId: $c, version: 1) { status } }", json!({ "c": case })).await;
            assert!(res.get("errors").is_none(), "{res}");
        }
        let res = app.gql(Some(&hr), "mutation($c: ID!, $i: EvaluationInput!) { recordEvaluation(caseId: $c, kind: PERIODIC, input: $i) { id } }",
            json!({ "c": case, "i": { "heldOn": day(today), "summary": "Opbouw verloopt volgens plan" } })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&hr), "mutation($c: ID!, $i: ActivityInput!) { logActivity(caseId: $c, input: $i) { kind } }",
            json!({ "c": case, "i": { "kind": "CONVERSATION", "occurredOn": day(today), "summary": "Gesprek over uren en taken op de werkvloer" } })).await;
        assert!(res.get("errors").is_none(), "{res}");
        for (kind, on) in [("UWV_42_WEEK_REPORT", since + Duration::weeks(42)), ("CURRENT_ASSESSMENT", today - Duration::days(120))] {
            let res = app.gql(Some(&hr), "mutation($c: ID!, $k: DeadlineKind!, $d: Date!) { recordMilestone(caseId: $c, kind: $k, on: $d) { kind } }", json!({ "c": case, "k": kind, "d": day(on) })).await;
            assert!(res.get("errors").is_none(), "{res}");
        }
        let (status, res) = app.upload(&hr, &case, "CASE", "ad-rapport.pdf", Body::from("%PDF-1.4\nrapport\n"),
            &[("x-title", "Arbeidsdeskundig%20rapport%20maart"), ("x-document-type", "LABOUR_EXPERT_REPORT")]).await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let (status, res) = app.upload(&employee, &case, "MEDICAL", "brief.pdf", Body::from("%PDF-1.4\nbrief\n"), &[("x-title", DOC_TITLE)]).await;
        assert_eq!(status, StatusCode::CREATED, "{res}");

        let now = check(hr.clone()).await;
        for present in ["PROBLEM_ANALYSIS", "PLAN_OF_ACTION", "PLAN_EVALUATIONS", "ACTIVITY_LOG", "WORKABILITY_ADVICE", "UWV_42_WEEK_REPORT"] {
            assert_eq!(part(&now, present)["state"], "PRESENT", "{present}: {now}");
        }
        assert_eq!(part(&now, "CURRENT_ASSESSMENT")["state"], "STALE", "older than 3 months: {now}");
        assert_eq!(part(&now, "FIRST_YEAR_EVALUATION")["state"], "MISSING");
        assert_eq!(part(&now, "LABOUR_EXPERT_REPORT")["state"], "PRESENT", "an uploaded report counts");
        let missing = now["missing"].as_array().unwrap();
        assert!(missing.contains(&json!("CURRENT_ASSESSMENT")) && missing.contains(&json!("FIRST_YEAR_EVALUATION")) && !missing.contains(&json!("PLAN_OF_ACTION")), "{now}");
        assert_eq!(check(employee.clone()).await, now, "the employee sees the same check");

        // The employer's RIV: renders, has its sections, holds no medical text.
        let (status, headers, pdf) = app.get(&hr, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(headers["content-type"], "application/pdf");
        let pages = pdf_render(&pdf);
        assert!(pages.len() >= 4, "cover, contents and the parts: {pages:?}");
        assert!(pages.iter().all(|&bytes| bytes > 200), "blank pages: {pages:?}");
        let text = pdf_text(&pdf);
        for expected in [
            "Re-integratieverslag", "Inhoud", "Volledigheid van dit verslag", "Verloop van het verzuim",
            "Probleemanalyse", "Plan van aanpak en bijstellingen", "Evaluaties", "Activiteitenlogboek",
            "42e-weeksmelding", "Eerstejaarsevaluatie", "Actueel oordeel", "Eindevaluatie", "Deskundigenoordelen",
            "Bijlagen", "Willem Nijhuis", "Bakkerij De Korenschoof", "Niet tillen boven 10 kg",
            "Gesprek over uren en taken", "Werkplek aanpassen", "Arbeidsdeskundig rapport maart", "Verouderd",
        ] {
            assert!(text.contains(expected), "the RIV lacks {expected:?}:\n{text}");
        }
        assert_eq!(medical_in(&text), None, "medical text in the RIV:\n{text}");
        assert_eq!(medical_in(&String::from_utf8_lossy(&pdf)), None);
        // The employee may export it too; the agency and other employers may not.
        let (status, _, _) = app.get(&employee, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = app.get(&consultant, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let other = app.login("hr@vandijk.example").await;
        let (status, _, _) = app.get(&other, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The medical part, for UWV: the employee (with his second factor) and the doctor.
        let (status, _, pdf) = app.get(&employee, &format!("/api/cases/{case}/medical.pdf")).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        let text = pdf_text(&pdf);
        assert!(!pdf_render(&pdf).is_empty());
        for expected in [DIAGNOSIS, ANALYSIS, DOC_TITLE, "Niet tillen boven 10 kg"] {
            assert!(text.contains(expected), "the medical export lacks {expected}:\n{text}");
        }
        assert!(!text.contains(PERSONAL), "the doctor's working notes are not part of the file");
        let (status, _, _) = app.get(&doctor, &format!("/api/cases/{case}/medical.pdf")).await;
        assert_eq!(status, StatusCode::OK);
        for token in [&hr, &consultant] {
            let (status, _, body) = app.get(token, &format!("/api/cases/{case}/medical.pdf")).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert_eq!(medical_in(&String::from_utf8_lossy(&body)), None);
        }

        // Both exports are in the employee's access log, as exports.
        let res = app.gql(Some(&employee), "query($c: ID!) { accessLog(caseId: $c) { action outcome detail role } }", json!({ "c": case })).await;
        let entries = res["data"]["accessLog"].as_array().unwrap();
        let exported = |what: &str| entries.iter().any(|e| e["action"] == "E" && e["outcome"] == "ALLOWED" && e["detail"] == what);
        assert!(exported("RIV exported") && exported("medical part exported"), "{res}");
        let _ = error_reason(&res);
    }
}
