//! Conventions of the database schema, checked on the real migrations: every foreign key is
//! indexed, and every index of a tenant-owned table starts with `tenant_id` unless it is one
//! of the documented global lookups.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, on_both_databases};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// Indexes that by nature start without a tenant (see the comments in the migrations).
const GLOBAL_INDEXES: &[&str] = &[
    // Single sign-on and provisioning look these up before a tenant is known (decision 86).
    "ix_sso_domains_domain",
    "ix_sso_logins_state",
    "ix_sso_logins_ticket",
    "ix_sso_logins_user",
    "ix_sso_logins_expires",
    "ix_sso_links_user",
    "ix_scim_tokens_hash",
    "ix_scim_tokens_created_by",
    "ix_scim_tokens_revoked_by",
    "ix_sso_providers_updated_by",
    "ix_users_email",
    "ix_user_roles_user",
    "ix_employees_user",
    "ix_employees_manager",
    "ix_engagements_provider",
    "ix_case_assignments_user_case",
    "ix_case_assignments_organisation",
    "ix_case_assignments_assigned_by",
    "ix_sessions_user",
    "ix_refresh_tokens_hash",
    "ix_refresh_tokens_session",
    "ix_invitations_hash",
    "ix_invitations_employee",
    "ix_invitations_invited_by",
    "ix_cases_employee",
    "ix_cases_closed",
    // The worker's daily pass recomputes the case list's read model across tenants (decision 88).
    "ix_cases_list_fresh_until",
    "ix_cases_case_manager",
    "ix_case_recoveries_case",
    "ix_case_partial_recoveries_case",
    // Foreign-key lookups for the cascade when a case is deleted (retention).
    "ix_plan_of_action_versions_case",
    "ix_evaluations_case",
    "ix_expert_opinions_case",
    "ix_case_activities_case",
    "ix_case_milestones_case",
    "ix_case_leaves_case",
    "ix_departments_parent",
    "ix_departments_manager",
    "ix_case_second_opinions_case",
    "ix_consultations_case",
    "ix_workability_advice_case",
    "ix_medical_assessments_case",
    "ix_medical_consents_case",
    "ix_documents_case",
    "ix_track2_trajectories_case",
    "ix_track2_occupations_case",
    "ix_track2_activities_case",
    "ix_track2_contacts_case",
    "ix_track2_applications_case",
    "ix_track2_reports_case",
    // Housekeeping: uploads a crash left PENDING, across tenants.
    "ix_documents_pending",
    "ix_case_deadlines_case",
    "ix_reminders_case",
    // The reminder sweep and delivery look across tenants by kind and date, and state.
    "ix_case_deadlines_kind_due_id",
    "ix_reminders_deliver",
    "ix_digests_once",
    "ix_digests_deliver",
    // A recipient's news per sweep day (the merge key, the digest's read), and the news that
    // missed its digest, across tenants.
    "ix_digest_batches_once",
    "ix_digest_batches_waiting",
    // The sweep asks for the steps that appeared on the days it covers, across tenants.
    "ix_case_deadlines_materialised_id",
    // An agency's track 2 trajectories across employers (the foreign key's lookup).
    "ix_track2_trajectories_agency",
    "ix_reminder_sweeps_swept_on",
    // A calendar feed is found by its token; user FK lookups.
    "ix_calendar_tokens_hash",
    "ix_calendar_tokens_user",
    "ix_notification_settings_user",
    // Who controls an identity: an account's and an employee's medical bindings and codes, a
    // health service's open doctor requests across employers, and the cascades.
    "ix_medical_bindings_employee",
    "ix_medical_bindings_user",
    "ix_medical_activation_codes_employee",
    "ix_doctor_requests_provider",
    "ix_doctor_requests_case",
    // A login finds the user's passkeys; a ceremony's user (the cascade).
    "ix_passkeys_user",
    "ix_webauthn_ceremonies_user",
];

/// (table, index name, columns in order) of every index, and (table, column) of every FK.
async fn catalog(app: &TestApp) -> (Vec<(String, String, Vec<String>)>, Vec<(String, String)>) {
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let mut indexes = Vec::new();
    let mut fks = Vec::new();
    match backend {
        DatabaseBackend::Sqlite => {
            let tables = db
                .query_all_raw(Statement::from_string(backend, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'"))
                .await
                .unwrap();
            for t in tables {
                let table: String = t.try_get("", "name").unwrap();
                for ix in db
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("PRAGMA index_list('{table}')"),
                    ))
                    .await
                    .unwrap()
                {
                    let name: String = ix.try_get("", "name").unwrap();
                    let cols = db
                        .query_all_raw(Statement::from_string(
                            backend,
                            format!("PRAGMA index_info('{name}')"),
                        ))
                        .await
                        .unwrap()
                        .iter()
                        .map(|c| c.try_get::<String>("", "name").unwrap())
                        .collect();
                    indexes.push((table.clone(), name, cols));
                }
                for fk in db
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("PRAGMA foreign_key_list('{table}')"),
                    ))
                    .await
                    .unwrap()
                {
                    fks.push((table.clone(), fk.try_get::<String>("", "from").unwrap()));
                }
            }
        }
        DatabaseBackend::Postgres => {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT t.relname AS tbl, i.relname AS idx, array_to_string(array_agg(a.attname ORDER BY k.ord), ',') AS cols
                     FROM pg_index x
                     JOIN pg_class i ON i.oid = x.indexrelid
                     JOIN pg_class t ON t.oid = x.indrelid
                     JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
                     CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                     WHERE t.relname <> 'seaql_migrations'
                     GROUP BY t.relname, i.relname",
                ))
                .await
                .unwrap();
            for r in rows {
                let cols: String = r.try_get("", "cols").unwrap();
                indexes.push((
                    r.try_get("", "tbl").unwrap(),
                    r.try_get("", "idx").unwrap(),
                    cols.split(',').map(str::to_owned).collect(),
                ));
            }
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
                     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                     WHERE c.contype = 'f'",
                ))
                .await
                .unwrap();
            for r in rows {
                fks.push((r.try_get("", "tbl").unwrap(), r.try_get("", "col").unwrap()));
            }
        }
        _ => unreachable!(),
    }
    (indexes, fks)
}

on_both_databases! {
    async fn foreign_keys_are_indexed_and_tenant_id_leads(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let (indexes, fks) = catalog(&app).await;
        assert!(fks.len() > 10, "no foreign keys found: {fks:?}");
        for (table, column) in &fks {
            let covered = indexes.iter().any(|(t, _, cols)| t == table && cols.first() == Some(column))
                || (column == "tenant_id" && indexes.iter().any(|(t, _, cols)| t == table && cols.first().is_some_and(|c| c == "tenant_id")));
            assert!(covered, "foreign key {table}.{column} has no index starting with it");
        }
        let tenant_tables: Vec<&String> = {
            let mut t: Vec<&String> = fks.iter().filter(|(_, c)| c == "tenant_id").map(|(t, _)| t).collect();
            t.dedup();
            t
        };
        for (table, name, cols) in &indexes {
            let is_pk = name.starts_with("sqlite_autoindex") || name.ends_with("_pkey");
            if !tenant_tables.contains(&table) || is_pk || GLOBAL_INDEXES.contains(&name.as_str()) {
                continue;
            }
            assert_eq!(cols.first().map(String::as_str), Some("tenant_id"), "index {name} on {table} does not start with tenant_id: {cols:?}");
        }
    }
}
