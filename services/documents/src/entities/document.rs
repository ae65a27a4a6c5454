//! `documents`: one uploaded file; title and filename sealed, the bytes in object storage.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub classification: platform::document::Classification,
    pub document_type: platform::document::DocumentType,
    pub title_sealed: Vec<u8>,
    pub filename_sealed: Vec<u8>,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub status: Status,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

platform::stored_enum! {
    /// Where an upload stands.
    Status {
        /// The row is written, the object not yet (or a crash cut the upload off).
        Pending = "PENDING",
        /// Stored, scanned and complete: the only status readers see.
        Stored = "STORED",
    }
}
