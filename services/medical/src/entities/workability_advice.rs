//! `workability_advice`: what the employee can and cannot do, in plain categories — read by the
//! employer, the agency and the employee. Not medical: no diagnosis, no cause.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workability_advice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub doctor_user_id: Uuid,
    pub doctor_organisation_id: Uuid,
    pub given_on: Date,
    /// JSON list of plain-language lines.
    #[sea_orm(column_type = "JsonBinary")]
    pub limitations: crate::model::Lines,
    /// JSON list of `LimitationCategory` names.
    #[sea_orm(column_type = "JsonBinary")]
    pub limitation_categories: crate::model::Categories,
    /// JSON list of plain-language lines.
    #[sea_orm(column_type = "JsonBinary")]
    pub capabilities: crate::model::Lines,
    pub hours_per_day: Option<f64>,
    pub hours_per_week: Option<f64>,
    pub expected_recovery_on: Option<Date>,
    pub expected_recovery_until: Option<Date>,
    pub advice: Option<String>,
    pub no_sustainable_capacity: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
