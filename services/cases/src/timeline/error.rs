//! Input the clock refuses, with a message that says which date is wrong.

use chrono::NaiveDate;

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
    /// A wage sanction of 0 weeks.
    #[error("a wage sanction lasts at least 1 week")]
    SanctionWithoutWeeks,
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
    /// A leave that ends before it starts.
    #[error("the leave from {from} ends on {until}, before it starts")]
    LeaveReversed {
        /// First day of leave.
        from: NaiveDate,
        /// Last day of leave.
        until: NaiveDate,
    },
    /// A leave that does not lie inside a sickness period.
    #[error(
        "the leave from {from} to {until} must start after a first sick day and end before the recovery that follows"
    )]
    LeaveOutsideSickness {
        /// First day of leave.
        from: NaiveDate,
        /// Last day of leave.
        until: NaiveDate,
    },
    /// Two leaves that overlap.
    #[error("the leave from {from} overlaps the leave before it")]
    LeavesOverlap {
        /// First day of the later leave.
        from: NaiveDate,
    },
    /// A last day of employment before the first sick day.
    #[error("the last day of employment {ends_on} is before the first sick day {sick_since}")]
    EmploymentEndsBeforeSickness {
        /// The last day of employment.
        ends_on: NaiveDate,
        /// The first sick day.
        sick_since: NaiveDate,
    },
    /// A step of the sanction's course out of order.
    #[error("the wage sanction's {later} ({later_on}) comes before its {earlier} ({earlier_on})")]
    SanctionOutOfOrder {
        /// The step that should come first.
        earlier: &'static str,
        /// Its date.
        earlier_on: NaiveDate,
        /// The step that should come after it.
        later: &'static str,
        /// Its date.
        later_on: NaiveDate,
    },
    /// A shortening request or decision without what must come before it.
    #[error("the wage sanction's {step} needs its {missing} first")]
    SanctionStepMissing {
        /// The step recorded.
        step: &'static str,
        /// What must be recorded before it.
        missing: &'static str,
    },
    /// A span of "no sustainable usable capacity" that ends before it starts.
    #[error("the statement of no sustainable usable capacity from {from} ends on {until}")]
    NoCapacityReversed {
        /// When the statement was made.
        from: NaiveDate,
        /// When a later advice lifted it.
        until: NaiveDate,
    },
    /// A second opinion given before it was asked for.
    #[error("the second opinion asked for on {requested_on} was given before that, on {given_on}")]
    SecondOpinionBeforeRequest {
        /// When it was asked for.
        requested_on: NaiveDate,
        /// When it was given.
        given_on: NaiveDate,
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
