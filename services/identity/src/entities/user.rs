//! `users`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub language: crate::model::Language,
    /// Sealed with the master key's TOTP purpose key, bound to the user id.
    pub totp_secret: Option<Vec<u8>>,
    pub totp_enabled: bool,
    /// The last accepted TOTP time step: a code is accepted once (RFC 6238 §5.2).
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    /// Set when the employer's provisioning removed or deactivated the account: it cannot
    /// sign in, and its sessions were ended.
    pub deactivated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
