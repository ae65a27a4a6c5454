//! The digest's news per person instead of per step (decision 93): the sweep wrote one
//! BUNDLED `reminders` row per step and recipient for the digest to carry, ~100 000 rows a day
//! over a million open cases, each paying the outbox's indexes. Now it writes one
//! `digest_batches` row per recipient and sweep day, holding the steps that are new for him
//! as one JSON object (`"<case>:<kind>:<due on>"` → the reminder's step), merged on the key
//! (recipient, sweep day), so a sweep run twice or by two workers adds nothing twice.
//!
//! - `version` counts the merges that added a step: a digest marks a batch SENT only when no
//!   step came in between its reading and its sending; `sent` holds the steps it carried.
//! - The reminders the old sweep bundled and no digest carried yet move into batches here
//!   (one per recipient and digest day), so an upgrade loses no news; the `reminders` table
//!   then loses `digest_on` and its index: a reminder there always goes alone.

use std::collections::BTreeMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::{Date, Json};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use crate::util::{add_columns, drop_columns, drop_index, fk, index, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

const JSON_COLUMNS: [&str; 2] = ["items", "sent"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("digest_batches")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("recipient_user_id"))
                .col(date("swept_on"))
                .col(date("digest_on"))
                .col(string("status"))
                .col(integer("version"))
                .col(text("items"))
                .col(text_null("sent"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("digest_batches", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("digest_batches", "recipient_user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            // JSON as `jsonb`, as the other JSON columns (migration 14): the sweep merges with
            // `||` and compares with `@>`.
            for column in JSON_COLUMNS {
                m.get_connection()
                    .execute_unprepared(&format!(
                        "ALTER TABLE digest_batches ALTER COLUMN {column} TYPE jsonb \
                         USING {column}::jsonb"
                    ))
                    .await?;
            }
        }
        // Global: the key that merges a sweep day's news for a person, and the digest's read
        // of one recipient's batches.
        m.create_index(index(
            "digest_batches",
            "once",
            &["recipient_user_id", "swept_on"],
            true,
        ))
        .await?;
        // Global: the sweep finds the batches that missed their digest, across tenants.
        m.create_index(index(
            "digest_batches",
            "waiting",
            &["status", "digest_on"],
            false,
        ))
        .await?;
        m.create_index(index(
            "digest_batches",
            "tenant_day",
            &["tenant_id", "swept_on"],
            false,
        ))
        .await?;
        tenant_isolation(m, &["digest_batches"]).await?;
        move_bundled_reminders(m).await?;
        m.drop_index(drop_index("reminders", "bundled")).await?;
        drop_columns(m, "reminders", &["digest_on"]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(m, "reminders", vec![date_null("digest_on")]).await?;
        m.create_index(index(
            "reminders",
            "bundled",
            &["status", "recipient_user_id", "digest_on"],
            false,
        ))
        .await?;
        m.drop_table(Table::drop().table("digest_batches").take())
            .await
    }
}

/// The steps of one batch being moved: (organisation, items).
type Moving = (Uuid, BTreeMap<String, Json>);

/// Turns the reminders waiting for a digest into batches of the day of that digest, and
/// deletes them. At most a day's worth: the old sweep moved those that missed theirs daily.
async fn move_bundled_reminders(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = m.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT r.recipient_user_id AS recipient, u.tenant_id AS tenant, r.case_id AS case_id, \
             r.subject AS subject, r.due_on AS due_on, r.step AS step, r.digest_on AS digest_on \
             FROM reminders r JOIN users u ON u.id = r.recipient_user_id \
             WHERE r.status = 'BUNDLED' AND r.digest_on IS NOT NULL",
        ))
        .await?;
    let mut batches: BTreeMap<(Uuid, Date), Moving> = BTreeMap::new();
    for row in rows {
        let recipient: Uuid = row.try_get("", "recipient")?;
        let tenant: Uuid = row.try_get("", "tenant")?;
        let case: Uuid = row.try_get("", "case_id")?;
        let subject: String = row.try_get("", "subject")?;
        let due_on: Date = row.try_get("", "due_on")?;
        let step: String = row.try_get("", "step")?;
        let digest_on: Date = row.try_get("", "digest_on")?;
        batches
            .entry((recipient, digest_on))
            .or_insert_with(|| (tenant, BTreeMap::new()))
            .1
            .insert(format!("{case}:{subject}:{due_on}"), Json::String(step));
    }
    let now = chrono::Utc::now();
    for ((recipient, day), (tenant, items)) in batches {
        let items = Json::Object(items.into_iter().collect()).to_string();
        let (p, cast) = if backend == DbBackend::Postgres {
            ("$", "::jsonb")
        } else {
            ("?", "")
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO digest_batches (id, tenant_id, recipient_user_id, swept_on, \
                 digest_on, status, version, items, created_at) \
                 VALUES ({p}1, {p}2, {p}3, {p}4, {p}4, 'BUNDLED', 1, {p}5{cast}, {p}6)"
            ),
            [
                Uuid::now_v7().into(),
                tenant.into(),
                recipient.into(),
                day.into(),
                items.into(),
                now.into(),
            ],
        ))
        .await?;
    }
    db.execute_unprepared("DELETE FROM reminders WHERE status = 'BUNDLED'")
        .await?;
    Ok(())
}
