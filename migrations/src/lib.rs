//! Every table of every service, as one ordered list of migrations that run unchanged on SQLite
//! and PostgreSQL.
//!
//! Conventions: every tenant-owned table has `tenant_id` (the owning organisation) as the first
//! column of its indexes and unique constraints, so one tenant's rows sit together and the
//! layout can be distributed by tenant (Citus). The few global indexes (login e-mail, token
//! hashes, a doctor's assignments across employers) are lookups that by nature start without a
//! tenant; each is commented where it is created.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_cases;
mod m20261123_000003_case_file;
mod m20261123_000004_medical;
mod m20261123_000005_documents;
mod m20261123_000006_scheduling;
mod m20261123_000007_job_queue;
mod m20261123_000008_deadline_since;
mod m20261202_000009_reintegration;
mod m20261202_000010_deadline_due_id;
mod m20261202_000011_row_level_security;
mod m20261202_000012_retention;
mod m20261204_000013_identity_control;
mod m20261206_000014_json_columns;
mod m20261207_000015_legal_clock;
mod m20261208_000016_employment;
mod m20261209_000017_self_report;
mod m20261210_000018_self_report_seen;
mod m20261211_000019_single_sign_on;
mod m20261212_000020_case_list;
mod m20261213_000021_daily_digest;
mod m20261214_000022_deadline_kind_due;
mod m20261215_000023_digest_batches;
mod util;

/// The migrator used by `poortwachter migrate` and by `serve` at start.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_cases::Migration),
            Box::new(m20261123_000003_case_file::Migration),
            Box::new(m20261123_000004_medical::Migration),
            Box::new(m20261123_000005_documents::Migration),
            Box::new(m20261123_000006_scheduling::Migration),
            Box::new(m20261123_000007_job_queue::Migration),
            Box::new(m20261123_000008_deadline_since::Migration),
            Box::new(m20261202_000009_reintegration::Migration),
            Box::new(m20261202_000010_deadline_due_id::Migration),
            Box::new(m20261202_000011_row_level_security::Migration),
            Box::new(m20261202_000012_retention::Migration),
            Box::new(m20261204_000013_identity_control::Migration),
            Box::new(m20261206_000014_json_columns::Migration),
            Box::new(m20261207_000015_legal_clock::Migration),
            Box::new(m20261208_000016_employment::Migration),
            Box::new(m20261209_000017_self_report::Migration),
            Box::new(m20261210_000018_self_report_seen::Migration),
            Box::new(m20261211_000019_single_sign_on::Migration),
            Box::new(m20261212_000020_case_list::Migration),
            Box::new(m20261213_000021_daily_digest::Migration),
            Box::new(m20261214_000022_deadline_kind_due::Migration),
            Box::new(m20261215_000023_digest_batches::Migration),
        ]
    }
}
