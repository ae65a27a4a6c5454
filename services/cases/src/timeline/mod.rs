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
//! | `SAFETY_NET_REPORT` | safety net only: day 42; pregnancy also 4 days after each leave | `safety_net_reports` |
//! | `PLAN_OF_ACTION` | 2 weeks after the problem analysis, week 8 at the latest | `plan_of_action_signed_on` |
//! | `PLAN_EVALUATION` | every 6 weeks, see below | `evaluations` |
//! | `UWV_42_WEEK_REPORT` | first working day after counted day 294; not under a safety net | `uwv_42_week_report_on` |
//! | `SECOND_OPINION` | 4 weeks after the employee asked | `second_opinions[].given_on` |
//! | `LABOUR_EXPERT_EXAMINATION` | week 52 | `labour_expert_examination_on` |
//! | `FIRST_YEAR_EVALUATION` | week 52 | `first_year_evaluation_on` |
//! | `TRACK2_START` | 6 weeks after the first-year evaluation, see below | `track2_started_on` |
//! | `EARLY_IVA_APPLICATION` | option up to the end of week 67, see below | `early_iva_applied_on` |
//! | `WIA_LETTER` | week 89 + extension | `wia_letter_received_on` |
//! | `CURRENT_ASSESSMENT`, `FINAL_EVALUATION`, `RIV_TO_EMPLOYEE` | week 91 + extension | their events |
//! | `WIA_APPLICATION` | week 93 + extension | `wia_application_on` |
//! | `EMPLOYMENT_END_REPORT` | the last day of employment; own-risk carrier: 6 weeks after it | `employment_end_report_on` |
//! | `RIV_ON_LEAVING` | the last day of employment, when the scope is not `NONE` | `riv_on_leaving_on` |
//! | `END_OF_WAGE_PAYMENT` | week 104 + extension + WIA delay + sanction, see below | its date having passed |
//! | `SANCTION_DECISION` | 3 weeks after the shortening request | the decision's date |
//! | `TRACK2_REPORT` | every 6 weeks after the actual track 2 start | `track2_reports` |
//! | `EXPERT_OPINION_FOLLOW_UP` | 2 weeks after each answer | that answer's `follow_up_on` |
//!
//! # Rules that move the clock (docs/decisions.md, decision 82)
//! * **WAZO leave** (art. 3:1 Wazo; art. 7:629 lid 10 BW). The days of a pregnancy and
//!   maternity leave are not counted: the clock stands still, and the sick periods directly
//!   before and after it add together however long the leave, because the article names
//!   them apart from the 4-week rule. The exception "unless the cause clearly differs" is a
//!   medical judgement the employer may not make: where the doctor finds a different cause,
//!   the employer records a recovery at the start of the leave and a new case after it. A
//!   leave must lie inside a sickness period; fit on the day after the leave is allowed
//!   (a final recovery: nothing after the leave is pending).
//! * **Pregnancy and the 104 weeks.** Sickness caused by pregnancy or childbirth counts like
//!   any other sickness and adds together with it: art. 7:629 lid 10 BW in its current text
//!   has no exception for it (the one docs/domain.md §2 once named is gone); only the
//!   Ziektewet benefit differs (art. 29a ZW), which is the safety net below.
//! * **Plan of action.** Due 2 weeks (14 counted days) after the problem analysis was made,
//!   and never after week 8; without a problem analysis, week 8.
//! * **Safety net** (vangnet, Ziektewet). Pregnancy (art. 29a ZW), organ donation (art. 29a
//!   ZW) and the no-risk policy (art. 29b ZW): the employer reports to UWV within 6 weeks
//!   after the first sick day (UWV, "Ziek melden bij UWV"); sickness from pregnancy that
//!   goes on after the leave is reported by the 4th day after it. UWV pays the benefit and
//!   so has the sick report: no 42-week report. One source (Poortwachtersloket) gives 4
//!   working days for organ donation; UWV's own list gives 6 weeks, which we follow.
//! * **Leaving employment while sick.** Without own risk, the employer reports on the last
//!   day of employment (UWV: "precies op de laatste werkdag"), hands over the re-integration
//!   report whose scope depends on how long the employment lasted after the first sick day
//!   (under 6 weeks none, 6 to 10 weeks shortened, from 10 weeks full), and wage payment
//!   ends with the employment: open deadlines after the last day no longer apply, UWV takes
//!   the case over. An own-risk carrier (eigenrisicodrager Ziektewet) pays the benefit and
//!   keeps the re-integration: it reports within 6 weeks after the last day and every other
//!   deadline stays, the 42-week report included.
//! * **Return prospect.** A concrete prospect of structural return within three months,
//!   recorded on or before track 2's due date, lets track 2 wait until three months after it
//!   was recorded; then track 2 is due (UWV Werkwijzer Poortwachter). A prospect recorded
//!   after the due date does not excuse a late start.
//! * **No sustainable usable capacity.** While the doctor's latest advice states it, track 2
//!   is not required and is not listed; when a later advice lifts it after the due date,
//!   track 2 is due 6 weeks after that advice. While it is stated, an early IVA application
//!   is possible up to the end of week 67 (sources say "before the 68th week"; the earlier
//!   reading is the safe one); the option is listed while open and once applied for.
//! * **IVA granted early.** Wage payment ends the day before the IVA benefit starts; open
//!   deadlines from then on no longer apply.
//! * **WIA application late** (art. 7:629 lid 11 sub a BW). Wage payment is extended by the
//!   counted days between the application's due date and the day it was made; while it is
//!   not made and overdue, by the days up to today, so wage payment never ends without it.
//!   UWV's letter with the application form comes around week 87–88: the product asks
//!   whether it arrived by week 89.
//! * **Wage sanction** (art. 25 lid 9 WIA; art. 7:629 lid 11 sub b BW). 1 to 52 weeks on top
//!   of the end. Administrative (report missing or incomplete) and substantive (effort short)
//!   run the same course: imposed, repaired, shortening requested (UWV decides within 3
//!   weeks: `SANCTION_DECISION`), decided. A granted shortening ends the sanction 6 weeks
//!   after the decision, never before the end without sanction and never after the full
//!   sanction; a refused one leaves the full sanction.
//! * **Voluntary extension** (art. 24 WIA): at least 13 weeks, no maximum.
//! * **Second opinion** (art. 14 lid 1 sub d Arbowet): the employee's right, at the
//!   employer's cost; no legal term, the product expects it within 4 weeks of the request so
//!   it does not hold up the re-integration.
//! * **Labour expert's examination**: no legal term; UWV expects the question "is track 1
//!   closed, must track 2 start?" answered at the first-year evaluation, so it is due with it.
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
//!   signing date, else its due date (week 8 without a problem analysis, giving weeks 14, 20, …); the actual track 2
//!   start. While nothing is recorded the series is projected every 6 weeks from the anchor up
//!   to and including the end of wage payment. Once one is recorded, the engine lists the
//!   recorded ones (the first due 6 weeks after the anchor, each next one 6 weeks after the
//!   previous recorded one) plus only the next open one, 6 weeks after the latest, when that
//!   is not after the end of wage payment.
//! * `TRACK2_START` counts from the first-year evaluation's actual date when recorded, else
//!   from its due date (week 58); once track 2 started it is listed as done.
//! * `TRACK2_REPORT` is listed only once track 2 has actually started: a projected start
//!   is no date to report from.
//! * `END_OF_WAGE_PAYMENT` is done (completed on its due date) once `today` is past it; a case
//!   closed by recovery does not list it at all (final-recovery rule).
//! * Statuses: DONE when completed (even when completed after `today`), OVERDUE when `today`
//!   is after the due date, DUE_SOON from 14 days before up to the due date, else UPCOMING.
//! * `week` is the week the due date's counted day lies in (42 for the 42-week report).
//! * Cut-off: after a final recovery, an early IVA and (without own risk) the end of
//!   employment, open deadlines due from that day on are dropped; done ones stay.
//! * Validation: leaves inside a sickness period and not overlapping; a sanction's course in
//!   order (each step needs the one before it); a recovery must come after the first sick day (a recovery on day 1 would
//!   leave no sick day), a new sick report after its recovery, the next recovery after that
//!   report; only the last recovery may lack a new sick report; extension 0 or ≥ 13 weeks;
//!   sanction ≤ 52 weeks; working percentage ≤ 100 and a partial recovery not before day 1;
//!   no date (input or computed) after 31 December 9999. Nothing panics.
//! * Sorted by due date, then by kind in the contract's order, then by completion date.

mod error;
mod input;
mod kinds;
mod periods;
mod plan;
mod render;
mod sick_days;
mod validate;
mod working_days;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod rules_tests;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use error::ClockError;
pub use input::{
    ClockInput, Events, ExpertOpinionAnswer, Leave, NoCapacity, PartialRecovery, Recovery,
    SafetyNet, Sanction, SanctionKind, SecondOpinion, ShorteningDecision,
};
pub use kinds::{Deadline, DeadlineKind, DeadlineStatus, Period, RivScope, Timeline};
pub use render::format_date_nl;
pub use sick_days::{Counting, SickDays, last_date};
pub use working_days::{easter_sunday, is_public_holiday, is_working_day, next_working_day_after};

/// Days between a recovery and a new sick report from which a new 104-week period starts.
pub const NEW_PERIOD_AFTER_DAYS: i64 = 28;
/// Shortest voluntary extension of wage payment, in weeks.
pub const MIN_EXTENSION_WEEKS: u32 = 13;
/// Longest wage sanction, in weeks.
pub const MAX_SANCTION_WEEKS: u32 = 52;
/// Days before the due date from which a deadline counts as DUE_SOON.
pub const DUE_SOON_DAYS: i64 = 14;

/// The sickness periods of a case (each marked whether it adds to the one before), as the
/// clock sees them; for a valid input. The absence figures read them too.
pub fn sickness_periods(input: &ClockInput) -> Vec<Period> {
    periods::periods(input)
}

/// Computes the periods and deadlines of a case and their status on `today`.
pub fn compute(input: &ClockInput, today: NaiveDate) -> Result<Timeline, ClockError> {
    validate::validate(input, today)?;
    let periods = periods::periods(input);
    // The current 104-week period starts at the last period that does not count with the one
    // before it; the first period never does.
    let current = periods
        .iter()
        .rposition(|p| !p.counts_with_previous)
        .unwrap_or(0);
    let stretches = periods::stretches(periods.get(current..).unwrap_or_default(), &input.leaves);
    let sick_days =
        SickDays::from_stretches(&stretches).ok_or(ClockError::DeadlineAfterYear9999)?;
    let first_day = sick_days.first_day();
    let plan = plan::Planner {
        days: &sick_days,
        input,
        first_day,
        today,
    }
    .plan()?;

    // A final recovery cancels what was still to be done from then on; so do an early IVA
    // and the end of employment (the planner's cut-off).
    let cut_off = match (sick_days.recovered_on(), plan.cut_off) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut deadlines: Vec<Deadline> = plan
        .drafts
        .into_iter()
        .filter(|d| d.completed_on.is_some() || cut_off.is_none_or(|c| d.due < c))
        .map(|d| {
            // Wage payment ends by itself: done once its last day is behind us. Decided after
            // the cut-off, so a case closed by recovery does not list it as done.
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
        riv_on_leaving: plan.riv_on_leaving,
    })
}

impl Timeline {
    /// The last day through which this timeline, computed on `today` from `input`, stays the
    /// same apart from its deadlines' statuses (which follow from their dates and the day).
    /// The clock moves by itself only on a deadline's date — wage payment ends when its last
    /// day passes, the early IVA application lapses — or every day while a WIA application
    /// is late (wage payment is extended day by day); every other change is a write. The case
    /// list's read model and the worker's daily pass rely on it (a property test holds it to
    /// the engine).
    pub fn steady_until(&self, input: &ClockInput, today: NaiveDate) -> NaiveDate {
        let wia_made = input
            .events
            .wia_application_on
            .is_some_and(|on| on >= self.first_day);
        let mut until = last_date();
        for d in self.deadlines.iter().filter(|d| d.completed_on.is_none()) {
            if d.due >= today {
                until = until.min(d.due);
            } else if d.kind == DeadlineKind::WiaApplication && !wia_made {
                return today;
            }
        }
        until
    }
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
