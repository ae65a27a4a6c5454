//! `sso_providers`: an organisation's OpenID Connect provider.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sso_providers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub issuer: String,
    pub client_id: String,
    /// Sealed with the master key's SSO purpose key, bound to the organisation id.
    pub client_secret: Vec<u8>,
    /// Password login is refused for the organisation's accounts except its administrators.
    pub sso_only: bool,
    pub enabled: bool,
    pub updated_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
