//! Test harness: boots the real router on the real migrations, on SQLite or PostgreSQL, and
//! talks to it as the web app does (GraphQL over HTTP, through the whole middleware stack).
//!
//! PostgreSQL runs when `POORTWACHTER_TEST_PG` names an admin URL of a throwaway cluster
//! (`make test` starts one); each test gets its own database. Without it the PostgreSQL
//! variants fail, unless `E2E_SKIP_SERVICES=1` says on purpose that only SQLite is wanted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod bulk;
pub mod oidc;
pub mod process;
pub mod schema_walk;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use gateway::AppState;
use http::{Request, StatusCode};
use platform::clock::FixedClock;
use platform::config::Config;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// Where documents are stored in a test.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Store {
    /// A local directory (`file://`).
    File,
    /// The S3-compatible server `make test` starts (moto), under a fresh prefix.
    S3,
}

/// Points `config` at `store`. S3 needs `POORTWACHTER_TEST_S3` (the endpoint; bucket
/// `poortwachter-test` exists), which `make test` sets.
pub fn use_store(config: &mut Config, store: Store) {
    if store == Store::S3 {
        let Ok(endpoint) = std::env::var("POORTWACHTER_TEST_S3") else {
            panic!(
                "POORTWACHTER_TEST_S3 is not set: run `make test` (it starts an S3 server), \
                 or set E2E_SKIP_SERVICES=1 to run the local-storage variants only"
            );
        };
        config.storage = format!("s3://poortwachter-test/{}", uuid::Uuid::new_v4().simple());
        config.s3_endpoint = Some(endpoint);
        config.s3_region = Some("us-east-1".into());
        config.s3_access_key_id = Some("test".into());
        config.s3_secret_access_key = Some("test".into());
        config.s3_allow_http = true;
    }
}

/// A booted application.
pub struct TestApp {
    /// The shared state (database, services).
    pub state: AppState,
    /// The router under test.
    pub router: Router,
    /// The clock, movable.
    pub clock: Arc<FixedClock>,
    /// Temporary folder (data dir, outbox, web dir).
    pub dir: PathBuf,
    /// The backend.
    pub backend: Backend,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // A failed test's folder (its logs, the worker processes' among them) stays to look at.
        if std::thread::panicking() {
            eprintln!("kept {} for inspection", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The demo password.
pub const PASSWORD: &str = demo::PASSWORD;

/// A fresh database URL for `backend`.
pub async fn database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
        Backend::Postgres => {
            let Ok(admin) = std::env::var("POORTWACHTER_TEST_PG") else {
                panic!(
                    "POORTWACHTER_TEST_PG is not set: run `make test` (it starts PostgreSQL), \
                     or set E2E_SKIP_SERVICES=1 to run the SQLite variants only"
                );
            };
            let name = format!("e2e_{}", uuid::Uuid::new_v4().simple());
            let db = Database::connect(&admin)
                .await
                .expect("connect to the test cluster");
            db.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create database");
            db.close().await.ok();
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
    }
}

/// The SMTP server `make test` starts: its address and the folder it stores messages in; `None`
/// when services are skipped on purpose.
pub fn smtp_sink() -> Option<(String, PathBuf)> {
    if skip_services() {
        return None;
    }
    let addr = std::env::var("POORTWACHTER_TEST_SMTP")
        .expect("POORTWACHTER_TEST_SMTP is not set: run `make test`, or set E2E_SKIP_SERVICES=1");
    let dir = std::env::var("POORTWACHTER_TEST_SMTP_DIR").expect("POORTWACHTER_TEST_SMTP_DIR");
    Some((addr, dir.into()))
}

/// Whether tests needing PostgreSQL or the SMTP server are skipped on purpose (local runs).
pub fn skip_services() -> bool {
    std::env::var("E2E_SKIP_SERVICES").is_ok_and(|v| v == "1")
}

impl TestApp {
    /// Boots the app with the demo people (not the demo cases: scenarios make their own), after
    /// `tweak` adjusted the configuration.
    pub async fn start(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = std::env::temp_dir().join(format!("pw-e2e-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join("web")).unwrap();
        std::fs::write(
            dir.join("web/index.html"),
            "<!doctype html><title>Poortwachter</title>",
        )
        .unwrap();
        let mut config = Config {
            storage: format!("file://{}", dir.join("documents").display()),
            database_url: database_url(backend, &dir).await,
            database_max_connections: 5,
            data_dir: dir.join("data"),
            web_dir: dir.join("web"),
            trust_forwarded_for: true,
            login_attempts_per_minute: 10_000,
            ..Config::default()
        };
        tweak(&mut config);
        config.validate().expect("test configuration");
        let clock = Arc::new(FixedClock::new(chrono::Utc::now()));
        let state = AppState::init(config, clock.clone(), true)
            .await
            .expect("boot");
        demo::seed_people(&state.demo_env())
            .await
            .expect("demo data");
        let router = gateway::http::router(state.clone());
        TestApp {
            state,
            router,
            clock,
            dir,
            backend,
        }
    }

    /// Sends a raw HTTP request through the router.
    pub async fn http(&self, req: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    }

    /// Uploads `body` to the case as `token`; the status and the JSON answer.
    pub async fn upload(
        &self,
        token: &str,
        case: &str,
        classification: &str,
        filename: &str,
        body: Body,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut req = Request::post(format!("/api/cases/{case}/documents"))
            .header("authorization", format!("Bearer {token}"))
            .header("x-classification", classification)
            .header("x-filename", filename)
            .header("x-forwarded-for", "192.0.2.1");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let (status, _, bytes) = self.http(req.body(body).unwrap()).await;
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value)
    }

    /// A GET as `token` (documents, exports).
    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        self.http(
            Request::get(path)
                .header("authorization", format!("Bearer {token}"))
                .header("x-forwarded-for", "192.0.2.1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Rows in a table.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let db = &self.state.db;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// Runs a GraphQL operation as `token` (or anonymously) from `ip`.
    pub async fn gql_from(
        &self,
        ip: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let mut req = Request::post("/graphql")
            .header("content-type", "application/json")
            .header("x-forwarded-for", ip)
            .header("user-agent", "e2e-tests");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, _, bytes) = self.http(req.body(Body::from(body)).unwrap()).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "GraphQL answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Runs a GraphQL operation as `token` (or anonymously).
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.gql_from("192.0.2.1", token, query, variables).await
    }

    /// A TOTP code of a demo account for a time step it has not used yet: when the account's
    /// last accepted step is the current one (an earlier login in the same test), the clock
    /// moves on to the next step first.
    pub async fn fresh_code(&self, email: &str, secret_base32: &str) -> String {
        let last = identity::repo::user_by_email(&self.state.db, email)
            .await
            .unwrap()
            .and_then(|u| u.totp_last_step);
        let step = self.clock.now_ts() / 30;
        if let Some(last) = last
            && last >= step
        {
            self.clock
                .advance(chrono::Duration::seconds((last - step + 1) * 30));
        }
        let secret = identity::totp::from_base32(secret_base32).unwrap();
        identity::totp::code_at(&secret, u64::try_from(self.clock.now_ts()).unwrap())
    }

    /// Logs in a demo account (with a fresh TOTP code for the doctor and for the employee, who
    /// has verified medical access) and returns the login payload.
    pub async fn login_payload(&self, email: &str) -> Value {
        let totp = match email {
            "bedrijfsarts@arbo-oost.example" => {
                Some(self.fresh_code(email, demo::DOCTOR_TOTP).await)
            }
            "werknemer@korenschoof.example" => {
                Some(self.fresh_code(email, demo::EMPLOYEE_TOTP).await)
            }
            _ => None,
        };
        let res = self
            .gql(
                None,
                "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken refreshToken expiresIn mfaRequired mfaEnrollmentRequired } }",
                json!({ "e": email, "p": PASSWORD, "t": totp }),
            )
            .await;
        assert!(
            res.get("errors").is_none(),
            "login of {email} failed: {res}"
        );
        res["data"]["login"].clone()
    }

    /// The id of the employee called `name`, as `token` sees the employees.
    pub async fn employee_id(&self, token: &str, name: &str) -> String {
        let res = self
            .gql(
                Some(token),
                "{ employees(first: 100) { nodes { id name } } }",
                serde_json::json!({}),
            )
            .await;
        res["data"]["employees"]["nodes"]
            .as_array()
            .and_then(|nodes| nodes.iter().find(|n| n["name"] == name))
            .and_then(|n| n["id"].as_str())
            .unwrap_or_else(|| panic!("no employee {name}: {res}"))
            .to_string()
    }

    /// Reports the employee called `name` sick since `since`; the new case's id.
    pub async fn report_sick(&self, token: &str, name: &str, since: chrono::NaiveDate) -> String {
        let employee = self.employee_id(token, name).await;
        let res = self
            .gql(
                Some(token),
                "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }",
                serde_json::json!({ "e": employee, "d": since.format("%Y-%m-%d").to_string() }),
            )
            .await;
        res["data"]["reportSick"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("sick report of {name} failed: {res}"))
            .to_string()
    }

    /// Assigns the engaged providers' people with one of `roles` (`COMPANY_DOCTOR`,
    /// `REINTEGRATION_CONSULTANT`) to the case; their user ids.
    pub async fn assign(&self, token: &str, case: &str, roles: &[&str]) -> Vec<String> {
        let res = self
            .gql(
                Some(token),
                "query($c: ID!) { assignableUsers(caseId: $c) { id role } }",
                serde_json::json!({ "c": case }),
            )
            .await;
        let mut assigned = Vec::new();
        for user in res["data"]["assignableUsers"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if !roles.iter().any(|r| user["role"] == *r) {
                continue;
            }
            let r = self
                .gql(
                    Some(token),
                    "mutation($c: ID!, $u: ID!) { assignToCase(caseId: $c, userId: $u) { id } }",
                    serde_json::json!({ "c": case, "u": user["id"] }),
                )
                .await;
            assert!(r.get("errors").is_none(), "assignment failed: {r}");
            if user["role"] == "COMPANY_DOCTOR" {
                // The employer only asks; the health service's administrator assigns.
                let admin = self.login("beheer@arbo-oost.example").await;
                let r = self
                    .gql(
                        Some(&admin),
                        "mutation($c: ID!, $u: ID!) { assignToCase(caseId: $c, userId: $u) { status } }",
                        serde_json::json!({ "c": case, "u": user["id"] }),
                    )
                    .await;
                assert_eq!(r["data"]["assignToCase"]["status"], "ASSIGNED", "{r}");
            }
            assigned.push(user["id"].as_str().unwrap_or_default().to_string());
        }
        assigned
    }

    /// Logs in an account after enrolling an authenticator for it, so its session has a second
    /// factor.
    pub async fn login_with_totp(&self, email: &str) -> String {
        let app = self;
        if email == "werknemer@korenschoof.example" {
            // The demo employee has his authenticator (and verified medical access) already.
            return app.login(email).await;
        }
        let token = app.login(email).await;
        let res = app
            .gql(
                Some(&token),
                "mutation { enrollTotp { secret } }",
                json!({}),
            )
            .await;
        let secret =
            identity::totp::from_base32(res["data"]["enrollTotp"]["secret"].as_str().unwrap())
                .unwrap();
        let now = || u64::try_from(app.clock.now_ts()).unwrap();
        let res = app
            .gql(
                Some(&token),
                "mutation($c: String!) { confirmTotp(code: $c) }",
                json!({ "c": identity::totp::code_at(&secret, now()) }),
            )
            .await;
        assert_eq!(res["data"]["confirmTotp"], true, "{res}");
        app.clock.advance(chrono::Duration::seconds(31));
        let res = app
        .gql(None, "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken } }",
            json!({ "e": email, "p": "poortwachter-demo", "t": identity::totp::code_at(&secret, now()) }))
        .await;
        res["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("{res}"))
            .to_string()
    }

    /// Every row of every table as text (bytea/blob as hex too), as a database dump would show.
    pub async fn dump(&self) -> String {
        let db = &self.state.db;
        let b = db.get_database_backend();
        let backend = self.backend;
        // The first column of every row `sql` returns.
        let names = |sql: String| async move {
            db.query_all_raw(sea_orm::Statement::from_string(b, sql))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get_by_index::<String>(0).unwrap())
                .collect::<Vec<String>>()
        };
        let tables = names(match backend {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'".into(),
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
                    .into()
            }
        })
        .await;
        let mut out = String::new();
        for t in tables {
            let columns = names(match backend {
                Backend::Sqlite => format!("SELECT name FROM pragma_table_info('{t}')"),
                Backend::Postgres => format!(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_name = '{t}'"
                ),
            })
            .await;
            for c in columns {
                let sql = match backend {
                    Backend::Sqlite => {
                        format!("SELECT CAST(\"{c}\" AS BLOB) AS v, hex(\"{c}\") AS h FROM \"{t}\"")
                    }
                    Backend::Postgres => format!("SELECT \"{c}\"::text AS v, '' AS h FROM \"{t}\""),
                };
                for row in db
                    .query_all_raw(sea_orm::Statement::from_string(b, sql))
                    .await
                    .unwrap()
                {
                    let value = match backend {
                        Backend::Sqlite => String::from_utf8_lossy(
                            &row.try_get::<Option<Vec<u8>>>("", "v")
                                .unwrap()
                                .unwrap_or_default(),
                        )
                        .into_owned(),
                        Backend::Postgres => row
                            .try_get::<Option<String>>("", "v")
                            .unwrap()
                            .unwrap_or_default(),
                    };
                    out.push_str(&value);
                    out.push('\n');
                    out.push_str(
                        &row.try_get::<Option<String>>("", "h")
                            .unwrap()
                            .unwrap_or_default()
                            .to_lowercase(),
                    );
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The ids of the rows of `from` (a table, with a `WHERE` if wanted).
    pub async fn ids(&self, from: &str) -> Vec<String> {
        use sea_orm::{ConnectionTrait, Statement};
        let db = &self.state.db;
        db.query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id FROM {from}"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<uuid::Uuid>(0).unwrap().to_string())
        .collect()
    }

    /// Delivery through a relay that is not there: every e-mail fails and waits for a retry.
    pub fn dead_relay(&self) -> scheduling::Delivery {
        // A port nobody listens on (bound and released).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        scheduling::Delivery {
            mailer: platform::mail::Mailer::new(
                Some(&format!("smtp://127.0.0.1:{port}")),
                self.dir.join("unused"),
                &self.state.config.mail_from,
            )
            .unwrap(),
            public_url: self.state.config.public_url.clone(),
            in_flight: Default::default(),
        }
    }

    /// The digests' news, one entry per step in a batch: (recipient e-mail, case id, step
    /// kind, the reminder's step, the batch's status, whether a digest carried it), sorted.
    pub async fn digest_news(&self) -> Vec<(String, String, String, String, String, bool)> {
        use sea_orm::{ConnectionTrait, Statement};
        let db = &self.state.db;
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT u.email AS email, CAST(b.items AS TEXT) AS items, \
                 CAST(b.sent AS TEXT) AS sent, b.status AS status \
                 FROM digest_batches b JOIN users u ON u.id = b.recipient_user_id",
            ))
            .await
            .unwrap();
        let mut out = Vec::new();
        for row in rows {
            let email: String = row.try_get("", "email").unwrap();
            let status: String = row.try_get("", "status").unwrap();
            let items: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&row.try_get::<String>("", "items").unwrap()).unwrap();
            let sent: serde_json::Map<String, serde_json::Value> = row
                .try_get::<Option<String>>("", "sent")
                .unwrap()
                .map(|s| serde_json::from_str(&s).unwrap())
                .unwrap_or_default();
            for (key, step) in items {
                let mut parts = key.splitn(3, ':');
                let case = parts.next().unwrap().to_string();
                let kind = parts.next().unwrap().to_string();
                out.push((
                    email.clone(),
                    case,
                    kind,
                    step.as_str().unwrap().to_string(),
                    status.clone(),
                    sent.contains_key(&key),
                ));
            }
        }
        out.sort();
        out
    }

    /// Every user there is now chooses one e-mail per step over the daily digest, as a user
    /// can in his settings: for the tests of per-step delivery (the digest has its own).
    pub async fn per_step_reminders(&self) {
        use identity::entities::user;
        use scheduling::entities::notification_setting as setting;
        use sea_orm::sea_query::OnConflict;
        use sea_orm::{EntityTrait, QuerySelect, Set};
        let db = &self.state.db;
        let users: Vec<(uuid::Uuid, uuid::Uuid)> = user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::TenantId])
            .into_tuple()
            .all(db)
            .await
            .unwrap();
        let now = platform::clock::Clock::now(&*self.clock);
        let rows = users.into_iter().map(|(id, tenant)| setting::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            user_id: Set(id),
            advance_reminders: Set(true),
            daily_digest: Set(false),
            updated_at: Set(now),
        });
        setting::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([setting::Column::TenantId, setting::Column::UserId])
                    .update_column(setting::Column::DailyDigest)
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await
            .unwrap();
    }

    /// Willem Nijhuis (the demo employee with a login) reported sick `days_ago`, with the demo
    /// doctor and the demo agency's consultant assigned; the case id.
    pub async fn willems_assigned_case(&self, hr: &str, days_ago: i64) -> String {
        let since = {
            use platform::clock::Clock;
            self.clock.today() - chrono::Duration::days(days_ago)
        };
        let case = self.report_sick(hr, "Willem Nijhuis", since).await;
        self.assign(hr, &case, &["COMPANY_DOCTOR", "REINTEGRATION_CONSULTANT"])
            .await;
        case
    }

    /// Logs in a demo account and returns its access token.
    pub async fn login(&self, email: &str) -> String {
        self.login_payload(email).await["accessToken"]
            .as_str()
            .expect("access token")
            .to_string()
    }

    /// A current TOTP code of the demo doctor, for a step not used before in this app.
    pub fn doctor_code(&self) -> String {
        let secret = identity::totp::from_base32(demo::DOCTOR_TOTP).unwrap();
        let now = u64::try_from(self.clock.now_ts()).unwrap();
        identity::totp::code_at(&secret, now)
    }

    /// The user id of the account behind `token`.
    pub async fn user_id(&self, token: &str) -> String {
        let me = self
            .gql(Some(token), "{ me { id } }", serde_json::json!({}))
            .await;
        me["data"]["me"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no user: {me}"))
            .to_string()
    }

    /// Moves the clock forward to the Dutch calendar date `day` (what `Clock::today` gives),
    /// at the same time of day: whole days of UTC alone land a day off when a clock change
    /// lies between and the test runs in the last hours of a UTC day.
    pub fn advance_to(&self, day: chrono::NaiveDate) {
        use platform::clock::Clock;
        for _ in 0..2 {
            let off = (day - self.clock.today()).num_days();
            self.clock.advance(chrono::Duration::days(off));
        }
    }

    /// The e-mails written to the outbox so far (raw .eml text, [`unfolded`]).
    pub fn outbox(&self) -> Vec<String> {
        let dir = self.state.config.outbox_dir();
        let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .map(|e| {
                        (
                            e.metadata().unwrap().modified().unwrap(),
                            unfolded(&std::fs::read_to_string(e.path()).unwrap()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        mails.sort_by_key(|(t, _)| *t);
        mails.into_iter().map(|(_, m)| m).collect()
    }
}

/// Small helpers on the clock.
pub trait ClockExt {
    /// Now as Unix seconds.
    fn now_ts(&self) -> i64;
}

impl ClockExt for FixedClock {
    fn now_ts(&self) -> i64 {
        use platform::clock::Clock;
        self.now().timestamp()
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(res: &Value) -> Option<String> {
    res["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_owned)
}

/// The `extensions.reason` of the first error, if any.
pub fn error_reason(res: &Value) -> Option<String> {
    res["errors"][0]["extensions"]["reason"]
        .as_str()
        .map(str::to_owned)
}

/// Declares a scenario once and runs it on SQLite and on PostgreSQL as two tests.
#[macro_export]
macro_rules! on_both_databases {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn scenario($app: $crate::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn sqlite() {
                scenario($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn postgres() {
                if $crate::skip_services() {
                    return;
                }
                scenario($crate::Backend::Postgres).await;
            }
        }
    };
}

/// Declares a documents scenario once and runs it on both databases with both stores (four
/// tests); the PostgreSQL and S3 variants need the services `make test` starts.
#[macro_export]
macro_rules! on_every_store {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident, $store:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn scenario($backend: $crate::Backend, $store: $crate::Store) $body

            $crate::store_variant!(sqlite_file, Sqlite, File, false $(, #[$meta])*);
            $crate::store_variant!(sqlite_s3, Sqlite, S3, true $(, #[$meta])*);
            $crate::store_variant!(postgres_file, Postgres, File, true $(, #[$meta])*);
            $crate::store_variant!(postgres_s3, Postgres, S3, true $(, #[$meta])*);
        }
    };
}

/// One test of [`on_every_store`].
#[doc(hidden)]
#[macro_export]
macro_rules! store_variant {
    ($test:ident, $backend:ident, $store:ident, $services:expr $(, #[$meta:meta])*) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        $(#[$meta])*
        async fn $test() {
            if $services && $crate::skip_services() {
                return;
            }
            scenario($crate::Backend::$backend, $crate::Store::$store).await;
        }
    };
}

/// The text of a PDF as `pdftotext -layout` reads it (poppler-utils, installed by `make test`).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("pw-pdf-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("in.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by `make test`");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "pdftotext refused the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders every page of a PDF with `pdftoppm` and returns the PNG files' sizes: a PDF that
/// does not render fails here.
pub fn pdf_render(pdf: &[u8]) -> Vec<u64> {
    let dir = std::env::temp_dir().join(format!("pw-pdf-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("in.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(&file)
        .arg(dir.join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) is installed by `make test`");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut sizes: Vec<(String, u64)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    sizes.sort();
    std::fs::remove_dir_all(&dir).ok();
    sizes.into_iter().map(|(_, n)| n).collect()
}

/// A raw e-mail with quoted-printable soft line breaks joined and `=3D` decoded: a long line
/// (a link in a mail's text or HTML part) is folded at 76 characters in the raw message.
pub fn unfolded(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}
