//! The job queue (apalis) carries one delivery job per try of a reminder; the outbox row stays
//! the truth. `queued_at` says when a job was last handed to the queue (so the enqueue pass does
//! not hand it over again every few seconds, and does after a lost job); `claimed_by` names the
//! job sending it, so that job, when the queue runs it again after its worker died, may take
//! the reminder over at once instead of waiting out the claim timeout.
//!
//! The queue's own tables (`Jobs`/`Workers` on SQLite, schema `apalis` on PostgreSQL) are
//! created by apalis' migrations when a worker starts, not here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table("reminders")
                .add_column(timestamp_with_time_zone_null("queued_at"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("reminders")
                .add_column(string_null("claimed_by"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("reminders")
                .drop_column("claimed_by")
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("reminders")
                .drop_column("queued_at")
                .take(),
        )
        .await
    }
}
