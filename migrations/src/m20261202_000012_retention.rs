//! Retention (decision 75): `organisations.own_risk_carrier` (eigenrisicodrager: the employer's
//! absence files are kept 10 years instead of 2), `cases.purged_at` (the day the employer's
//! absence data of a closed case was removed; the row stays as the anchor of the doctor's
//! medical file until that goes too), and the index the daily retention pass reads by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "organisations",
            vec![boolean("own_risk_carrier").default(false).take()],
        )
        .await?;
        add_columns(m, "cases", vec![timestamp_with_time_zone_null("purged_at")]).await?;
        // Global: the retention pass asks for cases closed before a date, across tenants.
        m.create_index(index("cases", "closed", &["closed_on"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop_index("cases", "closed")).await?;
        drop_columns(m, "cases", &["purged_at"]).await?;
        drop_columns(m, "organisations", &["own_risk_carrier"]).await
    }
}
