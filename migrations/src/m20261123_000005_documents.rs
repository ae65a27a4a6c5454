//! Documents: one row per uploaded file. The file itself is in object storage, encrypted in
//! chunks under the tenant's data key; title and filename are sealed here too (a filename like
//! "MRI knie.pdf" is medical). `status` is `PENDING` while the bytes stream in, so a crash
//! mid-upload leaves a row the housekeeping finds and removes with its object; only `STORED`
//! rows are ever listed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{case_table, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        case_table(
            m,
            "documents",
            vec![
                string("classification"),
                string("document_type"),
                blob("title_sealed"),
                blob("filename_sealed"),
                string("content_type"),
                big_integer("size_bytes"),
                string("sha256"),
                string("storage_key"),
                string("status"),
                uuid("uploaded_by"),
                timestamp_with_time_zone("uploaded_at"),
            ],
            "uploaded_at",
        )
        .await?;
        // Global: the housekeeping looks for uploads left PENDING by a crash, across tenants.
        m.create_index(index(
            "documents",
            "pending",
            &["status", "uploaded_at"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("documents").take()).await
    }
}
