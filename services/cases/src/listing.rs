//! The case list's read model (issue 21, decision 88): what a list shows of a case beyond its
//! own columns — the sick week, the next step, the risk signals — kept on the case row by the
//! transaction that moves the clock and by the worker's daily pass, so a page reads rows and
//! runs no clock.
//!
//! The clock is computed on one day (`as_of`) and stored in a form that stays exact on later
//! days without it, up to `fresh_until`:
//! - the sick week in closed form ([`Counting`]: day N falls on `day_zero + N`);
//! - the next step with its date and week; its status follows from the date and the day;
//! - every risk signal that holds on `as_of` or will hold from a later day unless something
//!   is recorded (`since` after `as_of`); the list of a day shows those with `since` on or
//!   before it.
//!
//! `fresh_until` is the last day this holds without a write: the day before the clock moves
//! by itself (a step's date, [`Timeline::steady_until`]), before counting resumes after a gap,
//! and before a track 2 month is judged. A row read on a later day is computed the long way
//! (and the worker's daily pass stores it again).

use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use serde::{Deserialize, Serialize};

use crate::entities::case_file;
use crate::model::{CaseRecord, CaseStatus, RiskSignalKind};
use crate::signals::{self, RiskSignal};
use crate::timeline::{self, ClockInput, Counting, Deadline, DeadlineKind, Timeline};

/// What the list shows of a case, as computed on `as_of`; exact through `fresh_until`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSummary {
    /// The day it was computed for.
    pub as_of: NaiveDate,
    /// The last day it is exact for.
    pub fresh_until: NaiveDate,
    /// Counted sick days from `as_of` on (the sick week).
    pub counting: Counting,
    /// The earliest step not done, of an open case.
    pub next: Option<NextStep>,
    /// The risk signals of an open case, including those that start later.
    pub signals: Vec<RiskSignal>,
}

/// The earliest step not done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextStep {
    /// Which step.
    pub kind: DeadlineKind,
    /// Its date.
    pub due: NaiveDate,
    /// The sick week it falls in.
    pub week: u32,
}

/// A risk signal as stored on the case row (JSON).
#[derive(Serialize, Deserialize)]
struct StoredSignal {
    kind: RiskSignalKind,
    since: NaiveDate,
    reference: NaiveDate,
}

impl ListSummary {
    /// The summary of `record` on `today`, from its timeline computed on `today`.
    pub fn compute(
        record: &CaseRecord,
        input: &ClockInput,
        timeline: &Timeline,
        today: NaiveDate,
    ) -> ListSummary {
        let open = record.case.status == CaseStatus::Open;
        let counting = timeline.sick_days.counting_from(today);
        let mut fresh_until = counting
            .resumes_on
            .and_then(|d| d.pred_opt())
            .unwrap_or(timeline::last_date());
        if open {
            fresh_until = fresh_until
                .min(timeline.steady_until(input, today))
                .min(signals::effort_steady_until(record, today));
        }
        ListSummary {
            as_of: today,
            fresh_until: fresh_until.max(today),
            counting,
            next: open
                .then(|| timeline.next_open())
                .flatten()
                .map(|d| NextStep {
                    kind: d.kind,
                    due: d.due,
                    week: d.week,
                }),
            signals: signals::coming_signals(record, timeline, today),
        }
    }

    /// Whether it is exact on `day`.
    pub fn fresh_on(&self, day: NaiveDate) -> bool {
        self.as_of <= day && day <= self.fresh_until
    }

    /// The sick week on `day` (counted as the law counts; none when not sick that day).
    pub fn sick_week(&self, day: NaiveDate) -> Option<u32> {
        self.counting.week_of(day)
    }

    /// The next step as the clock shows it on `day`.
    pub fn next_deadline(&self, day: NaiveDate) -> Option<Deadline> {
        self.next.map(|n| Deadline {
            kind: n.kind,
            due: n.due,
            status: timeline::status(n.due, None, day),
            completed_on: None,
            week: n.week,
        })
    }

    /// The risk signals that hold on `day`.
    pub fn risk_signals(&self, day: NaiveDate) -> Vec<RiskSignal> {
        self.signals
            .iter()
            .filter(|s| s.since <= day)
            .cloned()
            .collect()
    }

    /// The summary stored on a case row; `None` when none is (a row written before the read
    /// model, until the worker's pass) or it cannot be read.
    pub fn of_row(case: &case_file::Model) -> Option<ListSummary> {
        Self::of_listed(&case.into())
    }

    /// [`Self::of_row`] of a list's row.
    pub fn of_listed(c: &crate::repo::ListCase) -> Option<ListSummary> {
        let signals: Vec<StoredSignal> =
            serde_json::from_str(c.risk_signals.as_deref().unwrap_or("[]")).ok()?;
        let next = match (c.next_deadline_kind, c.next_deadline_week) {
            (Some(kind), Some(week)) => Some(NextStep {
                kind,
                due: c.next_deadline_on,
                week: u32::try_from(week).ok()?,
            }),
            _ => None,
        };
        Some(ListSummary {
            as_of: c.list_as_of?,
            fresh_until: c.list_fresh_until?,
            counting: Counting {
                day_zero: c.sick_day_zero,
                counted_until: c.sick_counted_until,
                // Folded into `fresh_until` when stored.
                resumes_on: None,
            },
            next,
            signals: signals
                .into_iter()
                .map(|s| RiskSignal {
                    kind: s.kind,
                    since: s.since,
                    reference: s.reference,
                })
                .collect(),
        })
    }

    /// Whether storing `self` would change what `stored` says (the day it was computed for
    /// aside): a row is written only then, or when `stored` is no longer fresh.
    pub fn differs_from(&self, stored: Option<&ListSummary>, today: NaiveDate) -> bool {
        let Some(stored) = stored else {
            return true;
        };
        !stored.fresh_on(today)
            || stored.fresh_until != self.fresh_until
            || stored.counting.day_zero != self.counting.day_zero
            || stored.counting.counted_until != self.counting.counted_until
            || stored.next != self.next
            || stored.signals != self.signals
    }

    /// Sets the read model's columns of a case row (the next step's date and kind included).
    pub fn store(&self, c: &mut case_file::ActiveModel) {
        let stored: Vec<StoredSignal> = self
            .signals
            .iter()
            .map(|s| StoredSignal {
                kind: s.kind,
                since: s.since,
                reference: s.reference,
            })
            .collect();
        c.list_as_of = Set(Some(self.as_of));
        c.list_fresh_until = Set(Some(self.fresh_until));
        c.sick_day_zero = Set(self.counting.day_zero);
        c.sick_counted_until = Set(self.counting.counted_until);
        c.next_deadline_on = Set(self.next.map_or(crate::service::far_future(), |n| n.due));
        c.next_deadline_kind = Set(self.next.map(|n| n.kind));
        c.next_deadline_week = Set(self.next.and_then(|n| i32::try_from(n.week).ok()));
        c.risk_signals = Set(serde_json::to_string(&stored).ok());
    }
}
