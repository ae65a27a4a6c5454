//! `reminder_policies`: a tenant's policy for one deadline kind, where it differs from the
//! defaults, with the types of its stored values.

use platform::stored_enum;
use sea_orm::entity::prelude::*;

stored_enum! {
    /// Who a reminder goes to, relative to the case.
    ReminderRecipient {
        /// The case manager (HR administrators when the case has none).
        CaseManager = "CASE_MANAGER",
        /// The employee's line manager.
        Manager = "MANAGER",
        /// The employee himself.
        Employee = "EMPLOYEE",
        /// The company doctor assigned to the case — only for his own deadlines.
        CompanyDoctor = "COMPANY_DOCTOR",
        /// The agency's consultant assigned to the case — only for track 2 deadlines.
        Agency = "AGENCY",
    }
}

/// The recipients of a policy in their JSON column. A stored value that is not a list of
/// recipient names fails the read.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    sea_orm::FromJsonQueryResult,
)]
pub struct Recipients(pub Vec<ReminderRecipient>);

/// The days before the due date of a policy in their JSON column. A stored value that is not a
/// list of day counts fails the read.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    sea_orm::FromJsonQueryResult,
)]
pub struct DaysBefore(pub Vec<u32>);

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
    pub recipients: Recipients,
    /// JSON list of day counts.
    #[sea_orm(column_type = "JsonBinary")]
    pub days_before: DaysBefore,
    pub overdue_every_days: i32,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
