//! The Poortwachter timeline engine: the legal deadlines of one sickness case (docs/domain.md §2),
//! computed from dates alone. Pure: no database, no clock, no I/O; `today` is an argument.
//!
//! # Counting
//! * Day 1 is the first sick day; "week N ends on day 7N", so a deadline "at week N" is due on
//!   the date of counted sick day `7N` (`day 1 + 7N − 1` days without recoveries).
//!   [`SickDays`] maps counted days to dates and back.
//! * **Samentellen.** A recovery on `R` (first day fit) followed by a new sick report on `S`:
//!   when `S − R < 28` days the period continues and the days `R..S−1` are not counted, so
//!   every later deadline moves `S − R` days; when `S − R ≥ 28` a new period starts on `S`.
//!   Earlier periods stay in [`Timeline::periods`] but no longer drive the deadlines; case
//!   events dated before day 1 of the current period belong to an earlier period and are
//!   ignored.
//! * **Final recovery** (the last period recovered, no new sick report): open deadlines due on
//!   or after the recovery date are dropped. Completed ones always stay: they are history.
//! * Partial recovery (a working percentage) does not touch the clock; it is validated only.
//!
//! # Deadlines ([`DeadlineKind`])
//! | kind | due | done by |
//! |---|---|---|
//! | `PROBLEM_ANALYSIS` | week 6 | `problem_analysis_on` |
//! | `PLAN_OF_ACTION` | week 8 | `plan_of_action_signed_on` |
//! | `PLAN_EVALUATION` | every 6 weeks, see below | `evaluations` |
//! | `UWV_42_WEEK_REPORT` | first working day after counted day 294 | `uwv_42_week_report_on` |
//! | `FIRST_YEAR_EVALUATION` | week 52 | `first_year_evaluation_on` |
//! | `TRACK2_START` | 6 weeks after the first-year evaluation | `track2_started_on` |
//! | `CURRENT_ASSESSMENT`, `FINAL_EVALUATION`, `RIV_TO_EMPLOYEE` | week 91 + extension | their events |
//! | `WIA_APPLICATION` | week 93 + extension | `wia_application_on` |
//! | `END_OF_WAGE_PAYMENT` | week 104 + extension + sanction | its date having passed |
//! | `TRACK2_REPORT` | every 6 weeks after the actual track 2 start | `track2_reports` |
//! | `EXPERT_OPINION_FOLLOW_UP` | 2 weeks after each answer | that answer's `follow_up_on` |
//!
//! Decisions where the law and docs/domain.md are silent:
//! * "N weeks after an event" counts counted sick days too: 42 (or 14) days after the counted
//!   day of the event, so a recovery gap also postpones them and every due date (but the
//!   42-week report's) is a counted sick day. An event dated inside a gap counts from the
//!   last sick day before it.
//! * The 42-week report is due on the first working day (Monday–Friday, not a holiday of the
//!   Algemene termijnenwet art. 3; Easter by the anonymous Gregorian algorithm; before 2014
//!   Queen's Day 30/29 April instead of King's Day) strictly after the date of counted day 294.
//!   That date is a calendar rule: it may fall on a day the employee was fit.
//! * Recurring series (`PLAN_EVALUATION`, `TRACK2_REPORT`) have an anchor: the plan of action's
//!   signing date, else its due date (week 8, giving weeks 14, 20, …); the actual track 2
//!   start. While nothing is recorded the series is projected every 6 weeks from the anchor up
//!   to and including the end of wage payment. Once one is recorded, the engine lists the
//!   recorded ones (the first due 6 weeks after the anchor, each next one 6 weeks after the
//!   previous recorded one) plus only the next open one, 6 weeks after the latest, when that
//!   is not after the end of wage payment.
//! * `TRACK2_START` counts from the first-year evaluation's actual date when recorded, else
//!   from its due date (week 58). With a return prospect it is not emitted, unless track 2
//!   started anyway (then it is listed as done).
//! * `TRACK2_REPORT` is listed only once track 2 has actually started: a projected start
//!   is no date to report from.
//! * `END_OF_WAGE_PAYMENT` is done (completed on its due date) once `today` is past it; a case
//!   closed by recovery does not list it at all (final-recovery rule).
//! * Statuses: DONE when completed (even when completed after `today`), OVERDUE when `today`
//!   is after the due date, DUE_SOON from 14 days before up to the due date, else UPCOMING.
//! * `week` is the week the due date's counted day lies in (42 for the 42-week report).
//! * Validation: a recovery must come after the first sick day (a recovery on day 1 would
//!   leave no sick day), a new sick report after its recovery, the next recovery after that
//!   report; only the last recovery may lack a new sick report; extension 0 or ≥ 13 weeks;
//!   sanction ≤ 52 weeks; working percentage ≤ 100 and a partial recovery not before day 1;
//!   no date (input or computed) after 31 December 9999. Nothing panics.
//! * Sorted by due date, then by kind in the contract's order, then by completion date.

mod render;
mod sick_days;
mod working_days;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use render::format_date_nl;
pub use sick_days::{SickDays, last_date};
pub use working_days::{easter_sunday, is_public_holiday, is_working_day, next_working_day_after};

/// Days between a recovery and a new sick report from which a new 104-week period starts.
pub const NEW_PERIOD_AFTER_DAYS: i64 = 28;
/// Shortest voluntary extension of wage payment, in weeks.
pub const MIN_EXTENSION_WEEKS: u32 = 13;
/// Longest wage sanction, in weeks.
pub const MAX_SANCTION_WEEKS: u32 = 52;
/// Days before the due date from which a deadline counts as DUE_SOON.
pub const DUE_SOON_DAYS: i64 = 14;

/// Counted days between two occurrences of a recurring deadline (6 weeks).
const SERIES_INTERVAL_DAYS: u32 = 42;
/// Counted days after an expert opinion's answer within which it must be followed up.
const EXPERT_OPINION_FOLLOW_UP_DAYS: u32 = 14;

/// Everything the clock depends on for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockInput {
    /// First day of sickness (day 1 unless a later period restarts the clock).
    pub sick_since: NaiveDate,
    /// Full recoveries in order, each with the new sick report that followed, if any.
    pub recoveries: Vec<Recovery>,
    /// Partial resumptions of work; recorded, but they do not move the clock.
    pub partial_recoveries: Vec<PartialRecovery>,
    /// Voluntary extension of wage payment in weeks: 0 for none, else at least 13.
    pub extension_weeks: u32,
    /// Wage sanction imposed by UWV in weeks, at most 52.
    pub sanction_weeks: u32,
    /// What has been done in the case so far.
    pub events: Events,
}

impl ClockInput {
    /// A case sick since `sick_since` with no recoveries, extensions or events.
    pub fn new(sick_since: NaiveDate) -> Self {
        Self {
            sick_since,
            recoveries: Vec::new(),
            partial_recoveries: Vec::new(),
            extension_weeks: 0,
            sanction_weeks: 0,
            events: Events::default(),
        }
    }
}

/// A full recovery and the new sick report that followed it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// First day the employee was fit again.
    pub recovered_on: NaiveDate,
    /// First day of the next sickness, if the employee fell ill again.
    pub resick_on: Option<NaiveDate>,
}

/// A partial resumption of work (gedeeltelijke werkhervatting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialRecovery {
    /// From when the employee works this percentage.
    pub from: NaiveDate,
    /// Percentage of the contract hours worked, 0 to 100.
    pub working_percentage: u8,
}

/// The dates on which the case's steps were done; each completes its deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Events {
    /// The company doctor's problem analysis was made.
    pub problem_analysis_on: Option<NaiveDate>,
    /// The plan of action was signed by employer and employee (the later signature).
    pub plan_of_action_signed_on: Option<NaiveDate>,
    /// Periodic evaluations of the plan of action, in any order.
    pub evaluations: Vec<NaiveDate>,
    /// The 42-week report was sent to UWV.
    pub uwv_42_week_report_on: Option<NaiveDate>,
    /// The first-year evaluation was held.
    pub first_year_evaluation_on: Option<NaiveDate>,
    /// A concrete prospect of structural return within the own organisation is recorded.
    pub return_prospect: bool,
    /// Track 2 started.
    pub track2_started_on: Option<NaiveDate>,
    /// The company doctor gave the current assessment (actueel oordeel).
    pub current_assessment_on: Option<NaiveDate>,
    /// The final evaluation was held.
    pub final_evaluation_on: Option<NaiveDate>,
    /// The employee was given the re-integration report (RIV).
    pub riv_to_employee_on: Option<NaiveDate>,
    /// The employee submitted the WIA application.
    pub wia_application_on: Option<NaiveDate>,
    /// Track 2 progress reports submitted, in any order.
    pub track2_reports: Vec<NaiveDate>,
    /// Expert opinions (deskundigenoordelen) UWV has answered.
    pub expert_opinions: Vec<ExpertOpinionAnswer>,
}

/// An answered expert opinion and its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpertOpinionAnswer {
    /// When UWV's answer was received.
    pub answered_on: NaiveDate,
    /// When the parties recorded what they do with it.
    pub follow_up_on: Option<NaiveDate>,
}

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
    /// Eerstejaarsevaluatie.
    #[sea_orm(string_value = "FIRST_YEAR_EVALUATION")]
    FirstYearEvaluation,
    /// Start of track 2 (spoor 2).
    #[graphql(name = "TRACK2_START")]
    #[sea_orm(string_value = "TRACK2_START")]
    Track2Start,
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
    /// Last day of wage payment.
    #[sea_orm(string_value = "END_OF_WAGE_PAYMENT")]
    EndOfWagePayment,
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

/// Input the clock cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// A recovery on or before the first sick day.
    #[error("the recovery on {recovered_on} is not after the first sick day {sick_since}")]
    RecoveryNotAfterFirstSickDay {
        /// The recovery date.
        recovered_on: NaiveDate,
        /// The first sick day.
        sick_since: NaiveDate,
    },
    /// A new sick report on or before the recovery it follows.
    #[error("the new sick report on {resick_on} is not after the recovery on {recovered_on}")]
    ResickNotAfterRecovery {
        /// The recovery date.
        recovered_on: NaiveDate,
        /// The new sick report's date.
        resick_on: NaiveDate,
    },
    /// A recovery on or before the new sick report that precedes it.
    #[error(
        "periods out of order or overlapping: the recovery on {recovered_on} is not after the new sick report on {previous_resick_on}"
    )]
    PeriodsOutOfOrder {
        /// The recovery date.
        recovered_on: NaiveDate,
        /// The new sick report before it.
        previous_resick_on: NaiveDate,
    },
    /// A recovery without a new sick report that is not the last one.
    #[error("the recovery on {recovered_on} has no new sick report, so no recovery can follow it")]
    OpenRecoveryNotLast {
        /// The recovery date.
        recovered_on: NaiveDate,
    },
    /// A voluntary extension of 1 to 12 weeks.
    #[error("a voluntary extension must be at least 13 weeks (or 0 for none), not {0}")]
    ExtensionTooShort(u32),
    /// A wage sanction over 52 weeks.
    #[error("a wage sanction is at most 52 weeks, not {0}")]
    SanctionTooLong(u32),
    /// A working percentage over 100.
    #[error("a partial recovery's working percentage is at most 100, not {0}")]
    PercentageTooHigh(u8),
    /// A partial recovery before the first sick day.
    #[error("the partial recovery on {from} is before the first sick day {sick_since}")]
    PartialRecoveryBeforeFirstSickDay {
        /// The partial recovery's date.
        from: NaiveDate,
        /// The first sick day.
        sick_since: NaiveDate,
    },
    /// An input date after the year 9999.
    #[error("the {field} {date} is after the year 9999")]
    DateAfterYear9999 {
        /// Which input.
        field: &'static str,
        /// The date given.
        date: NaiveDate,
    },
    /// A deadline that would fall after the year 9999.
    #[error("the deadlines of this case would fall after the year 9999")]
    DeadlineAfterYear9999,
}

/// Computes the periods and deadlines of a case and their status on `today`.
pub fn compute(input: &ClockInput, today: NaiveDate) -> Result<Timeline, ClockError> {
    validate(input, today)?;
    let periods = periods(input);
    // The current 104-week period starts at the last period that does not count with the one
    // before it; the first period never does.
    let current = periods
        .iter()
        .rposition(|p| !p.counts_with_previous)
        .unwrap_or(0);
    let stretches: Vec<_> = periods
        .get(current..)
        .unwrap_or_default()
        .iter()
        .map(|p| (p.start, p.recovered_on))
        .collect();
    let sick_days =
        SickDays::from_stretches(&stretches).ok_or(ClockError::DeadlineAfterYear9999)?;
    let first_day = sick_days.first_day();
    let drafts = Planner {
        days: &sick_days,
        events: &input.events,
        first_day,
    }
    .plan(input.extension_weeks, input.sanction_weeks)?;

    let recovered_on = sick_days.recovered_on();
    let mut deadlines: Vec<Deadline> = drafts
        .into_iter()
        // A final recovery cancels what was still to be done from then on.
        .filter(|d| d.completed_on.is_some() || recovered_on.is_none_or(|fit| d.due < fit))
        .map(|d| {
            // Wage payment ends by itself: done once its last day is behind us. Decided after
            // the recovery filter, so a case closed by recovery does not list it as done.
            let completed_on = match d.kind {
                DeadlineKind::EndOfWagePayment if today > d.due => Some(d.due),
                _ => d.completed_on,
            };
            Deadline {
                kind: d.kind,
                due: d.due,
                status: status(d.due, completed_on, today),
                completed_on,
                week: d.week,
            }
        })
        .collect();
    deadlines.sort_by_key(|d| (d.due, d.kind, d.completed_on));
    Ok(Timeline {
        periods,
        first_day,
        sick_days,
        deadlines,
    })
}

/// The status of a deadline due on `due` and done on `completed_on`, as seen on `today`.
pub fn status(due: NaiveDate, completed_on: Option<NaiveDate>, today: NaiveDate) -> DeadlineStatus {
    if completed_on.is_some() {
        DeadlineStatus::Done
    } else if today > due {
        DeadlineStatus::Overdue
    } else if (due - today).num_days() <= DUE_SOON_DAYS {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::Upcoming
    }
}

fn validate(input: &ClockInput, today: NaiveDate) -> Result<(), ClockError> {
    let last = last_date();
    let check = |field: &'static str, date: NaiveDate| {
        if date > last {
            Err(ClockError::DateAfterYear9999 { field, date })
        } else {
            Ok(())
        }
    };
    check("first sick day", input.sick_since)?;
    check("reference date (today)", today)?;
    for r in &input.recoveries {
        check("recovery date", r.recovered_on)?;
        if let Some(s) = r.resick_on {
            check("new sick report date", s)?;
        }
    }
    for p in &input.partial_recoveries {
        check("partial recovery date", p.from)?;
    }
    let e = &input.events;
    let single = [
        ("problem analysis date", e.problem_analysis_on),
        ("plan of action signing date", e.plan_of_action_signed_on),
        ("42-week report date", e.uwv_42_week_report_on),
        ("first-year evaluation date", e.first_year_evaluation_on),
        ("track 2 start date", e.track2_started_on),
        ("current assessment date", e.current_assessment_on),
        ("final evaluation date", e.final_evaluation_on),
        ("date the RIV was handed over", e.riv_to_employee_on),
        ("WIA application date", e.wia_application_on),
    ];
    for (field, date) in single {
        if let Some(date) = date {
            check(field, date)?;
        }
    }
    for date in &e.evaluations {
        check("evaluation date", *date)?;
    }
    for date in &e.track2_reports {
        check("track 2 report date", *date)?;
    }
    for o in &e.expert_opinions {
        check("expert opinion answer date", o.answered_on)?;
        if let Some(date) = o.follow_up_on {
            check("expert opinion follow-up date", date)?;
        }
    }

    if (1..MIN_EXTENSION_WEEKS).contains(&input.extension_weeks) {
        return Err(ClockError::ExtensionTooShort(input.extension_weeks));
    }
    if input.sanction_weeks > MAX_SANCTION_WEEKS {
        return Err(ClockError::SanctionTooLong(input.sanction_weeks));
    }

    let mut previous_resick_on: Option<NaiveDate> = None;
    let count = input.recoveries.len();
    for (i, r) in input.recoveries.iter().enumerate() {
        match previous_resick_on {
            None if r.recovered_on <= input.sick_since => {
                return Err(ClockError::RecoveryNotAfterFirstSickDay {
                    recovered_on: r.recovered_on,
                    sick_since: input.sick_since,
                });
            }
            Some(previous) if r.recovered_on <= previous => {
                return Err(ClockError::PeriodsOutOfOrder {
                    recovered_on: r.recovered_on,
                    previous_resick_on: previous,
                });
            }
            _ => {}
        }
        match r.resick_on {
            Some(resick_on) if resick_on <= r.recovered_on => {
                return Err(ClockError::ResickNotAfterRecovery {
                    recovered_on: r.recovered_on,
                    resick_on,
                });
            }
            None if i + 1 < count => {
                return Err(ClockError::OpenRecoveryNotLast {
                    recovered_on: r.recovered_on,
                });
            }
            _ => {}
        }
        previous_resick_on = r.resick_on;
    }

    for p in &input.partial_recoveries {
        if p.working_percentage > 100 {
            return Err(ClockError::PercentageTooHigh(p.working_percentage));
        }
        if p.from < input.sick_since {
            return Err(ClockError::PartialRecoveryBeforeFirstSickDay {
                from: p.from,
                sick_since: input.sick_since,
            });
        }
    }
    Ok(())
}

/// The sickness periods of a validated input, each marked whether it adds to the previous.
fn periods(input: &ClockInput) -> Vec<Period> {
    let mut periods = Vec::with_capacity(input.recoveries.len() + 1);
    let mut start = input.sick_since;
    let mut counts_with_previous = false;
    for r in &input.recoveries {
        periods.push(Period {
            start,
            end: r.recovered_on.pred_opt(),
            recovered_on: Some(r.recovered_on),
            counts_with_previous,
        });
        match r.resick_on {
            Some(resick_on) => {
                counts_with_previous =
                    (resick_on - r.recovered_on).num_days() < NEW_PERIOD_AFTER_DAYS;
                start = resick_on;
            }
            None => return periods,
        }
    }
    periods.push(Period {
        start,
        end: None,
        recovered_on: None,
        counts_with_previous,
    });
    periods
}

/// A deadline before its status is known.
struct Draft {
    kind: DeadlineKind,
    due: NaiveDate,
    week: u32,
    completed_on: Option<NaiveDate>,
}

/// Lays the deadlines out on the counted days of the current period.
struct Planner<'a> {
    days: &'a SickDays,
    events: &'a Events,
    first_day: NaiveDate,
}

impl Planner<'_> {
    fn plan(&self, extension_weeks: u32, sanction_weeks: u32) -> Result<Vec<Draft>, ClockError> {
        use DeadlineKind as K;
        let e = self.events;
        let mut out = Vec::new();
        out.push(self.at_week(K::ProblemAnalysis, 6, e.problem_analysis_on)?);
        out.push(self.at_week(K::PlanOfAction, 8, e.plan_of_action_signed_on)?);

        let day_294 = self
            .days
            .projected_date_of(7 * 42)
            .ok_or(ClockError::DeadlineAfterYear9999)?;
        out.push(Draft {
            kind: K::Uwv42WeekReport,
            due: next_working_day_after(day_294).ok_or(ClockError::DeadlineAfterYear9999)?,
            week: 42,
            completed_on: self.in_period(e.uwv_42_week_report_on),
        });

        out.push(self.at_week(K::FirstYearEvaluation, 52, e.first_year_evaluation_on)?);
        let track2_started_on = self.in_period(e.track2_started_on);
        if !e.return_prospect || track2_started_on.is_some() {
            let base = match self.in_period(e.first_year_evaluation_on) {
                Some(held) => self.counted(held)?,
                None => 7 * 52,
            };
            out.push(self.at_day(
                K::Track2Start,
                add(base, SERIES_INTERVAL_DAYS)?,
                track2_started_on,
            )?);
        }

        let wia = |week: u32| add(week, extension_weeks);
        out.push(self.at_week(K::CurrentAssessment, wia(91)?, e.current_assessment_on)?);
        out.push(self.at_week(K::FinalEvaluation, wia(91)?, e.final_evaluation_on)?);
        out.push(self.at_week(K::RivToEmployee, wia(91)?, e.riv_to_employee_on)?);
        out.push(self.at_week(K::WiaApplication, wia(93)?, e.wia_application_on)?);

        let end_week = add(wia(104)?, sanction_weeks)?;
        let end_day = end_week
            .checked_mul(7)
            .ok_or(ClockError::DeadlineAfterYear9999)?;
        out.push(self.at_day(K::EndOfWagePayment, end_day, None)?);

        let evaluation_anchor = match self.in_period(e.plan_of_action_signed_on) {
            Some(signed) => self.counted(signed)?,
            None => 7 * 8,
        };
        self.series(
            &mut out,
            K::PlanEvaluation,
            evaluation_anchor,
            &e.evaluations,
            end_day,
        )?;
        if let Some(started) = track2_started_on {
            let anchor = self.counted(started)?;
            self.series(
                &mut out,
                K::Track2Report,
                anchor,
                &e.track2_reports,
                end_day,
            )?;
        }

        for opinion in &e.expert_opinions {
            if let Some(answered) = self.in_period(Some(opinion.answered_on)) {
                let day = add(self.counted(answered)?, EXPERT_OPINION_FOLLOW_UP_DAYS)?;
                out.push(self.at_day(K::ExpertOpinionFollowUp, day, opinion.follow_up_on)?);
            }
        }
        Ok(out)
    }

    /// A recurring deadline: projected every 6 weeks from `anchor` while nothing is recorded;
    /// otherwise the recorded ones plus the next open one.
    fn series(
        &self,
        out: &mut Vec<Draft>,
        kind: DeadlineKind,
        anchor: u32,
        recorded: &[NaiveDate],
        end_day: u32,
    ) -> Result<(), ClockError> {
        let mut recorded: Vec<NaiveDate> = recorded
            .iter()
            .filter_map(|d| self.in_period(Some(*d)))
            .collect();
        recorded.sort_unstable();
        let mut due_day = add(anchor, SERIES_INTERVAL_DAYS)?;
        if recorded.is_empty() {
            while due_day <= end_day {
                out.push(self.at_day(kind, due_day, None)?);
                due_day = add(due_day, SERIES_INTERVAL_DAYS)?;
            }
            return Ok(());
        }
        for done in recorded {
            out.push(self.at_day(kind, due_day, Some(done))?);
            due_day = add(self.counted(done)?, SERIES_INTERVAL_DAYS)?;
        }
        if due_day <= end_day {
            out.push(self.at_day(kind, due_day, None)?);
        }
        Ok(())
    }

    fn at_week(
        &self,
        kind: DeadlineKind,
        week: u32,
        completed_on: Option<NaiveDate>,
    ) -> Result<Draft, ClockError> {
        let day = week
            .checked_mul(7)
            .ok_or(ClockError::DeadlineAfterYear9999)?;
        self.at_day(kind, day, completed_on)
    }

    fn at_day(
        &self,
        kind: DeadlineKind,
        day: u32,
        completed_on: Option<NaiveDate>,
    ) -> Result<Draft, ClockError> {
        Ok(Draft {
            kind,
            due: self
                .days
                .projected_date_of(day)
                .ok_or(ClockError::DeadlineAfterYear9999)?,
            week: day.div_ceil(7),
            completed_on: self.in_period(completed_on),
        })
    }

    /// The counted day an event-relative deadline counts from.
    fn counted(&self, date: NaiveDate) -> Result<u32, ClockError> {
        // Only called for dates in the period, so "before day 1" cannot happen; the error
        // stands for a date too far out to count.
        self.days
            .projected_day_on_or_before(date)
            .ok_or(ClockError::DeadlineAfterYear9999)
    }

    /// An event of the current period; earlier ones belong to a closed 104-week period.
    fn in_period(&self, date: Option<NaiveDate>) -> Option<NaiveDate> {
        date.filter(|d| *d >= self.first_day)
    }
}

fn add(a: u32, b: u32) -> Result<u32, ClockError> {
    a.checked_add(b).ok_or(ClockError::DeadlineAfterYear9999)
}
