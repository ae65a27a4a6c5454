//! The case list's read model (issue 21, decision 88): what a list shows of a case beyond its
//! own columns, kept on the case row where the clock moves and by the worker's daily pass.
//!
//! - `list_as_of`, `list_fresh_until`: the day it was computed for and the last day it is
//!   exact for; the daily pass recomputes the rows whose day has passed (by index).
//! - `sick_day_zero`, `sick_counted_until`: the sick week in closed form.
//! - `next_deadline_week`: the week of the next step (its date and kind are there already).
//! - `risk_signals`: the signals as JSON, including those that start later.
//!
//! Rows of before this migration have none until the worker's next pass; a list computes
//! them the long way meanwhile.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: &[&str] = &[
    "list_as_of",
    "list_fresh_until",
    "sick_day_zero",
    "sick_counted_until",
    "next_deadline_week",
    "risk_signals",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "cases",
            vec![
                date_null("list_as_of"),
                date_null("list_fresh_until"),
                date_null("sick_day_zero"),
                date_null("sick_counted_until"),
                integer_null("next_deadline_week"),
                text_null("risk_signals"),
            ],
        )
        .await?;
        // The worker's daily pass across tenants: the rows whose read model has expired.
        m.create_index(index(
            "cases",
            "list_fresh_until",
            &["list_fresh_until"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop_index("cases", "list_fresh_until"))
            .await?;
        drop_columns(m, "cases", COLUMNS).await
    }
}
