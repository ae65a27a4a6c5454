//! The daily digest (issue 21, decision 90): one e-mail per recipient per day with what is due
//! from him, instead of one per step.
//!
//! - `notification_settings.daily_digest`: the user's choice, digest (default) or one e-mail
//!   per step.
//! - `reminders.digest_on`: the day of the digest that carries the reminder (status BUNDLED);
//!   NULL for a reminder that goes alone.
//! - `digests`: the digest outbox, one row per (recipient, day) — the unique key that sends a
//!   day's digest once however many workers sweep and deliver. `tenant_id` is the recipient's
//!   organisation; the row holds no content, the e-mail is written when it is sent.
//! - `reminder_settings`: the hour at which an employer's people get their digest, for those
//!   that changed the default 07:00 (Europe/Amsterdam).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, fk, index, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["digests", "reminder_settings"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "notification_settings",
            vec![boolean("daily_digest").default(true).take()],
        )
        .await?;
        add_columns(m, "reminders", vec![date_null("digest_on")]).await?;
        // The digest delivery reads a recipient's bundled reminders; the sweep finds those
        // that missed their day.
        m.create_index(index(
            "reminders",
            "bundled",
            &["status", "recipient_user_id", "digest_on"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("digests")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("recipient_user_id"))
                .col(date("day"))
                .col(string("status"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("claimed_at"))
                .col(string_null("claimed_by"))
                .col(timestamp_with_time_zone_null("queued_at"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("digests", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("digests", "recipient_user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        // Global: the key that sends a day's digest once.
        m.create_index(index(
            "digests",
            "once",
            &["recipient_user_id", "day"],
            true,
        ))
        .await?;
        // Global: delivery picks what is due to be sent, across tenants.
        m.create_index(index(
            "digests",
            "deliver",
            &["status", "next_attempt_at"],
            false,
        ))
        .await?;
        m.create_index(index("digests", "tenant_day", &["tenant_id", "day"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("reminder_settings")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(integer("digest_hour"))
                .col(uuid("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("reminder_settings", "tenant_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index("reminder_settings", "tenant", &["tenant_id"], true))
            .await?;
        tenant_isolation(m, TABLES).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            m.drop_table(Table::drop().table(*table).take()).await?;
        }
        m.drop_index(drop_index("reminders", "bundled")).await?;
        drop_columns(m, "reminders", &["digest_on"]).await?;
        drop_columns(m, "notification_settings", &["daily_digest"]).await
    }
}
