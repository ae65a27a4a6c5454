//! Time is injected so that the legal clock, token expiry and reminders are testable and a demo
//! can run "as of" a date.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, SubsecRound, Utc, Weekday};

/// Source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, truncated to microseconds (what PostgreSQL stores), so a value read back from the
    /// database equals the value written.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in the Netherlands: the legal clock counts Dutch calendar days, and an
    /// employee reporting sick at half past midnight reports for the day he is in.
    fn today(&self) -> NaiveDate {
        dutch_date(self.now())
    }
}

/// The calendar date in the Netherlands at `at` (see [`dutch_offset_hours`]).
pub fn dutch_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(dutch_offset_hours(at))).date_naive()
}

/// How many hours Dutch time is ahead of UTC at `at`: CET (UTC+1), and CEST (UTC+2) from the
/// last Sunday of March 01:00 UTC until the last Sunday of October 01:00 UTC (the EU rule
/// since 1996). Written out instead of a time-zone database: it is the one zone the product
/// has.
pub fn dutch_offset_hours(at: DateTime<Utc>) -> i64 {
    let year = at.year();
    let summer = match (last_sunday(year, 3), last_sunday(year, 10)) {
        (Some(start), Some(end)) => {
            let from = start.and_hms_opt(1, 0, 0).map(|t| t.and_utc());
            let until = end.and_hms_opt(1, 0, 0).map(|t| t.and_utc());
            from.is_some_and(|f| at >= f) && until.is_some_and(|u| at < u)
        }
        _ => false,
    };
    if summer { 2 } else { 1 }
}

/// The moment it is `hour`:00 in the Netherlands on `day` (an hour past 23 counts as 23). The
/// hour skipped when summer time starts is the hour after it; the hour repeated when it ends
/// is the first of the two.
pub fn dutch_instant(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN) + Duration::hours(i64::from(hour.min(23)));
    for offset in [2, 1] {
        let at = (local - Duration::hours(offset)).and_utc();
        if dutch_offset_hours(at) == offset {
            return at;
        }
    }
    (local - Duration::hours(1)).and_utc()
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_days(chrono::Days::new(u64::from(back)))
        .filter(|d| d.weekday() == Weekday::Sun)
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(6)
    }
}

/// A clock that stands still (tests) or is moved by hand.
#[derive(Debug)]
pub struct FixedClock(std::sync::Mutex<DateTime<Utc>>);

impl FixedClock {
    /// A clock fixed at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(std::sync::Mutex::new(at.trunc_subsecs(6)))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: chrono::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *guard += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Shared handle to a clock.
pub type SharedClock = Arc<dyn Clock>;

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn seven_in_the_morning_is_six_utc_in_winter_and_five_in_summer() {
        assert_eq!(
            dutch_instant(d("2026-12-07"), 7),
            utc("2026-12-07T06:00:00Z")
        );
        assert_eq!(
            dutch_instant(d("2026-07-01"), 7),
            utc("2026-07-01T05:00:00Z")
        );
        // Midnight belongs to the day it starts, in either zone.
        assert_eq!(
            dutch_date(dutch_instant(d("2026-07-01"), 0)),
            d("2026-07-01")
        );
        assert_eq!(
            dutch_date(dutch_instant(d("2026-12-01"), 0)),
            d("2026-12-01")
        );
        // 29 March 2026, 02:00 does not exist: it is 03:00 CEST, 01:00 UTC.
        assert_eq!(
            dutch_instant(d("2026-03-29"), 2),
            utc("2026-03-29T01:00:00Z")
        );
        // 25 October 2026, 02:00 happens twice: the first, 00:00 UTC.
        assert_eq!(
            dutch_instant(d("2026-10-25"), 2),
            utc("2026-10-25T00:00:00Z")
        );
    }

    #[test]
    fn dutch_dates_across_midnight_and_the_clock_changes() {
        // Winter: 23:30 UTC is half past midnight in Amsterdam.
        assert_eq!(dutch_date(utc("2026-12-04T22:59:59Z")), d("2026-12-04"));
        assert_eq!(dutch_date(utc("2026-12-04T23:30:00Z")), d("2026-12-05"));
        // Summer: from 22:00 UTC it is the next day.
        assert_eq!(dutch_date(utc("2026-07-01T21:59:00Z")), d("2026-07-01"));
        assert_eq!(dutch_date(utc("2026-07-01T22:00:00Z")), d("2026-07-02"));
        // 2026: summer time from 29 March 01:00 UTC until 25 October 01:00 UTC.
        assert_eq!(last_sunday(2026, 3), Some(d("2026-03-29")));
        assert_eq!(last_sunday(2026, 10), Some(d("2026-10-25")));
        assert_eq!(dutch_date(utc("2026-03-28T22:30:00Z")), d("2026-03-28"));
        assert_eq!(dutch_date(utc("2026-03-29T22:30:00Z")), d("2026-03-30"));
        assert_eq!(dutch_date(utc("2026-10-24T22:30:00Z")), d("2026-10-25"));
        assert_eq!(dutch_date(utc("2026-10-25T22:30:00Z")), d("2026-10-25"));
    }
}
