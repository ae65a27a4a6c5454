//! `medical_assessments`: problem analyses and current assessments; the medical part sealed,
//! the workability part an advice row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medical_assessments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub kind: crate::model::AssessmentKind,
    pub doctor_user_id: Uuid,
    pub doctor_organisation_id: Uuid,
    pub made_on: Date,
    pub medical_sealed: Vec<u8>,
    pub advice_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
