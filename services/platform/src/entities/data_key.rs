//! `data_keys`: each tenant's data key, wrapped (AES-256-GCM) by a key derived from the master
//! key. The plaintext data key exists only in memory.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub wrapped_key: Vec<u8>,
    pub master_fingerprint: String,
    pub created_at: DateTimeUtc,
    pub rewrapped_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
