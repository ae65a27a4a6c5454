//! Enterprise sign-in and provisioning (issue 22, decision 86).
//!
//! - `sso_providers`: one OpenID Connect provider per organisation (issuer, client id, the
//!   client secret sealed with the master key, "SSO only").
//! - `sso_domains`: the e-mail domains that send a person to his organisation's provider.
//!   Globally unique: a domain names one organisation, so nobody can point another
//!   organisation's people at a provider of his own.
//! - `sso_logins`: one row per sign-in attempt between the redirect to the provider and the
//!   session: the state, nonce and PKCE verifier (by hash or as the verifier needs), the
//!   browser it started in, and afterwards the one-time ticket the web app exchanges for a
//!   session. In the database, so any gateway can finish a sign-in another began.
//! - `sso_links`: which provider subject an account was linked to at its first sign-in.
//! - `scim_tokens`: the bearer tokens of an employer's provisioning, by hash.
//! - `users.deactivated_at`: a deprovisioned account cannot sign in; its case file stays.
//! - `employees.external_id`, `employees.scim_removed_at`, `departments.external_id`: what
//!   the identity provider calls them, and that it removed the employee (the record stays for
//!   the retention rules).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, fk, index, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "sso_providers",
    "sso_domains",
    "sso_logins",
    "sso_links",
    "scim_tokens",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("sso_providers")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("issuer"))
                .col(string("client_id"))
                .col(binary("client_secret"))
                .col(boolean("sso_only").default(false))
                .col(boolean("enabled").default(true))
                .col(uuid("updated_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("sso_providers", "tenant_id", "organisations"))
                .foreign_key(&mut fk("sso_providers", "updated_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sso_providers", "tenant", &["tenant_id"], true))
            .await?;
        m.create_index(index("sso_providers", "updated_by", &["updated_by"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("sso_domains")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("domain"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("sso_domains", "tenant_id", "organisations"))
                .to_owned(),
        )
        .await?;
        // The login page looks a domain up before anyone is known: global and unique.
        m.create_index(index("sso_domains", "domain", &["domain"], true))
            .await?;
        m.create_index(index(
            "sso_domains",
            "tenant",
            &["tenant_id", "domain"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("sso_logins")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("state_hash"))
                .col(string("browser_hash"))
                .col(string("nonce"))
                .col(string("pkce_verifier"))
                .col(string("login_hint"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("callback_at"))
                .col(uuid_null("user_id"))
                .col(string_null("ticket_hash"))
                .col(timestamp_with_time_zone_null("completed_at"))
                .foreign_key(&mut fk("sso_logins", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("sso_logins", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("sso_logins", "state", &["state_hash"], true))
            .await?;
        m.create_index(index("sso_logins", "ticket", &["ticket_hash"], true))
            .await?;
        m.create_index(index("sso_logins", "user", &["user_id"], false))
            .await?;
        m.create_index(index("sso_logins", "expires", &["expires_at"], false))
            .await?;
        m.create_index(index(
            "sso_logins",
            "tenant",
            &["tenant_id", "created_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("sso_links")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(string("issuer"))
                .col(string("subject"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("sso_links", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("sso_links", "user_id", "users")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("sso_links", "user", &["user_id", "issuer"], true))
            .await?;
        m.create_index(index(
            "sso_links",
            "subject",
            &["tenant_id", "issuer", "subject"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("scim_tokens")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(string("token_hash"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(uuid_null("revoked_by"))
                .foreign_key(&mut fk("scim_tokens", "tenant_id", "organisations"))
                .foreign_key(&mut fk("scim_tokens", "created_by", "users"))
                .foreign_key(&mut fk("scim_tokens", "revoked_by", "users"))
                .to_owned(),
        )
        .await?;
        // A request names its token only: looked up before the tenant is known.
        m.create_index(index("scim_tokens", "hash", &["token_hash"], true))
            .await?;
        m.create_index(index(
            "scim_tokens",
            "tenant",
            &["tenant_id", "created_at"],
            false,
        ))
        .await?;
        m.create_index(index("scim_tokens", "created_by", &["created_by"], false))
            .await?;
        m.create_index(index("scim_tokens", "revoked_by", &["revoked_by"], false))
            .await?;

        add_columns(
            m,
            "users",
            vec![timestamp_with_time_zone_null("deactivated_at").take()],
        )
        .await?;
        add_columns(
            m,
            "employees",
            vec![
                string_null("external_id").take(),
                timestamp_with_time_zone_null("scim_removed_at").take(),
            ],
        )
        .await?;
        add_columns(m, "departments", vec![string_null("external_id").take()]).await?;
        // SCIM filters on externalId within one employer.
        m.create_index(index(
            "employees",
            "tenant_external",
            &["tenant_id", "external_id"],
            false,
        ))
        .await?;
        tenant_isolation(m, TABLES).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop_index("employees", "tenant_external"))
            .await?;
        drop_columns(m, "departments", &["external_id"]).await?;
        drop_columns(m, "employees", &["external_id", "scim_removed_at"]).await?;
        drop_columns(m, "users", &["deactivated_at"]).await?;
        for t in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(*t).to_owned()).await?;
        }
        Ok(())
    }
}
