//! `track2_reports`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track2_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub kind: crate::model::Track2ReportKind,
    pub period_from: Date,
    pub period_to: Date,
    pub status: crate::model::Track2ReportStatus,
    pub activities: String,
    pub assessment: Option<String>,
    pub attitude: Option<String>,
    pub submitted_on: Option<Date>,
    pub submitted_by: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
