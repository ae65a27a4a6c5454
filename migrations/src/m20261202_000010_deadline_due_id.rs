//! The sweep's index over `case_deadlines` becomes (due date, id): it pages through one due date
//! at a time in id order, a range of this index per page.

use sea_orm_migration::prelude::*;

use crate::util::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Global: the sweep asks for every deadline due on a date, across tenants.
        m.create_index(index("case_deadlines", "due_id", &["due_on", "id"], false))
            .await?;
        m.drop_index(drop_index("case_deadlines", "due")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("case_deadlines", "due", &["due_on"], false))
            .await?;
        m.drop_index(drop_index("case_deadlines", "due_id")).await
    }
}
