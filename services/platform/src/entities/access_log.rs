//! `access_log`: append-only, hash-chained per tenant (NEN 7513).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The chain this entry belongs to: the organisation whose data it concerns.
    pub tenant_id: Uuid,
    /// Position in the tenant's chain, from 1 without gaps.
    pub seq: i64,
    pub occurred_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub actor_organisation_id: Option<Uuid>,
    /// A system job, or a user acting for another ("on whose behalf").
    pub on_behalf_of: Option<String>,
    /// The employee whose data was accessed.
    pub subject_employee_id: Option<Uuid>,
    pub resource_type: String,
    pub resource_id: Option<String>,
    /// C, R, U, D or E (export).
    pub action: String,
    /// ALLOWED or DENIED.
    pub outcome: String,
    /// Short non-medical detail (why denied, which event).
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
