//! `make bench`: the figures of docs/benchmarks.md ("At scale"), measured against the release
//! binary as it runs in production — a separate `poortwachter serve` process this program
//! starts, on a database `poortwachter demo-data` filled, reached over loopback HTTP.
//!
//! For each database (PostgreSQL when `POORTWACHTER_TEST_PG` is set, and SQLite):
//! - generating the data (1 000 employers, 1M open cases, the largest employer 100 000);
//! - cold start (process start to `/readyz` answering) and idle memory;
//! - the employer's case list (50 rows with next deadline and workability summary), as HR of
//!   the largest employer, at 1, 8 and 32 concurrent clients: p50, p99, requests per second;
//!   beside it the same rows fetched by the raw SQL the page needs, at the same concurrency on a
//!   pool of the same size: the floor, and the ratio;
//! - on PostgreSQL, beside both, PostGraphile 4 (tests/benches/postgraphile, library mode, one
//!   Node process) serving the same page on the same database as the tenant role under the same
//!   row-level security, loaded by the same client: p50, p99, requests per second, the ratios;
//! - SQL statements per request (the server's own counter in `/metrics`);
//! - the reminder sweep over every open case;
//! - a 1 GiB document upload: throughput and the server's peak memory growth.
//!
//! Each load figure is measured `BENCH_RUNS` times (default 3) and printed as the median with
//! the spread. The results replace the generated section of docs/benchmarks.md.
//!
//! Knobs: `BENCH_CASES` (1 000 000), `BENCH_TENANTS` (1 000), `BENCH_LARGEST` (100 000),
//! `BENCH_SECONDS` per load step (10), `BENCH_RUNS` (3), `BENCH_BACKENDS` (`postgres,sqlite`),
//! `BENCH_UPLOAD_MIB` (1024), `BENCH_DOC` (docs/benchmarks.md; `-` to only print).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{Datelike, NaiveDate};
use e2e::process::{binary, free_port};
use http_body_util::{BodyExt, Full, StreamBody};
use hyper_util::rt::TokioIo;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, Value as SqlValue};
use serde_json::{Value, json};
use uuid::Uuid;

const LEVELS: [usize; 3] = [1, 8, 32];

/// The employer's case list as the web app asks for it (first page, by next deadline), with
/// the doctor's workability summary.
const CASE_LIST: &str = "query CaseList($first: Int, $filter: CaseFilter, $sort: CaseSort) { cases(first: $first, filter: $filter, sort: $sort) { pageInfo { hasNextPage endCursor } edges { node { id status track sickSince sickWeek employee { id name } caseManager { id name } nextDeadline { kind dueOn status } riskSignals { kind since } workability { givenOn hoursPerWeek expectedRecoveryOn noSustainableCapacity } } } } }";

/// The same page asked of PostGraphile, in the schema it infers from the tables and their
/// foreign keys: the open cases by next deadline then id, the names, the stored next step and
/// the read model's columns, and the latest advice. PostGraphile cannot compute the sick week,
/// the deadline's status or the risk signals as of today; it returns the stored inputs they are
/// computed from, which is what a generic layer over the tables can offer.
const POSTGRAPHILE_LIST: &str = "query CaseList($first: Int!) { allCases(first: $first, condition: { status: \"OPEN\" }, orderBy: [NEXT_DEADLINE_ON_ASC, ID_ASC]) { pageInfo { hasNextPage endCursor } edges { node { id status track sickSince nextDeadlineOn nextDeadlineKind nextDeadlineWeek sickDayZero sickCountedUntil riskSignals employeeByEmployeeId { id name } userByCaseManagerUserId { id name } workabilityAdvicesByCaseId(first: 1, orderBy: [GIVEN_ON_DESC, CREATED_AT_DESC]) { nodes { givenOn hoursPerWeek expectedRecoveryOn noSustainableCapacity } } } } } }";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Resident and peak resident memory of a process, KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// One database to measure on.
struct Target {
    name: &'static str,
    url: String,
    data_dir: PathBuf,
}

impl Target {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(binary());
        c.args(args)
            .env("POORTWACHTER_DATABASE_URL", &self.url)
            .env("POORTWACHTER_DATA_DIR", &self.data_dir)
            .env(
                "POORTWACHTER_STORAGE",
                format!("file://{}", self.data_dir.join("documents").display()),
            )
            .env("POORTWACHTER_MAX_UPLOAD_BYTES", (4u64 << 30).to_string())
            .env("POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE", "1000")
            .env("RUST_LOG", "warn");
        c
    }

    /// Whether it is PostgreSQL (the only database PostGraphile serves).
    fn postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }
}

struct Server {
    child: Child,
    addr: String,
    cold_start: Duration,
}

impl Server {
    async fn start(target: &Target) -> Server {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let started = Instant::now();
        let child = target
            .command(&["serve", "--no-worker", "--listen", &addr])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(target.data_dir.join("server.log")).unwrap())
            .spawn()
            .unwrap();
        loop {
            if let Ok((200, _)) = get(&addr, "/readyz").await {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "server did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Server {
            child,
            addr,
            cold_start: started.elapsed(),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// PostGraphile 4 in library mode (tests/benches/postgraphile/server.mjs) on a target's
/// database, as its own Node process; stopped when dropped, so a failing bench leaves none.
struct PostGraphile {
    child: Child,
    addr: String,
    /// Process start to the schema built and `/readyz` answering.
    start: Duration,
    /// "PostGraphile 4.x on Node vN".
    version: String,
}

impl PostGraphile {
    fn dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/postgraphile")
    }

    /// The first `name` on `PATH` that is a file.
    fn on_path(name: &str) -> Option<PathBuf> {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    }

    /// Starts it on `target` with a pool of `pool` connections (the server's size) and waits
    /// until its schema is built.
    async fn start(target: &Target, pool: u32) -> PostGraphile {
        let dir = Self::dir();
        let node = Self::on_path("node")
            .expect("`node` is not on PATH: the PostGraphile comparison needs Node.js");
        assert!(
            dir.join("node_modules/postgraphile").is_dir(),
            "run `npm ci` in {} first (.ci/bench.sh does)",
            dir.display()
        );
        let log = target.data_dir.join("postgraphile.log");
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let started = Instant::now();
        let child = Command::new(&node)
            .arg(dir.join("server.mjs"))
            .env("PORT", port.to_string())
            .env("DATABASE_URL", &target.url)
            .env("POOL_SIZE", pool.to_string())
            .env("NODE_ENV", "production")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut pg = PostGraphile {
            child,
            addr,
            start: Duration::ZERO,
            version: String::new(),
        };
        loop {
            if let Ok((200, _)) = get(&pg.addr, "/readyz").await {
                break;
            }
            if let Ok(Some(status)) = pg.child.try_wait() {
                panic!(
                    "PostGraphile exited ({status}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "PostGraphile did not become ready: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        pg.start = started.elapsed();
        let package: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("node_modules/postgraphile/package.json")).unwrap(),
        )
        .unwrap();
        let node_version = Command::new(&node)
            .arg("--version")
            .output()
            .unwrap()
            .stdout;
        pg.version = format!(
            "PostGraphile {} on Node {}",
            package["version"].as_str().unwrap_or("?"),
            String::from_utf8_lossy(&node_version).trim()
        );
        pg
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for PostGraphile {
    fn drop(&mut self) {
        // Nothing of it outlives the bench: no state to flush, so no need to ask nicely.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Conn = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: &str) -> Conn {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    send
}

async fn get(addr: &str, path: &str) -> Result<(u16, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let req = http::Request::get(path)
        .header("host", addr)
        .body(Full::new(Bytes::new()))
        .unwrap();
    let res = send.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = res
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, body))
}

/// Who a request is from, as a header: our bearer token, or the tenant PostGraphile's
/// `pgSettings` reads.
type Caller = (&'static str, String);

fn bearer(token: &str) -> Caller {
    ("authorization", format!("Bearer {token}"))
}

fn graphql_request(
    addr: &str,
    caller: Option<&Caller>,
    body: &Bytes,
) -> http::Request<Full<Bytes>> {
    let mut req = http::Request::post("/graphql")
        .header("host", addr)
        .header("content-type", "application/json");
    if let Some((name, value)) = caller {
        req = req.header(*name, value);
    }
    req.body(Full::new(body.clone())).unwrap()
}

async fn graphql(addr: &str, token: Option<&str>, query: &str, variables: Value) -> Value {
    let mut conn = connect(addr).await;
    let body = Bytes::from(json!({ "query": query, "variables": variables }).to_string());
    let caller = token.map(bearer);
    let res = conn
        .send_request(graphql_request(addr, caller.as_ref(), &body))
        .await
        .unwrap();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

async fn login(addr: &str, email: &str) -> String {
    let res = graphql(
        addr,
        None,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        json!({ "e": email, "p": demo::bench::PASSWORD }),
    )
    .await;
    res["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {res}"))
        .to_string()
}

async fn statements(addr: &str) -> u64 {
    let (_, body) = get(addr, "/metrics").await.unwrap();
    String::from_utf8_lossy(&body)
        .lines()
        .find_map(|l| l.strip_prefix("poortwachter_db_statements_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// Latencies of one load step.
struct Load {
    latencies: Vec<Duration>,
    seconds: f64,
}

impl Load {
    fn percentile(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len().max(1)) - 1;
        l.get(i).copied().unwrap_or_default()
    }

    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.seconds
    }
}

/// `clients` clients, each on its own keep-alive connection, ask for the case list back to back
/// for `seconds`; every answer is checked (50 rows, no errors).
async fn load_server(addr: &str, token: &str, clients: usize, seconds: u64) -> Load {
    let body = Bytes::from(
        json!({ "query": CASE_LIST, "variables": { "first": 50, "filter": { "status": "OPEN" }, "sort": "NEXT_DEADLINE" } })
            .to_string(),
    );
    load_graphql(addr, bearer(token), body, clients, seconds, |v| {
        let rows = v["data"]["cases"]["edges"].as_array().unwrap();
        assert_eq!(rows.len(), 50, "a full page");
        assert!(
            rows.iter().any(|r| !r["node"]["workability"].is_null()),
            "the page shows workability advice"
        );
    })
    .await
}

/// [`load_server`] against PostGraphile: the same page in its schema, as `tenant` (the header
/// its `pgSettings` turns into the tenant setting of row-level security).
async fn load_postgraphile(addr: &str, tenant: Uuid, clients: usize, seconds: u64) -> Load {
    let body = Bytes::from(
        json!({ "query": POSTGRAPHILE_LIST, "variables": { "first": 50 } }).to_string(),
    );
    load_graphql(
        addr,
        ("x-tenant", tenant.to_string()),
        body,
        clients,
        seconds,
        |v| {
            let rows = v["data"]["allCases"]["edges"].as_array().unwrap();
            assert_eq!(rows.len(), 50, "a full page");
            assert!(
                rows.iter().any(|r| {
                    r["node"]["workabilityAdvicesByCaseId"]["nodes"]
                        .as_array()
                        .is_some_and(|a| !a.is_empty())
                }),
                "the page shows workability advice"
            );
        },
    )
    .await
}

/// The load client of both servers: `clients` clients, each on its own keep-alive connection,
/// POST `body` to /graphql as `caller` back to back for `seconds`. Every answer must be 200;
/// each client's first answer must be free of errors and pass `check`.
async fn load_graphql(
    addr: &str,
    caller: Caller,
    body: Bytes,
    clients: usize,
    seconds: u64,
    check: fn(&Value),
) -> Load {
    clients_for(clients, seconds, |until| {
        let (addr, caller, body) = (addr.to_string(), caller.clone(), body.clone());
        async move {
            let mut conn = connect(&addr).await;
            let mut out = Vec::new();
            let mut checked = false;
            while Instant::now() < until {
                let t = Instant::now();
                let res = conn
                    .send_request(graphql_request(&addr, Some(&caller), &body))
                    .await
                    .unwrap();
                let status = res.status();
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                out.push(t.elapsed());
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
                if !checked {
                    let v: Value = serde_json::from_slice(&bytes).unwrap();
                    assert!(v.get("errors").is_none(), "{v}");
                    check(&v);
                    checked = true;
                }
            }
            out
        }
    })
    .await
}

/// Runs `clients` clients at once for `seconds`: each is the future `client(until)` makes, and
/// returns the latencies it measured.
async fn clients_for<F, Fut>(clients: usize, seconds: u64, client: F) -> Load
where
    F: Fn(Instant) -> Fut,
    Fut: std::future::Future<Output = Vec<Duration>> + Send + 'static,
{
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients).map(|_| tokio::spawn(client(until))).collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    Load {
        latencies,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// The raw SQL the page needs: the page of cases with what the list keeps on the case row (the
/// read model: the next step, the sick week's inputs, the risk signals) and the employee's and
/// case manager's names, then those cases' workability advice. No HTTP, authentication,
/// GraphQL or per-request computation: the floor under the request. Returns the rows of the
/// page and of advice.
async fn raw_page(db: &DatabaseConnection, tenant: Uuid) -> (usize, usize) {
    let backend = db.get_database_backend();
    let page = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            "SELECT c.id, c.status, c.track, c.sick_since, c.next_deadline_on, c.next_deadline_kind, \
             c.next_deadline_week, c.list_as_of, c.list_fresh_until, c.sick_day_zero, \
             c.sick_counted_until, c.risk_signals, e.name AS employee, u.name AS manager \
             FROM cases c \
             JOIN employees e ON e.id = c.employee_id \
             LEFT JOIN users u ON u.id = c.case_manager_user_id \
             WHERE c.tenant_id = $1 AND c.status = 'OPEN' \
             ORDER BY c.next_deadline_on, c.id LIMIT 51",
            [tenant.into()],
        ))
        .await
        .unwrap();
    let ids: Vec<Uuid> = page
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id").unwrap())
        .collect();
    let list = (0..ids.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(",");
    let mut values: Vec<SqlValue> = vec![tenant.into()];
    values.extend(ids.iter().map(|id| SqlValue::from(*id)));
    let advice = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT case_id, given_on, hours_per_week, expected_recovery_on, no_sustainable_capacity \
                 FROM workability_advice WHERE tenant_id = $1 AND case_id IN ({list}) \
                 ORDER BY given_on DESC, created_at DESC"
            ),
            values,
        ))
        .await
        .unwrap();
    (page.len(), advice.len())
}

async fn load_raw(db: &DatabaseConnection, tenant: Uuid, clients: usize, seconds: u64) -> Load {
    clients_for(clients, seconds, |until| {
        let db = db.clone();
        async move {
            let mut out = Vec::new();
            while Instant::now() < until {
                let t = Instant::now();
                let (page, advice) = raw_page(&db, tenant).await;
                out.push(t.elapsed());
                // The page and one row more (whether there is a next page), as the server asks.
                assert_eq!(page, 51, "a full page");
                assert!(advice > 0, "the page has workability advice");
            }
            out
        }
    })
    .await
}

/// Median and spread (min–max) of some runs' figures.
fn summary(values: &[f64]) -> (f64, f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    (
        v[v.len() / 2],
        v.first().copied().unwrap_or(0.0),
        v.last().copied().unwrap_or(0.0),
    )
}

fn show(values: &[f64], digits: usize) -> String {
    let (median, min, max) = summary(values);
    if values.len() < 2 {
        return format!("{median:.digits$}");
    }
    format!("{median:.digits$} ({min:.digits$}–{max:.digits$})")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The runs' ratios, run by run (each run measured both sides one after the other).
fn ratios(ours: &[f64], theirs: &[f64]) -> Vec<f64> {
    ours.iter().zip(theirs).map(|(a, b)| a / b).collect()
}

/// Streams `mib` MiB of non-repeating bytes as a PDF upload to a case; returns seconds.
async fn upload(addr: &str, token: &str, case: &str, mib: usize) -> f64 {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut send, conn) = hyper::client::conn::http1::handshake::<_, StreamBody<chunks::Chunks>>(
        TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let req = http::Request::post(format!("/api/cases/{case}/documents"))
        .header("host", addr)
        .header("authorization", format!("Bearer {token}"))
        .header("x-classification", "CASE")
        .header("x-filename", "groot-dossier.pdf")
        .header("content-length", (mib << 20).to_string())
        .body(StreamBody::new(chunks::Chunks::new(mib)))
        .unwrap();
    let started = Instant::now();
    let res = send.send_request(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert!(
        status.is_success(),
        "upload: {status} {}",
        String::from_utf8_lossy(&body)
    );
    started.elapsed().as_secs_f64()
}

/// A body of `mib` MiB in 256 KiB frames: a PDF header, then bytes that do not compress or
/// repeat (a counter through a mixer), generated as they are sent.
mod chunks {
    use hyper::body::Frame;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use bytes::Bytes;

    pub struct Chunks {
        left: usize,
        first: bool,
        n: u64,
    }

    impl Chunks {
        pub fn new(mib: usize) -> Self {
            Chunks {
                left: mib * 4,
                first: true,
                n: 0,
            }
        }
    }

    impl futures::Stream for Chunks {
        type Item = Result<Frame<Bytes>, std::io::Error>;

        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            let mut buf = vec![0u8; 256 << 10];
            for word in buf.chunks_mut(8) {
                self.n = self.n.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.n;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                word.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
            }
            if self.first {
                buf[..8].copy_from_slice(b"%PDF-1.7");
                self.first = false;
            }
            self.left -= 1;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from(buf)))))
        }
    }
}

/// One concurrency level's runs (milliseconds, requests per second).
struct Level {
    clients: usize,
    p50: Vec<f64>,
    p99: Vec<f64>,
    rps: Vec<f64>,
    /// SQL statements per request of our server in each run.
    statements: Vec<f64>,
    raw50: Vec<f64>,
    raw99: Vec<f64>,
    /// PostGraphile's; empty where it does not run (SQLite).
    pg50: Vec<f64>,
    pg99: Vec<f64>,
    pgrps: Vec<f64>,
}

/// PostGraphile's process figures.
struct PostGraphileFigures {
    version: String,
    start_ms: f64,
    idle_mib: f64,
    /// Peak resident memory after the case-list load.
    peak_mib: f64,
}

struct Figures {
    name: &'static str,
    seed: String,
    cold_start_ms: Vec<f64>,
    idle_mib: Vec<f64>,
    statements_per_request: f64,
    levels: Vec<Level>,
    /// Our server's peak resident memory after the case-list load.
    peak_mib: f64,
    postgraphile: Option<PostGraphileFigures>,
    sweep: String,
    next_day_sweep_s: f64,
    upload: Vec<(f64, f64)>,
    /// The largest employer's figures: GraphQL, GraphQL per month, the raw SQL aggregate (ms).
    figures_ms: (Vec<f64>, Vec<f64>, Vec<f64>),
    /// Every employer's figures in process, the raw SQL aggregate over all (s), employers.
    all_figures_s: (f64, f64, usize),
}

async fn measure(target: Target, shape: demo::bench::Shape) -> Figures {
    let runs = env_number("BENCH_RUNS", 3);
    let seconds = env_number("BENCH_SECONDS", 10) as u64;
    let upload_mib = env_number("BENCH_UPLOAD_MIB", 1024);
    println!("== {}: generating {} cases ...", target.name, shape.cases);
    let started = Instant::now();
    let out = target
        .command(&[
            "demo-data",
            "--tenants",
            &shape.tenants.to_string(),
            "--employees",
            &shape.employees.to_string(),
            "--cases",
            &shape.cases.to_string(),
            "--largest",
            &shape.largest.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "demo-data: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let seed = stdout
        .lines()
        .rfind(|l| l.contains(" employers, "))
        .unwrap_or_default()
        .trim()
        .to_string();
    println!("   {seed} (wall {:.0} s)", started.elapsed().as_secs_f64());

    let mut cold_start_ms = Vec::new();
    let mut idle_mib = Vec::new();
    for _ in 0..runs {
        let server = Server::start(&target).await;
        cold_start_ms.push(ms(server.cold_start));
        tokio::time::sleep(Duration::from_secs(2)).await;
        idle_mib.push(memory_kib(server.pid()).0 as f64 / 1024.0);
        server.stop();
    }
    println!(
        "   cold start {} ms, idle memory {} MiB",
        show(&cold_start_ms, 0),
        show(&idle_mib, 1)
    );

    let server = Server::start(&target).await;
    let token = login(&server.addr, &demo::bench::hr_email(0)).await;
    let me = graphql(
        &server.addr,
        Some(&token),
        "{ me { organisation { id } } }",
        json!({}),
    )
    .await;
    let tenant: Uuid = me["data"]["me"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // Warm up (connections, caches), then count the statements of 20 requests.
    load_server(&server.addr, &token, 1, 2).await;
    let before = statements(&server.addr).await;
    let probe = load_server(&server.addr, &token, 1, 1).await;
    let after = statements(&server.addr).await;
    // The /metrics read itself sends none.
    let statements_per_request = (after - before) as f64 / probe.latencies.len() as f64;
    println!("   {statements_per_request:.1} SQL statements per case-list request");

    // The raw floor runs on a pool of the server's size.
    let pool = platform::config::Config::default().database_max_connections;
    let mut opts = sea_orm::ConnectOptions::new(target.url.clone());
    opts.max_connections(pool).sqlx_logging(false);
    let raw_db = Database::connect(opts).await.unwrap();
    // PostGraphile on the same database and a pool of the same size, warmed up like ours.
    let postgraphile = if target.postgres() {
        let pg = PostGraphile::start(&target, pool).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let idle_mib = memory_kib(pg.pid()).0 as f64 / 1024.0;
        load_postgraphile(&pg.addr, tenant, 1, 2).await;
        println!(
            "   {}: start to ready {:.0} ms, idle memory {idle_mib:.1} MiB",
            pg.version,
            ms(pg.start)
        );
        Some((pg, idle_mib))
    } else {
        None
    };
    let mut levels = Vec::new();
    for clients in LEVELS {
        let mut level = Level {
            clients,
            p50: vec![],
            p99: vec![],
            rps: vec![],
            statements: vec![],
            raw50: vec![],
            raw99: vec![],
            pg50: vec![],
            pg99: vec![],
            pgrps: vec![],
        };
        // Each run loads the three one after the other with the same client, so a noisy
        // moment of the machine falls on one of them at most.
        for _ in 0..runs {
            let before = statements(&server.addr).await;
            let l = load_server(&server.addr, &token, clients, seconds).await;
            let after = statements(&server.addr).await;
            level.p50.push(ms(l.percentile(0.50)));
            level.p99.push(ms(l.percentile(0.99)));
            level.rps.push(l.per_second());
            level
                .statements
                .push((after - before) as f64 / l.latencies.len().max(1) as f64);
            let r = load_raw(&raw_db, tenant, clients, seconds).await;
            level.raw50.push(ms(r.percentile(0.50)));
            level.raw99.push(ms(r.percentile(0.99)));
            if let Some((pg, _)) = &postgraphile {
                let p = load_postgraphile(&pg.addr, tenant, clients, seconds).await;
                level.pg50.push(ms(p.percentile(0.50)));
                level.pg99.push(ms(p.percentile(0.99)));
                level.pgrps.push(p.per_second());
            }
        }
        let mut line = format!(
            "   case list, {clients:>2} clients: p50 {} ms, p99 {} ms, {} req/s, {} statements/request; raw SQL p50 {} ms, p99 {} ms",
            show(&level.p50, 1),
            show(&level.p99, 1),
            show(&level.rps, 0),
            show(&level.statements, 1),
            show(&level.raw50, 2),
            show(&level.raw99, 2)
        );
        if postgraphile.is_some() {
            let _ = write!(
                line,
                "; PostGraphile p50 {} ms, p99 {} ms, {} req/s (ours ÷ PostGraphile: throughput {}×, p99 {}×)",
                show(&level.pg50, 1),
                show(&level.pg99, 1),
                show(&level.pgrps, 0),
                show(&ratios(&level.rps, &level.pgrps), 2),
                show(&ratios(&level.p99, &level.pg99), 2)
            );
        }
        println!("{line}");
        levels.push(level);
    }
    let peak_mib = memory_kib(server.pid()).1 as f64 / 1024.0;
    // Consuming `pg` stops the Node process here, before the upload and the sweep.
    let postgraphile = postgraphile.map(|(pg, idle_mib)| PostGraphileFigures {
        version: pg.version.clone(),
        start_ms: ms(pg.start),
        idle_mib,
        peak_mib: memory_kib(pg.pid()).1 as f64 / 1024.0,
    });
    println!(
        "   peak memory after the case-list load: ours {peak_mib:.1} MiB{}",
        postgraphile
            .as_ref()
            .map(|p| format!(", PostGraphile {:.1} MiB", p.peak_mib))
            .unwrap_or_default()
    );

    let case_id = graphql(
        &server.addr,
        Some(&token),
        "{ cases(first: 1) { edges { node { id } } } }",
        json!({}),
    )
    .await["data"]["cases"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut uploads = Vec::new();
    for _ in 0..runs {
        // Resets the process's peak (VmHWM) to its current size, so the peak read after is
        // this upload's.
        std::fs::write(format!("/proc/{}/clear_refs", server.pid()), "5").unwrap();
        let (rss_before, _) = memory_kib(server.pid());
        let secs = upload(&server.addr, &token, &case_id, upload_mib).await;
        let (_, peak) = memory_kib(server.pid());
        uploads.push((
            upload_mib as f64 / secs,
            (peak.saturating_sub(rss_before)) as f64 / 1024.0,
        ));
        println!(
            "   upload {upload_mib} MiB: {:.0} MiB/s, peak memory +{:.1} MiB",
            upload_mib as f64 / secs,
            (peak.saturating_sub(rss_before)) as f64 / 1024.0
        );
    }
    // The absence figures of the largest employer over this year so far, through GraphQL,
    // beside the raw SQL aggregate they need (sick days in the period and the headcount).
    let today = platform::clock::dutch_date(chrono::Utc::now());
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
    let (mut api_ms, mut series_ms, mut floor_ms) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let res = graphql(
            &server.addr,
            Some(&token),
            "query($f: Date!, $t: Date!) { absenceFigures(from: $f, to: $t) { absencePercentage headcount } }",
            json!({ "f": year_start.to_string(), "t": today.to_string() }),
        )
        .await;
        api_ms.push(ms(t.elapsed()));
        assert!(
            res["data"]["absenceFigures"]["headcount"].is_number(),
            "{res}"
        );
        let t = Instant::now();
        let res = graphql(
            &server.addr,
            Some(&token),
            "query($f: Date!, $t: Date!) { absenceFigureSeries(from: $f, to: $t, period: MONTH) { figures { absencePercentage } previous { absencePercentage } } }",
            json!({ "f": year_start.to_string(), "t": today.to_string() }),
        )
        .await;
        series_ms.push(ms(t.elapsed()));
        assert!(res["data"]["absenceFigureSeries"].is_array(), "{res}");
        let t = Instant::now();
        let rows = sick_days_floor(&raw_db, Some(tenant), year_start, today).await;
        floor_ms.push(ms(t.elapsed()));
        assert_eq!(rows, 1);
    }
    println!(
        "   absence figures of the largest employer, this year: {} ms, per month {} ms; raw SQL aggregate {} ms",
        show(&api_ms, 0),
        show(&series_ms, 0),
        show(&floor_ms, 0)
    );
    server.stop();

    // The sweep in-process, as the worker runs it, on the same database.
    let db = Database::connect(target.url.as_str()).await.unwrap();
    let today = platform::clock::dutch_date(chrono::Utc::now());
    let now = chrono::Utc::now();
    let t = Instant::now();
    let first = scheduling::sweep(&db, today, now).await.unwrap();
    let first_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    // At five past midnight, as the worker's first sweep of a day runs (every 5 minutes).
    let tomorrow = today + chrono::Duration::days(1);
    let next = scheduling::sweep(
        &db,
        tomorrow,
        platform::clock::dutch_instant(tomorrow, 0) + chrono::Duration::minutes(5),
    )
    .await
    .unwrap();
    let next_s = t.elapsed().as_secs_f64();
    let sweep = format!(
        "first {first_s:.1} s ({} deadlines looked at, news for {} people, {} daily digests added, {} reminders alone); the next day's {next_s:.2} s ({} looked at, news for {} people, {} digests added, {} alone)",
        first.deadlines,
        first.news,
        first.digests,
        first.queued,
        next.deadlines,
        next.news,
        next.digests,
        next.queued
    );
    println!("   sweep over {} open cases: {sweep}", shape.cases);

    // Every employer's figures for this year, in process (all cases), beside one SQL
    // aggregate over all of them.
    let employers: Vec<Uuid> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM organisations WHERE kind = 'EMPLOYER'",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id").unwrap())
        .collect();
    let t = Instant::now();
    for employer in &employers {
        cases::service::employer_figures(&db, *employer, year_start, today)
            .await
            .unwrap();
    }
    let all_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let groups = sick_days_floor(&db, None, year_start, today).await;
    let all_floor_s = t.elapsed().as_secs_f64();
    println!(
        "   absence figures of all {} employers: {all_s:.1} s; raw SQL aggregate {all_floor_s:.2} s ({groups} groups)",
        employers.len()
    );
    Figures {
        name: target.name,
        seed,
        cold_start_ms,
        idle_mib,
        statements_per_request,
        levels,
        peak_mib,
        postgraphile,
        sweep,
        next_day_sweep_s: next_s,
        upload: uploads,
        figures_ms: (api_ms, series_ms, floor_ms),
        all_figures_s: (all_s, all_floor_s, employers.len()),
    }
}

/// The floor under the absence figures: one SQL aggregate of what every figure needs — per
/// employer the sick calendar days in `from..=to` (each case from its first sick day to its
/// first recovery or its closing) and the employees — for one employer or all. Returns the
/// number of groups.
async fn sick_days_floor(
    db: &DatabaseConnection,
    tenant: Option<Uuid>,
    from: NaiveDate,
    to: NaiveDate,
) -> usize {
    let backend = db.get_database_backend();
    let postgres = backend == sea_orm::DatabaseBackend::Postgres;
    let days = if postgres {
        "GREATEST(0, LEAST(COALESCE((SELECT MIN(r.recovered_on) FROM case_recoveries r WHERE r.case_id = c.id) - 1, c.closed_on, $2::date), $2::date) - GREATEST(c.sick_since, $1::date) + 1)"
    } else {
        "MAX(0, julianday(MIN(COALESCE(date((SELECT MIN(r.recovered_on) FROM case_recoveries r WHERE r.case_id = c.id), '-1 day'), c.closed_on, $2), $2)) - julianday(MAX(c.sick_since, $1)) + 1)"
    };
    let filter = if tenant.is_some() {
        "AND c.tenant_id = $3"
    } else {
        ""
    };
    let employees_filter = if tenant.is_some() {
        "WHERE tenant_id = $3"
    } else {
        ""
    };
    let sql = format!(
        "SELECT s.tenant_id, s.sick_days, s.reports, e.headcount FROM \
         (SELECT c.tenant_id, SUM({days}) AS sick_days, \
                 SUM(CASE WHEN c.sick_since BETWEEN $1 AND $2 THEN 1 ELSE 0 END) AS reports \
          FROM cases c WHERE c.sick_since <= $2 {filter} GROUP BY c.tenant_id) s \
         JOIN (SELECT tenant_id, COUNT(*) AS headcount FROM employees {employees_filter} GROUP BY tenant_id) e \
           ON e.tenant_id = s.tenant_id"
    );
    let mut values: Vec<SqlValue> = vec![from.into(), to.into()];
    if let Some(t) = tenant {
        values.push(t.into());
    }
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap()
        .len()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    format!(
        "{cores} cores ({model}), {:.0} GiB memory",
        mem as f64 / (1024.0 * 1024.0)
    )
}

fn report(figures: &[Figures], shape: demo::bench::Shape) -> String {
    let runs = env_number("BENCH_RUNS", 3);
    let seconds = env_number("BENCH_SECONDS", 10);
    let mut out = String::new();
    let date = chrono::Utc::now().format("%Y-%m-%d");
    let _ = writeln!(
        out,
        "Produced by `make bench` on {date}, {}; {} build; each load step {seconds} s, {runs} runs: median (min–max).",
        machine(),
        if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        }
    );
    let _ = writeln!(
        out,
        "Data: `poortwachter demo-data --tenants {} --employees {} --cases {} --largest {}`; the case list is HR's of the largest employer ({} open cases), first page of 50 by next deadline with the workability summary.\n",
        shape.tenants, shape.employees, shape.cases, shape.largest, shape.largest
    );
    if let Some(pg) = figures.iter().find_map(|f| f.postgraphile.as_ref()) {
        let _ = writeln!(
            out,
            "Beside it on PostgreSQL, {} (tests/benches/postgraphile, library mode, one process, a pool of the server's size) serves the same page on the same database as the tenant role under the same row-level security, loaded by the same client: the open cases by next deadline with the names, the stored next step and read-model columns and the latest advice. It returns the stored inputs; the sick week, the deadline's status and the risk signals as of today are computed by Poortwachter only.\n",
            pg.version
        );
    }
    for f in figures {
        let _ = writeln!(out, "#### {}\n", f.name);
        let _ = writeln!(out, "Generated: {}\n", f.seed);
        let pg = f.postgraphile.is_some();
        let _ = writeln!(
            out,
            "| case list | p50 ms | p99 ms | req/s | raw SQL p50 ms | raw SQL p99 ms | p99 ratio |{}",
            if pg {
                " PostGraphile p50 ms | PostGraphile p99 ms | PostGraphile req/s |"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "|---|---|---|---|---|---|---|{}",
            if pg { "---|---|---|" } else { "" }
        );
        for l in &f.levels {
            let _ = write!(
                out,
                "| {} client{} | {} | {} | {} | {} | {} | {} |",
                l.clients,
                if l.clients == 1 { "" } else { "s" },
                show(&l.p50, 1),
                show(&l.p99, 1),
                show(&l.rps, 0),
                show(&l.raw50, 2),
                show(&l.raw99, 2),
                show(&ratios(&l.p99, &l.raw99), 1)
            );
            if pg {
                let _ = write!(
                    out,
                    " {} | {} | {} |",
                    show(&l.pg50, 1),
                    show(&l.pg99, 1),
                    show(&l.pgrps, 0)
                );
            }
            let _ = writeln!(out);
        }
        let met = |ok: bool| if ok { "met" } else { "**not met**" };
        // The case list's targets at each client count, each beside its figure.
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| case list | p99 ÷ raw SQL p99 (≤ 1.5×) | SQL statements per request (≤ 4) | throughput ÷ PostGraphile's (≥ 2×) | p99 ÷ PostGraphile's p99 |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for l in &f.levels {
            let floor = ratios(&l.p99, &l.raw99);
            let (vs_pg, p99_vs_pg) = if pg {
                let rps = ratios(&l.rps, &l.pgrps);
                (
                    format!("{}×: {}", show(&rps, 2), met(summary(&rps).0 >= 2.0)),
                    format!("{}×", show(&ratios(&l.p99, &l.pg99), 2)),
                )
            } else {
                ("— (PostgreSQL only)".into(), "—".into())
            };
            let _ = writeln!(
                out,
                "| {} client{} | {}×: {} | {}: {} | {vs_pg} | {p99_vs_pg} |",
                l.clients,
                if l.clients == 1 { "" } else { "s" },
                show(&floor, 1),
                met(summary(&floor).0 <= 1.5),
                show(&l.statements, 1),
                met(summary(&l.statements).0 <= 4.0),
            );
        }
        let up_rate: Vec<f64> = f.upload.iter().map(|u| u.0).collect();
        let up_mem: Vec<f64> = f.upload.iter().map(|u| u.1).collect();
        let _ = writeln!(out);
        let _ = writeln!(out, "| | figure | target |");
        let _ = writeln!(out, "|---|---|---|");
        let p99_32 = f
            .levels
            .iter()
            .find(|l| l.clients == 32)
            .map(|l| summary(&l.p99).0)
            .unwrap_or(0.0);
        let ratio_32 = f
            .levels
            .iter()
            .find(|l| l.clients == 32)
            .map(|l| summary(&l.p99).0 / summary(&l.raw99).0)
            .unwrap_or(0.0);
        let _ = writeln!(
            out,
            "| case list p99 at 32 clients | {p99_32:.1} ms | ≤ 20 ms: {} |",
            met(p99_32 <= 20.0)
        );
        let _ = writeln!(
            out,
            "| the same over the raw SQL | {ratio_32:.1}× | ≤ 1.5×: {} |",
            met(ratio_32 <= 1.5)
        );
        let _ = writeln!(
            out,
            "| SQL statements per case-list request | {:.1} | ≤ 4, constant per page (tests/tests/statement_count.rs): {} |",
            f.statements_per_request,
            met(f.statements_per_request <= 4.0)
        );
        let _ = writeln!(
            out,
            "| reminder sweep over every open case | {} | ≤ 1 s (the next day's, over 1M): {} |",
            f.sweep,
            // Judged only at the target's scale: under a second at 100 000 cases says little
            // of a million.
            if shape.cases >= 1_000_000 {
                met(f.next_day_sweep_s <= 1.0).to_string()
            } else {
                format!("not judged at {} cases", shape.cases)
            }
        );
        let _ = writeln!(
            out,
            "| upload of {} MiB | {} MiB/s, peak memory +{} MiB | ≥ 300 MB/s, ≤ 32 MB: {} |",
            env_number("BENCH_UPLOAD_MIB", 1024),
            show(&up_rate, 0),
            show(&up_mem, 1),
            met(summary(&up_rate).0 * 1.048_576 >= 300.0 && summary(&up_mem).0 <= 32.0 * 0.953_674)
        );
        let (api, series, floor) = &f.figures_ms;
        let _ = writeln!(
            out,
            "| absence figures of the largest employer, this year (`absenceFigures`; per month `absenceFigureSeries`) | {} ms; per month {} ms; raw SQL aggregate {} ms ({:.0}×) | figures on the first screen: shown, not targeted |",
            show(api, 0),
            show(series, 0),
            show(floor, 0),
            summary(api).0 / summary(floor).0.max(0.001)
        );
        let (all, all_floor, employers) = f.all_figures_s;
        let _ = writeln!(
            out,
            "| absence figures of all {employers} employers (every case), in process | {all:.1} s; raw SQL aggregate {all_floor:.2} s ({:.0}×) | shown, not targeted |",
            all / all_floor.max(0.001)
        );
        let _ = writeln!(
            out,
            "| cold start (process start to `/readyz`) | {} ms | ≤ 300 ms: {} |",
            show(&f.cold_start_ms, 0),
            met(summary(&f.cold_start_ms).0 <= 300.0)
        );
        let _ = writeln!(
            out,
            "| idle memory (resident, after start) | {} MiB | ≤ 30 MB: {} |",
            show(&f.idle_mib, 1),
            met(summary(&f.idle_mib).0 <= 30.0 * 0.953_674)
        );
        let _ = writeln!(
            out,
            "| peak memory after the case-list load (resident) | {:.1} MiB | shown, not targeted |",
            f.peak_mib
        );
        if let Some(p) = &f.postgraphile {
            let _ = writeln!(
                out,
                "| {}: start to ready (schema introspected), idle memory, peak memory after the case-list load | {:.0} ms, {:.1} MiB, {:.1} MiB | shown, not targeted |",
                p.version, p.start_ms, p.idle_mib, p.peak_mib
            );
        }
        let _ = writeln!(out);
    }
    out
}

const BEGIN: &str = "<!-- make bench: begin (generated; do not edit by hand) -->";
const END: &str = "<!-- make bench: end -->";

fn write_doc(path: &Path, section: &str) {
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if b < e => format!("{}{BEGIN}\n{section}{}", &doc[..b], &doc[e..]),
        _ => format!("{doc}\n{BEGIN}\n{section}{END}\n"),
    };
    std::fs::write(path, new).unwrap();
    println!("written into {}", path.display());
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let shape = demo::bench::Shape {
        tenants: env_number("BENCH_TENANTS", 1000),
        employees: env_number(
            "BENCH_EMPLOYEES",
            env_number("BENCH_CASES", 1_000_000) * 6 / 5,
        ),
        cases: env_number("BENCH_CASES", 1_000_000),
        largest: env_number("BENCH_LARGEST", 100_000),
    };
    let backends = std::env::var("BENCH_BACKENDS").unwrap_or_else(|_| "postgres,sqlite".into());
    let work = std::env::temp_dir().join(format!("poortwachter-bench-{}", std::process::id()));
    let mut figures = Vec::new();
    for name in backends.split(',').map(str::trim) {
        let data_dir = work.join(name);
        std::fs::create_dir_all(&data_dir).unwrap();
        let target = match name {
            "postgres" => {
                let Ok(admin) = std::env::var("POORTWACHTER_TEST_PG") else {
                    println!(
                        "== postgres: POORTWACHTER_TEST_PG is not set (make bench starts PostgreSQL); skipped"
                    );
                    continue;
                };
                let db_name = format!("bench_{}", Uuid::new_v4().simple());
                let admin_db = Database::connect(&admin).await.unwrap();
                admin_db
                    .execute_unprepared(&format!("CREATE DATABASE {db_name}"))
                    .await
                    .unwrap();
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                Target {
                    name: "PostgreSQL",
                    url: format!("{base}/{db_name}"),
                    data_dir,
                }
            }
            "sqlite" => Target {
                name: "SQLite",
                url: format!("sqlite://{}/bench.db?mode=rwc", data_dir.display()),
                data_dir,
            },
            other => panic!("BENCH_BACKENDS: unknown database {other}"),
        };
        figures.push(measure(target, shape).await);
    }
    let section = report(&figures, shape);
    println!("\n{section}");
    let doc = std::env::var("BENCH_DOC").unwrap_or_else(|_| "docs/benchmarks.md".into());
    if doc != "-" {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        write_doc(&root.join(doc), &section);
    }
    let _ = std::fs::remove_dir_all(&work);
}
