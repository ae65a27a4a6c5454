//! Stored enum values are read strictly: a row with a value the enum does not know is an error,
//! never a default (issue 18: an unknown language used to read as Dutch, an unknown track as
//! track 1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, on_both_databases};
use identity::entities::user;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

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
