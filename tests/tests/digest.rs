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

        // The sweep gathers the four steps as news of two digests, a row per person and no
        // outbox row per step; sweeping again, twice at once, adds nothing.
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((swept.queued, swept.news, swept.digests), (0, 2, 2), "{swept:?}");
        let (a, b) = tokio::join!(sweep(db, app.clock.today(), app.clock.now()), sweep(db, app.clock.today(), app.clock.now()));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!((a.queued + b.queued, a.news + b.news, a.digests + b.digests), (0, 0, 0));
        assert!(reminders(&app).await.is_empty());
        let news = app.digest_news().await;
        assert_eq!(news.len(), 4, "{news:?}");
        assert!(news.iter().all(|n| n.4 == "BUNDLED" && !n.5), "{news:?}");
        assert_eq!(app.count_rows("digest_batches").await, 2, "one row per person");
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
        assert!(app.digest_news().await.iter().all(|n| n.4 == "SENT" && n.5), "the digests carried their news");
        assert!(digests(&app).await.iter().all(|d| d.2 == "SENT"));
        let mails = received(&app, &dir, "digests").await;
        assert_eq!(mails.len(), 2);
        assert!(mails.values().all(|copies| copies.len() == 1), "nothing twice");
        assert!(received(&app, &dir, "reminders").await.is_empty(), "no e-mail per step");
        // The day's sweep again after the digests went: their news was carried, nothing is
        // news twice and no digest is added for tomorrow.
        let again = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((again.queued, again.news, again.digests), (0, 0, 0), "{again:?}");
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
        let waiting: Vec<_> = app.digest_news().await.into_iter().filter(|n| n.4 == "BUNDLED").collect();
        assert!(waiting.iter().any(|n| n.2 == "PLAN_OF_ACTION"), "the plan, 14 days ahead, waits: {waiting:?}");
        assert!(!waiting.iter().any(|n| n.2 == "PROBLEM_ANALYSIS"), "what went alone is not news: {waiting:?}");
        let employee_waits = waiting.iter().any(|n| n.0 == "werknemer@korenschoof.example");
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
        assert_eq!((swept.news, swept.digests), (2, 2), "{swept:?}");

        // HR records the analysis at half past six: at seven there is nothing new to say.
        app.clock.advance(Duration::minutes(90));
        let res = app.gql(Some(&hr), "mutation($c: ID!, $d: Date!) { recordMilestone(caseId: $c, kind: PROBLEM_ANALYSIS, on: $d) { kind } }",
            json!({ "c": case, "d": app.clock.today().to_string() })).await;
        assert!(res.get("errors").is_none(), "{res}");
        app.clock.advance(Duration::minutes(30));
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert_eq!((report.sent, report.cancelled), (0, 2), "{report:?}");
        let news = app.digest_news().await;
        assert!(!news.is_empty() && news.iter().all(|n| n.4 == "CANCELLED"), "{news:?}");
        assert!(received(&app, &dir, "digests").await.is_empty(), "no e-mail without news");
    }
}

on_both_databases! {
    async fn an_upgrade_keeps_the_news_the_old_sweep_bundled(backend) {
        use migration::{Migrator, MigratorTrait};
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        let db = &app.state.db;
        to_tomorrow_at(&app, 5);
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 39).await;
        let due = analysis_due(&app, &hr, &case).await;
        // Before migration 23 the sweep wrote an outbox row per step, BUNDLED for the
        // recipient's digest: HR's and the doctor's "3 days before" of the analysis.
        app.per_step_reminders().await;
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!(swept.queued, 2, "{swept:?}");
        Migrator::down(db, Some(1)).await.unwrap();
        let backend_of = db.get_database_backend();
        let p = |n: usize| if backend_of == sea_orm::DbBackend::Postgres { format!("${n}") } else { format!("?{n}") };
        db.execute_raw(Statement::from_sql_and_values(backend_of,
            format!("UPDATE reminders SET status = 'BUNDLED', digest_on = {}", p(1)),
            [app.clock.today().into()])).await.unwrap();
        let people = db.query_all_raw(Statement::from_string(backend_of,
            "SELECT DISTINCT r.recipient_user_id AS u, us.tenant_id AS t FROM reminders r JOIN users us ON us.id = r.recipient_user_id")).await.unwrap();
        assert_eq!(people.len(), 2);
        for row in people {
            let (user, tenant): (uuid::Uuid, uuid::Uuid) = (row.try_get("", "u").unwrap(), row.try_get("", "t").unwrap());
            db.execute_raw(Statement::from_sql_and_values(backend_of,
                format!("INSERT INTO digests (id, tenant_id, recipient_user_id, day, status, attempts, next_attempt_at, created_at) \
                         VALUES ({}, {}, {}, {}, 'PENDING', 0, {}, {})", p(1), p(2), p(3), p(4), p(5), p(6)),
                [uuid::Uuid::now_v7().into(), tenant.into(), user.into(), app.clock.today().into(),
                 dutch_instant(app.clock.today(), 7).into(), app.clock.now().into()])).await.unwrap();
        }
        db.execute_unprepared("DELETE FROM notification_settings").await.unwrap();

        // The upgrade moves them into one batch per person; the reminders are gone.
        Migrator::up(db, None).await.unwrap();
        assert_eq!(app.count_rows("reminders").await, 0);
        let news = app.digest_news().await;
        let expected: Vec<_> = ["bedrijfsarts@arbo-oost.example", "hr@korenschoof.example"]
            .iter()
            .map(|who| (who.to_string(), case.clone(), "PROBLEM_ANALYSIS".to_string(), "D-3".to_string(), "BUNDLED".to_string(), false))
            .collect();
        assert_eq!(news, expected);

        // At seven both digests carry the analysis as news.
        app.clock.advance(Duration::hours(2));
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert_eq!(report.sent, 2, "{report:?}");
        let mails = received(&app, &dir, "digests").await;
        assert_eq!(mails.len(), 2);
        for copies in mails.values() {
            assert!(copies[0].contains(&format!("UID:{case}/PROBLEM_ANALYSIS/{due}@poortwachter")), "{}", copies[0]);
        }
        assert!(app.digest_news().await.iter().all(|n| n.4 == "SENT" && n.5));
    }
}

on_both_databases! {
    async fn news_after_the_days_digest_went_comes_the_next_day_without_what_it_carried(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        let db = &app.state.db;
        to_tomorrow_at(&app, 6);
        let hr = app.login("hr@korenschoof.example").await;
        let willem = app.willems_assigned_case(&hr, 39).await;
        sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        app.clock.advance(Duration::hours(1));
        assert_eq!(deliver_due(db, &live(&app), app.clock.now()).await.unwrap().sent, 2);

        // At nine HR enters Bram, sick for 39 days: his analysis is news for the same day,
        // whose digest has gone. The worker's next sweep of the day puts it in tomorrow's.
        app.clock.advance(Duration::hours(2));
        let bram = app.report_sick(&hr, "Bram Jansen", app.clock.today() - Duration::days(39)).await;
        let swept = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((swept.queued, swept.news, swept.digests), (0, 1, 1), "news for HR, in a new digest: {swept:?}");
        let tomorrow = (app.clock.today() + Duration::days(1)).to_string();
        assert!(digests(&app).await.contains(&("hr@korenschoof.example".into(), tomorrow, "PENDING".into())));
        let again = sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        assert_eq!((again.news, again.digests), (0, 0), "{again:?}");

        let bram_due = analysis_due(&app, &hr, &bram).await;
        let willem_due = analysis_due(&app, &hr, &willem).await;
        to_tomorrow_at(&app, 7);
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert_eq!(report.sent, 1, "{report:?}");
        let mails = received(&app, &dir, "digests").await;
        let hr_mails: Vec<&String> = mails.values().map(|c| &c[0]).filter(|m| m.contains("X-Envelope-To: hr@korenschoof.example")).collect();
        assert_eq!(hr_mails.len(), 2);
        let second = hr_mails.iter().find(|m| m.contains("Bram")).unwrap();
        assert!(second.contains(&format!("UID:{bram}/PROBLEM_ANALYSIS/{bram_due}@poortwachter")), "Bram's step is news: {second}");
        assert!(!second.contains(&format!("UID:{willem}/PROBLEM_ANALYSIS/{willem_due}")), "Willem's was carried yesterday: {second}");
        assert!(app.digest_news().await.iter().all(|n| n.4 == "SENT" && n.5));

        // Housekeeping keeps carried news two weeks, then removes it: case ids in it must not
        // outlive the cases retention deletes.
        gateway::worker::housekeeping(&app.state).await.unwrap();
        assert_eq!(app.count_rows("digest_batches").await, 2);
        app.clock.advance(Duration::days(15));
        gateway::worker::housekeeping(&app.state).await.unwrap();
        assert_eq!(app.count_rows("digest_batches").await, 0);
    }
}

on_both_databases! {
    async fn an_undelivered_digest_shows_on_hrs_list_and_goes_again_with_its_news(backend) {
        let Some((addr, dir)) = smtp_sink() else { return };
        let app = TestApp::start(backend, |c| c.smtp_url = Some(format!("smtp://{addr}"))).await;
        let db = &app.state.db;
        to_tomorrow_at(&app, 6);
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.willems_assigned_case(&hr, 39).await;
        let due = analysis_due(&app, &hr, &case).await;
        sweep(db, app.clock.today(), app.clock.now()).await.unwrap();
        let day = app.clock.today();

        // The relay is away for three days: both digests (HR's, the doctor's) fail.
        app.clock.advance(Duration::hours(1));
        let dead = app.dead_relay();
        assert_eq!(deliver_due(db, &dead, app.clock.now()).await.unwrap().retrying, 2);
        app.clock.advance(Duration::hours(73));
        assert_eq!(deliver_due(db, &dead, app.clock.now()).await.unwrap().failed, 2);
        assert!(digests(&app).await.iter().all(|d| d.2 == "FAILED"));

        // HR sees the employer's one (the doctor's belongs to his health service) and sends it
        // again; a case manager sees the list, as the reminder policy, but may not send.
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "{ failedDigests { id day recipient attempts lastError } }", json!({})).await;
        let failed = res["data"]["failedDigests"].as_array().unwrap().clone();
        assert_eq!(failed.len(), 1, "{res}");
        assert_eq!(failed[0]["day"], day.to_string());
        assert!(failed[0]["recipient"].as_str().unwrap().contains("<hr@korenschoof.example>"), "{res}");
        assert!(failed[0]["lastError"].is_string(), "{res}");
        let manager = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&manager), "{ failedDigests { id } }", json!({})).await;
        assert_eq!(res["data"]["failedDigests"].as_array().map(Vec::len), Some(1), "{res}");
        let res = app.gql(Some(&manager), "mutation($id: ID!) { retryDigest(id: $id) }", json!({ "id": failed[0]["id"] })).await;
        assert_eq!(e2e::error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&hr), "mutation($id: ID!) { retryDigest(id: $id) }", json!({ "id": failed[0]["id"] })).await;
        assert_eq!(res["data"]["retryDigest"], true, "{res}");
        let res = app.gql(Some(&hr), "{ failedDigests { id } }", json!({})).await;
        assert_eq!(res["data"]["failedDigests"], json!([]), "{res}");

        // Sent again, it carries the news it had: the analysis.
        let report = deliver_due(db, &live(&app), app.clock.now()).await.unwrap();
        assert_eq!(report.sent, 1, "{report:?}");
        let mails = received(&app, &dir, "digests").await;
        let mail = &mails.values().next().unwrap()[0];
        assert!(mail.contains("X-Envelope-To: hr@korenschoof.example"), "{mail}");
        assert!(mail.contains(&format!("UID:{case}/PROBLEM_ANALYSIS/{due}@poortwachter")), "{mail}");
    }
}
