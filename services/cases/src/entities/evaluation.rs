//! `evaluations`: periodic, first-year and final evaluations of the re-integration.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub kind: crate::model::EvaluationKind,
    pub held_on: Date,
    pub summary: String,
    pub agreements: Option<String>,
    pub return_prospect: Option<bool>,
    pub employee_view: Option<String>,
    pub employee_view_at: Option<DateTimeUtc>,
    pub recorded_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
