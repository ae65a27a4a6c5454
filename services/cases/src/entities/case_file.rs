//! `cases`: one sick-leave case file (verzuimdossier).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub employee_id: Uuid,
    pub status: crate::model::CaseStatus,
    pub track: crate::model::Track,
    pub sick_since: Date,
    pub expected_duration_weeks: Option<i32>,
    pub reachable_at: Option<String>,
    pub safety_net: bool,
    /// The employee reported himself sick (decision 85).
    pub reported_by_employee: bool,
    /// When the employer confirmed the employee's own sick report (until then it is a task).
    pub sick_report_confirmed_at: Option<DateTimeUtc>,
    pub third_party_liable: bool,
    pub work_accident: bool,
    pub case_manager_user_id: Option<Uuid>,
    pub extension_weeks: i32,
    pub extension_agreed_on: Option<Date>,
    pub sanction_weeks: i32,
    pub sanction_decided_on: Option<Date>,
    pub return_prospect: bool,
    /// The safety net's kind; the doctor's and the employee's to set and read, never the
    /// employer's (docs/domain.md §4: he records only that one applies).
    pub safety_net_kind: Option<crate::timeline::SafetyNet>,
    /// The last day of employment when it ends during the sickness.
    pub employment_ends_on: Option<Date>,
    /// When the return prospect was recorded.
    pub return_prospect_on: Option<Date>,
    /// UWV granted an IVA benefit from this day.
    pub iva_from: Option<Date>,
    pub sanction_kind: Option<crate::timeline::SanctionKind>,
    pub sanction_repaired_on: Option<Date>,
    pub sanction_shortening_requested_on: Option<Date>,
    pub sanction_shortening_decided_on: Option<Date>,
    pub sanction_shortening_granted: Option<bool>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// Earliest open deadline (9999-12-31 when none); kept by `service::refresh_clock`.
    pub next_deadline_on: Date,
    pub next_deadline_kind: Option<crate::timeline::DeadlineKind>,
    /// Last conversation, agreement or contact logged.
    pub last_contact_on: Option<Date>,
    /// Date of the latest workability advice (written by the medical service).
    pub advice_given_on: Option<Date>,
    /// Last time the plan of action changed or an agreement was logged (acting on advice).
    pub plan_changed_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub close_reason: Option<crate::model::CloseReason>,
    /// When retention removed the employer's absence data of this closed case (decision 75).
    pub purged_at: Option<DateTimeUtc>,
    /// The case list's read model (`crate::listing`, decision 88): the day it was computed for
    /// and the last day it is exact for.
    pub list_as_of: Option<Date>,
    pub list_fresh_until: Option<Date>,
    /// Counted sick day N falls on this date plus N days (`None`: not sick on `list_as_of`) ...
    pub sick_day_zero: Option<Date>,
    /// ... up to this day (exclusive; `None`: open-ended).
    pub sick_counted_until: Option<Date>,
    /// The sick week of the next step.
    pub next_deadline_week: Option<i32>,
    /// The risk signals, including those that start later (JSON).
    pub risk_signals: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// A case opened on `sick_since` with nothing recorded yet: track 1, no case manager, no
    /// extension or sanction, the clock columns at "no deadline" until the clock is refreshed.
    /// The sick report, the demo and the benchmark fill in the rest.
    pub fn opened(
        id: Uuid,
        tenant_id: Uuid,
        employee_id: Uuid,
        sick_since: Date,
        now: DateTimeUtc,
    ) -> Model {
        Model {
            id,
            tenant_id,
            employee_id,
            status: crate::model::CaseStatus::Open,
            track: crate::model::Track::Track1,
            sick_since,
            expected_duration_weeks: None,
            reachable_at: None,
            safety_net: false,
            reported_by_employee: false,
            sick_report_confirmed_at: None,
            third_party_liable: false,
            work_accident: false,
            case_manager_user_id: None,
            extension_weeks: 0,
            extension_agreed_on: None,
            sanction_weeks: 0,
            sanction_decided_on: None,
            return_prospect: false,
            safety_net_kind: None,
            employment_ends_on: None,
            return_prospect_on: None,
            iva_from: None,
            sanction_kind: None,
            sanction_repaired_on: None,
            sanction_shortening_requested_on: None,
            sanction_shortening_decided_on: None,
            sanction_shortening_granted: None,
            created_at: now,
            updated_at: now,
            closed_at: None,
            next_deadline_on: crate::service::far_future(),
            next_deadline_kind: None,
            last_contact_on: None,
            advice_given_on: None,
            plan_changed_on: None,
            closed_on: None,
            close_reason: None,
            purged_at: None,
            list_as_of: None,
            list_fresh_until: None,
            sick_day_zero: None,
            sick_counted_until: None,
            next_deadline_week: None,
            risk_signals: None,
        }
    }
}
