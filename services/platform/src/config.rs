//! Typed configuration: defaults, then an optional TOML file, then `POORTWACHTER_*` environment
//! variables (one per field: `POORTWACHTER_` + the field name in capitals). Validated once at
//! start, with messages that name the variable to fix.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Run mode.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Local use: GraphiQL on, keys generated into the data directory when missing.
    Development,
    /// Keys must be configured; GraphiQL off.
    Production,
}

/// Log output format.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line (for log shippers).
    Json,
}

/// The whole configuration. Every field is documented in [`FIELD_DOCS`] (which generates
/// `docs/configuration.md`; a test keeps the two in step).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `development` or `production`.
    pub environment: Environment,
    /// Database URL (`sqlite://...` or `postgres://...`).
    pub database_url: String,
    /// Maximum connections in the database pool.
    pub database_max_connections: u32,
    /// HTTP listen address.
    pub listen: SocketAddr,
    /// Public base URL of the web app, used in e-mail links.
    pub public_url: String,
    /// Directory for local state (SQLite file, generated development keys, outbox).
    pub data_dir: PathBuf,
    /// Directory with the built web app.
    pub web_dir: PathBuf,
    /// SMTP relay URL; when unset, e-mail goes to `outbox_dir` as .eml files.
    pub smtp_url: Option<String>,
    /// Sender address of e-mail.
    pub mail_from: String,
    /// Folder for .eml files when no SMTP relay is configured (default `<data_dir>/outbox`).
    pub outbox_dir: Option<PathBuf>,
    /// Document storage: `file://DIR` or `s3://bucket`.
    pub storage: String,
    /// S3 endpoint, overriding `AWS_ENDPOINT` (an S3-compatible server).
    pub s3_endpoint: Option<String>,
    /// S3 region, overriding `AWS_REGION`.
    pub s3_region: Option<String>,
    /// S3 access key id, overriding `AWS_ACCESS_KEY_ID`.
    pub s3_access_key_id: Option<String>,
    /// S3 secret access key, overriding `AWS_SECRET_ACCESS_KEY`.
    pub s3_secret_access_key: Option<String>,
    /// Allow plain-HTTP S3 endpoints.
    pub s3_allow_http: bool,
    /// Largest accepted upload, bytes.
    pub max_upload_bytes: u64,
    /// Seconds an upload may send nothing before it is cut off.
    pub upload_idle_timeout_secs: u64,
    /// clamd to scan uploads with (`host:port`); no scanning when unset.
    pub clamd: Option<String>,
    /// Seconds between a worker's heartbeats to the job queue.
    pub worker_heartbeat_secs: u64,
    /// Seconds between reminder sweeps.
    pub worker_sweep_secs: u64,
    /// Reminders one worker sends at the same time.
    pub worker_concurrency: usize,
    /// E-mails per job of the queue, sent one after another.
    pub worker_batch: usize,
    /// Master key: 32 random bytes, base64.
    pub master_key: Option<String>,
    /// Ed25519 private key for access tokens: PKCS#8 PEM, inline or a file path.
    pub jwt_key: Option<String>,
    /// `iss` of access tokens (and the expected `aud` is `poortwachter`).
    pub jwt_issuer: String,
    /// Lifetime of an access token, seconds.
    pub access_token_ttl_secs: u64,
    /// Lifetime of a login session (refresh-token family), seconds.
    pub session_ttl_secs: u64,
    /// Lifetime of an invitation, hours.
    pub invitation_ttl_hours: u64,
    /// Wrong passwords for one address from one client before delays start (1 s, doubling);
    /// also wrong authenticator codes on one account before its codes pause. No account is
    /// ever locked for its owner by someone else's guesses (decision 76).
    pub login_max_failures: u32,
    /// The longest delay after wrong passwords, and how long authenticator codes pause,
    /// seconds.
    pub login_lockout_secs: u64,
    /// Login attempts allowed per client IP per minute.
    pub login_attempts_per_minute: u32,
    /// Trust the first `X-Forwarded-For` hop as the client IP (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// Maximum size of a GraphQL request body, bytes.
    pub max_body_bytes: usize,
    /// Maximum GraphQL query depth.
    pub graphql_max_depth: usize,
    /// Maximum GraphQL query complexity.
    pub graphql_max_complexity: usize,
    /// Maximum number of aliased fields in one GraphQL query.
    pub graphql_max_aliases: usize,
    /// Log format: `pretty` or `json`.
    pub log_format: LogFormat,
    /// Log filter (tracing `EnvFilter` syntax).
    pub log_filter: String,
}

/// One line of documentation per configuration field: (field, default shown to readers, meaning).
pub const FIELD_DOCS: &[(&str, &str)] = &[
    (
        "environment",
        "`development` (GraphiQL on; missing keys are generated into `data_dir`) or `production` (keys required, GraphiQL off).",
    ),
    (
        "database_url",
        "`sqlite://./data/poortwachter.db?mode=rwc` (embedded default) or `postgres://user:password@host:5432/db`.",
    ),
    (
        "database_max_connections",
        "Connections in the database pool.",
    ),
    ("listen", "Address the HTTP server listens on."),
    (
        "public_url",
        "Base URL of the web app as users reach it; used for links in e-mails.",
    ),
    (
        "data_dir",
        "Directory for local state: the SQLite file, generated development keys, the e-mail outbox.",
    ),
    (
        "web_dir",
        "Directory holding the built web app (`web/dist`), served at `/`.",
    ),
    (
        "smtp_url",
        "SMTP relay, e.g. `smtp://localhost:2525` (plain), `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://user:pass@host` (TLS). When unset, e-mails are written as .eml files into `outbox_dir`.",
    ),
    ("mail_from", "Sender address of all e-mail."),
    (
        "outbox_dir",
        "Folder for .eml files when `smtp_url` is unset; default `<data_dir>/outbox`.",
    ),
    (
        "storage",
        "Where documents are stored: `file://DIR` or `s3://bucket` (with the usual `AWS_*` variables, or the `s3_*` fields below). Files are encrypted before they are stored.",
    ),
    (
        "s3_endpoint",
        "Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:9000`; overrides `AWS_ENDPOINT`. Unset: AWS.",
    ),
    ("s3_region", "S3 region; overrides `AWS_REGION`."),
    (
        "s3_access_key_id",
        "S3 access key id; overrides `AWS_ACCESS_KEY_ID`.",
    ),
    (
        "s3_secret_access_key",
        "S3 secret access key; overrides `AWS_SECRET_ACCESS_KEY`.",
    ),
    (
        "s3_allow_http",
        "Allow an `http://` S3 endpoint (a server on the same host only).",
    ),
    (
        "max_upload_bytes",
        "Largest document accepted, in bytes (default 50 MB); larger uploads are refused with 413 while they stream, and nothing is kept.",
    ),
    (
        "upload_idle_timeout_secs",
        "Seconds an upload may go without sending a byte before the server cuts it off and removes what it started (default 60). Uploads have no overall time limit (a phone on a slow line), only this one.",
    ),
    (
        "clamd",
        "`host:port` of a clamd to scan every upload with (INSTREAM; set its `StreamMaxLength` to at least `max_upload_bytes`). Infected files are refused. Unset: no scanning.",
    ),
    (
        "worker_sweep_secs",
        "Seconds between the worker's reminder sweeps (default 300). A sweep is idempotent; a shorter period only finds new due moments sooner.",
    ),
    (
        "worker_heartbeat_secs",
        "Seconds between a worker's heartbeats to the job queue (default 30). The jobs of a worker that misses three are run by another worker; a reminder it was sending is then sent again (same Message-ID).",
    ),
    (
        "worker_concurrency",
        "Reminders one worker sends at the same time (default 4, at most 64). The SMTP relay's connection limit bounds what helps.",
    ),
    (
        "worker_batch",
        "E-mails per job of the queue, sent one after another over one SMTP connection (default 25, at most 500): the queue's round trip is paid once per batch.",
    ),
    (
        "master_key",
        "32 random bytes, base64 (`openssl rand -base64 32`). Encrypts secrets at rest (TOTP secrets, later the per-tenant data keys of medical data). Required in production; in development generated into `<data_dir>/master.key`.",
    ),
    (
        "jwt_key",
        "Ed25519 private key (PKCS#8 PEM, `openssl genpkey -algorithm ed25519`) that signs access tokens: the PEM text itself or a path to it. Every gateway of one installation needs the same key. Required in production; in development generated into `<data_dir>/jwt-ed25519.pem`.",
    ),
    (
        "jwt_issuer",
        "`iss` claim of access tokens; tokens of another issuer are refused.",
    ),
    (
        "access_token_ttl_secs",
        "Lifetime of an access token in seconds (short: a refresh token renews it).",
    ),
    (
        "session_ttl_secs",
        "Lifetime of a login session in seconds; refresh tokens rotate within it.",
    ),
    (
        "invitation_ttl_hours",
        "How long an invitation link stays valid.",
    ),
    (
        "login_max_failures",
        "Wrong passwords for one address from one client before growing delays start (1 s, doubling); wrong authenticator codes on one account before its codes pause. No account is ever locked for its owner.",
    ),
    (
        "login_lockout_secs",
        "The longest delay after wrong passwords, and how long authenticator codes pause.",
    ),
    (
        "login_attempts_per_minute",
        "Login attempts allowed per client IP per minute (per gateway process).",
    ),
    (
        "trust_forwarded_for",
        "Take the client IP from the first `X-Forwarded-For` hop. Only behind a reverse proxy you control.",
    ),
    (
        "max_body_bytes",
        "Largest accepted GraphQL request body in bytes (uploads have their own limit).",
    ),
    (
        "graphql_max_depth",
        "Deepest accepted GraphQL query (the standard introspection query needs 13).",
    ),
    (
        "graphql_max_complexity",
        "Highest accepted GraphQL query complexity.",
    ),
    (
        "graphql_max_aliases",
        "Most aliased fields accepted in one GraphQL query (guards against alias amplification).",
    ),
    ("log_format", "`pretty` or `json`."),
    (
        "log_filter",
        "Which logs to print, in `tracing` filter syntax, e.g. `info,sqlx=warn`.",
    ),
];

impl Default for Config {
    fn default() -> Self {
        Config {
            environment: Environment::Development,
            database_url: "sqlite://./data/poortwachter.db?mode=rwc".into(),
            database_max_connections: 16,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            web_dir: PathBuf::from("./web/dist"),
            smtp_url: None,
            mail_from: "Poortwachter <noreply@poortwachter.example>".into(),
            outbox_dir: None,
            storage: "file://./data/documents".into(),
            s3_endpoint: None,
            s3_region: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            max_upload_bytes: 50 * 1024 * 1024,
            upload_idle_timeout_secs: 60,
            clamd: None,
            worker_heartbeat_secs: 30,
            worker_sweep_secs: 300,
            worker_concurrency: 4,
            worker_batch: 25,
            master_key: None,
            jwt_key: None,
            jwt_issuer: "poortwachter".into(),
            access_token_ttl_secs: 900,
            session_ttl_secs: 12 * 3600,
            invitation_ttl_hours: 72,
            login_max_failures: 5,
            login_lockout_secs: 900,
            login_attempts_per_minute: 20,
            trust_forwarded_for: false,
            max_body_bytes: 1024 * 1024,
            graphql_max_depth: 16,
            graphql_max_complexity: 5000,
            graphql_max_aliases: 60,
            log_format: LogFormat::Pretty,
            log_filter: "info,sqlx=warn,sea_orm=warn".into(),
        }
    }
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n  - {}", .0.join("\n  - "))]
pub struct ConfigError(pub Vec<String>);

/// Prefix of every environment variable.
pub const ENV_PREFIX: &str = "POORTWACHTER_";

impl Config {
    /// Loads defaults, then the TOML file (if given), then environment variables, and validates.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(file, &env)
    }

    /// [`Config::load`] with an explicit environment (tests).
    pub fn load_from(file: Option<&Path>, env: &[(String, String)]) -> Result<Config, ConfigError> {
        let mut merged = serde_json::to_value(Config::default())
            .map_err(|e| ConfigError(vec![format!("defaults: {e}")]))?;
        let serde_json::Value::Object(ref mut map) = merged else {
            return Err(ConfigError(vec!["defaults are not a table".into()]));
        };
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ConfigError(vec![format!("cannot read {}: {e}", path.display())]))?;
            let table: toml::Table = toml::from_str(&text)
                .map_err(|e| ConfigError(vec![format!("{}: {e}", path.display())]))?;
            for (key, value) in table {
                if !map.contains_key(&key) {
                    return Err(ConfigError(vec![format!(
                        "{}: unknown setting `{key}` (known: {})",
                        path.display(),
                        FIELD_DOCS
                            .iter()
                            .map(|(k, _)| *k)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )]));
                }
                let json = serde_json::to_value(value)
                    .map_err(|e| ConfigError(vec![format!("{}: {key}: {e}", path.display())]))?;
                map.insert(key, json);
            }
        }
        let mut errors = Vec::new();
        for (key, value) in env {
            let Some(field) = key.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            let field = field.to_ascii_lowercase();
            // Variables of other tools (POORTWACHTER_CONFIG, test helpers) are not fields.
            let Some(default) = map.get(&field) else {
                continue;
            };
            let parsed = match default {
                serde_json::Value::Number(_) => match value.trim().parse::<u64>() {
                    Ok(n) => serde_json::Value::from(n),
                    Err(_) => {
                        errors.push(format!("{key}: expected a whole number, got `{value}`"));
                        continue;
                    }
                },
                serde_json::Value::Bool(_) => match value.trim() {
                    "1" | "true" | "yes" | "on" => serde_json::Value::Bool(true),
                    "0" | "false" | "no" | "off" => serde_json::Value::Bool(false),
                    _ => {
                        errors.push(format!("{key}: expected true or false, got `{value}`"));
                        continue;
                    }
                },
                _ if value.is_empty() => serde_json::Value::Null,
                _ => serde_json::Value::String(value.clone()),
            };
            map.insert(field, parsed);
        }
        if !errors.is_empty() {
            return Err(ConfigError(errors));
        }
        let config: Config = serde_json::from_value(merged).map_err(|e| {
            ConfigError(vec![format!(
                "{e} (check the POORTWACHTER_* variables and the config file)"
            )])
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut errors = Vec::new();
        let production = self.environment == Environment::Production;
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            errors.push("POORTWACHTER_DATABASE_URL: must start with sqlite: or postgres://".into());
        }
        if self.database_max_connections == 0 {
            errors.push("POORTWACHTER_DATABASE_MAX_CONNECTIONS: must be at least 1".into());
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            errors.push("POORTWACHTER_PUBLIC_URL: must be an http(s) URL".into());
        }
        if let Some(smtp) = &self.smtp_url
            && !(smtp.starts_with("smtp://") || smtp.starts_with("smtps://"))
        {
            errors.push("POORTWACHTER_SMTP_URL: must start with smtp:// or smtps://".into());
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            errors.push("POORTWACHTER_MAIL_FROM: not an e-mail address (e.g. `Poortwachter <noreply@example.nl>`)".into());
        }
        if !(self.storage.starts_with("file://") || self.storage.starts_with("s3://")) {
            errors.push("POORTWACHTER_STORAGE: must be file://DIR or s3://bucket".into());
        }
        if self.max_upload_bytes < 1024 {
            errors.push("POORTWACHTER_MAX_UPLOAD_BYTES: at least 1024".into());
        }
        if !(1..=3600).contains(&self.upload_idle_timeout_secs) {
            errors.push("POORTWACHTER_UPLOAD_IDLE_TIMEOUT_SECS: must be 1 to 3600".into());
        }
        if self.worker_heartbeat_secs == 0 || self.worker_heartbeat_secs > 3600 {
            errors.push("POORTWACHTER_WORKER_HEARTBEAT_SECS: must be 1 to 3600".into());
        }
        if !(1..=86_400).contains(&self.worker_sweep_secs) {
            errors.push("POORTWACHTER_WORKER_SWEEP_SECS: must be 1 to 86400".into());
        }
        if !(1..=500).contains(&self.worker_batch) {
            errors.push("POORTWACHTER_WORKER_BATCH: must be 1 to 500".into());
        }
        if !(1..=64).contains(&self.worker_concurrency) {
            errors.push("POORTWACHTER_WORKER_CONCURRENCY: must be 1 to 64".into());
        }
        if let Some(clamd) = &self.clamd
            && clamd.parse::<SocketAddr>().is_err()
            && !clamd.contains(':')
        {
            errors.push("POORTWACHTER_CLAMD: must be host:port".into());
        }
        match &self.master_key {
            Some(key) if crate::crypto::MasterKey::from_base64(key).is_err() => errors.push(
                "POORTWACHTER_MASTER_KEY: must be 32 bytes in base64 (openssl rand -base64 32)"
                    .into(),
            ),
            None if production => {
                errors.push("POORTWACHTER_MASTER_KEY: required in production".into())
            }
            _ => {}
        }
        if self.jwt_key.is_none() && production {
            errors.push(
                "POORTWACHTER_JWT_KEY: required in production (openssl genpkey -algorithm ed25519)"
                    .into(),
            );
        }
        if !(60..=3600).contains(&self.access_token_ttl_secs) {
            errors.push("POORTWACHTER_ACCESS_TOKEN_TTL_SECS: between 60 and 3600".into());
        }
        if self.session_ttl_secs < self.access_token_ttl_secs {
            errors.push(
                "POORTWACHTER_SESSION_TTL_SECS: must be at least the access token lifetime".into(),
            );
        }
        if self.invitation_ttl_hours == 0 || self.invitation_ttl_hours > 24 * 30 {
            errors.push("POORTWACHTER_INVITATION_TTL_HOURS: between 1 and 720".into());
        }
        if self.login_max_failures == 0 {
            errors.push("POORTWACHTER_LOGIN_MAX_FAILURES: must be at least 1".into());
        }
        if self.login_attempts_per_minute == 0 {
            errors.push("POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE: must be at least 1".into());
        }
        if self.max_body_bytes < 1024 {
            errors.push("POORTWACHTER_MAX_BODY_BYTES: at least 1024".into());
        }
        if self.graphql_max_depth < 13 {
            errors.push("POORTWACHTER_GRAPHQL_MAX_DEPTH: at least 13, or the standard introspection query is refused".into());
        }
        if tracing_filter_is_empty(&self.log_filter) {
            errors.push("POORTWACHTER_LOG_FILTER: must not be empty".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(errors))
        }
    }

    /// The outbox folder in effect.
    pub fn outbox_dir(&self) -> PathBuf {
        self.outbox_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("outbox"))
    }

    /// Whether GraphiQL is served.
    pub fn graphiql(&self) -> bool {
        self.environment == Environment::Development
    }

    /// `docs/configuration.md`, generated from [`FIELD_DOCS`] and the defaults.
    pub fn markdown() -> String {
        let defaults = serde_json::to_value(Config::default()).unwrap_or_default();
        let mut out = String::from(
            "# Configuration\n\n<!-- generated by `poortwachter config-docs`; a test checks it is current -->\n\n\
             Settings come from, in order: the defaults below, a TOML file (`--config FILE` or \
             `POORTWACHTER_CONFIG`), then environment variables `POORTWACHTER_<FIELD>` (the field \
             name in capitals). An empty variable unsets an optional field. The server refuses to \
             start with a list of everything that is wrong.\n\n\
             | field / variable | default | meaning |\n|---|---|---|\n",
        );
        for (field, doc) in FIELD_DOCS {
            let default = match defaults.get(*field) {
                Some(serde_json::Value::Null) | None => "(unset)".to_string(),
                Some(serde_json::Value::String(s)) => format!("`{s}`"),
                Some(v) => format!("`{v}`"),
            };
            out.push_str(&format!(
                "| `{field}`<br>`{ENV_PREFIX}{}` | {default} | {doc} |\n",
                field.to_ascii_uppercase()
            ));
        }
        out
    }
}

fn tracing_filter_is_empty(filter: &str) -> bool {
    filter.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_field_is_documented_once() {
        let defaults = serde_json::to_value(Config::default()).unwrap();
        let fields: Vec<&String> = defaults.as_object().unwrap().keys().collect();
        for field in &fields {
            assert!(
                FIELD_DOCS.iter().any(|(k, _)| k == field),
                "{field} has no documentation"
            );
        }
        assert_eq!(
            fields.len(),
            FIELD_DOCS.len(),
            "documented fields that do not exist"
        );
    }

    #[test]
    fn environment_overrides_defaults() {
        let c = Config::load_from(
            None,
            &env(&[
                ("POORTWACHTER_LISTEN", "0.0.0.0:9000"),
                ("POORTWACHTER_LOGIN_MAX_FAILURES", "3"),
                ("POORTWACHTER_TRUST_FORWARDED_FOR", "true"),
                ("POORTWACHTER_SMTP_URL", "smtp://127.0.0.1:2525"),
                ("POORTWACHTER_CONFIG", "ignored: not a field"),
            ]),
        )
        .unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.login_max_failures, 3);
        assert!(c.trust_forwarded_for);
        assert_eq!(c.smtp_url.as_deref(), Some("smtp://127.0.0.1:2525"));
    }

    #[test]
    fn toml_file_is_read_and_env_wins() {
        let dir = std::env::temp_dir().join(format!("pw-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("poortwachter.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:7000\"\nlogin_lockout_secs = 60\n",
        )
        .unwrap();
        let c = Config::load_from(
            Some(&file),
            &env(&[("POORTWACHTER_LISTEN", "127.0.0.1:7001")]),
        )
        .unwrap();
        assert_eq!(c.listen.port(), 7001);
        assert_eq!(c.login_lockout_secs, 60);
        std::fs::write(&file, "lissen = \"127.0.0.1:7000\"\n").unwrap();
        let err = Config::load_from(Some(&file), &[]).unwrap_err().to_string();
        assert!(err.contains("unknown setting `lissen`"), "{err}");
    }

    #[test]
    fn bad_values_are_all_reported_with_the_variable_name() {
        let err = Config::load_from(
            None,
            &env(&[
                ("POORTWACHTER_DATABASE_URL", "mysql://x"),
                ("POORTWACHTER_MASTER_KEY", "too-short"),
                ("POORTWACHTER_STORAGE", "ftp://x"),
            ]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("POORTWACHTER_DATABASE_URL"), "{err}");
        assert!(err.contains("POORTWACHTER_MASTER_KEY"), "{err}");
        assert!(err.contains("POORTWACHTER_STORAGE"), "{err}");
        let err = Config::load_from(None, &env(&[("POORTWACHTER_LOGIN_MAX_FAILURES", "many")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected a whole number"), "{err}");
        let err = Config::load_from(None, &env(&[("POORTWACHTER_LISTEN", "localhost")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid socket address"), "{err}");
    }

    #[test]
    fn production_requires_keys() {
        let err = Config::load_from(None, &env(&[("POORTWACHTER_ENVIRONMENT", "production")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("POORTWACHTER_MASTER_KEY: required in production"),
            "{err}"
        );
        assert!(
            err.contains("POORTWACHTER_JWT_KEY: required in production"),
            "{err}"
        );
    }

    #[test]
    fn configuration_docs_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/configuration.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == Config::markdown(),
            "docs/configuration.md is stale: run `cargo run -- config-docs > docs/configuration.md`"
        );
    }
}
