//! Absence figures by the national definitions (Vernet / CBS, docs/domain.md §9), computed
//! from dates alone: no diagnosis, no cause, nothing medical goes in. Pure, like the timeline:
//! the caller hands over the group's employees with their sick periods.
//!
//! * **Absence percentage**: Σ(sick calendar days × part-time factor × degree of absence) ÷
//!   Σ(available calendar days × part-time factor) × 100. Available days are the days of the
//!   period the employee was employed; the part-time factor is contract hours ÷ 40 (1 when
//!   unknown); the degree is 100 % minus the working percentage of a partial recovery recorded
//!   in that sickness period. Days of pregnancy and maternity leave are not sick days.
//! * **Report frequency**: new sick reports (a first day of sickness, a relapse too) in the
//!   period ÷ average headcount, scaled to a year (× 365 ÷ days in the period).
//! * **Average duration**: Σ calendar days of the sickness periods that ended in the period ÷
//!   their number (a period that began before the period counts whole).
//! * **Zero absence**: the share of the employees employed in the period without a sick day.
//! * **Long-term share**: the share of the weighted sick days that belong to sickness periods
//!   longer than 42 days.
//! * A group under [`MIN_GROUP`] employees gets no figures, so they never single out one
//!   person's absence.

use chrono::{Datelike, Months, NaiveDate};

/// Smallest group that gets figures.
pub const MIN_GROUP: usize = 5;
/// A sickness period longer than this many days is long-term.
pub const LONG_TERM_DAYS: i64 = 42;
/// Contract hours of a full-time job, for the part-time factor.
pub const FULL_TIME_HOURS: f64 = 40.0;

/// One employee of the group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    /// Contract hours per week (`None`: full time).
    pub hours_per_week: Option<f64>,
    /// First day of employment (`None`: before any period asked).
    pub employed_since: Option<NaiveDate>,
    /// Last day of employment (`None`: still employed).
    pub employed_until: Option<NaiveDate>,
    /// His sickness periods.
    pub absences: Vec<Absence>,
}

/// One sickness period (a sick report until full recovery).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Absence {
    /// First sick day.
    pub start: NaiveDate,
    /// Last sick day (`None`: still sick).
    pub end: Option<NaiveDate>,
    /// Partial recoveries in this period: from when, working what percentage.
    pub partial: Vec<(NaiveDate, u8)>,
    /// Pregnancy and maternity leave in this period, both days inclusive.
    pub leaves: Vec<(NaiveDate, NaiveDate)>,
}

/// The figures of a group over a period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// Absence percentage.
    pub absence_percentage: f64,
    /// New sick reports per employee per year.
    pub report_frequency: f64,
    /// Average calendar days of the sickness periods that ended in the period.
    pub average_duration_days: Option<f64>,
    /// Share of the employees without a sick day, percent.
    pub zero_absence_percentage: f64,
    /// Share of the sick days in periods over 42 days, percent.
    pub long_term_percentage: f64,
    /// Average number of employees.
    pub headcount: f64,
    /// Employees employed at some day of the period.
    pub employees: usize,
}

/// The figures of `people` over `from..=to`; `None` when fewer than [`MIN_GROUP`] of them
/// were employed in it, or the period is empty.
pub fn figures(people: &[Person], from: NaiveDate, to: NaiveDate) -> Option<Figures> {
    if to < from {
        return None;
    }
    let days = (to - from).num_days() + 1;
    let mut available = 0.0;
    let mut sick = 0.0;
    let mut long_term = 0.0;
    let mut employed_days: i64 = 0;
    let mut employees = 0usize;
    let mut without = 0usize;
    let mut reports = 0u64;
    let mut ended = 0u64;
    let mut ended_days: i64 = 0;
    for p in people {
        let start = p.employed_since.map_or(from, |d| d.max(from));
        let end = p.employed_until.map_or(to, |d| d.min(to));
        if end < start {
            continue;
        }
        employees += 1;
        let factor = p
            .hours_per_week
            .filter(|h| *h > 0.0)
            .map_or(1.0, |h| h / FULL_TIME_HOURS);
        let employed = (end - start).num_days() + 1;
        employed_days += employed;
        available += employed as f64 * factor;
        let mut any_sick_day = false;
        for a in &p.absences {
            if (from..=to).contains(&a.start) {
                reports += 1;
            }
            if let Some(last) = a.end
                && (from..=to).contains(&last)
            {
                ended += 1;
                ended_days += (last - a.start).num_days() + 1;
            }
            let long = a.end.map_or((to - a.start).num_days() + 1, |e| {
                (e - a.start).num_days() + 1
            }) > LONG_TERM_DAYS;
            let first = a.start.max(start);
            let last = a.end.map_or(end, |e| e.min(end));
            let mut day = first;
            while day <= last {
                if !a.leaves.iter().any(|(f, u)| (*f..=*u).contains(&day)) {
                    let working = a
                        .partial
                        .iter()
                        .filter(|(f, _)| *f <= day)
                        .max_by_key(|(f, _)| *f)
                        .map_or(0, |(_, w)| *w);
                    let degree = f64::from(100 - working.min(100)) / 100.0;
                    if degree > 0.0 {
                        any_sick_day = true;
                    }
                    sick += factor * degree;
                    if long {
                        long_term += factor * degree;
                    }
                }
                let Some(next) = day.succ_opt() else { break };
                day = next;
            }
        }
        if !any_sick_day {
            without += 1;
        }
    }
    if employees < MIN_GROUP || available <= 0.0 {
        return None;
    }
    let headcount = employed_days as f64 / days as f64;
    Some(Figures {
        absence_percentage: sick / available * 100.0,
        report_frequency: reports as f64 / headcount * 365.0 / days as f64,
        average_duration_days: (ended > 0).then(|| ended_days as f64 / ended as f64),
        zero_absence_percentage: without as f64 / employees as f64 * 100.0,
        long_term_percentage: if sick > 0.0 {
            long_term / sick * 100.0
        } else {
            0.0
        },
        headcount,
        employees,
    })
}

/// The calendar periods figures are given per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// Calendar months.
    Month,
    /// Quarters (January–March, …).
    Quarter,
    /// Calendar years.
    Year,
}

impl Granularity {
    fn months(self) -> u32 {
        match self {
            Granularity::Month => 1,
            Granularity::Quarter => 3,
            Granularity::Year => 12,
        }
    }

    /// The first day of the period `day` lies in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        let month0 = day.month0() / self.months() * self.months();
        NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day)
    }

    /// The whole period starting on `start` (a period start), both days inclusive.
    pub fn period(self, start: NaiveDate) -> (NaiveDate, NaiveDate) {
        let end = start
            .checked_add_months(Months::new(self.months()))
            .and_then(|next| next.pred_opt())
            .unwrap_or(start);
        (start, end)
    }

    /// The period of the same kind just before the one starting on `start`: the trend is
    /// read against it.
    pub fn previous(self, start: NaiveDate) -> (NaiveDate, NaiveDate) {
        let before = start
            .checked_sub_months(Months::new(self.months()))
            .unwrap_or(start);
        self.period(before)
    }

    /// The whole calendar periods that overlap `from..=to`, oldest first.
    pub fn periods(self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut start = self.start_of(from);
        while start <= to {
            let (s, e) = self.period(start);
            out.push((s, e));
            match e.succ_opt() {
                Some(next) if next > start => start = next,
                _ => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(hours: Option<f64>, absences: Vec<Absence>) -> Person {
        Person {
            hours_per_week: hours,
            absences,
            ..Person::default()
        }
    }

    fn absence(start: &str, end: Option<&str>) -> Absence {
        Absence {
            start: d(start),
            end: end.map(d),
            ..Absence::default()
        }
    }

    /// A small employer in April 2026 (30 days), worked out by hand:
    /// - A, full time: sick 1–10 April (10 days), reported in April, ended in April.
    /// - B, 20 hours (factor 0.5): sick since 19 March, 50 % working from 16 April, still sick:
    ///   15 days × 0.5 + 15 days × 0.5 × 0.5 = 11.25 weighted days; long-term by 30 April
    ///   (43 days, over 42).
    /// - C, full time: a relapse: sick 5–6 April and 20–21 April (two reports, 2 + 2 days).
    /// - D, full time: left on 15 April (15 available days), never sick.
    /// - E and F, full time: never sick.
    #[test]
    fn figures_by_hand_for_a_small_employer() {
        let mut b = absence("2026-03-19", None);
        b.partial.push((d("2026-04-16"), 50));
        let people = vec![
            person(None, vec![absence("2026-04-01", Some("2026-04-10"))]),
            person(Some(20.0), vec![b]),
            person(
                Some(40.0),
                vec![
                    absence("2026-04-05", Some("2026-04-06")),
                    absence("2026-04-20", Some("2026-04-21")),
                ],
            ),
            Person {
                employed_until: Some(d("2026-04-15")),
                ..Person::default()
            },
            Person::default(),
            Person::default(),
        ];
        let f = figures(&people, d("2026-04-01"), d("2026-04-30")).unwrap();
        // Available: A 30 + B 15 + C 30 + D 15 + E 30 + F 30 = 150 weighted days.
        // Sick: A 10 + B 11.25 + C 4 = 25.25 → 16.83 %.
        assert!(
            (f.absence_percentage - 25.25 / 150.0 * 100.0).abs() < 1e-9,
            "{f:?}"
        );
        // Headcount: (30 × 5 + 15) / 30 = 5.5; reports: A, C twice = 3 → 3 / 5.5 × 365 / 30.
        assert!((f.headcount - 5.5).abs() < 1e-9);
        assert!((f.report_frequency - 3.0 / 5.5 * 365.0 / 30.0).abs() < 1e-9);
        // Ended in April: A (10 days), C (2 and 2 days) → 14 / 3.
        assert!((f.average_duration_days.unwrap() - 14.0 / 3.0).abs() < 1e-9);
        // Without a sick day: D, E, F of 6.
        assert!((f.zero_absence_percentage - 50.0).abs() < 1e-9);
        // Long-term: B's 11.25 of 25.25.
        assert!((f.long_term_percentage - 11.25 / 25.25 * 100.0).abs() < 1e-9);
        assert_eq!(f.employees, 6);
    }

    #[test]
    fn leave_days_are_no_sick_days() {
        let mut a = absence("2026-04-01", None);
        a.leaves.push((d("2026-04-11"), d("2026-04-30")));
        let mut people = vec![person(None, vec![a])];
        people.extend(std::iter::repeat_n(Person::default(), 4));
        let f = figures(&people, d("2026-04-01"), d("2026-04-30")).unwrap();
        assert!((f.absence_percentage - 10.0 / 150.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_group_under_five_gets_no_figures() {
        let people = vec![Person::default(); 4];
        assert_eq!(figures(&people, d("2026-04-01"), d("2026-04-30")), None);
        // Someone who left before the period does not count toward the group.
        let mut five = people.clone();
        five.push(Person {
            employed_until: Some(d("2026-03-31")),
            ..Person::default()
        });
        assert_eq!(figures(&five, d("2026-04-01"), d("2026-04-30")), None);
        five.push(Person::default());
        assert!(figures(&five, d("2026-04-01"), d("2026-04-30")).is_some());
    }

    #[test]
    fn calendar_periods_and_the_one_before() {
        let q = Granularity::Quarter.periods(d("2026-02-10"), d("2026-07-01"));
        assert_eq!(
            q,
            vec![
                (d("2026-01-01"), d("2026-03-31")),
                (d("2026-04-01"), d("2026-06-30")),
                (d("2026-07-01"), d("2026-09-30")),
            ]
        );
        assert_eq!(
            Granularity::Month.previous(d("2026-03-01")),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            Granularity::Year.previous(d("2026-01-01")),
            (d("2025-01-01"), d("2025-12-31"))
        );
        assert_eq!(
            Granularity::Month.periods(d("2024-02-29"), d("2024-02-29")),
            vec![(d("2024-02-01"), d("2024-02-29"))]
        );
    }
}
