//! PostgreSQL row-level security as a second wall between tenants (decision 74).
//!
//! The application filters every query by tenant itself; this makes a query that forgets to
//! return nothing of another tenant. Requests of an employer's own people (HR, case managers,
//! managers, employees) run in a transaction that switches to the role `poortwachter_tenant` and
//! names the tenant in the setting `poortwachter.tenant_id` (`Ctx::tenant_txn`). For that role
//! every table with a `tenant_id` shows only the named tenant's rows, and refuses to write
//! another's. Everything else — migrations, the worker's sweeps across tenants, doctors and
//! agency consultants whose reach comes from their assignments in many tenants — runs as the
//! tables' owner, which row-level security does not restrict (no `FORCE`).
//!
//! SQLite has no roles or policies: there the embedded single-organisation default relies on
//! the application's filter alone.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
DO $$
BEGIN
    CREATE ROLE poortwachter_tenant NOLOGIN;
EXCEPTION
    -- Another database of the cluster (or a migration running beside this one) made it.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
-- The application's own login must be able to switch to it (SET LOCAL ROLE).
GRANT poortwachter_tenant TO CURRENT_USER;
DO $$
DECLARE
    schema_name text := current_schema();
    t text;
    tenant text := $q$NULLIF(current_setting('poortwachter.tenant_id', true), '')::uuid$q$;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO poortwachter_tenant', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO poortwachter_tenant', schema_name);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO poortwachter_tenant', schema_name);
    -- Tables of later migrations get the same grants (their policies come with them).
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO poortwachter_tenant', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO poortwachter_tenant', schema_name);
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables tb
          ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = schema_name AND c.column_name = 'tenant_id'
          AND tb.table_type = 'BASE TABLE' AND c.table_name <> 'users'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I TO poortwachter_tenant USING (tenant_id = %s) WITH CHECK (tenant_id = %s)',
            t, tenant, tenant);
    END LOOP;
    -- Users: the tenant's own, and — to read only — the people of the services it engaged (the
    -- company doctor's name on a case).
    ALTER TABLE users ENABLE ROW LEVEL SECURITY;
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON users TO poortwachter_tenant USING (tenant_id = %1$s) WITH CHECK (tenant_id = %1$s)',
        tenant);
    EXECUTE format(
        'CREATE POLICY engaged_services ON users FOR SELECT TO poortwachter_tenant USING (tenant_id IN (SELECT provider_id FROM engagements WHERE tenant_id = %1$s))',
        tenant);
    -- Organisations (no tenant_id: the row is the tenant): itself, and to read the services it
    -- engaged.
    ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON organisations TO poortwachter_tenant USING (id = %1$s) WITH CHECK (id = %1$s)',
        tenant);
    EXECUTE format(
        'CREATE POLICY engaged_services ON organisations FOR SELECT TO poortwachter_tenant USING (id IN (SELECT provider_id FROM engagements WHERE tenant_id = %1$s))',
        tenant);
END
$$;
"#;

const DOWN: &str = r#"
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT tablename FROM pg_policies
        WHERE schemaname = current_schema() AND policyname = 'tenant_isolation'
    LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS engaged_services ON %I', t);
        EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
    END LOOP;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM poortwachter_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM poortwachter_tenant', current_schema());
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM poortwachter_tenant', current_schema());
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM poortwachter_tenant', current_schema());
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM poortwachter_tenant', current_schema());
END
$$;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        m.get_connection().execute_unprepared(UP).await.map(|_| ())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        // The role stays: other databases of the cluster may use it.
        m.get_connection()
            .execute_unprepared(DOWN)
            .await
            .map(|_| ())
    }
}
