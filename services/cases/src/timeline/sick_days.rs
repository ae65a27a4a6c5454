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

/// The counting of sick days from a given day on, in closed form ([`SickDays::counting_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counting {
    /// Counted day N falls on this date plus N days (`None`: the day is not counted).
    pub day_zero: Option<NaiveDate>,
    /// The first day no longer counted by this closed form (exclusive; `None`: open-ended).
    pub counted_until: Option<NaiveDate>,
    /// When counting starts again after a gap (a later stretch), if it does.
    pub resumes_on: Option<NaiveDate>,
}

impl Counting {
    fn gap(resumes_on: Option<NaiveDate>) -> Self {
        Self {
            day_zero: None,
            counted_until: None,
            resumes_on,
        }
    }

    /// The sick week of `date` (on or after the day this counting was taken), as
    /// [`SickDays::week_of`] gives it, as long as `date` is before `resumes_on`.
    pub fn week_of(&self, date: NaiveDate) -> Option<u32> {
        let zero = self.day_zero?;
        if self.counted_until.is_some_and(|until| date >= until) {
            return None;
        }
        u32::try_from((date - zero).num_days())
            .ok()
            .filter(|day| *day > 0)
            .map(|day| day.div_ceil(7))
    }
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

    /// How the counting goes on from `date`, in closed form, so a reader can tell the sick
    /// week of a later day without the engine (the case list's read model): while `date` and
    /// the days after it up to `counted_until` (exclusive; `None`: open-ended) are counted,
    /// counted day N falls on `day_zero + N`. `resumes_on` is the next day counting starts
    /// again after a gap (a later stretch), when there is one: from then on the closed form
    /// no longer holds.
    pub fn counting_from(&self, date: NaiveDate) -> Counting {
        let mut before: i64 = 0;
        for (start, days) in &self.closed {
            let end = start.checked_add_days(Days::new(u64::from(*days)));
            if date < *start {
                return Counting::gap(Some(*start));
            }
            if end.is_some_and(|end| date < end) {
                return Counting {
                    day_zero: start.checked_sub_signed(chrono::TimeDelta::days(before + 1)),
                    counted_until: end,
                    resumes_on: self.next_start_after(*start),
                };
            }
            before += i64::from(*days);
        }
        if date < self.last_start {
            return Counting::gap(Some(self.last_start));
        }
        if self.recovered_on.is_some_and(|fit| date >= fit) {
            return Counting::gap(None);
        }
        Counting {
            day_zero: self
                .last_start
                .checked_sub_signed(chrono::TimeDelta::days(before + 1)),
            counted_until: self.recovered_on,
            resumes_on: None,
        }
    }

    /// The first day of the stretch after the one starting on `start`.
    fn next_start_after(&self, start: NaiveDate) -> Option<NaiveDate> {
        self.closed
            .iter()
            .map(|(s, _)| *s)
            .chain(std::iter::once(self.last_start))
            .find(|s| *s > start)
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
