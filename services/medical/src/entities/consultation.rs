//! `consultations`: the company doctor's consultations; every text sealed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consultations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub doctor_user_id: Uuid,
    pub doctor_organisation_id: Uuid,
    pub held_on: Date,
    pub complaints_sealed: Option<Vec<u8>>,
    pub diagnosis_sealed: Option<Vec<u8>>,
    pub notes_sealed: Option<Vec<u8>>,
    pub treatment_sealed: Option<Vec<u8>>,
    pub personal_notes_sealed: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
