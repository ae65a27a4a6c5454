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

use cases::entities::{case_deadline, case_file, case_milestone, plan_of_action_version};
use cases::model::CaseRecord;
use cases::timeline::{self, DeadlineKind};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use documents::entities::document;
use identity::entities::{employee, engagement, organisation, user};
use medical::entities::workability_advice;
use platform::entities::access_log;
use platform::{AppError, AppResult, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::AppState;

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

/// A small fixed pseudo-random sequence (xorshift), so the same arguments give the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The clock of a case `days` long, on time or lagging.
#[derive(Clone, Debug)]
struct Template {
    milestones: Vec<(DeadlineKind, NaiveDate)>,
    open: Vec<(DeadlineKind, NaiveDate)>,
}

impl Template {
    fn done(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        self.milestones
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, on)| *on)
            .max()
    }
}

/// Does every step due before `cutoff` a few days early, as far as milestones can record it,
/// and returns what is done and what stays open.
fn template(sick_since: NaiveDate, today: NaiveDate, cutoff: NaiveDate) -> AppResult<Template> {
    let now = Utc::now();
    let case = case_file::Model::opened(Uuid::nil(), Uuid::nil(), Uuid::nil(), sick_since, now);
    let mut record = CaseRecord {
        case,
        recoveries: vec![],
        partial: vec![],
        milestones: vec![],
        expert_opinions: vec![],
        track2: None,
    };
    let compute = |record: &CaseRecord| {
        timeline::compute(&record.clock_input(), today)
            .map_err(|e| AppError::invariant(format!("generated case does not compute: {e}")))
    };
    let mut line = compute(&record)?;
    // Each round does what is overdue; a done step can bring the next (an evaluation six weeks
    // on), so repeat until nothing before the cut-off is open. Steps no milestone records stay.
    for _ in 0..64 {
        let overdue: Vec<(DeadlineKind, NaiveDate)> = line
            .deadlines
            .iter()
            .filter(|d| d.completed_on.is_none() && d.due < cutoff)
            .map(|d| (d.kind, d.due))
            .collect();
        if overdue.is_empty() {
            break;
        }
        for (kind, due) in &overdue {
            let on = (*due - Duration::days(3)).max(sick_since).min(today);
            record.milestones.push(cases::model::StepDone {
                id: Uuid::nil(),
                case_id: Uuid::nil(),
                kind: cases::model::kind_str(*kind),
                occurred_on: on,
                note: None,
            });
        }
        let next = compute(&record)?;
        let progressed = next
            .deadlines
            .iter()
            .filter(|d| d.completed_on.is_some())
            .count()
            > line
                .deadlines
                .iter()
                .filter(|d| d.completed_on.is_some())
                .count();
        line = next;
        if !progressed {
            break;
        }
    }
    Ok(Template {
        milestones: record
            .milestones
            .iter()
            .filter_map(|m| cases::model::parse_kind(&m.kind).map(|k| (k, m.occurred_on)))
            .collect(),
        open: cases::service::open_deadlines(&line),
    })
}

/// Templates by (days sick, lagging).
struct Templates {
    today: NaiveDate,
    by_days: HashMap<(i64, bool), Template>,
}

impl Templates {
    fn get(&mut self, days: i64, lagging: bool) -> AppResult<&Template> {
        let today = self.today;
        match self.by_days.entry((days, lagging)) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let cutoff = if lagging {
                    today - Duration::days(14)
                } else {
                    today
                };
                Ok(e.insert(template(today - Duration::days(days), today, cutoff)?))
            }
        }
    }
}

/// Days sick of a case: most are short, as in real absence figures.
fn days_sick(rng: &mut Rng) -> i64 {
    let pick = rng.below(100);
    let (from, to) = match pick {
        0..45 => (1, 42),
        45..75 => (43, 364),
        _ => (365, MAX_DAYS),
    };
    from + rng.below((to - from + 1) as u64) as i64
}

/// The shared parties: one health service with one company doctor, engaged by every employer.
struct Shared {
    health_service: Uuid,
    doctor: Uuid,
    password_hash: String,
}

/// Generates `shape` into the database of `state`. Refuses when generated data is already
/// there (run it on a fresh database).
pub async fn generate(
    state: &AppState,
    shape: Shape,
    progress: impl Fn(&str),
) -> AppResult<Written> {
    let started = Instant::now();
    let db = &state.db;
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
    let now = state.clock.now();
    let shared = shared(state, now).await?;
    let master =
        crate::keys::master_key(&state.config).map_err(|e| AppError::invariant(e.to_string()))?;
    let keyring = platform::keyring::Keyring::new(db.clone(), state.clock.clone(), &master)?;
    let mut templates = Templates {
        today: state.clock.today(),
        by_days: HashMap::new(),
    };
    let mut written = Written::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..shape.tenants {
        let (cases, employees) = shape.of(i);
        let key = tenant(state, &shared, i, now).await?;
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
                state,
            )?;
            written.add(&batch);
            batch.write(state).await?;
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

async fn shared(state: &AppState, now: DateTime<Utc>) -> AppResult<Shared> {
    let db = &state.db;
    let health_service = platform::ids::new_id();
    organisation::Entity::insert(organisation::ActiveModel {
        id: Set(health_service),
        name: Set("Arbodienst Benchmark".into()),
        kind: Set(OrganisationKind::OccupationalHealthService.as_str().into()),
        created_at: Set(now),
        own_risk_carrier: Set(false),
    })
    .exec_without_returning(db)
    .await?;
    let password_hash = identity::password::hash(PASSWORD).await?;
    let doctor = platform::ids::new_id();
    identity::repo::insert_user(
        &state.db,
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

async fn tenant(
    state: &AppState,
    shared: &Shared,
    i: usize,
    now: DateTime<Utc>,
) -> AppResult<TenantKey> {
    let tenant = platform::ids::new_id();
    organisation::Entity::insert(organisation::ActiveModel {
        id: Set(tenant),
        name: Set(format!("Werkgever {i} B.V.")),
        kind: Set(OrganisationKind::Employer.as_str().into()),
        created_at: Set(now),
        own_risk_carrier: Set(false),
    })
    .exec_without_returning(&state.db)
    .await?;
    let hr = platform::ids::new_id();
    identity::repo::insert_user(
        &state.db,
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
    .exec_without_returning(&state.db)
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
        state: &AppState,
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
        e.hash = state.log.hash(&e);
        self.head = e.hash.clone();
        e
    }
}

/// The rows of up to [`BATCH`] employees and their cases, written in one transaction.
#[derive(Default)]
struct Batch {
    employees: Vec<employee::ActiveModel>,
    cases: Vec<case_file::ActiveModel>,
    milestones: Vec<case_milestone::ActiveModel>,
    deadlines: Vec<case_deadline::ActiveModel>,
    plans: Vec<plan_of_action_version::ActiveModel>,
    advice: Vec<workability_advice::ActiveModel>,
    documents: Vec<document::ActiveModel>,
    log: Vec<access_log::ActiveModel>,
}

/// Midday of a day, as a timestamp.
fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

impl Batch {
    #[allow(clippy::too_many_arguments)]
    fn build(
        key: &TenantKey,
        shared: &Shared,
        templates: &mut Templates,
        rng: &mut Rng,
        first: usize,
        n: usize,
        cases: usize,
        now: DateTime<Utc>,
        sealing: &platform::crypto::SealingKey,
        log: &mut LogChain,
        state: &AppState,
    ) -> AppResult<Batch> {
        let today = templates.today;
        let tenant = key.tenant;
        let mut b = Batch::default();
        for j in first..first + n {
            let employee_id = platform::ids::new_id();
            b.employees.push(employee::ActiveModel {
                id: Set(employee_id),
                tenant_id: Set(tenant),
                name: Set(format!("Medewerker {}-{j}", key.index)),
                email: Set(None),
                phone: Set(None),
                employee_number: Set(Some(format!("{:06}", j + 1))),
                user_id: Set(None),
                manager_user_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            });
            if j >= cases {
                continue;
            }
            let days = days_sick(rng);
            let lagging = rng.below(20) == 0;
            let t = templates.get(days, lagging)?;
            let sick_since = today - Duration::days(days);
            let case_id = platform::ids::new_id();
            let hr = key.hr;
            let mut entries = vec![(
                hr,
                Role::HrAdmin,
                tenant,
                "case",
                case_id,
                "C",
                at(sick_since),
            )];
            for (kind, on) in &t.milestones {
                b.milestones.push(case_milestone::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    kind: Set(cases::model::kind_str(*kind)),
                    occurred_on: Set(*on),
                    source_id: Set(None),
                    note: Set(None),
                    recorded_by: Set(hr),
                    created_at: Set(at(*on)),
                });
            }
            for (kind, on) in &t.open {
                b.deadlines.push(case_deadline::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    kind: Set(cases::model::kind_str(*kind)),
                    due_on: Set(*on),
                    materialised_on: Set(Some(sick_since)),
                });
            }
            let advised = t.done(DeadlineKind::ProblemAnalysis);
            if let Some(on) = advised {
                let id = platform::ids::new_id();
                let hours = [8.0, 16.0, 20.0, 24.0, 32.0][rng.below(5) as usize];
                b.advice.push(workability_advice::ActiveModel {
                    id: Set(id),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    doctor_user_id: Set(shared.doctor),
                    doctor_organisation_id: Set(shared.health_service),
                    given_on: Set(on),
                    limitations: Set(
                        r#"["Niet langer dan 2 uur achtereen staan","Geen tillen boven 10 kg"]"#
                            .into(),
                    ),
                    limitation_categories: Set(r#"["STATIC_POSTURES","DYNAMIC_ACTIONS"]"#.into()),
                    capabilities: Set(r#"["Zittend werk, met pauzes"]"#.into()),
                    hours_per_day: Set(Some(hours / 4.0)),
                    hours_per_week: Set(Some(hours)),
                    expected_recovery_on: Set(Some(on + Duration::weeks(6 + rng.below(20) as i64))),
                    expected_recovery_until: Set(None),
                    advice: Set(Some("Opbouw in uren, eerst aangepast werk".into())),
                    no_sustainable_capacity: Set(false),
                    created_at: Set(at(on)),
                });
                entries.push((
                    shared.doctor,
                    Role::CompanyDoctor,
                    shared.health_service,
                    "workability_advice",
                    id,
                    "C",
                    at(on),
                ));
                let doc = platform::ids::new_id();
                b.documents.push(document::ActiveModel {
                    id: Set(doc),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    classification: Set("CASE".into()),
                    document_type: Set("PROBLEM_ANALYSIS".into()),
                    title_sealed: Set(seal(
                        sealing,
                        doc,
                        "title",
                        "Probleemanalyse (werkgeversdeel)",
                    )?),
                    filename_sealed: Set(seal(sealing, doc, "filename", "probleemanalyse.pdf")?),
                    content_type: Set("application/pdf".into()),
                    size_bytes: Set(80_000 + rng.below(400_000) as i64),
                    sha256: Set(format!("{:064x}", rng.next())),
                    storage_key: Set(format!("{tenant}/{case_id}/{doc}")),
                    status: Set("STORED".into()),
                    uploaded_by: Set(hr),
                    uploaded_at: Set(at(on)),
                });
                entries.push((hr, Role::HrAdmin, tenant, "document", doc, "C", at(on)));
            }
            let planned = t.done(DeadlineKind::PlanOfAction);
            if let Some(on) = planned {
                let id = platform::ids::new_id();
                b.plans.push(plan_of_action_version::ActiveModel {
                    id: Set(id),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    version: Set(1),
                    goal: Set("Terugkeer in eigen werk, opbouw in uren".into()),
                    activities: Set(format!(
                        r#"[{{"description":"Gesprek over aangepast werk","owner":"EMPLOYER","dueOn":"{}"}}]"#,
                        on + Duration::weeks(2)
                    )),
                    case_manager_user_id: Set(Some(hr)),
                    contact_frequency: Set("Wekelijks".into()),
                    change_note: Set(None),
                    is_adjustment: Set(false),
                    created_by: Set(hr),
                    created_at: Set(at(on)),
                    updated_at: Set(at(on)),
                    employer_signed_by: Set(Some(hr)),
                    employer_signed_at: Set(Some(at(on))),
                    employee_signed_by: Set(None),
                    employee_signed_at: Set(Some(at(on))),
                });
                entries.push((hr, Role::HrAdmin, tenant, "plan_of_action", id, "C", at(on)));
            }
            entries.push((
                hr,
                Role::HrAdmin,
                tenant,
                "case",
                case_id,
                "R",
                at(today.min(sick_since + Duration::days(days / 2))),
            ));
            for (actor, role, org, resource, id, action, when) in entries {
                let e = log.entry(
                    state,
                    actor,
                    role,
                    org,
                    employee_id,
                    resource,
                    id,
                    action,
                    when,
                );
                b.log.push(e.into_active_model());
            }
            let (next, next_kind) = t
                .open
                .first()
                .map_or((cases::service::far_future(), None), |(kind, on)| {
                    (*on, Some(cases::model::kind_str(*kind)))
                });
            let track2 = t.done(DeadlineKind::Track2Start).is_some();
            b.cases.push(
                case_file::Model {
                    next_deadline_on: next,
                    next_deadline_kind: next_kind,
                    case_manager_user_id: Some(hr),
                    track: if track2 { "TRACK_2" } else { "TRACK_1" }.into(),
                    advice_given_on: advised,
                    plan_changed_on: planned,
                    last_contact_on: Some(today - Duration::days(rng.below(21) as i64)),
                    ..case_file::Model::opened(
                        case_id,
                        tenant,
                        employee_id,
                        sick_since,
                        at(sick_since),
                    )
                }
                .into_active_model(),
            );
        }
        Ok(b)
    }

    async fn write(self, state: &AppState) -> AppResult<()> {
        let txn = state.db.begin().await?;
        // Rows per statement stay under SQLite's and PostgreSQL's bind-parameter limits.
        macro_rules! insert {
            ($entity:path, $rows:expr, $per:expr) => {
                for part in $rows.chunks($per) {
                    <$entity>::insert_many(part.to_vec())
                        .exec_without_returning(&txn)
                        .await?;
                }
            };
        }
        insert!(employee::Entity, self.employees, 1000);
        insert!(case_file::Entity, self.cases, 1000);
        insert!(case_milestone::Entity, self.milestones, 2000);
        insert!(case_deadline::Entity, self.deadlines, 3000);
        insert!(plan_of_action_version::Entity, self.plans, 1000);
        insert!(workability_advice::Entity, self.advice, 1000);
        insert!(document::Entity, self.documents, 1000);
        insert!(access_log::Entity, self.log, 1000);
        txn.commit().await?;
        Ok(())
    }
}

impl Written {
    fn add(&mut self, b: &Batch) {
        self.employees += b.employees.len();
        self.cases += b.cases.len();
        self.deadlines += b.deadlines.len();
        self.milestones += b.milestones.len();
        self.plans += b.plans.len();
        self.advice += b.advice.len();
        self.documents += b.documents.len();
        self.log_entries += b.log.len();
    }
}

fn seal(
    key: &platform::crypto::SealingKey,
    id: Uuid,
    column: &str,
    text: &str,
) -> AppResult<Vec<u8>> {
    // The documents service's sealing context (`{id}:{column}`), so the titles open there.
    key.seal(text.as_bytes(), format!("{id}:{column}").as_bytes())
        .map_err(|e| AppError::invariant(e.to_string()))
}
