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

use crate::util::{add_columns, drop_columns};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "reminders",
            vec![
                timestamp_with_time_zone_null("queued_at"),
                string_null("claimed_by"),
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(m, "reminders", &["claimed_by", "queued_at"]).await
    }
}
