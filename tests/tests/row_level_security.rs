//! PostgreSQL row-level security, the second wall between tenants (decision 74): in the
//! transaction an employer's own people run in, a query that forgets its tenant filter sees —
//! and may write — only their own organisation's rows, in every table that has a `tenant_id`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cases::entities::case_file;
use chrono::Duration;
use e2e::{Backend, TestApp};
use platform::clock::Clock;
use platform::{Actor, Ctx, RequestMeta};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Statement, TransactionTrait,
};
use uuid::Uuid;

async fn ctx_of(app: &TestApp, email: &str) -> Ctx {
    let db = &app.state.db;
    let user = identity::repo::user_by_email(db, email)
        .await
        .unwrap()
        .unwrap();
    Ctx {
        db: db.clone(),
        actor: Actor::User(identity::repo::actor_of(db, &user).await.unwrap()),
        meta: RequestMeta::default(),
        clock: app.state.clock.clone(),
        log: app.state.log.clone(),
        case_gate: Some(app.state.gate.clone()),
    }
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql.to_string()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

async fn tenant_tables(db: &DatabaseConnection) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        DbBackend::Postgres,
        "SELECT c.table_name::text FROM information_schema.columns c \
         JOIN information_schema.tables t USING (table_schema, table_name) \
         WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' \
           AND t.table_type = 'BASE TABLE' ORDER BY 1",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<String>(0).unwrap())
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_that_forgets_the_tenant_filter_sees_only_the_actors_tenant() {
    if e2e::skip_services() {
        return;
    }
    let app = TestApp::start(Backend::Postgres, |_| {}).await;
    // Both employers get a case, so the case tables have rows of two tenants.
    let korenschoof = app.login("hr@korenschoof.example").await;
    app.willems_assigned_case(&korenschoof, 20).await;
    let vandijk = app.login("hr@vandijk.example").await;
    app.report_sick(
        &vandijk,
        "Arjen Kramer",
        app.clock.today() - Duration::days(3),
    )
    .await;
    let db = &app.state.db;
    let hr = ctx_of(&app, "hr@korenschoof.example").await;
    let Actor::User(user) = &hr.actor else {
        unreachable!()
    };
    let own: Uuid = user.organisation_id;

    let tables = tenant_tables(db).await;
    assert!(tables.len() >= 30, "{tables:?}");
    let unprotected = count(
        db,
        "SELECT COUNT(*) FROM pg_class c JOIN information_schema.columns col \
           ON col.table_name = c.relname AND col.column_name = 'tenant_id' \
           AND col.table_schema = current_schema() \
         WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace \
           AND NOT (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policies p \
             WHERE p.tablename = c.relname AND p.schemaname = current_schema()))",
    )
    .await;
    assert_eq!(unprotected, 0, "a table with tenant_id has no policy");

    let mut foreign_seen_by_owner = Vec::new();
    for t in &tables {
        // Users of the services the employer engaged (its company doctor) are readable too.
        let engaged = if t == "users" {
            format!(
                " AND tenant_id NOT IN (SELECT provider_id FROM engagements WHERE tenant_id = '{own}')"
            )
        } else {
            String::new()
        };
        let others = format!("SELECT COUNT(*) FROM {t} WHERE tenant_id <> '{own}'{engaged}");
        let mine = format!("SELECT COUNT(*) FROM {t} WHERE tenant_id = '{own}'");
        let all = format!("SELECT COUNT(*) FROM {t} WHERE TRUE{engaged}");
        let (owner_others, owner_mine) = (count(db, &others).await, count(db, &mine).await);
        if owner_others > 0 {
            foreign_seen_by_owner.push(t.as_str());
        }
        let txn = hr.tenant_txn().await.unwrap();
        // No filter at all: exactly the own tenant's rows.
        assert_eq!(count(&txn, &all).await, owner_mine, "{t}");
        assert_eq!(count(&txn, &others).await, 0, "{t}: another tenant's rows");
        // Nor can a forgotten filter change or remove them.
        let changed = txn
            .execute_unprepared(&format!(
                "UPDATE {t} SET tenant_id = tenant_id WHERE tenant_id <> '{own}'"
            ))
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(changed, 0, "{t}");
        txn.rollback().await.unwrap();
    }
    // The test means something only where another tenant has rows.
    for t in [
        "cases",
        "employees",
        "case_deadlines",
        "access_log",
        "users",
        "sessions",
    ] {
        assert!(
            foreign_seen_by_owner.contains(&t),
            "{t}: {foreign_seen_by_owner:?}"
        );
    }

    // Through the entities, as a service that forgot its filter would read.
    let txn = hr.tenant_txn().await.unwrap();
    let cases = case_file::Entity::find().all(&txn).await.unwrap();
    assert_eq!(cases.len(), 1);
    assert!(cases.iter().all(|c| c.tenant_id == own));
    // Writing a row into another tenant is refused by the policy's check.
    let theirs = count(
        db,
        &format!("SELECT COUNT(*) FROM cases WHERE tenant_id <> '{own}'"),
    )
    .await;
    assert!(theirs > 0);
    let err = txn
        .execute_unprepared(&format!(
            "UPDATE cases SET tenant_id = (SELECT tenant_id FROM employees WHERE tenant_id <> '{own}' LIMIT 1) \
             WHERE tenant_id = '{own}'"
        ))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
    txn.rollback().await.unwrap();

    // Users: his own colleagues and the people of the services his employer engaged (the
    // doctor's name on a case); nobody of the other employer.
    let txn = hr.tenant_txn().await.unwrap();
    let visible_other_employer = count(
        &txn,
        "SELECT COUNT(*) FROM users WHERE email LIKE '%@vandijk.example'",
    )
    .await;
    let visible_doctors = count(
        &txn,
        "SELECT COUNT(*) FROM users WHERE email LIKE '%@arbo-oost.example'",
    )
    .await;
    txn.rollback().await.unwrap();
    assert_eq!(visible_other_employer, 0);
    assert!(visible_doctors > 0);

    // A company doctor's reach comes from his assignments across employers: his transaction
    // is the owner's, and the application's filter (tested in isolation.rs) is his wall.
    let doctor = ctx_of(&app, "bedrijfsarts@arbo-oost.example").await;
    let txn = doctor.tenant_txn().await.unwrap();
    assert_eq!(
        count(&txn, "SELECT COUNT(*) FROM cases").await,
        count(db, "SELECT COUNT(*) FROM cases").await
    );
    txn.rollback().await.unwrap();

    // Outside such a transaction (the pool, the worker, migrations) nothing is confined.
    let plain = db.begin().await.unwrap();
    assert!(
        count(
            &plain,
            &format!("SELECT COUNT(*) FROM cases WHERE tenant_id <> '{own}'")
        )
        .await
            > 0
    );
    plain.rollback().await.unwrap();

    // And the API an HR user uses runs under it: his list and a case by id still work.
    let token = app.login("hr@korenschoof.example").await;
    let res = app
        .gql(
            Some(&token),
            "{ cases(first: 50) { edges { node { id employee { name } nextDeadline { kind } } } } }",
            serde_json::json!({}),
        )
        .await;
    let edges = res["data"]["cases"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty(), "{res}");
    let id = edges[0]["node"]["id"].as_str().unwrap();
    let res = app
        .gql(
            Some(&token),
            "query($id: ID!) { case(id: $id) { id employee { name } } }",
            serde_json::json!({ "id": id }),
        )
        .await;
    assert_eq!(res["data"]["case"]["id"], id, "{res}");
}
