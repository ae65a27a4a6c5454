//! The sweep's indexes over `case_deadlines` page in id order: (kind, due date, id), since a
//! step kind has its own reminder moments (a sick report is chased daily, a plan weekly) and
//! the sweep asks per kind for the dates that have one, instead of every kind for every
//! kind's dates; and (day it appeared, id), since every step that appeared on a day is now
//! looked at, not only expert opinions' follow-ups.

use sea_orm_migration::prelude::*;

use crate::util::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Global: the sweep asks for every deadline of a kind due on a date, across tenants.
        m.create_index(index(
            "case_deadlines",
            "kind_due_id",
            &["kind", "due_on", "id"],
            false,
        ))
        .await?;
        m.drop_index(drop_index("case_deadlines", "due_id")).await?;
        m.create_index(index(
            "case_deadlines",
            "materialised_id",
            &["materialised_on", "id"],
            false,
        ))
        .await?;
        m.drop_index(drop_index("case_deadlines", "materialised"))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("case_deadlines", "due_id", &["due_on", "id"], false))
            .await?;
        m.drop_index(drop_index("case_deadlines", "kind_due_id"))
            .await?;
        m.create_index(index(
            "case_deadlines",
            "materialised",
            &["materialised_on"],
            false,
        ))
        .await?;
        m.drop_index(drop_index("case_deadlines", "materialised_id"))
            .await
    }
}
