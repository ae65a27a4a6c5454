//! `plan_of_action_versions`: one version of the plan of action; signed versions are frozen.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_of_action_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub version: i32,
    pub goal: String,
    /// The agreed activities as JSON: they belong to the version.
    #[sea_orm(column_type = "JsonBinary")]
    pub activities: crate::model::PlanActivities,
    pub case_manager_user_id: Option<Uuid>,
    pub contact_frequency: String,
    pub change_note: Option<String>,
    pub is_adjustment: bool,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub employer_signed_by: Option<Uuid>,
    pub employer_signed_at: Option<DateTimeUtc>,
    pub employee_signed_by: Option<Uuid>,
    pub employee_signed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
