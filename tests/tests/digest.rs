//! The daily digest end to end, through a real SMTP server (aiosmtpd, started by `make test`):
//! one e-mail per person per day at the employer's hour, grouped by case with links and the
//! new steps as `.ics`, in the reader's language; nothing before the hour and nothing twice
//! however often the sweep runs or however many deliver at once; a step done before the hour
//! is left out; a step due today that missed the day's digest goes alone; the choice of one
//! e-mail per step; no medical text and no surname in any of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use e2e::{TestApp, on_both_databases, smtp_sink};
use platform::clock::{Clock, dutch_instant};
use scheduling::{Delivery, deliver_due, sweep};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const DIAGNOSIS: &str = "DIGESTDIAGNOSE-5521";

/// The messages the sink holds for this test's rows of `table` (`digests` or `reminders`),
/// by row id (the Message-ID names it), with folded lines joined.
async fn received(app: &TestApp, dir: &Path, table: &str) -> BTreeMap<String, Vec<String>> {
    let prefix = if table == "digests" {
        "digest"
    } else {
        "reminder"
    };
    let ids = app.ids(table).await;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_none_or(|x| x != "eml") {
            continue;
        }
        let mail = e2e::unfolded(&std::fs::read_to_string(entry.path()).unwrap_or_default())
            .replace("\r\n ", "")
            .replace("\n ", "");
        for id in &ids {
            if mail.contains(&format!("<{prefix}-{id}@poortwachter>")) {
                out.entry(id.clone()).or_default().push(mail.clone());
            }
        }
    }
    out
}

/// (recipient e-mail, subject, step, status) of every reminder, sorted.
async fn reminders(app: &TestApp) -> Vec<(String, String, String, String)> {
    let db = &app.state.db;
    let mut rows: Vec<_> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT u.email AS email, r.subject AS subject, r.step AS step, r.status AS status \
             FROM reminders r JOIN users u ON u.id = r.recipient_user_id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get("", "email").unwrap(),
                r.try_get("", "subject").unwrap(),
                r.try_get("", "step").unwrap(),
                r.try_get("", "status").unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// (recipient e-mail, day, status) of every digest, sorted.
async fn digests(app: &TestApp) -> Vec<(String, String, String)> {
    let db = &app.state.db;
    let mut rows: Vec<_> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT u.email AS email, d.day AS day, d.status AS status \
             FROM digests d JOIN users u ON u.id = d.recipient_user_id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let day: NaiveDate = r.try_get("", "day").unwrap();
            (
                r.try_get("", "email").unwrap(),
                day.to_string(),
                r.try_get("", "status").unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Moves the clock to `hour`:00 Dutch time on the day after today.
fn to_tomorrow_at(app: &TestApp, hour: u32) {
    let at = dutch_instant(app.clock.today() + Duration::days(1), hour);
    app.clock.advance(at - app.clock.now());
}

fn live(app: &TestApp) -> Delivery {
    Delivery {
        mailer: app.state.mailer.clone(),
        public_url: app.state.config.public_url.clone(),
        in_flight: Default::default(),
    }
}

/// The due date of the case's problem analysis.
async fn analysis_due(app: &TestApp, token: &str, case: &str) -> NaiveDate {
    let res = app
        .gql(
            Some(token),
            "query($c: ID!) { case(id: $c) { deadlines { kind dueOn } } }",
            json!({ "c": case }),
        )
        .await;
    let due = res["data"]["case"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "PROBLEM_ANALYSIS")
        .unwrap()["dueOn"]
        .as_str()
        .unwrap()
        .to_string();
    NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap()
}

on_both_databases! {
    async fn a_day_of_steps_comes_in_one_mail_per_person_at_the_employers_hour(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        let db = &app.state.db;
        to_tomorrow_at(&app, 6);
        let hr = app.login("hr@korenschoof.example").await;

        // HR moves the digest to eight; an hour that does not exist is refused, and only the
        // employer's administrator sets it.
        let res = app.gql(Some(&hr), "{ digestHour }", json!({})).await;
        assert_eq!(res["data"]["digestHour"], 7, "seven by default: {res}");
        let res = app.gql(Some(&hr), "mutation { setDigestHour(hour: 24) }", json!({})).await;
        assert_eq!(e2e::error_reason(&res).as_deref(), Some("INVALID_INPUT"), "{res}");
        let res = app.gql(Some(&hr), "mutation { setDigestHour(hour: 8) }", json!({})).await;
        assert_eq!(res["data"]["setDigestHour"], 8, "{res}");
        let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor), "mutation { setDigestHour(hour: 5) }", json!({})).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        // The doctor reads in English.
        let res = app.gql(Some(&doctor), "mutation { setLanguage(language: EN) { id } }", json!({})).await;
        assert!(res.get("errors").is_none(), "{res}");

        // Two of HR's employees have been sick for 39 days, both with the doctor: each
        // problem analysis is due within 3 days.
        let willem = app.willems_assigned_case(&hr, 39).await;
        let bram = app.report_sick(&hr, "Bram Jansen", app.clock.today() - Duration::days(39)).await;
        app.assign(&hr, &bram, &["COMPANY_DOCTOR"]).await;
        let res = app.gql(Some(&doctor), "mutation($c: ID!, $d: Date!) { recordConsultation(caseId: $c, input: { date: $d, diagnosis: \"DIGESTDIAGNOSE-5521\" }) { id } }",
            json!({ "c": willem, "d": app.clock.today().to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");

        // The sweep bundles the four reminders into two digests; sweeping again, twice at
        // once, adds nothing.
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((swept.queued, swept.digests), (4, 2), "{swept:?}");
        let (a, b) = tokio::join!(sweep(db, app.clock.today(), app.clock.now()), sweep(db, app.clock.today(), app.clock.now()));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!((a.queued + b.queued, a.digests + b.digests), (0, 0));
        assert!(reminders(&app).await.iter().all(|r| r.3 == "BUNDLED"));
        let today = app.clock.today().to_string();
        assert_eq!(digests(&app).await, vec![
            ("bedrijfsarts@arbo-oost.example".to_string(), today.clone(), "PENDING".to_string()),
            ("hr@korenschoof.example".to_string(), today.clone(), "PENDING".to_string()),
        ]);

        // Nothing goes before eight.
        assert_eq!(deliver_due(db, &live(&app), app.clock.now()).await.unwrap().sent, 0);
        assert!(received(&app, &dir, "digests").await.is_empty());

        // At eight two workers deliver at once: one e-mail per person.
        app.clock.advance(Duration::hours(2));
        let now = app.clock.now();
        let (one, two) = (live(&app), live(&app));
        let (x, y) = tokio::join!(deliver_due(db, &one, now), deliver_due(db, &two, now));
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(x.sent + y.sent, 2, "{x:?} {y:?}");
        assert!(reminders(&app).await.iter().all(|r| r.3 == "SENT"), "the digests carried the reminders");
        assert!(digests(&app).await.iter().all(|d| d.2 == "SENT"));
        let mails = received(&app, &dir, "digests").await;
        assert_eq!(mails.len(), 2);
        assert!(mails.values().all(|copies| copies.len() == 1), "nothing twice");
        assert!(received(&app, &dir, "reminders").await.is_empty(), "no e-mail per step");
        let to = |who: &str| mails.values().map(|c| &c[0]).find(|m| m.contains(&format!("X-Envelope-To: {who}"))).unwrap().clone();
        let hr_mail = to("hr@korenschoof.example");
        assert!(hr_mail.contains("Subject: Poortwachter-overzicht"), "{hr_mail}");
        assert!(hr_mail.contains("Willem") && hr_mail.contains("Bram"), "both cases: {hr_mail}");
        for case in [&willem, &bram] {
            assert!(hr_mail.contains(&format!("/werkgever/dossiers/{case}")), "a link per case: {hr_mail}");
            let due = analysis_due(&app, &hr, case).await;
            assert!(hr_mail.contains(&format!("UID:{case}/PROBLEM_ANALYSIS/{due}@poortwachter")), "the new steps as .ics: {hr_mail}");
        }
        assert!(hr_mail.contains("Probleemanalyse") && hr_mail.contains("nieuw"), "{hr_mail}");
        assert!(hr_mail.contains("text/calendar"));
        let doctor_mail = to("bedrijfsarts@arbo-oost.example");
        assert!(doctor_mail.contains("Subject: Poortwachter overview"), "in English: {doctor_mail}");
        assert!(doctor_mail.contains("Problem analysis") && doctor_mail.contains(&format!("/bedrijfsarts/dossiers/{willem}")), "{doctor_mail}");
        for mail in [&hr_mail, &doctor_mail] {
            assert!(!mail.contains(DIAGNOSIS), "no medical text");
            assert!(!mail.contains("Nijhuis") && !mail.contains("Jansen"), "first names only");
        }

        // The employee chooses one e-mail per step; HR keeps the digest.
        let employee = app.login("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&employee), "mutation { setDailyDigest(on: false) { dailyDigest advanceReminders } }", json!({})).await;
        assert_eq!(res["data"]["setDailyDigest"], json!({ "dailyDigest": false, "advanceReminders": true }), "{res}");
        let res = app.gql(Some(&employee), "{ notificationSettings { dailyDigest } }", json!({})).await;
        assert_eq!(res["data"]["notificationSettings"]["dailyDigest"], false);

        // The analysis falls due after eight, when the day's digest has gone: the reminder of
        // the day goes alone; what is not due today waits for tomorrow's digest.
        let due = analysis_due(&app, &hr, &willem).await;
        app.advance_to(due);
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert!(swept.queued >= 4, "{swept:?}");
        let alone: Vec<_> = reminders(&app).await.into_iter().filter(|r| r.2 == "D-0").collect();
        assert!(alone.iter().all(|r| r.3 == "PENDING"), "due today, after the digest: {alone:?}");
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert!(report.sent >= 2, "{report:?}");
        let singles = received(&app, &dir, "reminders").await;
        assert!(singles.values().any(|c| c[0].contains("Subject: Herinnering: Probleemanalyse Willem")), "{singles:?}");
        let waiting: Vec<_> = reminders(&app).await.into_iter().filter(|r| r.3 == "BUNDLED").collect();
        let employee_waits = waiting.iter().any(|r| r.0 == "werknemer@korenschoof.example");
        assert!(!employee_waits, "the employee's steps never wait for a digest: {waiting:?}");
        let tomorrow = (app.clock.today() + Duration::days(1)).to_string();
        for r in &waiting {
            assert!(digests(&app).await.iter().any(|d| d.0 == r.0 && d.1 == tomorrow), "{r:?} has tomorrow's digest");
        }
    }
}

on_both_databases! {
    async fn a_step_done_before_the_hour_is_left_out_and_an_empty_digest_is_not_sent(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        let db = &app.state.db;
        to_tomorrow_at(&app, 5);
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 39).await;
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((swept.queued, swept.digests), (2, 2), "{swept:?}");

        // HR records the analysis at half past six: at seven there is nothing new to say.
        app.clock.advance(Duration::minutes(90));
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: PROBLEM_ANALYSIS, on: $d) { kind } }",
            json!({ "c": case, "d": app.clock.today().to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");
        app.clock.advance(Duration::minutes(30));
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert_eq!((report.sent, report.cancelled), (0, 2), "{report:?}");
        assert!(reminders(&app).await.iter().all(|r| r.3 == "CANCELLED"));
        assert!(received(&app, &dir, "digests").await.is_empty(), "no e-mail without news");
    }
}
