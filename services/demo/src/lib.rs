//! The demo tenant (`serve --demo`, README "Demo accounts"), idempotent: running it twice changes
//! nothing. Cases are added by the cases service when it arrives.
//!
//! Also the bench data generator (`poortwachter demo-data`, [`bench`]); both live apart from
//! the production binary's crate.
//!
//! Nothing here reaches into the gateway: what the seeding needs (database, clock, access log,
//! case port, identity and documents services, keyring) comes in an [`Env`], which the gateway
//! builds from its state (`AppState::demo_env`). The parts: `people` (organisations, accounts,
//! employees), `employment` (departments, hours, contracts), `cases` (the demo cases at their points of the clock), `track2`, `documents`,
//! and `bench` (the bulk generator).

use std::sync::Arc;

use platform::audit::AccessLog;
use platform::case_port::CaseGate;
use platform::clock::SharedClock;
use platform::{Actor, AppResult, Ctx, RequestMeta, Role};
use sea_orm::DatabaseConnection;

pub mod bench;
mod cases;
mod demo_case;
mod documents;
mod employment;
mod people;
mod track2;

pub use cases::seed_cases;
pub use people::seed_people;

/// What the demo and the generator work with: the services and plumbing of a running process,
/// handed over by the gateway (cheap to clone).
#[derive(Clone)]
pub struct Env {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Clock.
    pub clock: SharedClock,
    /// Access log.
    pub log: AccessLog,
    /// The case port every request's context carries (the cases service's gate).
    pub gate: Arc<dyn CaseGate>,
    /// Identity service.
    pub identity: identity::Identity,
    /// Documents service (the demo's documents go through the real upload).
    pub documents: ::documents::Documents,
    /// The tenants' data keys (the generator seals document titles with them).
    pub keyring: platform::keyring::Keyring,
}

/// Password of every demo account.
pub const PASSWORD: &str = "poortwachter-demo";
/// TOTP secret of the demo company doctor.
pub const DOCTOR_TOTP: &str = "JBSWY3DPEHPK3PXP";
/// TOTP secret of the demo employee (who has verified medical access).
pub const EMPLOYEE_TOTP: &str = "KVKFKRCPNZQUYMLX";

/// The demo accounts: (e-mail, role, note).
pub const ACCOUNTS: &[(&str, Role, &str)] = &[
    (
        "hr@korenschoof.example",
        Role::HrAdmin,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "casemanager@korenschoof.example",
        Role::CaseManager,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "leidinggevende@korenschoof.example",
        Role::Manager,
        "Bakkerij De Korenschoof B.V., manager of the bakery floor",
    ),
    (
        "werknemer@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.; medical access verified by the doctor; TOTP secret KVKFKRCPNZQUYMLX",
    ),
    (
        "collega@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.; no second factor, medical access not verified yet",
    ),
    (
        "gezond@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.; no open case: reports himself sick",
    ),
    (
        "bedrijfsarts@arbo-oost.example",
        Role::CompanyDoctor,
        "Arbo Oost; TOTP secret JBSWY3DPEHPK3PXP",
    ),
    (
        "adviseur@werkpad.example",
        Role::ReintegrationConsultant,
        "Werkpad Re-integratie",
    ),
    (
        "hr@vandijk.example",
        Role::HrAdmin,
        "Transport Van Dijk B.V.",
    ),
    (
        "beheer@poortwachter.example",
        Role::PlatformAdmin,
        "Poortwachter (platform)",
    ),
    (
        "beheer@arbo-oost.example",
        Role::HealthServiceAdmin,
        "Arbo Oost: its people, and which doctor handles a case",
    ),
    (
        "beheer@werkpad.example",
        Role::AgencyAdmin,
        "Werkpad Re-integratie",
    ),
];

/// Creates what is missing of the demo data: people and organisations, then the cases.
pub async fn seed(env: &Env) -> AppResult<()> {
    seed_people(env).await?;
    seed_cases(env).await?;
    employment::seed_employment(env).await
}

/// A system-made request context acting as `user` (the demo's documents go through the real
/// upload: sniffed, hashed and encrypted like any other).
async fn acting_as(env: &Env, user: &identity::entities::user::Model) -> AppResult<Ctx> {
    Ok(Ctx {
        db: env.db.clone(),
        actor: Actor::User(identity::repo::actor_of(&env.db, user).await?),
        meta: RequestMeta::default(),
        clock: env.clock.clone(),
        log: env.log.clone(),
        case_gate: Some(env.gate.clone()),
    })
}

/// The account table printed by `serve --demo`.
pub fn accounts_table() -> String {
    let mut out = format!("Demo accounts (password: {PASSWORD}):\n");
    for (email, role, note) in ACCOUNTS {
        out.push_str(&format!("  {email:<38} {:<26} {note}\n", role.as_str()));
    }
    out
}
