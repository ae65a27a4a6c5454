//! Everything a running process shares: configuration, database, clock, access log, services,
//! schema and metrics. Built once by `serve`, `worker` and the tests.

use std::sync::Arc;

use identity::{Identity, IdentitySettings};
use migration::{Migrator, MigratorTrait};
use platform::audit::AccessLog;
use platform::case_port::CaseGate;
use platform::clock::SharedClock;
use platform::config::Config;
use platform::mail::Mailer;
use sea_orm::DatabaseConnection;

use crate::metrics::Metrics;
use crate::schema::{AppSchema, Limits};

/// Why start-up failed; shown to the operator as is.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Keys.
    #[error(transparent)]
    Keys(#[from] crate::keys::KeyError),
    /// Database connection or migration.
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Mail configuration.
    #[error(transparent)]
    Mail(#[from] platform::mail::MailError),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// Shared process state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// Configuration.
    pub config: Arc<Config>,
    /// Database pool.
    pub db: DatabaseConnection,
    /// Clock.
    pub clock: SharedClock,
    /// Access log.
    pub log: AccessLog,
    /// Identity service.
    pub identity: Identity,
    /// Outgoing e-mail.
    pub mailer: Mailer,
    /// Medical service (the exports read through it).
    pub medical: medical::Medical,
    /// Documents service.
    pub documents: documents::Documents,
    /// The case port every request's context carries (the cases service's gate).
    pub gate: Arc<dyn CaseGate>,
    /// The tenants' data keys (wrapped under the master key).
    pub keyring: platform::keyring::Keyring,
    /// GraphQL schema with the services as data.
    pub schema: AppSchema,
    /// Metrics.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Connects to the database, optionally migrates, and builds the services.
    pub async fn init(
        config: Config,
        clock: SharedClock,
        migrate: bool,
    ) -> Result<AppState, StartError> {
        let master = crate::keys::master_key(&config)?;
        let tokens = crate::keys::token_keys(&config)?;
        let mut db =
            platform::db::connect(&config.database_url, config.database_max_connections).await?;
        let metrics = Arc::new(Metrics::default());
        let counted = metrics.clone();
        db.set_metric_callback(move |_| counted.statement());
        if migrate {
            Migrator::up(&db, None).await?;
        }
        let mailer = Mailer::new(
            config.smtp_url.as_deref(),
            config.outbox_dir(),
            &config.mail_from,
        )?;
        let keyring = platform::keyring::Keyring::new(db.clone(), clock.clone(), &master)
            .map_err(|e| StartError::Other(e.to_string()))?;
        // The installation's keys live wrapped in the database, so a master-key rotation only
        // re-wraps them; they start as what they used to be derived as.
        let system_key = |purpose: &'static [u8]| {
            let keyring = keyring.clone();
            let initial = master.derive_bytes(purpose);
            async move {
                keyring
                    .system_key(&String::from_utf8_lossy(purpose), initial)
                    .await
                    .map_err(|e| StartError::Other(e.to_string()))
            }
        };
        let chain_key = system_key(platform::audit::CHAIN_KEY_PURPOSE).await?;
        let totp_key = system_key(identity::service::TOTP_PURPOSE).await?;
        let log = AccessLog::new(db.clone(), clock.clone(), &chain_key);
        let identity = Identity::new(
            tokens,
            mailer.clone(),
            &totp_key,
            config.login_attempts_per_minute,
            IdentitySettings {
                session_ttl: chrono::Duration::seconds(
                    i64::try_from(config.session_ttl_secs).unwrap_or(43_200),
                ),
                invitation_ttl_hours: config.invitation_ttl_hours,
                max_failures: config.login_max_failures,
                lockout: chrono::Duration::seconds(
                    i64::try_from(config.login_lockout_secs).unwrap_or(900),
                ),
                public_url: config.public_url.clone(),
            },
        )
        .map_err(|e| StartError::Other(e.to_string()))?;
        let storage = documents::Storage::open(&config).map_err(StartError::Other)?;
        let medical = medical::Medical::new(keyring.clone());
        let notifier = cases::notify::Notifier::new(mailer.clone(), &config.public_url);
        let gate: Arc<dyn CaseGate> =
            Arc::new(cases::gate::Gate::new(notifier.clone(), medical.clone()));
        let documents = documents::Documents::new(
            storage,
            keyring.clone(),
            config.max_upload_bytes,
            config.clamd.as_deref().map(documents::scan::Scanner::new),
        );
        let schema = crate::schema::builder(Limits {
            depth: config.graphql_max_depth,
            complexity: config.graphql_max_complexity,
            aliases: config.graphql_max_aliases,
        })
        .data(identity.clone())
        .data(medical.clone())
        .data(documents.clone())
        .data(notifier)
        .data(scheduling::graphql::PublicUrl(config.public_url.clone()))
        .finish();
        Ok(AppState {
            config: Arc::new(config),
            db,
            clock,
            log,
            identity,
            mailer,
            medical,
            documents,
            gate,
            keyring,
            schema,
            metrics,
        })
    }

    /// What the demo and the bench data generator work with (`serve --demo`, `demo-data`, the
    /// tests' seeding).
    pub fn demo_env(&self) -> demo::Env {
        demo::Env {
            db: self.db.clone(),
            clock: self.clock.clone(),
            log: self.log.clone(),
            gate: self.gate.clone(),
            identity: self.identity.clone(),
            documents: self.documents.clone(),
            keyring: self.keyring.clone(),
        }
    }
}
