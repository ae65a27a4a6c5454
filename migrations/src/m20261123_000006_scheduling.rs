//! Scheduling: the open deadlines of every open case kept materialised (so "what is due" is an
//! index range, not a pass over all cases), the tenants' reminder policies, the reminder
//! outbox whose unique key makes every reminder go out once, users' notification settings and
//! their calendar tokens.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{case_table, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Written by the cases service in the transaction that moves the clock (and by the
        // worker's daily pass): only deadlines not done yet, only of open cases.
        case_table(
            m,
            "case_deadlines",
            vec![string("kind"), date("due_on")],
            "due_on",
        )
        .await?;
        // Global: the sweep asks for every deadline due by a date, across tenants.
        m.create_index(index("case_deadlines", "due", &["due_on"], false))
            .await?;

        // One row per (tenant, deadline kind) that differs from the built-in defaults.
        m.create_table(
            Table::create()
                .table("reminder_policies")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("deadline_kind"))
                .col(boolean("enabled"))
                .col(text("recipients"))
                .col(text("days_before"))
                .col(integer("overdue_every_days"))
                .col(uuid("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("reminder_policies", "tenant_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "reminder_policies",
            "tenant_kind",
            &["tenant_id", "deadline_kind"],
            true,
        ))
        .await?;

        // The outbox. The unique key (tenant, case, subject, due date, recipient, step) is what
        // makes a reminder go out once, however often and by however many workers the sweep
        // runs. `subject` is a deadline kind or an expert-opinion event; no row holds content.
        case_table(
            m,
            "reminders",
            vec![
                string("subject"),
                uuid_null("subject_id"),
                date("due_on"),
                uuid("recipient_user_id"),
                string("step"),
                boolean("legal"),
                string("status"),
                integer("attempts"),
                timestamp_with_time_zone("next_attempt_at"),
                timestamp_with_time_zone_null("claimed_at"),
                text_null("last_error"),
                timestamp_with_time_zone_null("sent_at"),
                timestamp_with_time_zone("created_at"),
            ],
            "created_at",
        )
        .await?;
        m.create_index(index(
            "reminders",
            "once",
            &[
                "tenant_id",
                "case_id",
                "subject",
                "due_on",
                "recipient_user_id",
                "step",
            ],
            true,
        ))
        .await?;
        // Global: delivery picks what is due to be sent, across tenants.
        m.create_index(index(
            "reminders",
            "deliver",
            &["status", "next_attempt_at"],
            false,
        ))
        .await?;

        // When the sweep last ran to completion: the next one looks only at the reminder moments
        // since then (and catches up after a pause). Installation-wide, no tenant.
        m.create_table(
            Table::create()
                .table("reminder_sweeps")
                .col(pk_uuid("id"))
                .col(date("swept_on"))
                .col(timestamp_with_time_zone("finished_at"))
                .take(),
        )
        .await?;
        // Global: the latest sweep.
        m.create_index(index("reminder_sweeps", "swept_on", &["swept_on"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("notification_settings")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(boolean("advance_reminders"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "notification_settings",
                    "tenant_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("notification_settings", "user_id", "users"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "notification_settings",
            "tenant_user",
            &["tenant_id", "user_id"],
            true,
        ))
        .await?;
        // Global: the FK lookup when a user is removed.
        m.create_index(index("notification_settings", "user", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("calendar_tokens")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(string("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk("calendar_tokens", "tenant_id", "organisations"))
                .foreign_key(&mut fk("calendar_tokens", "user_id", "users"))
                .take(),
        )
        .await?;
        // Global: the feed is found by its token alone.
        m.create_index(index("calendar_tokens", "hash", &["token_hash"], true))
            .await?;
        m.create_index(index(
            "calendar_tokens",
            "tenant_user",
            &["tenant_id", "user_id"],
            false,
        ))
        .await?;
        // Global: the FK lookup when a user is removed.
        m.create_index(index("calendar_tokens", "user", &["user_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "calendar_tokens",
            "notification_settings",
            "reminders",
            "reminder_sweeps",
            "reminder_policies",
            "case_deadlines",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
