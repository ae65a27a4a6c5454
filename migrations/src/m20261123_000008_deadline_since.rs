//! `case_deadlines.materialised_on`: the day a deadline (kind and due date) first appeared. The
//! sweep reminds of a follow-up deadline on the day it appears — an expert opinion's answer
//! recorded days after UWV gave it still tells the parties of the follow-up at once, instead of
//! at the follow-up's next reminder moment.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("case_deadlines")
                .add_column(date_null("materialised_on"))
                .take(),
        )
        .await?;
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
        m.drop_index(
            Index::drop()
                .name("ix_case_deadlines_materialised")
                .table("case_deadlines")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("case_deadlines")
                .drop_column("materialised_on")
                .take(),
        )
        .await
    }
}
