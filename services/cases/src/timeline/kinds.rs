//! What the clock computes: periods, deadlines and their kinds.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::SickDays;

/// The computed clock of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Every sickness period in order, including ones that no longer drive the deadlines.
    pub periods: Vec<Period>,
    /// Day 1 of the current 104-week period.
    pub first_day: NaiveDate,
    /// The counted sick days of the current period.
    pub sick_days: SickDays,
    /// The deadlines, sorted by due date, then kind.
    pub deadlines: Vec<Deadline>,
    /// What re-integration report UWV needs when the employee leaves employment sick.
    pub riv_on_leaving: Option<RivScope>,
}

impl Timeline {
    /// The earliest deadline not done yet (by due date, then kind).
    pub fn next_open(&self) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .filter(|d| d.completed_on.is_none())
            .min_by_key(|d| (d.due, d.kind))
    }
}

platform::stored_enum! {
    /// The re-integration report UWV needs when an employee leaves employment sick, by how long
    /// the employment lasted after the first sick day (UWV, "Mijn werknemer gaat ziek uit
    /// dienst").
    RivScope {
        /// Under 6 weeks: no report, only the sick report on the last working day.
        None = "NONE",
        /// 6 to 10 weeks: the shortened report (verkort re-integratieverslag).
        Shortened = "SHORTENED",
        /// 10 weeks or more: the full report.
        Full = "FULL",
    }
}

/// One stretch of full sickness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First sick day.
    pub start: NaiveDate,
    /// Last sick day (inclusive); `None` while the employee is sick.
    pub end: Option<NaiveDate>,
    /// First day fit (the day after `end`).
    pub recovered_on: Option<NaiveDate>,
    /// Whether this period continues the previous one's 104 weeks (gap under 28 days).
    pub counts_with_previous: bool,
}

/// One legal deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// Which step.
    pub kind: DeadlineKind,
    /// The last day it may be done.
    pub due: NaiveDate,
    /// Where it stands on `today`.
    pub status: DeadlineStatus,
    /// When it was done.
    pub completed_on: Option<NaiveDate>,
    /// The week of the 104 (or more) weeks the due date lies in.
    pub week: u32,
}

/// The legal steps with a deadline; stable names integrators rely on, in legal order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
// Stored (case_milestones.kind) under its contract name; an unknown stored value fails the read.
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum DeadlineKind {
    /// Probleemanalyse by the company doctor.
    #[sea_orm(string_value = "PROBLEM_ANALYSIS")]
    ProblemAnalysis,
    /// Ziekmelding to UWV for a Ziektewet benefit under the safety net.
    #[sea_orm(string_value = "SAFETY_NET_REPORT")]
    SafetyNetReport,
    /// Plan van aanpak, signed by employer and employee.
    #[sea_orm(string_value = "PLAN_OF_ACTION")]
    PlanOfAction,
    /// Periodic evaluation (bijstelling) of the plan of action.
    #[sea_orm(string_value = "PLAN_EVALUATION")]
    PlanEvaluation,
    /// 42e-weeksmelding to UWV.
    // Names with digits are spelled out: serde glues "42" to "UWV", and async-graphql splits
    // "TRACK2" into "TRACK_2"; the contract has neither.
    #[serde(rename = "UWV_42_WEEK_REPORT")]
    #[graphql(name = "UWV_42_WEEK_REPORT")]
    #[sea_orm(string_value = "UWV_42_WEEK_REPORT")]
    Uwv42WeekReport,
    /// Second opinion by another company doctor, which the employee asked for.
    #[sea_orm(string_value = "SECOND_OPINION")]
    SecondOpinion,
    /// Arbeidsdeskundig onderzoek: is track 1 closed, must track 2 start?
    #[sea_orm(string_value = "LABOUR_EXPERT_EXAMINATION")]
    LabourExpertExamination,
    /// Eerstejaarsevaluatie.
    #[sea_orm(string_value = "FIRST_YEAR_EVALUATION")]
    FirstYearEvaluation,
    /// Start of track 2 (spoor 2).
    #[graphql(name = "TRACK2_START")]
    #[sea_orm(string_value = "TRACK2_START")]
    Track2Start,
    /// Vervroegde IVA-aanvraag: possible while the doctor states no sustainable usable capacity.
    #[sea_orm(string_value = "EARLY_IVA_APPLICATION")]
    EarlyIvaApplication,
    /// UWV's letter about the WIA application reached the employee.
    #[sea_orm(string_value = "WIA_LETTER")]
    WiaLetter,
    /// Actueel oordeel by the company doctor.
    #[sea_orm(string_value = "CURRENT_ASSESSMENT")]
    CurrentAssessment,
    /// Eindevaluatie.
    #[sea_orm(string_value = "FINAL_EVALUATION")]
    FinalEvaluation,
    /// The re-integration report handed to the employee.
    #[sea_orm(string_value = "RIV_TO_EMPLOYEE")]
    RivToEmployee,
    /// WIA application by the employee.
    #[sea_orm(string_value = "WIA_APPLICATION")]
    WiaApplication,
    /// Ziek-uit-dienstmelding to UWV when the employment ends during sickness.
    #[sea_orm(string_value = "EMPLOYMENT_END_REPORT")]
    EmploymentEndReport,
    /// The (shortened) re-integration report handed over when the employment ends.
    #[sea_orm(string_value = "RIV_ON_LEAVING")]
    RivOnLeaving,
    /// Last day of wage payment.
    #[sea_orm(string_value = "END_OF_WAGE_PAYMENT")]
    EndOfWagePayment,
    /// UWV's decision on a request to shorten a wage sanction (within 3 weeks).
    #[sea_orm(string_value = "SANCTION_DECISION")]
    SanctionDecision,
    /// Track 2 progress report.
    #[graphql(name = "TRACK2_REPORT")]
    #[sea_orm(string_value = "TRACK2_REPORT")]
    Track2Report,
    /// Follow-up of an answered expert opinion.
    #[sea_orm(string_value = "EXPERT_OPINION_FOLLOW_UP")]
    ExpertOpinionFollowUp,
}

/// Where a deadline stands relative to `today`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum DeadlineStatus {
    /// More than 14 days ahead.
    Upcoming,
    /// Due within 14 days, or today.
    DueSoon,
    /// Past its due date and not done.
    Overdue,
    /// Done.
    Done,
}
