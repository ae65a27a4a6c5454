//! The access log is a hash chain per tenant: edits, insertions and deletions are found.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, on_both_databases};
use platform::entities::access_log;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

async fn chain(app: &TestApp, tenant: uuid::Uuid) -> Vec<access_log::Model> {
    access_log::Entity::find()
        .filter(access_log::Column::TenantId.eq(tenant))
        .order_by_asc(access_log::Column::Seq)
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn busy_tenant(app: &TestApp) -> uuid::Uuid {
    for _ in 0..3 {
        app.login("hr@korenschoof.example").await;
        app.gql(None, "mutation { login(email: \"hr@korenschoof.example\", password: \"wrong-password\") { accessToken } }", json!({})).await;
    }
    let token = app.login("hr@korenschoof.example").await;
    let me = app
        .gql(Some(&token), "{ me { organisation { id } } }", json!({}))
        .await;
    uuid::Uuid::parse_str(me["data"]["me"]["organisation"]["id"].as_str().unwrap()).unwrap()
}

on_both_databases! {
    async fn an_edited_entry_is_named_by_the_verifier(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = busy_tenant(&app).await;
        let entries = chain(&app, tenant).await;
        assert!(entries.len() >= 7, "{}", entries.len());
        assert!(app.state.log.verify().await.unwrap().first_break.is_none(), "fresh log reported as broken");
        // Someone with database access turns a refused login into an allowed one.
        let victim = entries.iter().find(|e| e.outcome == "DENIED").unwrap().clone();
        let mut edit = victim.clone().into_active_model();
        edit.outcome = Set("ALLOWED".into());
        edit.update(&app.state.db).await.unwrap();
        let report = app.state.log.verify().await.unwrap();
        let b = report.first_break.expect("edit not detected");
        assert_eq!((b.tenant_id, b.seq, b.id), (tenant, victim.seq, victim.id));
        assert!(b.problem.contains("edited"), "{}", b.problem);
    }
}

on_both_databases! {
    async fn a_deleted_entry_is_found_where_the_gap_is(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = busy_tenant(&app).await;
        let entries = chain(&app, tenant).await;
        let gone = entries[3].clone();
        access_log::Entity::delete_by_id(gone.id).exec(&app.state.db).await.unwrap();
        let b = app.state.log.verify().await.unwrap().first_break.expect("deletion not detected");
        assert_eq!(b.tenant_id, tenant);
        assert_eq!(b.seq, entries[4].seq, "the entry after the gap is named");
    }
}

on_both_databases! {
    async fn an_inserted_or_renumbered_entry_is_found(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let tenant = busy_tenant(&app).await;
        let entries = chain(&app, tenant).await;
        // Forge: shift the tail up by one and slip an entry in at position 3, recomputing
        // nothing (the forger lacks the master key), copying the hash fields from a neighbour.
        for e in entries.iter().rev().filter(|e| e.seq >= 3) {
            let mut m = e.clone().into_active_model();
            m.seq = Set(e.seq + 1);
            m.update(&app.state.db).await.unwrap();
        }
        let template = entries[2].clone();
        access_log::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            seq: Set(3),
            detail: Set(Some("forged".into())),
            ..template.into_active_model()
        }
        .insert(&app.state.db)
        .await
        .unwrap();
        let b = app.state.log.verify().await.unwrap().first_break.expect("insertion not detected");
        assert_eq!((b.tenant_id, b.seq), (tenant, 3));
    }
}

on_both_databases! {
    async fn concurrent_appends_keep_every_chain_whole(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let mut handles = Vec::new();
        for i in 0..24 {
            let state = app.state.clone();
            handles.push(tokio::spawn(async move {
                let tenant = if i % 2 == 0 { uuid::Uuid::nil() } else { uuid::Uuid::from_u128(42) };
                state
                    .log
                    .record(
                        &platform::Actor::Anonymous,
                        &platform::RequestMeta::default(),
                        platform::audit::AccessEvent {
                            tenant_id: tenant,
                            subject_employee_id: None,
                            resource_type: "test",
                            resource_id: Some(i.to_string()),
                            action: platform::access::Action::Read,
                            outcome: platform::audit::Outcome::Allowed,
                            detail: None,
                        },
                    )
                    .await
                    .unwrap();
            }));
        }
        for h in handles {
            h.await.unwrap();
        }
        let report = app.state.log.verify().await.unwrap();
        assert!(report.first_break.is_none(), "{:?}", report.first_break);
        let forty_two = chain(&app, uuid::Uuid::from_u128(42)).await;
        assert_eq!(forty_two.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=12).collect::<Vec<i64>>());
    }
}
