//! Stored enum values are read strictly: a row with a value the enum does not know is an error,
//! never a default (issue 18: an unknown language used to read as Dutch, an unknown track as
//! track 1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cases::entities::case_file;
use e2e::{TestApp, on_both_databases};
use identity::entities::user;
use platform::clock::Clock;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::json;

const EMAIL: &str = "hr@korenschoof.example";

on_both_databases! {
    async fn an_unknown_stored_enum_value_is_refused(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let db = &app.state.db;
        let find = || user::Entity::find().filter(user::Column::Email.eq(EMAIL)).one(db);
        let row = find().await.unwrap().expect("the seeded HR administrator");
        assert_eq!(row.language, identity::model::Language::Nl);

        let changed = db
            .execute_raw(Statement::from_string(
                db.get_database_backend(),
                format!("UPDATE users SET language = 'xx' WHERE email = '{EMAIL}'"),
            ))
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(changed, 1);

        let err = find().await.expect_err("an unknown language is an error, not Dutch");
        assert!(err.to_string().contains("xx"), "the error names the value: {err}");
    }
}

on_both_databases! {
    async fn an_unknown_stored_track_is_refused_not_read_as_track_1(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let db = &app.state.db;
        let hr = app.login(EMAIL).await;
        let case = app.report_sick(&hr, "Eva Smit", app.clock.today()).await;
        let query = "query($c: ID!) { case(id: $c) { id track } }";
        let res = app.gql(Some(&hr), query, json!({ "c": case })).await;
        assert_eq!(res["data"]["case"]["track"], "TRACK_1", "{res}");

        // A value the enum does not know, written past it (the id bound the database's way).
        let id: uuid::Uuid = case.parse().unwrap();
        let changed = case_file::Entity::update_many()
            .col_expr(case_file::Column::Track, Expr::value("TRACK_9"))
            .filter(case_file::Column::Id.eq(id))
            .exec(db)
            .await
            .unwrap()
            .rows_affected;
        assert_eq!(changed, 1);

        let err = case_file::Entity::find_by_id(id)
            .one(db)
            .await
            .expect_err("an unknown track is an error, not track 1");
        assert!(err.to_string().contains("TRACK_9"), "the error names the value: {err}");
        let res = app.gql(Some(&hr), query, json!({ "c": case })).await;
        assert!(res["errors"].is_array(), "reading the case fails: {res}");
        assert!(res["data"]["case"]["track"].is_null(), "no track is made up: {res}");
    }
}
