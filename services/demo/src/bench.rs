//! `poortwachter demo-data`: many employers with realistic open cases, written straight into
//! the tables, for the benchmarks (`make bench`) and for trying the portals at scale. Going
//! through the API would take hours per million cases (every step is a few statements and a
//! log entry); this writes in batches what the services would have written.
//!
//! What a case looks like here: sick since a day in the last 104 weeks (most cases short, as in
//! real absence figures), every legal step whose deadline has passed done a few days early
//! (milestones, a signed plan of action, the doctor's workability advice, documents), so the
//! open deadlines are the coming ones — except one case in twenty, which lags two weeks behind
//! and shows overdue steps and risk signals. Every tenant's access log holds the entries those
//! steps would have logged, chained as the log chains them (`verify-log` passes).
//!
//! Cases of one sickness length share their clock, so the timeline engine runs once per day of
//! length, not once per case. The data is the same for the same arguments and day (a fixed
//! pseudo-random sequence), so runs are comparable.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use identity::entities::{engagement, organisation, user};
use platform::entities::access_log;
use platform::{AppError, AppResult, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use uuid::Uuid;

use crate::Env;

mod rows;

use rows::{Batch, Rng, Templates};

/// The password of every generated account (printed by the command; never use generated data
/// in production).
pub const PASSWORD: &str = "benchmark-wachtwoord";

/// Cases written per transaction (with their rows in other tables).
const BATCH: usize = 1000;

/// Longest sickness generated, in days (wage payment ends at 104 weeks).
const MAX_DAYS: i64 = 720;

/// How much to generate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Employers.
    pub tenants: usize,
    /// Employees over all employers (at least one per case).
    pub employees: usize,
    /// Open cases over all employers.
    pub cases: usize,
    /// Cases of the first (largest) employer; the rest share the remainder evenly.
    pub largest: usize,
}

impl Shape {
    /// Cases and employees of tenant `i`.
    fn of(&self, i: usize) -> (usize, usize) {
        let largest = self.largest.min(self.cases);
        let cases = if i == 0 {
            largest
        } else {
            let rest = self.cases - largest;
            let others = self.tenants.saturating_sub(1).max(1);
            rest / others + usize::from(i - 1 < rest % others)
        };
        let ratio = self.employees.max(self.cases) as f64 / self.cases.max(1) as f64;
        (cases, ((cases as f64) * ratio).ceil() as usize)
    }
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct Written {
    /// Employers.
    pub tenants: usize,
    /// Employees.
    pub employees: usize,
    /// Open cases.
    pub cases: usize,
    /// Open deadlines (what the reminder sweep reads).
    pub deadlines: usize,
    /// Steps recorded as done.
    pub milestones: usize,
    /// Plan of action versions.
    pub plans: usize,
    /// Workability advice.
    pub advice: usize,
    /// Document metadata rows.
    pub documents: usize,
    /// Access log entries.
    pub log_entries: usize,
    /// Seconds it took.
    pub seconds: f64,
}

/// The e-mail address of the HR administrator of generated employer `i` (0 is the largest).
pub fn hr_email(i: usize) -> String {
    format!("hr@werkgever{i}.bench.example")
}

/// The shared parties: one health service with one company doctor, engaged by every employer.
struct Shared {
    health_service: Uuid,
    doctor: Uuid,
    password_hash: String,
}

/// Generates `shape` into the database of `env`. Refuses when generated data is already
/// there (run it on a fresh database).
pub async fn generate(env: &Env, shape: Shape, progress: impl Fn(&str)) -> AppResult<Written> {
    let started = Instant::now();
    let db = &env.db;
    if shape.tenants == 0 || shape.cases < shape.tenants {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "cases",
            "at least one case per employer",
        ));
    }
    let exists = user::Entity::find()
        .filter(user::Column::Email.eq(hr_email(0)))
        .count(db)
        .await?;
    if exists > 0 {
        return Err(AppError::conflict(
            ErrorReason::AlreadyGenerated,
            "this database already holds generated data; use a fresh one",
        ));
    }
    let now = env.clock.now();
    let shared = shared(env, now).await?;
    let keyring = &env.keyring;
    let mut templates = Templates {
        today: env.clock.today(),
        by_days: HashMap::new(),
    };
    let mut written = Written::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..shape.tenants {
        let (cases, employees) = shape.of(i);
        let key = tenant(env, &shared, i, now).await?;
        let sealing = keyring.tenant_key(key.tenant).await?;
        let mut log = LogChain::new(key.tenant);
        let mut first = 0;
        while first < employees {
            let n = BATCH.min(employees - first);
            let batch = Batch::build(
                &key,
                &shared,
                &mut templates,
                &mut rng,
                first,
                n,
                cases,
                now,
                &sealing,
                &mut log,
                env,
            )?;
            written.add(&batch);
            batch.write(env).await?;
            first += n;
        }
        written.tenants += 1;
        if i == 0 || (i + 1) % 100 == 0 || i + 1 == shape.tenants {
            progress(&format!(
                "{} employers, {} cases, {} open deadlines, {:.0} s",
                i + 1,
                written.cases,
                written.deadlines,
                started.elapsed().as_secs_f64()
            ));
        }
    }
    if db.get_database_backend() == DatabaseBackend::Postgres {
        // Fresh statistics, so the planner sees the data it now holds.
        db.execute_unprepared("ANALYZE").await?;
    }
    written.seconds = started.elapsed().as_secs_f64();
    Ok(written)
}

async fn shared(env: &Env, now: DateTime<Utc>) -> AppResult<Shared> {
    let db = &env.db;
    let health_service = platform::ids::new_id();
    organisation::Entity::insert(organisation::ActiveModel {
        id: Set(health_service),
        name: Set("Arbodienst Benchmark".into()),
        kind: Set(OrganisationKind::OccupationalHealthService),
        created_at: Set(now),
        own_risk_carrier: Set(false),
    })
    .exec_without_returning(db)
    .await?;
    let password_hash = identity::password::hash(PASSWORD).await?;
    let doctor = platform::ids::new_id();
    identity::repo::insert_user(
        &env.db,
        doctor,
        health_service,
        "bedrijfsarts@arbodienst.bench.example",
        "Dr. Benchmark",
        &password_hash,
        &[Role::CompanyDoctor],
        now,
    )
    .await?;
    Ok(Shared {
        health_service,
        doctor,
        password_hash,
    })
}

/// An employer: its organisation, HR administrator and engagement of the health service.
struct TenantKey {
    index: usize,
    tenant: Uuid,
    hr: Uuid,
}

async fn tenant(env: &Env, shared: &Shared, i: usize, now: DateTime<Utc>) -> AppResult<TenantKey> {
    let tenant = platform::ids::new_id();
    organisation::Entity::insert(organisation::ActiveModel {
        id: Set(tenant),
        name: Set(format!("Werkgever {i} B.V.")),
        kind: Set(OrganisationKind::Employer),
        created_at: Set(now),
        own_risk_carrier: Set(false),
    })
    .exec_without_returning(&env.db)
    .await?;
    let hr = platform::ids::new_id();
    identity::repo::insert_user(
        &env.db,
        hr,
        tenant,
        &hr_email(i),
        &format!("HR Werkgever {i}"),
        &shared.password_hash,
        &[Role::HrAdmin],
        now,
    )
    .await?;
    engagement::Entity::insert(engagement::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant),
        provider_id: Set(shared.health_service),
        created_at: Set(now),
        ended_at: Set(None),
    })
    .exec_without_returning(&env.db)
    .await?;
    Ok(TenantKey {
        index: i,
        tenant,
        hr,
    })
}

/// One tenant's access-log chain, continued entry by entry.
struct LogChain {
    tenant: Uuid,
    seq: i64,
    head: String,
}

impl LogChain {
    fn new(tenant: Uuid) -> Self {
        LogChain {
            tenant,
            seq: 0,
            head: platform::audit::GENESIS.to_string(),
        }
    }

    /// The next entry: `actor` did `action` on the case of `employee` at `at`.
    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        env: &Env,
        actor: Uuid,
        role: Role,
        organisation: Uuid,
        employee: Uuid,
        resource: &str,
        id: Uuid,
        action: &str,
        at: DateTime<Utc>,
    ) -> access_log::Model {
        self.seq += 1;
        let mut e = access_log::Model {
            id: platform::ids::new_id(),
            tenant_id: self.tenant,
            seq: self.seq,
            occurred_at: at,
            actor_user_id: Some(actor),
            actor_role: Some(role.as_str().into()),
            actor_organisation_id: Some(organisation),
            on_behalf_of: None,
            subject_employee_id: Some(employee),
            resource_type: resource.into(),
            resource_id: Some(id.to_string()),
            action: action.into(),
            outcome: "ALLOWED".into(),
            detail: None,
            ip: Some("127.0.0.1".into()),
            user_agent: Some("poortwachter demo-data".into()),
            request_id: None,
            prev_hash: std::mem::take(&mut self.head),
            hash: String::new(),
        };
        e.hash = env.log.hash(&e);
        self.head = e.hash.clone();
        e
    }
}
