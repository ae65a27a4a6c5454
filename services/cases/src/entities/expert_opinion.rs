//! `expert_opinions`: requests for a deskundigenoordeel of UWV and their answers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expert_opinions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub requested_by: crate::model::Party,
    pub question: crate::model::ExpertOpinionQuestion,
    pub submitted_on: Date,
    pub expected_by: Date,
    pub answered_on: Option<Date>,
    pub outcome: Option<String>,
    pub followed_up_on: Option<Date>,
    pub follow_up: Option<String>,
    pub recorded_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
