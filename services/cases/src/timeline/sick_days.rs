//! Counted sick days: the mapping between "day N of the 104 weeks" and calendar dates.

use chrono::{Days, NaiveDate};

/// The last calendar date the engine accepts or produces (31 December 9999).
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The counted sick days of one 104-week period: the sick stretches that are added together
/// (samentellen), day 1 being the first day of the first stretch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SickDays {
    /// Stretches followed by a new sick report: (first sick day, number of sick days).
    closed: Vec<(NaiveDate, u32)>,
    /// First sick day of the last stretch, which is open-ended for projections.
    last_start: NaiveDate,
    /// First day fit of the last stretch when no new sick report followed.
    recovered_on: Option<NaiveDate>,
}

/// Where a calendar date lies relative to the counted days.
enum Place {
    /// Before day 1.
    Before,
    /// On counted day N.
    Counted(u32),
    /// Not counted (between a recovery and a new sick report); the last counted day before it.
    Gap(u32),
}

impl SickDays {
    /// One uninterrupted period starting on `first_day`.
    pub fn new(first_day: NaiveDate) -> Self {
        Self {
            closed: Vec::new(),
            last_start: first_day,
            recovered_on: None,
        }
    }

    /// Builds the counted days from stretches `(first sick day, first day fit)` in order;
    /// `None` when a stretch is empty or reversed, which validation rules out beforehand.
    pub(crate) fn from_stretches(stretches: &[(NaiveDate, Option<NaiveDate>)]) -> Option<Self> {
        let ((last_start, recovered_on), earlier) = stretches.split_last()?;
        let mut closed = Vec::with_capacity(earlier.len());
        for (start, fit) in earlier {
            let days = u32::try_from((((*fit)?) - *start).num_days()).ok()?;
            if days == 0 {
                return None;
            }
            closed.push((*start, days));
        }
        Some(Self {
            closed,
            last_start: *last_start,
            recovered_on: *recovered_on,
        })
    }

    /// Day 1 of the period.
    pub fn first_day(&self) -> NaiveDate {
        self.closed
            .first()
            .map_or(self.last_start, |(start, _)| *start)
    }

    /// First day fit of the last stretch when the employee recovered and did not fall ill again.
    pub fn recovered_on(&self) -> Option<NaiveDate> {
        self.recovered_on
    }

    /// Calendar date of counted sick day `day` (1-based); `None` for day 0, for a day after a
    /// final recovery (the employee was no longer sick) and beyond the year 9999.
    pub fn date_of(&self, day: u32) -> Option<NaiveDate> {
        let date = self.projected_date_of(day)?;
        match self.recovered_on {
            Some(fit) if date >= fit => None,
            _ => Some(date),
        }
    }

    /// The counted sick-day number of `date`; `None` before day 1, on days between a recovery
    /// and a new sick report, and from a final recovery on.
    pub fn day_of(&self, date: NaiveDate) -> Option<u32> {
        if self.recovered_on.is_some_and(|fit| date >= fit) {
            return None;
        }
        match self.place(date)? {
            Place::Counted(day) => Some(day),
            Place::Before | Place::Gap(_) => None,
        }
    }

    /// The week (1-based, "week N ends on day 7N") that counted day `date` lies in.
    pub fn week_of(&self, date: NaiveDate) -> Option<u32> {
        self.day_of(date).map(|day| day.div_ceil(7))
    }

    /// Like [`Self::date_of`] but as if the employee stayed sick after a final recovery, so
    /// the engine can tell which deadlines the recovery cancels.
    pub(crate) fn projected_date_of(&self, day: u32) -> Option<NaiveDate> {
        let mut left = day.checked_sub(1)?;
        for (start, days) in &self.closed {
            if left < *days {
                return start.checked_add_days(Days::new(u64::from(left)));
            }
            left -= days;
        }
        self.last_start
            .checked_add_days(Days::new(u64::from(left)))
            .filter(|date| *date <= last_date())
    }

    /// The counted day of `date`, or for a date between a recovery and a new sick report the
    /// last counted day before it (as projected past a final recovery); `None` before day 1.
    /// Event-relative deadlines ("6 weeks after the evaluation") count from here.
    pub(crate) fn projected_day_on_or_before(&self, date: NaiveDate) -> Option<u32> {
        match self.place(date)? {
            Place::Counted(day) | Place::Gap(day) => Some(day),
            Place::Before => None,
        }
    }

    fn place(&self, date: NaiveDate) -> Option<Place> {
        if date < self.first_day() {
            return Some(Place::Before);
        }
        let mut before: u32 = 0;
        for (start, days) in &self.closed {
            if date < *start {
                return Some(Place::Gap(before));
            }
            let offset = u32::try_from((date - *start).num_days()).ok()?;
            if offset < *days {
                return before
                    .checked_add(offset)?
                    .checked_add(1)
                    .map(Place::Counted);
            }
            before = before.checked_add(*days)?;
        }
        if date < self.last_start {
            return Some(Place::Gap(before));
        }
        let offset = u32::try_from((date - self.last_start).num_days()).ok()?;
        before
            .checked_add(offset)?
            .checked_add(1)
            .map(Place::Counted)
    }
}
