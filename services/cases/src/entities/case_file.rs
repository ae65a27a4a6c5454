//! `cases`: one sick-leave case file (verzuimdossier).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub employee_id: Uuid,
    pub status: String,
    pub track: String,
    pub sick_since: Date,
    pub expected_duration_weeks: Option<i32>,
    pub reachable_at: Option<String>,
    pub safety_net: bool,
    pub third_party_liable: bool,
    pub work_accident: bool,
    pub case_manager_user_id: Option<Uuid>,
    pub extension_weeks: i32,
    pub extension_agreed_on: Option<Date>,
    pub sanction_weeks: i32,
    pub sanction_decided_on: Option<Date>,
    pub return_prospect: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// Earliest open deadline (9999-12-31 when none); kept by `service::refresh_clock`.
    pub next_deadline_on: Date,
    pub next_deadline_kind: Option<String>,
    /// Last conversation, agreement or contact logged.
    pub last_contact_on: Option<Date>,
    /// Date of the latest workability advice (written by the medical service).
    pub advice_given_on: Option<Date>,
    /// Last time the plan of action changed or an agreement was logged (acting on advice).
    pub plan_changed_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
