//! Track 2 end to end: the employer engages the agency; the consultant records the profile,
//! promising occupations, activities, contacts, applications and proposals; a report is drafted
//! from them and submitted; employer and employee read it, the clock counts it and the RIV
//! contains it. The effort indicator and its risk signal follow the agreed intensity.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use e2e::{TestApp, error_code, error_reason, on_both_databases, pdf_text};
use platform::clock::Clock;
use serde_json::{Value, json};

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

const TRACK2: &str = "query($c: ID!) { case(id: $c) { track milestones { kind occurredOn } deadlines { kind dueOn status } riskSignals { kind since }
    track2 { agency { name } consultant { name } startedOn contactsPerMonth applicationsPerMonth canEdit
      profile { skills searchProfile limitations }
      occupations { title reason } activities { kind title organisation } contacts { occurredOn kind summary }
      applications { id kind company position status channel }
      reports { id kind status activities assessment attitude periodFrom periodTo submittedOn }
      effort { belowAgreementSince months { from to contacts applications complete belowAgreement } } } } }";

async fn track2(app: &TestApp, token: &str, case: &str) -> Value {
    let res = app.gql(Some(token), TRACK2, json!({ "c": case })).await;
    assert!(res.get("errors").is_none(), "{res}");
    res["data"]["case"].clone()
}

async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let res = app.gql(Some(token), query, vars).await;
    assert!(res.get("errors").is_none(), "{query}: {res}");
    res["data"].clone()
}

async fn organisation_of(app: &TestApp, token: &str) -> String {
    app.gql(Some(token), "{ me { organisation { id } } }", json!({}))
        .await["data"]["me"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

on_both_databases! {
    async fn the_agency_keeps_the_track2_file_and_its_report_reaches_employer_employee_and_riv(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let employee = app.login("werknemer@korenschoof.example").await;
        let since = today - Duration::weeks(56);
        let case = app.report_sick(&hr, "Willem Nijhuis", since).await;
        app.assign(&hr, &case, &["COMPANY_DOCTOR"]).await;
        let werkpad = organisation_of(&app, &consultant).await;
        let arbo = organisation_of(&app, &app.login("bedrijfsarts@arbo-oost.example").await).await;

        // Before the engagement the consultant does not reach the case at all.
        assert_eq!(error_code(&app.gql(Some(&consultant), TRACK2, json!({ "c": case })).await), None);
        assert!(app.gql(Some(&consultant), TRACK2, json!({ "c": case })).await["data"]["case"].is_null());

        // Only HR or the case manager engages, only an engaged agency.
        let assign = "mutation($c: ID!, $o: ID!, $s: Date) { assignAgency(caseId: $c, organisationId: $o, startedOn: $s) { startedOn consultant { name } } }";
        let res = app.gql(Some(&employee), assign, json!({ "c": case, "o": werkpad })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&hr), assign, json!({ "c": case, "o": arbo })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("NOT_ENGAGED"), "{res}");
        let res = app.gql(Some(&hr), assign, json!({ "c": case, "o": werkpad, "s": day(today + Duration::days(3)) })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        // The contract's two arguments are enough: the agency's only consultant, from today.
        let started = today - Duration::days(10);
        let data = ok(&app, &hr, assign, json!({ "c": case, "o": werkpad, "s": day(started) })).await;
        assert_eq!(data["assignAgency"]["startedOn"], day(started));
        assert_eq!(data["assignAgency"]["consultant"]["name"], "Ada Verhoeven");

        let seen = track2(&app, &hr, &case).await;
        assert_eq!(seen["track"], "TRACK_2");
        assert!(seen["milestones"].as_array().unwrap().iter().any(|m| m["kind"] == "TRACK2_START" && m["occurredOn"] == day(started)));
        let report_due = |c: &Value| c["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "TRACK2_REPORT" && d["status"] != "DONE").map(|d| d["dueOn"].clone());
        assert_eq!(report_due(&seen), Some(json!(day(started + Duration::weeks(6)))));
        assert_eq!(seen["track2"]["canEdit"], false, "HR reads, the agency writes");

        // The consultant keeps the file.
        ok(&app, &consultant, "mutation($c: ID!) { saveTrack2Profile(caseId: $c, input: { skills: \"Kassa, klantcontact\", education: \"MBO 2\", searchProfile: \"Winkel, lichte logistiek\" }) { id } }", json!({ "c": case })).await;
        for (title, reason) in [("Orderpicker", "Veel vacatures in de regio"), ("Winkelmedewerker", "Klantcontact ligt hem")] {
            ok(&app, &consultant, "mutation($c: ID!, $t: String!, $r: String!) { addPromisingOccupation(caseId: $c, title: $t, reason: $r) { id } }", json!({ "c": case, "t": title, "r": reason })).await;
        }
        ok(&app, &consultant, "mutation($c: ID!, $d: Date!) { recordTrack2Activity(caseId: $c, input: { kind: WORK_PLACEMENT, title: \"Werkplekervaring magazijn\", organisation: \"Logistiek Oost\", startsOn: $d, hoursPerWeek: 12 }) { id } }", json!({ "c": case, "d": day(today - Duration::days(4)) })).await;
        for (d, summary) in [(8, "Kennismaking en cv doorgenomen"), (2, "Vacatures gekozen")] {
            ok(&app, &consultant, "mutation($c: ID!, $d: Date!, $s: String!) { recordContact(caseId: $c, input: { occurredOn: $d, kind: PHONE, summary: $s }) { id } }", json!({ "c": case, "d": day(today - Duration::days(d)), "s": summary })).await;
        }
        let data = ok(&app, &consultant, "mutation($c: ID!) { recordApplication(caseId: $c, input: { company: \"Jumbo Deventer\", position: \"Vakkenvuller\" }) { id status appliedOn } }", json!({ "c": case })).await;
        assert_eq!(data["recordApplication"]["status"], "SENT");
        assert_eq!(data["recordApplication"]["appliedOn"], day(today));
        let application = data["recordApplication"]["id"].as_str().unwrap().to_string();
        ok(&app, &consultant, "mutation($c: ID!, $d: Date!) { recordApplication(caseId: $c, input: { kind: PROPOSAL, company: \"Bakkerij Zuid\", position: \"Verkoper\", appliedOn: $d, channel: AGENCY }) { id } }", json!({ "c": case, "d": day(today - Duration::days(1)) })).await;
        ok(&app, &consultant, "mutation($a: ID!) { updateApplication(id: $a, status: INTERVIEW, outcome: \"Gesprek op maandag\") { id } }", json!({ "a": application })).await;

        // Bad input: a future contact, before the start, an empty summary; the employee and HR
        // do not write in the agency's file.
        for (d, s) in [(day(today + Duration::days(1)), "x"), (day(started - Duration::days(1)), "x"), (day(today), "  ")] {
            let res = app.gql(Some(&consultant), "mutation($c: ID!, $d: Date!, $s: String!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: $s }) { id } }", json!({ "c": case, "d": d, "s": s })).await;
            assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        }
        for token in [&employee, &hr] {
            let res = app.gql(Some(token), "mutation($c: ID!) { recordContact(caseId: $c, input: { occurredOn: \"2026-01-01\", summary: \"x\" }) { id } }", json!({ "c": case })).await;
            assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        }

        // A draft written from the period's data: only the agency sees it.
        let data = ok(&app, &consultant, "mutation($c: ID!) { draftTrack2Report(caseId: $c) { id status periodFrom periodTo activities } }", json!({ "c": case })).await;
        let draft = &data["draftTrack2Report"];
        assert_eq!(draft["status"], "DRAFT");
        assert_eq!(draft["periodFrom"], day(started));
        let text = draft["activities"].as_str().unwrap();
        for expected in ["Contactmomenten: 2.", "Kennismaking en cv doorgenomen", "Vakkenvuller bij Jumbo Deventer", "uitgenodigd voor gesprek", "Voordrachten bij werkgevers: 1.", "Werkplekervaring magazijn", "Orderpicker: Veel vacatures in de regio"] {
            assert!(text.contains(expected), "{expected} not in the draft: {text}");
        }
        for token in [&hr, &employee] {
            assert_eq!(track2(&app, token, &case).await["track2"]["reports"], json!([]), "a draft is the agency's own");
        }
        // The consultant's edits (several lines) stay when the draft is opened again; a rewrite
        // takes in what was recorded since.
        let draft_id = draft["id"].as_str().unwrap().to_string();
        ok(&app, &consultant, "mutation($r: ID!) { saveTrack2Report(id: $r, input: { activities: \"Eigen tekst\\nTweede regel\" }) { id } }", json!({ "r": draft_id })).await;
        ok(&app, &consultant, "mutation($c: ID!, $d: Date!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Nagekomen gesprek\" }) { id } }", json!({ "c": case, "d": day(today) })).await;
        let data = ok(&app, &consultant, "mutation($c: ID!) { draftTrack2Report(caseId: $c) { id activities } }", json!({ "c": case })).await;
        assert_eq!(data["draftTrack2Report"]["id"], draft_id.as_str(), "one draft at a time");
        assert_eq!(data["draftTrack2Report"]["activities"], "Eigen tekst\nTweede regel");
        let data = ok(&app, &consultant, "mutation($c: ID!) { draftTrack2Report(caseId: $c, rewrite: true) { activities } }", json!({ "c": case })).await;
        assert!(data["draftTrack2Report"]["activities"].as_str().unwrap().contains("Contactmomenten: 3.\n"), "{data}");
        let res = app.gql(Some(&consultant), "mutation($c: ID!) { submitTrack2Report(caseId: $c, input: { attitude: \"Gemotiveerd\" }) { id } }", json!({ "c": case })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "no submission without an assessment: {res}");

        // Submitted with the contract's arguments: frozen, read by employer and employee.
        app.clock.advance(Duration::days(2));
        let today = app.clock.today();
        // Access tokens live 15 minutes: everyone logs in again two days on.
        let (hr, consultant, employee) = (
            app.login("hr@korenschoof.example").await,
            app.login("adviseur@werkpad.example").await,
            app.login("werknemer@korenschoof.example").await,
        );
        let data = ok(&app, &consultant, "mutation($c: ID!) { submitTrack2Report(caseId: $c, input: { assessment: \"Goede voortgang, plaatsing binnen drie maanden reëel.\\nVolgende stap: proefplaatsing.\", attitude: \"Gemotiveerd en op tijd\" }) { id status submittedOn periodTo } }", json!({ "c": case })).await;
        let report = data["submitTrack2Report"]["id"].as_str().unwrap().to_string();
        assert_eq!(data["submitTrack2Report"]["status"], "SUBMITTED");
        assert_eq!(data["submitTrack2Report"]["periodTo"], day(today));
        let res = app.gql(Some(&consultant), "mutation($r: ID!) { saveTrack2Report(id: $r, input: { assessment: \"anders\" }) { id } }", json!({ "r": report })).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "{res}");
        for token in [&hr, &employee] {
            let seen = track2(&app, token, &case).await;
            let reports = seen["track2"]["reports"].as_array().unwrap();
            assert_eq!(reports.len(), 1, "{seen}");
            assert_eq!(reports[0]["assessment"], "Goede voortgang, plaatsing binnen drie maanden reëel.\nVolgende stap: proefplaatsing.");
            assert_eq!(reports[0]["attitude"], "Gemotiveerd en op tijd");
            assert_eq!(seen["track2"]["occupations"].as_array().unwrap().len(), 2);
            assert_eq!(seen["track2"]["applications"].as_array().unwrap().len(), 2);
            assert_eq!(seen["track2"]["profile"]["searchProfile"], "Winkel, lichte logistiek");
            // The next report is due six weeks after this one.
            assert_eq!(report_due(&seen), Some(json!(day(today + Duration::weeks(6)))));
            assert!(seen["milestones"].as_array().unwrap().iter().any(|m| m["kind"] == "TRACK2_REPORT" && m["occurredOn"] == day(today)));
        }
        // The next draft starts the day after the submitted period.
        let data = ok(&app, &consultant, "mutation($c: ID!) { draftTrack2Report(caseId: $c) { periodFrom } }", json!({ "c": case })).await;
        assert_eq!(data["draftTrack2Report"]["periodFrom"], day(today));

        // The RIV counts and prints it.
        let check = ok(&app, &hr, "query($c: ID!) { rivCompleteness(caseId: $c) { parts { part state lastOn } } }", json!({ "c": case })).await;
        let part = check["rivCompleteness"]["parts"].as_array().unwrap().iter().find(|p| p["part"] == "TRACK2_REPORTS").unwrap().clone();
        assert_eq!(part["state"], "PRESENT", "{check}");
        assert_eq!(part["lastOn"], day(today));
        let (status, _, pdf) = app.get(&hr, &format!("/api/cases/{case}/riv.pdf")).await;
        assert_eq!(status, http::StatusCode::OK);
        let text = pdf_text(&pdf);
        for expected in ["Voortgangsrapportage spoor 2", "Goede voortgang, plaatsing binnen drie maanden", "Gemotiveerd en op tijd", "Vakkenvuller bij Jumbo Deventer"] {
            assert!(text.contains(expected), "{expected} not in the RIV: {text}");
        }

        // A final report ends track 2: nothing more is written in it.
        ok(&app, &consultant, "mutation($c: ID!) { submitTrack2Report(caseId: $c, input: { kind: FINAL, assessment: \"Geplaatst bij Bakkerij Zuid\" }) { id } }", json!({ "c": case })).await;
        let res = app.gql(Some(&consultant), "mutation($c: ID!) { recordApplication(caseId: $c, input: { company: \"X\", position: \"Y\" }) { id } }", json!({ "c": case })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("TRACK2_ENDED"), "{res}");
        let seen = track2(&app, &consultant, &case).await;
        assert_eq!(seen["track2"]["canEdit"], false);
    }
}

on_both_databases! {
    async fn effort_below_the_agreement_two_months_running_is_a_risk_signal(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        let hr = app.login("hr@korenschoof.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let case = app.report_sick(&hr, "Willem Nijhuis", today - Duration::weeks(70)).await;
        let werkpad = organisation_of(&app, &consultant).await;
        let started = today - Duration::days(75);
        ok(&app, &hr, "mutation($c: ID!, $o: ID!, $s: Date!) { assignAgency(caseId: $c, organisationId: $o, startedOn: $s, contactsPerMonth: 2, applicationsPerMonth: 1) { id } }",
            json!({ "c": case, "o": werkpad, "s": day(started) })).await;
        // The first month as agreed, then one contact only.
        for d in [1, 15, 40] {
            ok(&app, &consultant, "mutation($c: ID!, $d: Date!) { recordContact(caseId: $c, input: { occurredOn: $d, summary: \"Gesprek\" }) { id } }", json!({ "c": case, "d": day(started + Duration::days(d)) })).await;
        }
        ok(&app, &consultant, "mutation($c: ID!, $d: Date!) { recordApplication(caseId: $c, input: { company: \"A\", position: \"B\", appliedOn: $d }) { id } }", json!({ "c": case, "d": day(started + Duration::days(3)) })).await;

        let seen = track2(&app, &hr, &case).await;
        let months = seen["track2"]["effort"]["months"].as_array().unwrap();
        assert_eq!(months.len(), 3, "{seen}");
        assert_eq!((months[0]["contacts"].clone(), months[0]["applications"].clone(), months[0]["belowAgreement"].clone()), (json!(2), json!(1), json!(false)));
        assert_eq!((months[1]["contacts"].clone(), months[1]["applications"].clone(), months[1]["belowAgreement"].clone()), (json!(1), json!(0), json!(true)));
        assert_eq!(months[2]["complete"], false);
        assert!(seen["track2"]["effort"]["belowAgreementSince"].is_null(), "one month short is no risk yet");
        assert!(!seen["riskSignals"].as_array().unwrap().iter().any(|s| s["kind"] == "TRACK2_EFFORT_LOW"));

        // The third month ends short as well: the risk shows on the case and in the list.
        app.clock.advance(Duration::days(20));
        let (hr, consultant) = (
            app.login("hr@korenschoof.example").await,
            app.login("adviseur@werkpad.example").await,
        );
        let third_ends = chrono::NaiveDate::parse_from_str(months[2]["to"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let seen = track2(&app, &hr, &case).await;
        assert_eq!(seen["track2"]["effort"]["belowAgreementSince"], day(third_ends + Duration::days(1)));
        assert!(seen["riskSignals"].as_array().unwrap().iter().any(|s| s["kind"] == "TRACK2_EFFORT_LOW" && s["since"] == day(third_ends + Duration::days(1))), "{seen}");
        let list = ok(&app, &hr, "{ cases(first: 50) { nodes { id riskSignals { kind } } } }", json!({})).await;
        let row = list["cases"]["nodes"].as_array().unwrap().iter().find(|n| n["id"] == case).unwrap().clone();
        assert!(row["riskSignals"].as_array().unwrap().iter().any(|s| s["kind"] == "TRACK2_EFFORT_LOW"), "{row}");
        // The agency sees the same indicator.
        let seen = track2(&app, &consultant, &case).await;
        assert_eq!(seen["track2"]["effort"]["belowAgreementSince"], day(third_ends + Duration::days(1)));
    }
}

on_both_databases! {
    async fn the_consultant_is_reminded_of_the_six_weekly_report_with_a_link_to_the_case(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let today = app.clock.today();
        // The consultant chose one e-mail per step over the daily digest.
        app.per_step_reminders().await;
        let hr = app.login("hr@korenschoof.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let case = app.report_sick(&hr, "Willem Nijhuis", today - Duration::weeks(60)).await;
        let werkpad = organisation_of(&app, &consultant).await;
        // The first report falls due in 7 days: the policy's first reminder to the agency.
        ok(&app, &hr, "mutation($c: ID!, $o: ID!, $s: Date!) { assignAgency(caseId: $c, organisationId: $o, startedOn: $s) { id } }",
            json!({ "c": case, "o": werkpad, "s": day(today - Duration::days(35)) })).await;
        let (_, sent) = gateway::worker::remind(&app.state, true).await.unwrap();
        assert_eq!(sent.retrying, 0, "{sent:?}");
        let to_agency: Vec<String> = app
            .outbox()
            .into_iter()
            .filter(|m| m.lines().any(|l| l.starts_with("To:") && l.contains("adviseur@werkpad.example")))
            .collect();
        assert_eq!(to_agency.len(), 1, "one reminder to the consultant: {to_agency:?}");
        let mail = &to_agency[0];
        assert!(mail.contains(&format!("Subject: Herinnering: Rapportage spoor 2 Willem uiterlijk {}", (today + Duration::days(7)).format("%d-%m-%Y"))), "{mail}");
        assert!(mail.contains(&format!("/re-integratie/dossiers/{case}")), "{mail}");
        // Submitting the report takes it off the list: the next sweep sends nothing more to him.
        ok(&app, &consultant, "mutation($c: ID!) { submitTrack2Report(caseId: $c, input: { assessment: \"Op schema\" }) { id } }", json!({ "c": case })).await;
        app.clock.advance(Duration::days(7));
        gateway::worker::remind(&app.state, true).await.unwrap();
        let count = app.outbox().iter().filter(|m| m.lines().any(|l| l.starts_with("To:") && l.contains("adviseur@werkpad.example"))).count();
        assert_eq!(count, 1, "no reminder of a report already submitted");
    }
}
