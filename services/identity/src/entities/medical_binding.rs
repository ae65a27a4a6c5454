//! `medical_bindings`: the health service verified the person behind an employee account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medical_bindings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub employee_id: Uuid,
    pub user_id: Uuid,
    pub verified_by: Uuid,
    pub verified_by_organisation: Uuid,
    pub method: crate::model::BindingMethod,
    pub factor: crate::model::BindingFactor,
    pub verified_at: DateTimeUtc,
    pub suspended_at: Option<DateTimeUtc>,
    pub suspended_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
