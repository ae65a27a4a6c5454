//! Working days under the Algemene termijnenwet: Monday to Friday, except the public holidays
//! of its article 3.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::sick_days::last_date;

/// Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher); `None` only for years chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Whether `date` is a public holiday of the Algemene termijnenwet art. 3: New Year's Day,
/// Easter Monday, Ascension Day, Whit Monday, King's Day, 5 May, Christmas and Boxing Day.
pub fn is_public_holiday(date: NaiveDate) -> bool {
    let (month, day) = (date.month(), date.day());
    if matches!((month, day), (1, 1) | (5, 5) | (12, 25) | (12, 26)) {
        return true;
    }
    if month == 4 && is_kings_day(date) {
        return true;
    }
    easter_sunday(date.year()).is_some_and(|easter| {
        // Easter Monday, Ascension Day (Thursday, day 40) and Whit Monday (day 51).
        [1, 39, 50]
            .iter()
            .any(|offset| easter.checked_add_days(Days::new(*offset)) == Some(date))
    })
}

/// King's Day is 27 April, or the 26th when the 27th is a Sunday. Until 2013 it was Queen's
/// Day, 30 April, or the 29th when the 30th was a Sunday; past dates keep their own holiday.
fn is_kings_day(date: NaiveDate) -> bool {
    let (usual, moved) = if date.year() >= 2014 {
        (27, 26)
    } else {
        (30, 29)
    };
    let usual_date = NaiveDate::from_ymd_opt(date.year(), 4, usual);
    let falls_on_sunday = usual_date.is_some_and(|d| d.weekday() == Weekday::Sun);
    date.day() == if falls_on_sunday { moved } else { usual }
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(date)
}

/// The first working day strictly after `date`; `None` beyond the year 9999.
pub fn next_working_day_after(date: NaiveDate) -> Option<NaiveDate> {
    let mut day = date.succ_opt()?;
    // At most a weekend plus Christmas and Boxing Day (or King's Day next to one) in a row.
    while !is_working_day(day) {
        day = day.succ_opt()?;
    }
    Some(day).filter(|d| *d <= last_date())
}
