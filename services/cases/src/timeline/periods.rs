//! The sickness periods of a case and which of them add together (samentellen).

use chrono::NaiveDate;

use super::{ClockInput, Leave, NEW_PERIOD_AFTER_DAYS, Period};

/// The sickness periods of a validated input, each marked whether it adds to the previous.
pub(super) fn periods(input: &ClockInput) -> Vec<Period> {
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

/// The sick stretches `(first sick day, first day not counted)` of `periods`, with the days of
/// each leave cut out: the clock stands still during a pregnancy and maternity leave and the
/// stretches before and after it add together (art. 7:629 lid 10 BW). A stretch left empty
/// (fit on the day after the leave) is dropped, so the stretch before the leave ends the
/// sickness.
pub(super) fn stretches(
    periods: &[Period],
    leaves: &[Leave],
) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut leaves: Vec<&Leave> = leaves.iter().collect();
    leaves.sort_by_key(|l| l.from);
    let mut out = Vec::with_capacity(periods.len() + leaves.len());
    for p in periods {
        let mut start = p.start;
        for l in leaves
            .iter()
            .filter(|l| p.start < l.from && p.recovered_on.is_none_or(|fit| l.until < fit))
        {
            out.push((start, Some(l.from)));
            // Validation keeps leaves before 31 December 9999, so there is a next day.
            start = l.until.succ_opt().unwrap_or(l.until);
        }
        if p.recovered_on != Some(start) {
            out.push((start, p.recovered_on));
        }
    }
    out
}
