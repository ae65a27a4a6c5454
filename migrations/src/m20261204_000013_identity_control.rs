//! Who controls an identity (decision 76).
//!
//! - `medical_bindings`: an employee account reaches his medical file only after the health
//!   service verified the person behind it (an activation code handed over outside the
//!   employer's reach, entered with the employee's own second factor). A binding is suspended by
//!   anything the employer or operator later does to the account.
//! - `medical_activation_codes`: the one-time codes a doctor issues; only their hash is kept.
//! - `doctor_requests`: an employer asks for a company doctor; the health service decides.
//! - `login_throttle`: failed logins per (address, client), with growing delays instead of a
//!   lock that anyone could trigger for anyone.
//! - `passkeys`: WebAuthn credentials, a second factor beside TOTP; `webauthn_ceremonies`: the
//!   server's half of a registration or login ceremony between its two requests.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{fk, index, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables of this migration that carry `tenant_id`: row-level security as for every other
/// (migration 11 only covered the tables that existed then).
const TENANT_TABLES: &[&str] = &[
    "medical_bindings",
    "medical_activation_codes",
    "doctor_requests",
    "passkeys",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("medical_bindings")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("employee_id"))
                .col(uuid("user_id"))
                // Who verified (a doctor of the health service) and for which organisation.
                .col(uuid("verified_by"))
                .col(uuid("verified_by_organisation"))
                // How: ACTIVATION_CODE (handed over at the consultation or to a private contact).
                .col(string("method"))
                // The second factor the employee used when he entered the code.
                .col(string("factor"))
                .col(timestamp_with_time_zone("verified_at"))
                .col(timestamp_with_time_zone_null("suspended_at"))
                .col(string_null("suspended_reason"))
                .foreign_key(&mut fk("medical_bindings", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("medical_bindings", "employee_id", "employees")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .foreign_key(
                    &mut fk("medical_bindings", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "medical_bindings",
            "tenant_employee",
            &["tenant_id", "employee_id", "verified_at"],
            false,
        ))
        .await?;
        // Global: foreign-key lookups (the cascade, an account's bindings when it changes).
        m.create_index(index(
            "medical_bindings",
            "employee",
            &["employee_id"],
            false,
        ))
        .await?;
        m.create_index(index("medical_bindings", "user", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("medical_activation_codes")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("employee_id"))
                .col(uuid("case_id"))
                .col(string("code_hash"))
                .col(uuid("issued_by"))
                .col(uuid("issued_by_organisation"))
                .col(timestamp_with_time_zone("issued_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(integer("failed_attempts").default(0))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk(
                    "medical_activation_codes",
                    "tenant_id",
                    "organisations",
                ))
                .foreign_key(
                    &mut fk("medical_activation_codes", "employee_id", "employees")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "medical_activation_codes",
            "tenant_employee",
            &["tenant_id", "employee_id", "issued_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "medical_activation_codes",
            "employee",
            &["employee_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("doctor_requests")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("case_id"))
                // The health service asked, and the person the employer would like (if any).
                .col(uuid("provider_id"))
                .col(uuid_null("requested_user_id"))
                .col(uuid("requested_by"))
                .col(timestamp_with_time_zone("requested_at"))
                // ACCEPTED (the requested doctor), ASSIGNED_OTHER, DECLINED; NULL while open.
                .col(string_null("outcome"))
                .col(uuid_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .foreign_key(&mut fk("doctor_requests", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("doctor_requests", "case_id", "cases")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .foreign_key(&mut fk("doctor_requests", "provider_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "doctor_requests",
            "tenant_case",
            &["tenant_id", "case_id", "requested_at"],
            false,
        ))
        .await?;
        // Global: a health service's open requests across the employers it serves; the cascade.
        m.create_index(index(
            "doctor_requests",
            "provider",
            &["provider_id", "outcome"],
            false,
        ))
        .await?;
        m.create_index(index("doctor_requests", "case", &["case_id"], false))
            .await?;

        // Not tenant-owned: the key is a hash of an address (which may belong to no account)
        // and the client, so a throttle says nothing about who exists.
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(string("key").primary_key())
                .col(integer("failures"))
                .col(timestamp_with_time_zone_null("blocked_until"))
                .col(timestamp_with_time_zone("updated_at"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("passkeys")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(string("name"))
                // Hex of the credential id, to recognise the key a login used.
                .col(string("credential_id"))
                // webauthn-rs' Passkey (public key, counter, flags) as JSON: nothing secret.
                .col(text("passkey"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .foreign_key(&mut fk("passkeys", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("passkeys", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "passkeys",
            "tenant_user",
            &["tenant_id", "user_id", "created_at"],
            false,
        ))
        .await?;
        // Global: a login finds its user's keys by user (the cascade too).
        m.create_index(index("passkeys", "user", &["user_id"], false))
            .await?;
        // Not tenant-owned: a ceremony is found by the hash of its id, before anyone is logged
        // in; it lives five minutes and is used once.
        m.create_table(
            Table::create()
                .table("webauthn_ceremonies")
                .col(string("id_hash").primary_key())
                .col(uuid("user_id"))
                .col(string("kind"))
                .col(text("state"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(
                    &mut fk("webauthn_ceremonies", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index("webauthn_ceremonies", "user", &["user_id"], false))
            .await?;

        tenant_isolation(m, TENANT_TABLES).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "webauthn_ceremonies",
            "passkeys",
            "login_throttle",
            "doctor_requests",
            "medical_activation_codes",
            "medical_bindings",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
