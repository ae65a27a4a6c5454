//! Worked dates for the rules that move the clock beyond the common path (decision 82). The
//! example case is sick since Monday 5 January 2026: day 42 is 15 Feb 2026, day 364 is
//! 3 Jan 2027, day 651 (week 93) is 17 Oct 2027 and day 728 (week 104) is 2 Jan 2028.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::testkit::{d, dues, example, one, run};
use super::*;
use DeadlineKind as K;
use DeadlineStatus as S;

fn leave(from: &str, until: &str) -> Leave {
    Leave {
        from: d(from),
        until: d(until),
    }
}

/// A 16-week leave from 2 March 2026: 112 days the clock stands still.
fn with_leave() -> ClockInput {
    let mut input = example();
    input.leaves.push(leave("2026-03-02", "2026-06-21"));
    input
}

#[test]
fn a_wazo_leave_stops_the_clock_and_the_periods_around_it_add_together() {
    let t = run(&with_leave());
    let table = [
        // Before the leave: unchanged.
        (K::ProblemAnalysis, "2026-02-15"),
        (K::PlanOfAction, "2026-03-01"),
        // After it: 112 days later.
        (K::FirstYearEvaluation, "2027-04-25"),
        (K::WiaApplication, "2028-02-06"),
        (K::EndOfWagePayment, "2028-04-23"),
    ];
    for (kind, due) in table {
        assert_eq!(one(&t, kind).due, d(due), "{kind:?}");
    }
    // One period, day 1 unchanged; the leave days are no sick days.
    assert_eq!(t.first_day, d("2026-01-05"));
    assert_eq!(t.periods.len(), 1);
    assert_eq!(t.sick_days.day_of(d("2026-03-01")), Some(56));
    assert_eq!(t.sick_days.day_of(d("2026-04-01")), None);
    assert_eq!(t.sick_days.day_of(d("2026-06-22")), Some(57));
    // No deadline falls inside the leave.
    assert!(
        t.deadlines
            .iter()
            .all(|x| x.due < d("2026-03-02") || x.due > d("2026-06-21"))
    );
}

#[test]
fn fit_on_the_day_after_the_leave_is_a_final_recovery() {
    let mut input = with_leave();
    input.recoveries.push(Recovery {
        recovered_on: d("2026-06-22"),
        resick_on: None,
    });
    input.events.problem_analysis_on = Some(d("2026-02-10"));
    let t = compute(&input, d("2026-07-01")).unwrap();
    // The analysis stays as history; the plan (due 24 Feb) is still open and overdue; nothing
    // after the leave starts is pending.
    assert_eq!(one(&t, K::ProblemAnalysis).status, S::Done);
    assert_eq!(one(&t, K::PlanOfAction).due, d("2026-02-24"));
    assert!(t.deadlines.iter().all(|x| x.due < d("2026-03-02")));
    // A relapse within 4 weeks after it continues the same 104 weeks.
    input.recoveries[0].resick_on = Some(d("2026-07-06"));
    let t = run(&input);
    assert_eq!(one(&t, K::FirstYearEvaluation).due, d("2027-05-09"));
}

#[test]
fn a_leave_must_lie_inside_a_sickness_period() {
    let cases = [
        // Starting on the first sick day: no sickness before it.
        (leave("2026-01-05", "2026-04-26"), None),
        // Ending before it starts.
        (leave("2026-04-01", "2026-03-01"), None),
        // A recovery inside the leave.
        (
            leave("2026-03-02", "2026-06-21"),
            Some(Recovery {
                recovered_on: d("2026-05-01"),
                resick_on: None,
            }),
        ),
    ];
    for (l, recovery) in cases {
        let mut input = example();
        input.leaves.push(l);
        input.recoveries.extend(recovery);
        let err = compute(&input, d("2026-01-05")).unwrap_err();
        assert!(
            matches!(
                err,
                ClockError::LeaveOutsideSickness { .. } | ClockError::LeaveReversed { .. }
            ),
            "{l:?}: {err}"
        );
    }
    let mut input = with_leave();
    input.leaves.push(leave("2026-06-01", "2026-07-01"));
    assert_eq!(
        compute(&input, d("2026-01-05")).unwrap_err(),
        ClockError::LeavesOverlap {
            from: d("2026-06-01")
        }
    );
}

#[test]
fn the_plan_of_action_is_due_two_weeks_after_the_problem_analysis_week_8_at_the_latest() {
    let table = [
        // Made on day 16: plan due on day 30.
        (Some("2026-01-20"), "2026-02-03"),
        // Made on day 42: day 56, which is week 8.
        (Some("2026-02-15"), "2026-03-01"),
        // Made late, on day 50: still week 8.
        (Some("2026-02-23"), "2026-03-01"),
        (None, "2026-03-01"),
    ];
    for (analysis, due) in table {
        let mut input = example();
        input.events.problem_analysis_on = analysis.map(d);
        assert_eq!(
            one(&run(&input), K::PlanOfAction).due,
            d(due),
            "{analysis:?}"
        );
    }
    // The demo's Carolien Lammers: analysis on 17 Nov 2026, so the plan was due on 1 Dec.
    let mut carolien = ClockInput::new(d("2026-10-12"));
    carolien.events.problem_analysis_on = Some(d("2026-11-17"));
    let t = compute(&carolien, d("2026-12-04")).unwrap();
    let plan = one(&t, K::PlanOfAction);
    assert_eq!((plan.due, plan.status), (d("2026-12-01"), S::Overdue));
}

#[test]
fn a_late_wia_application_extends_wage_payment_by_the_delay() {
    let table = [
        // On time: the 104 weeks.
        (Some("2027-10-10"), "2027-11-01", "2028-01-02"),
        // 10 days late.
        (Some("2027-10-27"), "2027-11-01", "2028-01-12"),
        // Not made, 15 days overdue: extended up to today, so it can never end without it.
        (None, "2027-11-01", "2028-01-17"),
        (None, "2028-03-01", "2028-05-17"),
    ];
    for (applied, today, end) in table {
        let mut input = example();
        input.events.wia_application_on = applied.map(d);
        let t = compute(&input, d(today)).unwrap();
        let x = one(&t, K::EndOfWagePayment);
        assert_eq!(x.due, d(end), "{applied:?} seen {today}");
        assert_ne!(x.status, S::Done);
    }
}

#[test]
fn the_wia_letter_is_checked_by_week_89() {
    let mut input = example();
    let t = run(&input);
    assert_eq!(
        (one(&t, K::WiaLetter).due, one(&t, K::WiaLetter).week),
        (d("2027-09-19"), 89)
    );
    input.extension_weeks = 13;
    input.events.wia_letter_received_on = Some(d("2027-12-10"));
    let t = run(&input);
    let x = one(&t, K::WiaLetter);
    assert_eq!(
        (x.due, x.completed_on),
        (d("2027-12-19"), Some(d("2027-12-10")))
    );
}

#[test]
fn the_return_prospect_holds_three_months_if_recorded_in_time() {
    let mut input = example();
    // Recorded after track 2 was due (14 Feb 2027): it does not excuse the late start.
    input.events.return_prospect_on = Some(d("2027-03-01"));
    assert_eq!(one(&run(&input), K::Track2Start).due, d("2027-02-14"));
    // Recorded well before: 6 weeks after the first-year evaluation still rules.
    input.events.return_prospect_on = Some(d("2026-09-01"));
    assert_eq!(one(&run(&input), K::Track2Start).due, d("2027-02-14"));
}

#[test]
fn no_sustainable_usable_capacity_suspends_track_2_and_opens_early_iva() {
    let stated = NoCapacity {
        from: d("2026-10-01"),
        until: None,
    };
    let mut input = example();
    input.events.no_capacity = vec![stated];
    let t = compute(&input, d("2026-11-01")).unwrap();
    assert!(dues(&t, K::Track2Start).is_empty());
    // The early IVA application is open up to the end of week 67.
    let iva = one(&t, K::EarlyIvaApplication);
    assert_eq!((iva.due, iva.week), (d("2027-04-18"), 67));
    // Past that, the option is gone (not overdue: it was no duty).
    let later = compute(&input, d("2027-04-19")).unwrap();
    assert!(dues(&later, K::EarlyIvaApplication).is_empty());
    // Applied for: listed as done.
    input.events.early_iva_applied_on = Some(d("2026-11-15"));
    let later = compute(&input, d("2027-05-01")).unwrap();
    assert_eq!(one(&later, K::EarlyIvaApplication).status, S::Done);

    // Lifted on 1 Mar 2027, after track 2 was due: due 6 weeks after the lifting advice.
    input.events.no_capacity = vec![NoCapacity {
        until: Some(d("2027-03-01")),
        ..stated
    }];
    assert_eq!(one(&run(&input), K::Track2Start).due, d("2027-04-12"));
    // Lifted before it was due: the normal date.
    input.events.no_capacity = vec![NoCapacity {
        until: Some(d("2026-12-01")),
        ..stated
    }];
    assert_eq!(one(&run(&input), K::Track2Start).due, d("2027-02-14"));
    // No statement: no early IVA option.
    assert!(dues(&run(&example()), K::EarlyIvaApplication).is_empty());
}

#[test]
fn an_iva_granted_early_ends_wage_payment_the_day_before() {
    let mut input = example();
    input.events.no_capacity = vec![NoCapacity {
        from: d("2026-06-01"),
        until: None,
    }];
    input.events.early_iva_applied_on = Some(d("2026-07-01"));
    input.events.iva_from = Some(d("2027-06-01"));
    let t = compute(&input, d("2027-06-10")).unwrap();
    let end = one(&t, K::EndOfWagePayment);
    assert_eq!((end.due, end.status), (d("2027-05-31"), S::Done));
    for kind in [K::WiaLetter, K::CurrentAssessment, K::WiaApplication] {
        assert!(dues(&t, kind).is_empty(), "{kind:?}");
    }
}

#[test]
fn safety_net_cases_report_to_uwv_and_skip_the_42_week_report() {
    for kind in [
        SafetyNet::Pregnancy,
        SafetyNet::OrganDonation,
        SafetyNet::NoRiskPolicy,
        SafetyNet::Undisclosed,
    ] {
        let mut input = example();
        input.safety_net = Some(kind);
        let t = run(&input);
        assert_eq!(dues(&t, K::SafetyNetReport), [d("2026-02-15")], "{kind:?}");
        assert!(dues(&t, K::Uwv42WeekReport).is_empty(), "{kind:?}");
    }
    // Pregnancy with a leave she is still sick after: a second report by the 4th day after
    // it. Each report completes its own window.
    let mut input = with_leave();
    input.safety_net = Some(SafetyNet::Pregnancy);
    input.events.safety_net_reports = vec![d("2026-06-23"), d("2026-02-10")];
    let t = compute(&input, d("2026-07-01")).unwrap();
    let reports: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::SafetyNetReport)
        .map(|x| (x.due, x.completed_on))
        .collect();
    assert_eq!(
        reports,
        [
            (d("2026-02-15"), Some(d("2026-02-10"))),
            (d("2026-06-25"), Some(d("2026-06-23"))),
        ]
    );
    // Without a safety net the 42-week report stays.
    assert_eq!(one(&run(&example()), K::Uwv42WeekReport).week, 42);
}

#[test]
fn leaving_employment_sick_reports_on_the_last_day_and_scopes_the_riv() {
    let table = [
        // 37 days employed after the first sick day: no report to hand over.
        ("2026-02-10", RivScope::None),
        // 56 days: the shortened report.
        ("2026-03-01", RivScope::Shortened),
        // 116 days: the full report.
        ("2026-04-30", RivScope::Full),
    ];
    for (last, scope) in table {
        let mut input = example();
        input.employment_ends_on = Some(d(last));
        let t = run(&input);
        assert_eq!(t.riv_on_leaving, Some(scope), "{last}");
        assert_eq!(one(&t, K::EmploymentEndReport).due, d(last));
        assert_eq!(one(&t, K::EndOfWagePayment).due, d(last));
        let riv = dues(&t, K::RivOnLeaving);
        assert_eq!(riv.is_empty(), scope == RivScope::None, "{last}");
        // UWV takes over: nothing of the employer's is due after the last day.
        assert!(t.deadlines.iter().all(|x| x.due <= d(last)), "{last}");
    }
    // An own-risk carrier pays the benefit and keeps the re-integration: it reports within 6
    // weeks and every later deadline stays, the 42-week report included.
    let mut input = example();
    input.employment_ends_on = Some(d("2026-04-30"));
    input.own_risk_carrier = true;
    let t = run(&input);
    assert_eq!(one(&t, K::EmploymentEndReport).due, d("2026-06-11"));
    assert_eq!(t.riv_on_leaving, None);
    assert_eq!(one(&t, K::Uwv42WeekReport).week, 42);
    assert_eq!(one(&t, K::EndOfWagePayment).due, d("2028-01-02"));
}

fn sanction(weeks: u32) -> Sanction {
    Sanction {
        kind: SanctionKind::Substantive,
        weeks,
        imposed_on: Some(d("2027-12-01")),
        repaired_on: None,
        shortening_requested_on: None,
        decision: None,
    }
}

#[test]
fn a_wage_sanction_runs_its_course_and_a_granted_shortening_ends_it_6_weeks_later() {
    let mut input = example();
    input.sanction = Some(sanction(52));
    assert_eq!(one(&run(&input), K::EndOfWagePayment).due, d("2028-12-31"));

    let mut s = sanction(52);
    s.repaired_on = Some(d("2028-02-15"));
    s.shortening_requested_on = Some(d("2028-03-01"));
    input.sanction = Some(s);
    let t = run(&input);
    assert_eq!(one(&t, K::SanctionDecision).due, d("2028-03-22"));
    assert_eq!(one(&t, K::EndOfWagePayment).due, d("2028-12-31"));

    let table = [
        // Granted: 6 weeks after the decision.
        (true, "2028-03-20", "2028-05-01"),
        // Refused: the full sanction.
        (false, "2028-03-20", "2028-12-31"),
    ];
    for (granted, decided, end) in table {
        s.decision = Some(ShorteningDecision {
            decided_on: d(decided),
            granted,
        });
        input.sanction = Some(s);
        let t = run(&input);
        assert_eq!(one(&t, K::EndOfWagePayment).due, d(end), "{granted}");
        assert_eq!(one(&t, K::SanctionDecision).completed_on, Some(d(decided)));
    }
    // Administrative and substantive run the same course.
    s.kind = SanctionKind::Administrative;
    s.decision = Some(ShorteningDecision {
        decided_on: d("2028-03-20"),
        granted: true,
    });
    input.sanction = Some(s);
    assert_eq!(one(&run(&input), K::EndOfWagePayment).due, d("2028-05-01"));
}

#[test]
fn a_sanction_course_out_of_order_is_refused() {
    let mut s = sanction(26);
    s.shortening_requested_on = Some(d("2028-03-01"));
    let mut input = example();
    input.sanction = Some(s);
    assert!(matches!(
        compute(&input, d("2026-01-05")),
        Err(ClockError::SanctionStepMissing {
            missing: "repair",
            ..
        })
    ));
    s.repaired_on = Some(d("2028-03-05"));
    input.sanction = Some(s);
    let err = compute(&input, d("2026-01-05")).unwrap_err();
    assert!(
        matches!(err, ClockError::SanctionOutOfOrder { .. }),
        "{err}"
    );
    input.sanction = Some(sanction(0));
    assert_eq!(
        compute(&input, d("2026-01-05")).unwrap_err(),
        ClockError::SanctionWithoutWeeks
    );
}

#[test]
fn a_voluntary_extension_has_no_maximum() {
    let mut input = example();
    input.extension_weeks = 200;
    let t = run(&input);
    assert_eq!(one(&t, K::WiaApplication).week, 293);
    assert_eq!(one(&t, K::EndOfWagePayment).week, 304);
}

#[test]
fn second_opinion_and_labour_expert_are_steps() {
    let mut input = example();
    input.events.second_opinions = vec![
        SecondOpinion {
            requested_on: d("2026-03-10"),
            given_on: Some(d("2026-03-30")),
        },
        SecondOpinion {
            requested_on: d("2026-08-03"),
            given_on: None,
        },
    ];
    input.events.labour_expert_examination_on = Some(d("2026-11-20"));
    let t = compute(&input, d("2026-09-10")).unwrap();
    let opinions: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::SecondOpinion)
        .map(|x| (x.due, x.status))
        .collect();
    assert_eq!(
        opinions,
        [(d("2026-04-07"), S::Done), (d("2026-08-31"), S::Overdue)]
    );
    let expert = one(&t, K::LabourExpertExamination);
    assert_eq!((expert.due, expert.status), (d("2027-01-03"), S::Done));
    input.events.second_opinions[0].given_on = Some(d("2026-03-01"));
    assert!(matches!(
        compute(&input, d("2026-09-10")),
        Err(ClockError::SecondOpinionBeforeRequest { .. })
    ));
}

fn end_of(t: &Timeline) -> NaiveDate {
    one(t, K::EndOfWagePayment).due
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A leave never brings a deadline forward: each kind's first due date with the leave is
    /// on or after the one without, and the end of wage payment moves by exactly the leave
    /// when it starts before that end.
    #[test]
    fn a_leave_never_shortens_the_clock(
        start in 0i64..3_000,
        offset in 1u64..700,
        length in 1u64..200,
        ext in prop_oneof![Just(0u32), 13u32..60],
    ) {
        let sick_since = d("2020-01-06") + chrono::TimeDelta::days(start);
        let mut without = ClockInput::new(sick_since);
        without.extension_weeks = ext;
        let mut with = without.clone();
        let from = sick_since + Days::new(offset);
        let until = from + Days::new(length - 1);
        with.leaves.push(Leave { from, until });
        let a = compute(&without, sick_since).unwrap();
        let b = compute(&with, sick_since).unwrap();
        for kind in DeadlineKind::ALL {
            if let (Some(x), Some(y)) = (dues(&a, kind).first(), dues(&b, kind).first()) {
                prop_assert!(y >= x, "{kind:?}: {y} before {x}");
            }
        }
        if from <= end_of(&a) {
            prop_assert_eq!(end_of(&b), end_of(&a) + Days::new(length));
        }
    }

    /// A later WIA application never ends wage payment earlier, and a missing one never ends
    /// it while it is missing.
    #[test]
    fn a_later_wia_application_never_ends_wage_payment_earlier(
        first in 600u64..800,
        later in 0u64..100,
        today in 0u64..1_000,
    ) {
        let sick_since = d("2024-03-04");
        let on = |days: u64| sick_since + Days::new(days);
        let mut input = ClockInput::new(sick_since);
        input.events.wia_application_on = Some(on(first));
        let early = compute(&input, on(today)).unwrap();
        input.events.wia_application_on = Some(on(first + later));
        let late = compute(&input, on(today)).unwrap();
        prop_assert!(end_of(&late) >= end_of(&early));
        input.events.wia_application_on = None;
        let missing = compute(&input, on(today)).unwrap();
        prop_assert_ne!(one(&missing, K::EndOfWagePayment).status, S::Done);
    }
}
