//! Identity and tenancy, sessions, invitations, case assignments and the access log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Organisations are the tenants themselves.
        m.create_table(
            Table::create()
                .table("organisations")
                .col(pk_uuid("id"))
                .col(string("name"))
                .col(string("kind"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "organisations",
            "kind_name",
            &["kind", "name"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(string("language"))
                .col(blob_null("totp_secret"))
                .col(boolean("totp_enabled"))
                .col(big_integer_null("totp_last_step"))
                .col(integer("failed_logins"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("users", "tenant_id", "organisations"))
                .take(),
        )
        .await?;
        // Global: a login names only an e-mail address, so it must be unique everywhere.
        m.create_index(index("users", "email", &["email"], true))
            .await?;
        m.create_index(index(
            "users",
            "tenant_name",
            &["tenant_id", "name", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("user_roles")
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(string("role"))
                .primary_key(Index::create().col("tenant_id").col("user_id").col("role"))
                .foreign_key(&mut fk("user_roles", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("user_roles", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index("user_roles", "user", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("employees")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(string_null("email"))
                .col(string_null("phone"))
                .col(string_null("employee_number"))
                .col(uuid_null("user_id"))
                .col(uuid_null("manager_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("employees", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("employees", "user_id", "users")
                        .on_delete(ForeignKeyAction::SetNull)
                        .take(),
                )
                .foreign_key(
                    &mut fk("employees", "manager_user_id", "users")
                        .on_delete(ForeignKeyAction::SetNull)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "employees",
            "tenant_name",
            &["tenant_id", "name", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "employees",
            "tenant_number",
            &["tenant_id", "employee_number"],
            true,
        ))
        .await?;
        m.create_index(index(
            "employees",
            "tenant_email",
            &["tenant_id", "email"],
            true,
        ))
        .await?;
        m.create_index(index(
            "employees",
            "tenant_user",
            &["tenant_id", "user_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "employees",
            "tenant_manager",
            &["tenant_id", "manager_user_id"],
            false,
        ))
        .await?;
        // Global: resolving "which employee am I" from a token that names only the user.
        m.create_index(index("employees", "user", &["user_id"], false))
            .await?;
        m.create_index(index("employees", "manager", &["manager_user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("engagements")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("provider_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .foreign_key(&mut fk("engagements", "tenant_id", "organisations"))
                .foreign_key(&mut fk("engagements", "provider_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "engagements",
            "tenant_provider",
            &["tenant_id", "provider_id"],
            true,
        ))
        .await?;
        // Global: a provider's list of employers it serves.
        m.create_index(index("engagements", "provider", &["provider_id"], false))
            .await?;

        // Cases arrive with the cases service; its migration adds the foreign key to cases.
        m.create_table(
            Table::create()
                .table("case_assignments")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("case_id"))
                .col(uuid("user_id"))
                .col(uuid("organisation_id"))
                .col(string("role"))
                .col(timestamp_with_time_zone("assigned_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .col(uuid("assigned_by"))
                .foreign_key(&mut fk("case_assignments", "tenant_id", "organisations"))
                .foreign_key(&mut fk("case_assignments", "user_id", "users"))
                .foreign_key(&mut fk(
                    "case_assignments",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("case_assignments", "assigned_by", "users"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "case_assignments",
            "tenant_case",
            &["tenant_id", "case_id"],
            false,
        ))
        .await?;
        // Global: a doctor's or consultant's reach spans the employers he serves.
        m.create_index(index(
            "case_assignments",
            "user_case",
            &["user_id", "case_id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "case_assignments",
            "organisation",
            &["organisation_id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "case_assignments",
            "assigned_by",
            &["assigned_by"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(boolean("mfa"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(string_null("revoked_reason"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .foreign_key(&mut fk("sessions", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("sessions", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "sessions",
            "tenant_user",
            &["tenant_id", "user_id"],
            false,
        ))
        .await?;
        m.create_index(index("sessions", "user", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("refresh_tokens")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("session_id"))
                .col(string("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut fk("refresh_tokens", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("refresh_tokens", "session_id", "sessions")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        // Global: a presented refresh token names no tenant.
        m.create_index(index("refresh_tokens", "hash", &["token_hash"], true))
            .await?;
        m.create_index(index(
            "refresh_tokens",
            "tenant_session",
            &["tenant_id", "session_id"],
            false,
        ))
        .await?;
        m.create_index(index("refresh_tokens", "session", &["session_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("invitations")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("email"))
                .col(string("name"))
                .col(string("role"))
                .col(string("token_hash"))
                .col(uuid_null("employee_id"))
                .col(uuid_null("invited_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk("invitations", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("invitations", "employee_id", "employees")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .foreign_key(
                    &mut fk("invitations", "invited_by", "users")
                        .on_delete(ForeignKeyAction::SetNull)
                        .take(),
                )
                .take(),
        )
        .await?;
        // Global: an invitation link names no tenant.
        m.create_index(index("invitations", "hash", &["token_hash"], true))
            .await?;
        m.create_index(index(
            "invitations",
            "tenant_created",
            &["tenant_id", "created_at"],
            false,
        ))
        .await?;
        m.create_index(index("invitations", "employee", &["employee_id"], false))
            .await?;
        m.create_index(index("invitations", "invited_by", &["invited_by"], false))
            .await?;

        // The access log references nothing: entries outlive the rows they describe (5 years),
        // and a foreign key would let a delete cascade into the evidence.
        m.create_table(
            Table::create()
                .table("access_log")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(big_integer("seq"))
                .col(timestamp_with_time_zone("occurred_at"))
                .col(uuid_null("actor_user_id"))
                .col(string_null("actor_role"))
                .col(uuid_null("actor_organisation_id"))
                .col(string_null("on_behalf_of"))
                .col(uuid_null("subject_employee_id"))
                .col(string("resource_type"))
                .col(string_null("resource_id"))
                .col(string("action"))
                .col(string("outcome"))
                .col(string_null("detail"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .col(string_null("request_id"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "access_log",
            "tenant_seq",
            &["tenant_id", "seq"],
            true,
        ))
        .await?;
        m.create_index(index(
            "access_log",
            "tenant_subject",
            &["tenant_id", "subject_employee_id", "seq"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "access_log",
            "invitations",
            "refresh_tokens",
            "sessions",
            "case_assignments",
            "engagements",
            "employees",
            "user_roles",
            "users",
            "organisations",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
