//! Helpers the timeline's tests share: dates from text, the contract's example case, and the
//! due dates of one kind.

use chrono::NaiveDate;

use super::{ClockInput, Deadline, DeadlineKind, Timeline, compute};

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Contract example: sick since Monday 5 January 2026.
pub(super) fn example() -> ClockInput {
    ClockInput::new(d("2026-01-05"))
}

/// Seen on day 1, so no status or provisional WIA delay depends on the reference date.
pub(super) fn run(input: &ClockInput) -> Timeline {
    compute(input, d("2026-01-05")).unwrap()
}

/// Due dates of one kind, in order.
pub(super) fn dues(t: &Timeline, kind: DeadlineKind) -> Vec<NaiveDate> {
    t.deadlines
        .iter()
        .filter(|x| x.kind == kind)
        .map(|x| x.due)
        .collect()
}

/// The one deadline of `kind`.
pub(super) fn one(t: &Timeline, kind: DeadlineKind) -> Deadline {
    let all: Vec<_> = t.deadlines.iter().filter(|x| x.kind == kind).collect();
    assert_eq!(all.len(), 1, "{kind:?}: {all:?}");
    *all[0]
}
