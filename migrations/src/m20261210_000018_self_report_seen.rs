//! The employer confirms an employee's own sick report (decision 85): until then it is a task
//! of the case manager's, or HR's where the case has none.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "cases",
            vec![timestamp_with_time_zone_null("sick_report_confirmed_at").take()],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(m, "cases", &["sick_report_confirmed_at"]).await
    }
}
