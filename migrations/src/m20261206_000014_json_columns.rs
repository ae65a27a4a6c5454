//! Lists kept as JSON text become JSON columns: `jsonb` on PostgreSQL, so the entities decode
//! them as typed JSON (a value that is not the expected list fails the read instead of reading
//! as an empty list). SQLite has no JSON column type: there the text stays and sea-orm decodes
//! the JSON from it, so nothing changes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column) of every JSON list.
const COLUMNS: &[(&str, &str)] = &[
    ("workability_advice", "limitations"),
    ("workability_advice", "limitation_categories"),
    ("workability_advice", "capabilities"),
    ("plan_of_action_versions", "activities"),
    ("reminder_policies", "recipients"),
    ("reminder_policies", "days_before"),
];

async fn retype(m: &SchemaManager<'_>, to: &str) -> Result<(), DbErr> {
    if m.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = m.get_connection();
    for (table, column) in COLUMNS {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {to} USING {column}::{to}"
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        retype(m, "jsonb").await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        retype(m, "text").await
    }
}
