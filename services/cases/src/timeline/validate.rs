//! Validation: what the clock refuses before it computes anything. Nothing panics.

use chrono::NaiveDate;

use super::periods::periods;
use super::{ClockError, ClockInput, MAX_SANCTION_WEEKS, MIN_EXTENSION_WEEKS, Sanction, last_date};

pub(super) fn validate(input: &ClockInput, today: NaiveDate) -> Result<(), ClockError> {
    let last = last_date();
    let check = |field: &'static str, date: NaiveDate| {
        if date > last {
            Err(ClockError::DateAfterYear9999 { field, date })
        } else {
            Ok(())
        }
    };
    check("first sick day", input.sick_since)?;
    check("reference date (today)", today)?;
    for r in &input.recoveries {
        check("recovery date", r.recovered_on)?;
        if let Some(s) = r.resick_on {
            check("new sick report date", s)?;
        }
    }
    for p in &input.partial_recoveries {
        check("partial recovery date", p.from)?;
    }
    for l in &input.leaves {
        check("first day of leave", l.from)?;
        check("last day of leave", l.until)?;
    }
    if let Some(date) = input.employment_ends_on {
        check("last day of employment", date)?;
    }
    if let Some(s) = &input.sanction {
        for (field, date) in [
            ("sanction date", s.imposed_on),
            ("sanction repair date", s.repaired_on),
            (
                "sanction shortening request date",
                s.shortening_requested_on,
            ),
            ("sanction decision date", s.decision.map(|d| d.decided_on)),
        ] {
            if let Some(date) = date {
                check(field, date)?;
            }
        }
    }
    let e = &input.events;
    let single = [
        ("problem analysis date", e.problem_analysis_on),
        ("plan of action signing date", e.plan_of_action_signed_on),
        ("42-week report date", e.uwv_42_week_report_on),
        ("first-year evaluation date", e.first_year_evaluation_on),
        ("track 2 start date", e.track2_started_on),
        ("current assessment date", e.current_assessment_on),
        ("final evaluation date", e.final_evaluation_on),
        ("date the RIV was handed over", e.riv_to_employee_on),
        ("WIA application date", e.wia_application_on),
        (
            "labour expert examination date",
            e.labour_expert_examination_on,
        ),
        ("return prospect date", e.return_prospect_on),
        ("early IVA application date", e.early_iva_applied_on),
        ("IVA start date", e.iva_from),
        ("WIA letter date", e.wia_letter_received_on),
        ("employment end report date", e.employment_end_report_on),
        (
            "date the RIV was handed over on leaving",
            e.riv_on_leaving_on,
        ),
    ];
    for (field, date) in single {
        if let Some(date) = date {
            check(field, date)?;
        }
    }
    for date in &e.evaluations {
        check("evaluation date", *date)?;
    }
    for date in &e.track2_reports {
        check("track 2 report date", *date)?;
    }
    for date in &e.safety_net_reports {
        check("safety net report date", *date)?;
    }
    for n in &e.no_capacity {
        check("no usable capacity date", n.from)?;
        if let Some(until) = n.until {
            check("no usable capacity end date", until)?;
            if until < n.from {
                return Err(ClockError::NoCapacityReversed {
                    from: n.from,
                    until,
                });
            }
        }
    }
    for o in &e.second_opinions {
        check("second opinion request date", o.requested_on)?;
        if let Some(given_on) = o.given_on {
            check("second opinion date", given_on)?;
            if given_on < o.requested_on {
                return Err(ClockError::SecondOpinionBeforeRequest {
                    requested_on: o.requested_on,
                    given_on,
                });
            }
        }
    }
    for o in &e.expert_opinions {
        check("expert opinion answer date", o.answered_on)?;
        if let Some(date) = o.follow_up_on {
            check("expert opinion follow-up date", date)?;
        }
    }

    if (1..MIN_EXTENSION_WEEKS).contains(&input.extension_weeks) {
        return Err(ClockError::ExtensionTooShort(input.extension_weeks));
    }
    if let Some(s) = &input.sanction {
        validate_sanction(s)?;
    }
    if let Some(ends_on) = input.employment_ends_on
        && ends_on < input.sick_since
    {
        return Err(ClockError::EmploymentEndsBeforeSickness {
            ends_on,
            sick_since: input.sick_since,
        });
    }

    let mut previous_resick_on: Option<NaiveDate> = None;
    let count = input.recoveries.len();
    for (i, r) in input.recoveries.iter().enumerate() {
        match previous_resick_on {
            None if r.recovered_on <= input.sick_since => {
                return Err(ClockError::RecoveryNotAfterFirstSickDay {
                    recovered_on: r.recovered_on,
                    sick_since: input.sick_since,
                });
            }
            Some(previous) if r.recovered_on <= previous => {
                return Err(ClockError::PeriodsOutOfOrder {
                    recovered_on: r.recovered_on,
                    previous_resick_on: previous,
                });
            }
            _ => {}
        }
        match r.resick_on {
            Some(resick_on) if resick_on <= r.recovered_on => {
                return Err(ClockError::ResickNotAfterRecovery {
                    recovered_on: r.recovered_on,
                    resick_on,
                });
            }
            None if i + 1 < count => {
                return Err(ClockError::OpenRecoveryNotLast {
                    recovered_on: r.recovered_on,
                });
            }
            _ => {}
        }
        previous_resick_on = r.resick_on;
    }

    for p in &input.partial_recoveries {
        if p.working_percentage > 100 {
            return Err(ClockError::PercentageTooHigh(p.working_percentage));
        }
        if p.from < input.sick_since {
            return Err(ClockError::PartialRecoveryBeforeFirstSickDay {
                from: p.from,
                sick_since: input.sick_since,
            });
        }
    }
    validate_leaves(input)
}

/// Every leave lies inside one sickness period: it starts after that period's first sick day
/// and ends before the recovery that follows (fit on the day after the leave is allowed), and
/// no two leaves overlap.
fn validate_leaves(input: &ClockInput) -> Result<(), ClockError> {
    let periods = periods(input);
    let mut leaves = input.leaves.clone();
    leaves.sort_by_key(|l| l.from);
    let mut previous_until: Option<NaiveDate> = None;
    for l in &leaves {
        if l.until < l.from {
            return Err(ClockError::LeaveReversed {
                from: l.from,
                until: l.until,
            });
        }
        if previous_until.is_some_and(|until| l.from <= until) {
            return Err(ClockError::LeavesOverlap { from: l.from });
        }
        previous_until = Some(l.until);
        let inside = periods
            .iter()
            .any(|p| p.start < l.from && p.recovered_on.is_none_or(|fit| l.until < fit));
        if !inside {
            return Err(ClockError::LeaveOutsideSickness {
                from: l.from,
                until: l.until,
            });
        }
    }
    Ok(())
}

/// A sanction lasts 1 to 52 weeks; its course runs imposed → repaired → shortening requested
/// → decided, each step needing the one before it.
fn validate_sanction(s: &Sanction) -> Result<(), ClockError> {
    if s.weeks == 0 {
        return Err(ClockError::SanctionWithoutWeeks);
    }
    if s.weeks > MAX_SANCTION_WEEKS {
        return Err(ClockError::SanctionTooLong(s.weeks));
    }
    let steps = [
        ("imposition", s.imposed_on),
        ("repair", s.repaired_on),
        ("shortening request", s.shortening_requested_on),
        ("decision", s.decision.map(|d| d.decided_on)),
    ];
    if s.shortening_requested_on.is_some() && s.repaired_on.is_none() {
        return Err(ClockError::SanctionStepMissing {
            step: "shortening request",
            missing: "repair",
        });
    }
    if s.decision.is_some() && s.shortening_requested_on.is_none() {
        return Err(ClockError::SanctionStepMissing {
            step: "decision",
            missing: "shortening request",
        });
    }
    let mut before: Option<(&'static str, NaiveDate)> = None;
    for (step, date) in steps {
        let Some(date) = date else { continue };
        if let Some((earlier, earlier_on)) = before
            && date < earlier_on
        {
            return Err(ClockError::SanctionOutOfOrder {
                earlier,
                earlier_on,
                later: step,
                later_on: date,
            });
        }
        before = Some((step, date));
    }
    Ok(())
}
