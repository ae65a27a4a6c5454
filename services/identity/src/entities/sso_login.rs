//! `sso_logins`: one sign-in through a provider, from redirect to session.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sso_logins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// SHA-256 of the `state` parameter.
    pub state_hash: String,
    /// SHA-256 of the cookie that ties the sign-in to the browser that started it.
    pub browser_hash: String,
    pub nonce: String,
    /// The PKCE verifier: it is sent to the provider once, with the code.
    pub pkce_verifier: String,
    pub login_hint: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// When the provider sent the browser back (a second callback is refused).
    pub callback_at: Option<DateTimeUtc>,
    pub user_id: Option<Uuid>,
    /// SHA-256 of the one-time ticket the web app exchanges for a session.
    pub ticket_hash: Option<String>,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
