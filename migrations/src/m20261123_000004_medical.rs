//! Medical data, apart: the tenants' wrapped data keys, consultations, problem analyses and
//! current assessments (medical parts sealed), workability advice (not medical: the employer
//! sees it), and the employee's consents. Every medical text column is a sealed BLOB; there is
//! no plaintext column that could hold a diagnosis.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{case_table, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("data_keys")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(blob("wrapped_key"))
                .col(string("master_fingerprint"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("rewrapped_at"))
                .foreign_key(&mut fk("data_keys", "tenant_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index("data_keys", "tenant", &["tenant_id"], true))
            .await?;
        // The installation's own keys (the access log's chain key, the TOTP sealing key), stored
        // wrapped like the data keys, so rotating the master key re-wraps them too.
        m.create_table(
            Table::create()
                .table("system_keys")
                .col(pk_uuid("id"))
                .col(string("purpose"))
                .col(blob("wrapped_key"))
                .col(string("master_fingerprint"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("rewrapped_at"))
                .take(),
        )
        .await?;
        // Global: an installation-wide lookup by purpose.
        m.create_index(index("system_keys", "purpose", &["purpose"], true))
            .await?;

        // Sealed columns: `*_sealed` hold AES-256-GCM output under the tenant's data key, bound
        // to the row id and column name.
        case_table(
            m,
            "consultations",
            vec![
                uuid("doctor_user_id"),
                uuid("doctor_organisation_id"),
                date("held_on"),
                blob_null("complaints_sealed"),
                blob_null("diagnosis_sealed"),
                blob_null("notes_sealed"),
                blob_null("treatment_sealed"),
                blob_null("personal_notes_sealed"),
                timestamp_with_time_zone("created_at"),
                timestamp_with_time_zone("updated_at"),
            ],
            "held_on",
        )
        .await?;

        case_table(
            m,
            "workability_advice",
            vec![
                uuid("doctor_user_id"),
                uuid("doctor_organisation_id"),
                date("given_on"),
                text("limitations"),
                text("limitation_categories"),
                text("capabilities"),
                double_null("hours_per_day"),
                double_null("hours_per_week"),
                date_null("expected_recovery_on"),
                date_null("expected_recovery_until"),
                text_null("advice"),
                boolean("no_sustainable_capacity"),
                timestamp_with_time_zone("created_at"),
            ],
            "given_on",
        )
        .await?;

        // Problem analysis and current assessment (actueel oordeel): the medical part sealed
        // here, the workability part as an advice row the employer reads.
        case_table(
            m,
            "medical_assessments",
            vec![
                string("kind"),
                uuid("doctor_user_id"),
                uuid("doctor_organisation_id"),
                date("made_on"),
                blob("medical_sealed"),
                uuid_null("advice_id"),
                timestamp_with_time_zone("created_at"),
            ],
            "made_on",
        )
        .await?;

        // Consent of the employee to share a named part of his medical information with a
        // named organisation (e.g. the re-integration agency); revocable.
        case_table(
            m,
            "medical_consents",
            vec![
                uuid("employee_id"),
                string("part"),
                uuid("party_organisation_id"),
                timestamp_with_time_zone("granted_at"),
                timestamp_with_time_zone_null("revoked_at"),
            ],
            "granted_at",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "medical_consents",
            "medical_assessments",
            "workability_advice",
            "consultations",
            "system_keys",
            "data_keys",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
