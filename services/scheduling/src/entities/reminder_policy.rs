//! `reminder_policies`: a tenant's policy for one deadline kind, where it differs from the
//! defaults.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_policies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub deadline_kind: cases::schedule::StepKind,
    pub enabled: bool,
    /// JSON list of recipient names.
    #[sea_orm(column_type = "JsonBinary")]
    pub recipients: crate::policy::Recipients,
    /// JSON list of day counts.
    #[sea_orm(column_type = "JsonBinary")]
    pub days_before: crate::policy::DaysBefore,
    pub overdue_every_days: i32,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
