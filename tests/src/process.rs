//! The real binary as a process, a PostgreSQL cluster of a test's own (to stop and start under
//! load), and plain HTTP/1.1 over loopback: what the fault suite needs beyond the in-process
//! router.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

/// The binary `make test` builds beside the test's own executable (`target/debug`).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own executable");
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .expect("target directory")
        .join("poortwachter");
    assert!(
        bin.exists(),
        "{} is missing: `cargo build --bin poortwachter` first (make test does)",
        bin.display()
    );
    bin
}

/// Starts `poortwachter worker` with `env`, logging to `log`.
pub fn spawn_worker(env: &[(&str, String)], log: &Path) -> Child {
    let mut cmd = Command::new(binary());
    cmd.arg("worker")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("log file"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("start the worker")
}

/// How many messages in `dir` (.eml files, from the outbox or the SMTP sink) each reminder has,
/// by the Message-ID the worker gives a reminder (`<reminder-ID@…>`).
pub fn mails_by_reminder(dir: &Path) -> std::collections::BTreeMap<String, usize> {
    mails_by_id(dir, "reminder")
}

/// How many messages `dir` holds per row id, for the Message-IDs `<{prefix}-{id}@…>` the
/// worker sets (`reminder`, `digest`).
pub fn mails_by_id(dir: &Path, prefix: &str) -> std::collections::BTreeMap<String, usize> {
    let marker = format!("<{prefix}-");
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_none_or(|x| x != "eml") {
            continue;
        }
        let mail = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(id) = mail
            .split(marker.as_str())
            .nth(1)
            .and_then(|rest| rest.split('@').next())
        {
            *out.entry(id.to_string()).or_default() += 1;
        }
    }
    out
}

/// The path of a PostgreSQL client tool (`pg_dump`, `psql`) of the machine's newest version.
pub fn pg_tool(name: &str) -> PathBuf {
    OwnPostgres::bindir().join(name)
}

/// A login over the wire with `password`: the `login` payload (tokens); panics when refused.
pub async fn login(addr: &str, email: &str, password: &str) -> serde_json::Value {
    let (_, res) = graphql(
        addr,
        None,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }",
        serde_json::json!({ "e": email, "p": password }),
    )
    .await
    .unwrap_or_else(|e| panic!("login: {e}"));
    let payload = res["data"]["login"].clone();
    assert!(payload["accessToken"].is_string(), "login refused: {res}");
    payload
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A `poortwachter serve` process on loopback.
pub struct Server {
    child: Child,
    /// `127.0.0.1:port`.
    pub addr: String,
}

impl Server {
    /// Starts `poortwachter serve --listen ADDR` plus `args`, with `env`, logging to `log`.
    pub fn spawn(env: &[(&str, String)], args: &[&str], log: &Path) -> Server {
        let addr = format!("127.0.0.1:{}", free_port());
        let mut cmd = Command::new(binary());
        cmd.arg("serve")
            .args(["--listen", &addr])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log file"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        Server {
            child: cmd.spawn().expect("start poortwachter"),
            addr,
        }
    }

    /// Waits until `/readyz` answers 200.
    pub async fn ready(&mut self, within: Duration) {
        let until = Instant::now() + within;
        loop {
            if let Ok((200, _)) = request(&self.addr, "GET", "/readyz", &[], Bytes::new()).await {
                return;
            }
            assert!(self.alive(), "the server exited while starting");
            assert!(Instant::now() < until, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Resident memory, KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Open file descriptors (sockets, files).
    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|d| d.count())
            .unwrap_or(0)
    }

    /// Stops it as an operator would (SIGTERM) and waits.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a fresh connection, with a 20-second limit (a hung server is an
/// error, not a hung test). `Err` for transport failures.
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> Result<(u16, Bytes), String> {
    let call = async {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(conn);
        let mut req = http::Request::builder()
            .method(method)
            .uri(path)
            .header("host", addr);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(Full::new(body))
            .map_err(|e| format!("request: {e}"))?;
        let res = send
            .send_request(req)
            .await
            .map_err(|e| format!("send: {e}"))?;
        let status = res.status().as_u16();
        let bytes = res
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, bytes))
    };
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .map_err(|_| "no answer within 20 s".to_string())?
}

/// A GraphQL request over the wire: status and JSON answer.
pub async fn graphql(
    addr: &str,
    token: Option<&str>,
    query: &str,
    variables: serde_json::Value,
) -> Result<(u16, serde_json::Value), String> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("authorization", a));
    }
    let body = serde_json::json!({ "query": query, "variables": variables }).to_string();
    let (status, bytes) = request(addr, "POST", "/graphql", &headers, Bytes::from(body)).await?;
    let value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))?;
    Ok((status, value))
}

/// A PostgreSQL cluster of one test's own, from the machine's binaries (as `make test` starts
/// its shared one), so the test can stop and start it under load.
pub struct OwnPostgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_root: bool,
}

impl OwnPostgres {
    fn bindir() -> PathBuf {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").exists())
            .collect();
        found.sort();
        found.pop().unwrap_or_else(|| {
            let which = Command::new("sh")
                .args(["-c", "dirname \"$(command -v initdb)\""])
                .output()
                .expect("sh");
            PathBuf::from(String::from_utf8_lossy(&which.stdout).trim())
        })
    }

    /// `cmd` in a shell, as the `postgres` user when the tests run as root (PostgreSQL refuses
    /// to run as root).
    fn shell(&self, cmd: &str) -> Command {
        let mut c = if self.as_root {
            let mut c = Command::new("su");
            c.args(["postgres", "-s", "/bin/bash", "-c"]);
            c
        } else {
            let mut c = Command::new("bash");
            c.arg("-c");
            c
        };
        c.arg(cmd);
        c
    }

    fn run(&self, cmd: &str) {
        let out = self.shell(cmd).output().expect("run a PostgreSQL tool");
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// initdb and start a cluster on a free port.
    pub fn start() -> OwnPostgres {
        let dir = std::env::temp_dir().join(format!("pw-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("cluster folder");
        let uid = Command::new("id").arg("-u").output().expect("id");
        let as_root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        if as_root {
            Command::new("chown")
                .args(["postgres"])
                .arg(&dir)
                .status()
                .expect("chown");
        }
        let pg = OwnPostgres {
            bin: Self::bindir(),
            dir,
            port: free_port(),
            as_root,
        };
        pg.run(&format!(
            "'{}/initdb' -D '{}/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null",
            pg.bin.display(),
            pg.dir.display()
        ));
        pg.start_again();
        pg
    }

    /// Starts the (stopped) cluster.
    pub fn start_again(&self) {
        self.run(&format!(
            "'{}/pg_ctl' -D '{}/data' -l '{}/server.log' -w -t 60 -o \"-p {} -k '{}' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null",
            self.bin.display(),
            self.dir.display(),
            self.dir.display(),
            self.port,
            self.dir.display()
        ));
    }

    /// Stops it at once (`-m immediate`: like a crash; connections are cut).
    pub fn stop(&self) {
        self.run(&format!(
            "'{}/pg_ctl' -D '{}/data' -m immediate -w stop >/dev/null",
            self.bin.display(),
            self.dir.display()
        ));
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self
            .shell(&format!(
                "'{}/pg_ctl' -D '{}/data' -m immediate stop >/dev/null 2>&1",
                self.bin.display(),
                self.dir.display()
            ))
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
