//! Reminders end to end, through a real SMTP server (aiosmtpd, started by `make test`): the
//! materialised deadlines, exactly the expected e-mails to the expected people, nothing twice
//! however often the sweep runs or however many deliver at once, retries while the relay is
//! down and every reminder once after it is back, giving up visibly after three days, no
//! reminder for a step done meanwhile, and no medical text in any of it. Here every user has
//! chosen one e-mail per step; the daily digest, the default, is in digest.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Duration;
use e2e::{TestApp, on_both_databases, smtp_sink};
use platform::clock::Clock;
use scheduling::{Delivery, deliver_due, sweep};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const DIAGNOSIS: &str = "HERINNERINGDIAGNOSE-9931";

/// The messages the sink holds for this test's reminders, by reminder id.
fn received(dir: &Path, ids: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_none_or(|x| x != "eml") {
            continue;
        }
        let mail = e2e::unfolded(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        for id in ids {
            if mail.contains(&format!("<reminder-{id}@poortwachter>")) {
                out.entry(id.clone()).or_default().push(mail.clone());
            }
        }
    }
    out
}

/// (id, recipient e-mail, subject, step, status) of every reminder, oldest first.
async fn reminders(app: &TestApp) -> Vec<(String, String, String, String, String)> {
    let db = &app.state.db;
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT r.id AS id, u.email AS email, r.subject AS subject, r.step AS step, r.status AS status \
         FROM reminders r JOIN users u ON u.id = r.recipient_user_id ORDER BY r.created_at, u.email, r.subject",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        let id: uuid::Uuid = r.try_get("", "id").unwrap();
        (
            id.to_string(),
            r.try_get("", "email").unwrap(),
            r.try_get("", "subject").unwrap(),
            r.try_get("", "step").unwrap(),
            r.try_get("", "status").unwrap(),
        )
    })
    .collect()
}

/// The case's materialised open deadlines.
async fn open_deadlines(app: &TestApp, case: &str) -> u64 {
    use cases::entities::case_deadline;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let id: uuid::Uuid = case.parse().unwrap();
    case_deadline::Entity::find()
        .filter(case_deadline::Column::CaseId.eq(id))
        .count(&app.state.db)
        .await
        .unwrap()
}

on_both_databases! {
    async fn reminders_reach_the_right_people_once_and_survive_a_dead_relay(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        app.per_step_reminders().await;
        let live = Delivery { mailer: app.state.mailer.clone(), public_url: app.state.config.public_url.clone(), in_flight: Default::default() };
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 39).await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $d: Date!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"HERINNERINGDIAGNOSE-9931\" }) { id } }",
            json!({ "c": case, "d": app.clock.today().format("%Y-%m-%d").to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");

        // The open deadlines are materialised with the case.
        let db = &app.state.db;
        let materialised = open_deadlines(&app, &case).await;
        assert!(materialised >= 5, "every open deadline of the case: {materialised}");
        let res = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { deadlines { kind dueOn status } } }", json!({ "c": case })).await;
        let pa_due = res["data"]["case"]["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "PROBLEM_ANALYSIS").unwrap()["dueOn"].as_str().unwrap().to_string();
        let days_left = (chrono::NaiveDate::parse_from_str(&pa_due, "%Y-%m-%d").unwrap() - app.clock.today()).num_days();
        assert!((1..=3).contains(&days_left), "the problem analysis is due in {days_left} days");

        // First sweep: the problem analysis is due within 3 days — the doctor and HR (the case
        // has no case manager) get the 3-day notice; nothing else is due yet.
        let (swept, sent) = gateway::worker::remind(&app.state, false).await.unwrap();
        assert_eq!((swept.queued, sent.sent, sent.retrying), (2, 2, 0), "{swept:?} {sent:?}");
        let rows = reminders(&app).await;
        let who: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str())).collect();
        assert_eq!(who, vec![("bedrijfsarts@arbo-oost.example", "PROBLEM_ANALYSIS", "D-3"), ("hr@korenschoof.example", "PROBLEM_ANALYSIS", "D-3")]);
        let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mails = received(&dir, &ids);
        assert_eq!(mails.len(), 2);
        for (id, copies) in &mails {
            assert_eq!(copies.len(), 1, "reminder {id} arrived {} times", copies.len());
            let mail = &copies[0];
            assert!(mail.contains("Subject: Herinnering: Probleemanalyse Willem uiterlijk"), "{mail}");
            assert!(mail.contains("text/calendar"), "the deadline as .ics");
            assert!(!mail.contains(DIAGNOSIS) && !mail.contains("Nijhuis"), "no medical text, first name only");
        }
        let to_doctor = &mails[&ids[0]][0];
        assert!(to_doctor.contains("X-Envelope-To: bedrijfsarts@arbo-oost.example"));
        assert!(to_doctor.contains(&format!("/bedrijfsarts/dossiers/{case}")));
        assert!(mails[&ids[1]][0].contains(&format!("/werkgever/dossiers/{case}")));

        // The sweep again, and twice at once: nothing new.
        let (again, sent) = gateway::worker::remind(&app.state, false).await.unwrap();
        assert_eq!((again.queued, sent.sent), (0, 0));
        let today = app.clock.today();
        let (a, b) = tokio::join!(sweep(db, today, app.clock.now()), sweep(db, today, app.clock.now()));
        assert_eq!(a.unwrap().queued + b.unwrap().queued, 0);

        // The due date passes with the relay down: the reminders wait and are retried. (The
        // plan of action, due in 13 days, has its 14-day notice for HR and the employee now.)
        app.clock.advance(Duration::days(days_left + 1));
        let dead = app.dead_relay();
        let before = reminders(&app).await.len();
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        let new: Vec<(String, String, String)> = reminders(&app).await[before..].iter().map(|r| (r.1.clone(), r.2.clone(), r.3.clone())).collect();
        let expect = |list: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
            let mut v: Vec<_> = list.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
            v.sort();
            v
        };
        let sorted = |mut v: Vec<(String, String, String)>| { v.sort(); v };
        assert_eq!(sorted(new), expect(&[
            ("bedrijfsarts@arbo-oost.example", "PROBLEM_ANALYSIS", "D-0"),
            ("hr@korenschoof.example", "PROBLEM_ANALYSIS", "D-0"),
            ("hr@korenschoof.example", "PLAN_OF_ACTION", "D-14"),
            ("werknemer@korenschoof.example", "PLAN_OF_ACTION", "D-14"),
        ]));
        assert_eq!(swept.queued, 4);
        let report = deliver_due(db, &dead, app.clock.now()).await.unwrap();
        assert_eq!((report.sent, report.retrying), (0, 4));
        let report = deliver_due(db, &dead, app.clock.now()).await.unwrap();
        assert_eq!(report.retrying, 0, "nothing is tried again before its backoff");
        app.clock.advance(Duration::minutes(3));
        let report = deliver_due(db, &dead, app.clock.now()).await.unwrap();
        assert_eq!(report.retrying, 4, "tried again, still down");
        // The relay is back: two workers deliver at once, each reminder arrives once.
        app.clock.advance(Duration::minutes(10));
        let now = app.clock.now();
        let (x, y) = tokio::join!(deliver_due(db, &live, now), deliver_due(db, &live, now));
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(x.sent + y.sent, 4, "{x:?} {y:?}");
        let rows = reminders(&app).await;
        assert!(rows.iter().all(|r| r.4 == "SENT"), "{rows:?}");
        let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mails = received(&dir, &ids);
        assert_eq!(mails.len(), 6);
        assert!(mails.values().all(|copies| copies.len() == 1), "nothing twice");
        let to_employee = rows.iter().find(|r| r.1 == "werknemer@korenschoof.example").unwrap();
        let mail = &mails[&to_employee.0][0];
        assert!(mail.contains("Subject: Herinnering: Plan van aanpak uiterlijk") && mail.contains("/werknemer/mijn-verzuim"), "{mail}");

        // A week late, the relay down for good: after three days of retries the reminders are
        // marked failed for the administrator to see.
        app.clock.advance(Duration::days(7));
        let queued = sweep(db, app.clock.today(), app.clock.now()).await.unwrap().queued;
        assert_eq!(queued, 2, "the overdue analysis (the plan, 6 days ahead, had its notice)");
        deliver_due(db, &dead, app.clock.now()).await.unwrap();
        app.clock.advance(Duration::hours(73));
        let report = deliver_due(db, &dead, app.clock.now()).await.unwrap();
        assert_eq!(report.failed, 2, "{report:?}");
        let failed = reminders(&app).await.into_iter().filter(|r| r.4 == "FAILED").count();
        assert_eq!(failed, 2);

        // The analysis is made before the next reminder goes out: that one is not sent. (The
        // sweep did not run on the plan's 3-day mark; it sends the latest step only, once.)
        app.clock.advance(Duration::days(7));
        assert_eq!(sweep(db, app.clock.today(), app.clock.now()).await.unwrap().queued, 4);
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: PROBLEM_ANALYSIS, on: $d) { kind } }",
            json!({ "c": case, "d": app.clock.today().format("%Y-%m-%d").to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let report = deliver_due(db, &live, app.clock.now()).await.unwrap();
        assert_eq!((report.sent, report.cancelled), (2, 2), "the plan's reminders go, the analysis's do not: {report:?}");

        // Closing the case leaves nothing to remind of.
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { reportRecovery(caseId: $c, recoveredOn: $d) { id } }",
            json!({ "c": case, "d": app.clock.today().format("%Y-%m-%d").to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");
        assert_eq!(open_deadlines(&app, &case).await, 0, "a recovered case has no open deadlines");
    }
}

/// Unfolds an iCalendar text and checks its structure (RFC 5545: CRLF lines, balanced
/// components, the properties every event needs); returns the events' properties.
fn parse_ical(text: &str) -> Vec<BTreeMap<String, String>> {
    assert!(text.ends_with("\r\n"), "lines end in CRLF");
    let unfolded = text.replace("\r\n ", "");
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a content line: {line}"));
        match name {
            "BEGIN" => {
                if value == "VEVENT" {
                    current = Some(BTreeMap::new());
                }
                stack.push(value.to_string());
            }
            "END" => {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(value),
                    "unbalanced END:{value}"
                );
                if value == "VEVENT" {
                    events.push(current.take().unwrap());
                }
            }
            _ => {
                if let Some(event) = current.as_mut() {
                    event.insert(
                        name.split(';').next().unwrap().to_string(),
                        value.to_string(),
                    );
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    for e in &events {
        for required in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(
                e.contains_key(required),
                "an event without {required}: {e:?}"
            );
        }
    }
    events
}

on_both_databases! {
    async fn tasks_settings_calendar_and_the_reminder_policy(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        app.per_step_reminders().await;
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 39).await;
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let employee = app.login("werknemer@korenschoof.example").await;
        let consultant = app.login("adviseur@werkpad.example").await;
        let tasks = |token: String| {
            let app = &app;
            async move {
                let res = app.gql(Some(&token), "{ myTasks { caseId employee kind dueOn daysLeft overdue } }", json!({})).await;
                assert!(res.get("errors").is_none(), "{res}");
                res["data"]["myTasks"].as_array().unwrap().clone()
            }
        };
        let kinds = |list: &[serde_json::Value]| -> Vec<String> { list.iter().map(|t| t["kind"].as_str().unwrap().to_string()).collect() };
        // Whose turn it is: the doctor the analysis, the employee the plan he signs, HR both.
        let hr_tasks = tasks(hr.clone()).await;
        assert_eq!(kinds(&hr_tasks)[..2], ["PROBLEM_ANALYSIS".to_string(), "PLAN_OF_ACTION".to_string()], "{hr_tasks:?}");
        assert_eq!(hr_tasks[0]["caseId"], case);
        assert_eq!(hr_tasks[0]["employee"], "Willem Nijhuis");
        assert_eq!(kinds(&tasks(doctor.clone()).await), vec!["PROBLEM_ANALYSIS"]);
        assert_eq!(kinds(&tasks(employee.clone()).await), vec!["PLAN_OF_ACTION"]);
        assert!(tasks(consultant.clone()).await.is_empty(), "no track 2 yet");

        // The employee switches advance reminders off: the plan's 14-day notice skips him, HR
        // still gets it.
        let res = app.gql(Some(&employee), "mutation { setAdvanceReminders(on: false) { advanceReminders } }", json!({})).await;
        assert_eq!(res["data"]["setAdvanceReminders"]["advanceReminders"], false, "{res}");
        app.clock.advance(Duration::days(3));
        sweep(&app.state.db, app.clock.today(), app.clock.now()).await.unwrap();
        let plan: Vec<String> = reminders(&app).await.into_iter().filter(|r| r.2 == "PLAN_OF_ACTION").map(|r| r.1).collect();
        assert_eq!(plan, vec!["hr@korenschoof.example"]);

        // The calendar feed: made, read by any calendar app, revoked.
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "mutation { createCalendarFeed { url } }", json!({})).await;
        let url = res["data"]["createCalendarFeed"]["url"].as_str().unwrap().to_string();
        let path = url.split_once("/api/").map(|(_, p)| format!("/api/{p}")).unwrap();
        let (status, headers, body) = app.http(http::Request::get(&path).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(status, http::StatusCode::OK);
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let events = parse_ical(&String::from_utf8(body).unwrap());
        assert!(events.len() >= 2, "{events:?}");
        let analysis = events.iter().find(|e| e["SUMMARY"] == "Probleemanalyse Willem").unwrap();
        assert_eq!(&analysis["DTSTART"], &hr_tasks[0]["dueOn"].as_str().unwrap().replace('-', ""));
        let res = app.gql(Some(&hr), "mutation { createCalendarFeed { url } }", json!({})).await;
        let (status, _, _) = app.http(http::Request::get(&path).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(status, http::StatusCode::NOT_FOUND, "a new address ends the old one");
        let fresh = res["data"]["createCalendarFeed"]["url"].as_str().unwrap().split_once("/api/").map(|(_, p)| format!("/api/{p}")).unwrap();
        let res = app.gql(Some(&hr), "mutation { revokeCalendarFeed }", json!({})).await;
        assert_eq!(res["data"]["revokeCalendarFeed"], true);
        let (status, _, _) = app.http(http::Request::get(&fresh).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(status, http::StatusCode::NOT_FOUND);

        // The policy: HR reads and changes it; the doctor of the health service may not; the
        // doctor cannot be made a recipient of the employer's plan.
        let res = app.gql(Some(&hr), "{ reminderPolicies { kind enabled recipients allowedRecipients daysBefore overdueEveryDays } }", json!({})).await;
        let policies = res["data"]["reminderPolicies"].as_array().unwrap();
        assert_eq!(policies.len(), 23, "{res}");
        assert_eq!(policies[2]["kind"], "PLAN_OF_ACTION");
        assert_eq!(policies[2]["daysBefore"], json!([14, 3, 0]));
        let save = "mutation($i: ReminderPolicyInput!) { saveReminderPolicy(input: $i) { kind recipients daysBefore } }";
        let wrong = app.gql(Some(&hr), save, json!({ "i": { "kind": "PLAN_OF_ACTION", "enabled": true, "recipients": ["COMPANY_DOCTOR"], "daysBefore": [7], "overdueEveryDays": 7 } })).await;
        assert_eq!(e2e::error_reason(&wrong).as_deref(), Some("RECIPIENT_NOT_ALLOWED"), "{wrong}");
        let res = app.gql(Some(&hr), save, json!({ "i": { "kind": "PLAN_OF_ACTION", "enabled": true, "recipients": ["CASE_MANAGER"], "daysBefore": [0, 7, 7], "overdueEveryDays": 3 } })).await;
        assert_eq!(res["data"]["saveReminderPolicy"]["daysBefore"], json!([7, 0]), "{res}");
        let res = app.gql(Some(&hr), "{ reminderPolicies { kind recipients } }", json!({})).await;
        assert_eq!(res["data"]["reminderPolicies"][2]["recipients"], json!(["CASE_MANAGER"]));
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "{ reminderPolicies { kind } }", json!({})).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let manager = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&manager), save, json!({ "i": { "kind": "PLAN_OF_ACTION", "enabled": false, "recipients": [], "daysBefore": [], "overdueEveryDays": 0 } })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN"), "only HR changes the policy: {res}");

        // Undelivered reminders show for HR, who sends them again.
        let dead = app.dead_relay();
        deliver_due(&app.state.db, &dead, app.clock.now()).await.unwrap();
        app.clock.advance(Duration::hours(73));
        deliver_due(&app.state.db, &dead, app.clock.now()).await.unwrap();
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "{ failedReminders { id kind recipient employee attempts lastError } }", json!({})).await;
        let failed = res["data"]["failedReminders"].as_array().unwrap().clone();
        assert!(!failed.is_empty(), "{res}");
        assert_eq!(failed[0]["employee"], "Willem Nijhuis");
        assert!(failed[0]["lastError"].is_string());
        let res = app.gql(Some(&hr), "mutation($id: ID!) { retryReminder(id: $id) }", json!({ "id": failed[0]["id"] })).await;
        assert_eq!(res["data"]["retryReminder"], true, "{res}");
        let res = app.gql(Some(&hr), "{ failedReminders { id } }", json!({})).await;
        assert_eq!(res["data"]["failedReminders"].as_array().unwrap().len(), failed.len() - 1);
    }
}

on_both_databases! {
    async fn an_expert_opinion_reminds_the_asker_and_then_everyone_of_the_follow_up(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        app.per_step_reminders().await;
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 120).await;
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        // HR asked UWV four weeks ago: the answer is expected today.
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { requestExpertOpinion(caseId: $c, question: SUITABLE_WORK, submittedOn: $d) { id } }",
            json!({ "c": case, "d": day(app.clock.today() - Duration::days(28)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let opinion = res["data"]["requestExpertOpinion"]["id"].as_str().unwrap().to_string();
        let about = |rows: &[(String, String, String, String, String)], subject: &str| -> Vec<(String, String)> {
            let mut v: Vec<_> = rows.iter().filter(|r| r.2 == subject).map(|r| (r.1.clone(), r.3.clone())).collect();
            v.sort();
            v
        };

        // The expected day: the side that asked (HR, standing in for a case manager) is
        // reminded; the employee did not ask and is not.
        let (_, sent) = gateway::worker::remind(&app.state, false).await.unwrap();
        assert_eq!(sent.retrying + sent.failed, 0);
        let rows = reminders(&app).await;
        assert_eq!(about(&rows, "EXPERT_OPINION_ANSWER"), vec![("hr@korenschoof.example".to_string(), "D-0".to_string())]);
        assert!(about(&rows, "EXPERT_OPINION_FOLLOW_UP").is_empty());

        // Five days later HR records the answer UWV gave four days ago. The follow-up is due
        // 14 days after the answer, so its first reminder moment has passed already: the
        // parties are told now, not at the next moment.
        app.clock.advance(Duration::days(5));
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "mutation($o: ID!, $d: Date!) { recordExpertOpinionAnswer(id: $o, answeredOn: $d, outcome: \"Passend\") { status } }",
            json!({ "o": opinion, "d": day(app.clock.today() - Duration::days(4)) })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let (_, sent) = gateway::worker::remind(&app.state, false).await.unwrap();
        assert_eq!(sent.retrying + sent.failed, 0);
        let rows = reminders(&app).await;
        assert_eq!(about(&rows, "EXPERT_OPINION_FOLLOW_UP"), vec![
            ("hr@korenschoof.example".to_string(), "D-14".to_string()),
            ("werknemer@korenschoof.example".to_string(), "D-14".to_string()),
        ]);
        assert_eq!(about(&rows, "EXPERT_OPINION_ANSWER").len(), 1, "no more reminders of the answer");
        let follow_up: Vec<String> = rows.iter().filter(|r| r.2 == "EXPERT_OPINION_FOLLOW_UP").map(|r| r.0.clone()).collect();
        let mails = received(&dir, &follow_up);
        assert_eq!(mails.len(), 2);
        for copies in mails.values() {
            assert_eq!(copies.len(), 1);
            assert!(copies[0].contains("Subject: Herinnering: Opvolging deskundigenoordeel"), "{}", copies[0]);
            let subject = copies[0].lines().find(|l| l.starts_with("Subject:")).unwrap();
            assert!(!subject.contains("Nijhuis"), "first name only: {subject}");
            assert!(!copies[0].contains("Passend"), "nothing of UWV's answer");
        }

        // Nothing again until the next moment.
        let (swept, _) = gateway::worker::remind(&app.state, false).await.unwrap();
        assert_eq!(swept.queued, 0);
    }
}

on_both_databases! {
    async fn a_case_entered_weeks_late_is_reminded_of_its_overdue_steps_at_once(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        // Reported 66 days after the first sick day: the problem analysis (week 6) is three
        // weeks and some days late, the plan of action (two weeks later) one week and some —
        // neither on a weekly overdue moment today.
        let case = app.willems_assigned_case(&hr, 66).await;
        let db = &app.state.db;
        let res = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { deadlines { kind dueOn } } }", json!({ "c": case })).await;
        let due = |kind: &str| -> chrono::NaiveDate {
            let d = res["data"]["case"]["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap();
            d["dueOn"].as_str().unwrap().parse().unwrap()
        };
        let late = (app.clock.today() - due("PROBLEM_ANALYSIS")).num_days();
        assert!((22..=27).contains(&late), "the analysis is {late} days late");
        assert_eq!((due("PLAN_OF_ACTION") - due("PROBLEM_ANALYSIS")).num_days(), 14);
        let of_case = || async {
            let mut rows: Vec<(String, String, String)> = db
                .query_all_raw(Statement::from_sql_and_values(
                    db.get_database_backend(),
                    "SELECT u.email AS email, r.subject AS subject, r.step AS step FROM reminders r \
                     JOIN users u ON u.id = r.recipient_user_id WHERE r.case_id = $1",
                    [case.parse::<uuid::Uuid>().unwrap().into()],
                ))
                .await
                .unwrap()
                .iter()
                .map(|r| (r.try_get("", "email").unwrap(), r.try_get("", "subject").unwrap(), r.try_get("", "step").unwrap()))
                .collect();
            // Everyone here takes the digest (the default): the steps are its news, gathered
            // per person and sweep day; a reminder row would be one that goes alone.
            rows.extend(app.digest_news().await.into_iter().filter(|n| n.1 == case).map(|n| (n.0, n.2, n.3)));
            rows.sort();
            rows
        };
        let row = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        let first = vec![
            row("bedrijfsarts@arbo-oost.example", "PROBLEM_ANALYSIS", "OVERDUE-21"),
            row("hr@korenschoof.example", "PLAN_OF_ACTION", "OVERDUE-7"),
            row("hr@korenschoof.example", "PROBLEM_ANALYSIS", "OVERDUE-21"),
            row("werknemer@korenschoof.example", "PLAN_OF_ACTION", "OVERDUE-7"),
        ];
        assert_eq!(of_case().await, first, "the steps that appeared late, at once");

        // The next days bring nothing new until the steps' next weekly moments: 28 days late
        // for the analysis, 14 for the plan, on the same day.
        for _ in late + 1..28 {
            app.clock.advance(Duration::days(1));
            sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
            assert_eq!(of_case().await, first);
        }
        app.clock.advance(Duration::days(1));
        sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        let mut next = first.clone();
        next.extend([
            row("bedrijfsarts@arbo-oost.example", "PROBLEM_ANALYSIS", "OVERDUE-28"),
            row("hr@korenschoof.example", "PROBLEM_ANALYSIS", "OVERDUE-28"),
            row("hr@korenschoof.example", "PLAN_OF_ACTION", "OVERDUE-14"),
            row("werknemer@korenschoof.example", "PLAN_OF_ACTION", "OVERDUE-14"),
        ]);
        next.sort();
        assert_eq!(of_case().await, next);
    }
}
