//! `departments`: a small tree per employer, each with an optional line manager.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// Unique per employer: an import names departments by it.
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// The line manager of the department's employees who follow it.
    pub manager_user_id: Option<Uuid>,
    /// What the employer's identity provider calls it (SCIM `externalId`).
    pub external_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
