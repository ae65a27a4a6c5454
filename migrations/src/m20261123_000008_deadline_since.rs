//! `case_deadlines.materialised_on`: the day a deadline (kind and due date) first appeared. The
//! sweep reminds of a follow-up deadline on the day it appears — an expert opinion's answer
//! recorded days after UWV gave it still tells the parties of the follow-up at once, instead of
//! at the follow-up's next reminder moment.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(m, "case_deadlines", vec![date_null("materialised_on")]).await?;
        // Global: the sweep asks for the deadlines that appeared on the days it covers.
        m.create_index(index(
            "case_deadlines",
            "materialised",
            &["materialised_on"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop_index("case_deadlines", "materialised"))
            .await?;
        drop_columns(m, "case_deadlines", &["materialised_on"]).await
    }
}
