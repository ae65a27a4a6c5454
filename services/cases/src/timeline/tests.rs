//! Worked dates for every rule of the module doc (docs/domain.md §2).

use chrono::{Days, NaiveDate};

use super::testkit::{d, dues, example, one, run};
use super::*;
use DeadlineKind as K;
use DeadlineStatus as S;

fn due(t: &Timeline, kind: DeadlineKind) -> NaiveDate {
    let all = dues(t, kind);
    assert_eq!(all.len(), 1, "{kind:?}: {all:?}");
    all[0]
}

fn relapse(recovered: &str, resick: &str) -> ClockInput {
    let mut input = example();
    input.recoveries.push(Recovery {
        recovered_on: d(recovered),
        resick_on: Some(d(resick)),
    });
    input
}

#[test]
fn contract_example_problem_analysis_is_due_on_day_42() {
    let t = run(&example());
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-02-15"));
    assert_eq!(t.first_day, d("2026-01-05"));
    assert_eq!(
        t.periods,
        vec![Period {
            start: d("2026-01-05"),
            end: None,
            recovered_on: None,
            counts_with_previous: false,
        }]
    );
}

#[test]
fn every_kind_has_its_week_and_date() {
    let t = run(&example());
    let table = [
        (K::ProblemAnalysis, 6, "2026-02-15"),
        (K::PlanOfAction, 8, "2026-03-01"),
        (K::Uwv42WeekReport, 42, "2026-10-26"),
        (K::FirstYearEvaluation, 52, "2027-01-03"),
        (K::Track2Start, 58, "2027-02-14"),
        (K::CurrentAssessment, 91, "2027-10-03"),
        (K::FinalEvaluation, 91, "2027-10-03"),
        (K::RivToEmployee, 91, "2027-10-03"),
        (K::WiaApplication, 93, "2027-10-17"),
        (K::EndOfWagePayment, 104, "2028-01-02"),
    ];
    for (kind, week, date) in table {
        let x = one(&t, kind);
        assert_eq!((x.week, x.due), (week, d(date)), "{kind:?}");
        assert_eq!(x.completed_on, None);
    }
    // Evaluations: weeks 14, 20, …, 104, each on day 7N.
    let evaluations: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::PlanEvaluation)
        .collect();
    let weeks: Vec<u32> = evaluations.iter().map(|x| x.week).collect();
    assert_eq!(weeks, (14..=104).step_by(6).collect::<Vec<_>>());
    for x in evaluations {
        assert_eq!(t.sick_days.day_of(x.due), Some(7 * x.week));
    }
    assert_eq!(dues(&t, K::PlanEvaluation)[0], d("2026-04-12"));
    assert_eq!(dues(&t, K::PlanEvaluation)[1], d("2026-05-24"));
    // No track 2 reports before track 2 starts, no follow-ups without expert opinions.
    assert!(dues(&t, K::Track2Report).is_empty());
    assert!(dues(&t, K::ExpertOpinionFollowUp).is_empty());
}

#[test]
fn deadlines_are_sorted_by_due_date_then_kind() {
    let t = run(&example());
    let keys: Vec<_> = t.deadlines.iter().map(|x| (x.due, x.kind)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let week_91: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.due == d("2027-10-03"))
        .map(|x| x.kind)
        .collect();
    assert_eq!(
        week_91,
        [K::CurrentAssessment, K::FinalEvaluation, K::RivToEmployee]
    );
}

#[test]
fn the_42_week_report_moves_to_the_next_working_day() {
    // (first sick day, the day after counted day 294, due date)
    let table = [
        // Day 294 a Sunday: the Monday after.
        ("2026-01-05", "2026-10-26", "2026-10-26"),
        // Day 294 a Friday: the Saturday after is no working day, so Monday.
        ("2026-01-03", "2026-10-24", "2026-10-26"),
        // King's Day 2026 is Monday 27 April.
        ("2025-07-07", "2026-04-27", "2026-04-28"),
        // Ascension Day 2026 is Thursday 14 May.
        ("2025-07-24", "2026-05-14", "2026-05-15"),
        // Christmas 2026 on a Friday: Boxing Day and the weekend follow.
        ("2026-03-06", "2026-12-25", "2026-12-28"),
        // Christmas 2025 on a Thursday, Boxing Day Friday.
        ("2025-03-06", "2025-12-25", "2025-12-29"),
        // Easter Monday 2026, Whit Monday 2026, Liberation Day 2026, New Year 2027.
        ("2025-06-16", "2026-04-06", "2026-04-07"),
        ("2025-08-04", "2026-05-25", "2026-05-26"),
        ("2025-07-15", "2026-05-05", "2026-05-06"),
        ("2026-03-13", "2027-01-01", "2027-01-04"),
        // Queen's Day before 2014: 30 April 2013.
        ("2012-07-10", "2013-04-30", "2013-05-01"),
    ];
    for (sick_since, after_week_42, expected) in table {
        let t = compute(&ClockInput::new(d(sick_since)), d(sick_since)).unwrap();
        let day_294 = t.sick_days.date_of(294).unwrap();
        assert_eq!(day_294.succ_opt(), Some(d(after_week_42)), "{sick_since}");
        let x = one(&t, K::Uwv42WeekReport);
        assert_eq!((x.due, x.week), (d(expected), 42), "{sick_since}");
    }
}

#[test]
fn easter_and_the_public_holidays() {
    for (year, easter) in [
        (2000, "2000-04-23"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(easter_sunday(year), Some(d(easter)), "{year}");
    }
    for holiday in [
        "2026-01-01",
        "2026-04-06",
        "2026-05-14",
        "2026-05-25",
        "2026-04-27",
        "2026-05-05",
        "2026-12-25",
        "2026-12-26",
        // 27 April 2025 is a Sunday, so King's Day is Saturday the 26th.
        "2025-04-26",
        "2013-04-30",
    ] {
        assert!(is_public_holiday(d(holiday)), "{holiday}");
        assert!(!is_working_day(d(holiday)), "{holiday}");
    }
    for ordinary in [
        // Good Friday and Easter Sunday's neighbours are no holidays of the Termijnenwet.
        "2026-04-03",
        "2026-04-28",
        "2025-04-28",
        "2013-04-27",
        "2026-12-24",
        "2026-12-31",
    ] {
        assert!(!is_public_holiday(d(ordinary)), "{ordinary}");
    }
    assert!(!is_working_day(d("2026-10-24")), "a Saturday");
    assert!(is_working_day(d("2026-10-26")), "a Monday");
    assert_eq!(next_working_day_after(d("9999-12-31")), None);
}

#[test]
fn a_relapse_10_days_after_recovery_shifts_every_later_deadline_by_10_days() {
    let base = run(&example());
    let t = run(&relapse("2026-01-20", "2026-01-30"));
    assert_eq!(t.first_day, d("2026-01-05"));
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-02-25"));
    // Day 294 moves from Sunday 25 October to Wednesday 4 November: report due Thursday.
    assert_eq!(due(&t, K::Uwv42WeekReport), d("2026-11-05"));
    assert_eq!(due(&t, K::EndOfWagePayment), d("2028-01-12"));
    assert_eq!(base.deadlines.len(), t.deadlines.len());
    for (a, b) in base.deadlines.iter().zip(&t.deadlines) {
        assert_eq!(a.kind, b.kind);
        assert_eq!(a.week, b.week);
        if a.kind != K::Uwv42WeekReport {
            assert_eq!(b.due, a.due + Days::new(10), "{:?}", a.kind);
        }
    }
    assert_eq!(
        t.periods,
        vec![
            Period {
                start: d("2026-01-05"),
                end: Some(d("2026-01-19")),
                recovered_on: Some(d("2026-01-20")),
                counts_with_previous: false,
            },
            Period {
                start: d("2026-01-30"),
                end: None,
                recovered_on: None,
                counts_with_previous: true,
            },
        ]
    );
    // Days 1–15 before the recovery, day 16 is the new sick report.
    assert_eq!(t.sick_days.day_of(d("2026-01-19")), Some(15));
    assert_eq!(t.sick_days.day_of(d("2026-01-25")), None);
    assert_eq!(t.sick_days.day_of(d("2026-01-30")), Some(16));
    assert_eq!(t.sick_days.date_of(16), Some(d("2026-01-30")));
    assert_eq!(t.sick_days.week_of(d("2026-02-25")), Some(6));
}

#[test]
fn a_deadline_before_the_recovery_does_not_move() {
    // Recovered on day 50, after the problem analysis' day 42.
    let t = run(&relapse("2026-02-23", "2026-03-05"));
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-02-15"));
    assert_eq!(due(&t, K::PlanOfAction), d("2026-03-11"));
}

#[test]
fn a_relapse_27_days_after_recovery_continues_28_days_starts_a_new_period() {
    let t = run(&relapse("2026-01-20", "2026-02-16"));
    assert_eq!(t.first_day, d("2026-01-05"));
    assert!(t.periods[1].counts_with_previous);
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-03-14"));

    let t = run(&relapse("2026-01-20", "2026-02-17"));
    assert_eq!(t.first_day, d("2026-02-17"));
    assert_eq!(t.periods.len(), 2, "the earlier period stays listed");
    assert!(!t.periods[1].counts_with_previous);
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-03-30"));
    let fresh = run(&ClockInput::new(d("2026-02-17")));
    assert_eq!(t.deadlines, fresh.deadlines);
}

#[test]
fn two_short_recoveries_accumulate() {
    let mut input = relapse("2026-01-20", "2026-01-30");
    input.recoveries.push(Recovery {
        recovered_on: d("2026-02-10"),
        resick_on: Some(d("2026-02-15")),
    });
    let t = run(&input);
    assert_eq!(t.first_day, d("2026-01-05"));
    assert_eq!(t.periods.len(), 3);
    // 15 + 11 counted days before 15 February, which is day 27.
    assert_eq!(t.sick_days.day_of(d("2026-02-15")), Some(27));
    assert_eq!(due(&t, K::ProblemAnalysis), d("2026-03-02"));
    let base = run(&example());
    assert_eq!(
        due(&t, K::EndOfWagePayment),
        due(&base, K::EndOfWagePayment) + Days::new(15)
    );
}

#[test]
fn a_short_gap_then_a_long_one_restarts_from_the_last_report() {
    let mut input = relapse("2026-01-20", "2026-01-30");
    input.recoveries.push(Recovery {
        recovered_on: d("2026-02-10"),
        resick_on: Some(d("2026-04-01")),
    });
    let t = run(&input);
    assert_eq!(t.first_day, d("2026-04-01"));
    assert_eq!(
        t.deadlines,
        run(&ClockInput::new(d("2026-04-01"))).deadlines
    );
}

#[test]
fn an_open_recovery_hides_the_deadlines_from_the_recovery_on() {
    let mut input = example();
    // Fit on 1 March, the plan of action's due date.
    input.recoveries.push(Recovery {
        recovered_on: d("2026-03-01"),
        resick_on: None,
    });
    let t = compute(&input, d("2026-03-10")).unwrap();
    let kinds: Vec<_> = t.deadlines.iter().map(|x| (x.kind, x.status)).collect();
    assert_eq!(kinds, [(K::ProblemAnalysis, S::Overdue)]);
    assert_eq!(t.periods[0].end, Some(d("2026-02-28")));
    assert_eq!(t.sick_days.recovered_on(), Some(d("2026-03-01")));
    assert_eq!(t.sick_days.date_of(55), Some(d("2026-02-28")));
    assert_eq!(t.sick_days.date_of(56), None);
    assert_eq!(t.sick_days.day_of(d("2026-03-01")), None);

    // Long after the end of wage payment would have been: a recovered case never lists it.
    let t = compute(&input, d("2029-01-01")).unwrap();
    assert!(dues(&t, K::EndOfWagePayment).is_empty());

    // A step already done stays in the file even when it was due after the recovery.
    input.events.plan_of_action_signed_on = Some(d("2026-02-20"));
    let t = compute(&input, d("2026-03-10")).unwrap();
    let kinds: Vec<_> = t.deadlines.iter().map(|x| (x.kind, x.status)).collect();
    assert_eq!(
        kinds,
        [(K::ProblemAnalysis, S::Overdue), (K::PlanOfAction, S::Done)]
    );
}

#[test]
fn partial_recovery_changes_nothing() {
    let mut input = relapse("2026-01-20", "2026-01-30");
    input.extension_weeks = 13;
    let base = compute(&input, d("2026-06-01")).unwrap();
    input.partial_recoveries = vec![
        PartialRecovery {
            from: d("2026-03-01"),
            working_percentage: 50,
        },
        PartialRecovery {
            from: d("2026-05-01"),
            working_percentage: 100,
        },
        PartialRecovery {
            from: d("2026-01-05"),
            working_percentage: 0,
        },
    ];
    assert_eq!(compute(&input, d("2026-06-01")).unwrap(), base);
}

#[test]
fn an_extension_of_13_weeks_moves_exactly_the_five_wia_kinds() {
    let base = run(&example());
    let mut input = example();
    input.extension_weeks = 13;
    let t = run(&input);
    let moved = [
        (K::CurrentAssessment, 104, "2028-01-02"),
        (K::FinalEvaluation, 104, "2028-01-02"),
        (K::RivToEmployee, 104, "2028-01-02"),
        (K::WiaApplication, 106, "2028-01-16"),
        (K::EndOfWagePayment, 117, "2028-04-02"),
    ];
    for (kind, week, date) in moved {
        let x = one(&t, kind);
        assert_eq!((x.week, x.due), (week, d(date)), "{kind:?}");
        assert_eq!(x.due, due(&base, kind) + Days::new(91));
    }
    for kind in [
        K::ProblemAnalysis,
        K::PlanOfAction,
        K::Uwv42WeekReport,
        K::FirstYearEvaluation,
        K::Track2Start,
    ] {
        assert_eq!(one(&t, kind), one(&base, kind), "{kind:?}");
    }
    // Evaluations continue to the new end: weeks 14, …, 110, 116.
    let weeks: Vec<u32> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::PlanEvaluation)
        .map(|x| x.week)
        .collect();
    assert_eq!(weeks, (14..=116).step_by(6).collect::<Vec<_>>());
}

#[test]
fn extensions_of_1_to_12_weeks_are_refused() {
    for weeks in [1, 12] {
        let mut input = example();
        input.extension_weeks = weeks;
        let err = compute(&input, d("2026-01-05")).unwrap_err();
        assert_eq!(err, ClockError::ExtensionTooShort(weeks));
        assert!(err.to_string().contains("at least 13 weeks"), "{err}");
    }
    let mut input = example();
    input.extension_weeks = 0;
    assert!(compute(&input, d("2026-01-05")).is_ok());
}

#[test]
fn a_sanction_of_52_weeks_moves_only_the_end_of_wage_payment() {
    let base = run(&example());
    let mut input = example();
    input.sanction = Some(Sanction::of_weeks(52));
    let t = run(&input);
    let end = one(&t, K::EndOfWagePayment);
    assert_eq!((end.week, end.due), (156, d("2028-12-31")));
    for kind in DeadlineKind::ALL {
        if !matches!(kind, K::EndOfWagePayment | K::PlanEvaluation) {
            assert_eq!(dues(&t, kind), dues(&base, kind), "{kind:?}");
        }
    }
    // Evaluations go on to the new end (week 152); the first ones are unchanged.
    let evaluations = dues(&t, K::PlanEvaluation);
    assert_eq!(evaluations[..16], dues(&base, K::PlanEvaluation)[..]);
    assert_eq!(t.sick_days.week_of(*evaluations.last().unwrap()), Some(152));

    // On top of an extension.
    input.extension_weeks = 13;
    let t = run(&input);
    assert_eq!(one(&t, K::EndOfWagePayment).due, d("2029-04-01"));
    assert_eq!(one(&t, K::WiaApplication).due, d("2028-01-16"));
}

#[test]
fn a_sanction_over_52_weeks_is_refused() {
    let mut input = example();
    input.sanction = Some(Sanction::of_weeks(53));
    let err = compute(&input, d("2026-01-05")).unwrap_err();
    assert_eq!(err, ClockError::SanctionTooLong(53));
    assert_eq!(
        err.to_string(),
        "a wage sanction is at most 52 weeks, not 53"
    );
}

#[test]
fn track_2_starts_6_weeks_after_the_actual_first_year_evaluation() {
    let mut input = example();
    input.events.first_year_evaluation_on = Some(d("2026-12-20"));
    let t = run(&input);
    let start = one(&t, K::Track2Start);
    assert_eq!((start.due, start.week), (d("2027-01-31"), 56));
    let eje = one(&t, K::FirstYearEvaluation);
    assert_eq!(eje.completed_on, Some(d("2026-12-20")));
    assert_eq!(eje.due, d("2027-01-03"));
}

#[test]
fn a_return_prospect_lets_track_2_wait_three_months() {
    let mut input = example();
    // Recorded at the first-year evaluation on its due date: track 2 waits until 3 months
    // later instead of 6 weeks (2027-02-14).
    input.events.return_prospect_on = Some(d("2027-01-03"));
    let t = run(&input);
    assert_eq!(one(&t, K::Track2Start).due, d("2027-04-03"));
    // Unless track 2 started after all: then it is history.
    input.events.track2_started_on = Some(d("2027-01-20"));
    let t = run(&input);
    assert_eq!(one(&t, K::Track2Start).completed_on, Some(d("2027-01-20")));
}

#[test]
fn periodic_evaluations_follow_the_recorded_ones() {
    let mut input = example();
    // Signed on day 47; evaluated on days 87 and 126 (out of order on purpose).
    input.events.plan_of_action_signed_on = Some(d("2026-02-20"));
    input.events.evaluations = vec![d("2026-05-10"), d("2026-04-01")];
    let t = compute(&input, d("2026-06-10")).unwrap();
    let evaluations: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::PlanEvaluation)
        .map(|x| (x.due, x.completed_on, x.status, x.week))
        .collect();
    assert_eq!(
        evaluations,
        [
            (d("2026-04-03"), Some(d("2026-04-01")), S::Done, 13),
            (d("2026-05-13"), Some(d("2026-05-10")), S::Done, 19),
            (d("2026-06-21"), None, S::DueSoon, 24),
        ]
    );
}

#[test]
fn a_signed_plan_of_action_anchors_the_projected_evaluations() {
    let mut input = example();
    input.events.plan_of_action_signed_on = Some(d("2026-02-20"));
    let t = run(&input);
    let evaluations = dues(&t, K::PlanEvaluation);
    assert_eq!(evaluations[..2], [d("2026-04-03"), d("2026-05-15")]);
    let end = one(&t, K::EndOfWagePayment).due;
    assert!(evaluations.iter().all(|e| *e <= end));
    assert!(*evaluations.last().unwrap() > end - Days::new(42));
}

#[test]
fn track_2_reports_every_6_weeks_after_the_actual_start() {
    let mut input = example();
    input.events.track2_started_on = Some(d("2027-01-20"));
    let t = run(&input);
    let reports = dues(&t, K::Track2Report);
    assert_eq!(reports[..2], [d("2027-03-03"), d("2027-04-14")]);
    assert!(reports.iter().all(|r| *r <= d("2028-01-02")));
    // A recorded report: it plus the next one, 6 weeks after it.
    input.events.track2_reports = vec![d("2027-03-01")];
    let t = run(&input);
    let reports: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::Track2Report)
        .map(|x| (x.due, x.completed_on))
        .collect();
    assert_eq!(
        reports,
        [
            (d("2027-03-03"), Some(d("2027-03-01"))),
            (d("2027-04-12"), None),
        ]
    );
    // A sanction lets the reports run on to the new end.
    input.events.track2_reports.clear();
    input.sanction = Some(Sanction::of_weeks(26));
    let t = run(&input);
    assert!(dues(&t, K::Track2Report).last().unwrap() > &d("2028-01-02"));
}

#[test]
fn expert_opinions_are_followed_up_2_weeks_after_each_answer() {
    let mut input = example();
    input.events.expert_opinions = vec![
        ExpertOpinionAnswer {
            answered_on: d("2026-06-01"),
            follow_up_on: Some(d("2026-06-10")),
        },
        ExpertOpinionAnswer {
            answered_on: d("2026-09-01"),
            follow_up_on: None,
        },
    ];
    let t = compute(&input, d("2026-09-20")).unwrap();
    let follow_ups: Vec<_> = t
        .deadlines
        .iter()
        .filter(|x| x.kind == K::ExpertOpinionFollowUp)
        .map(|x| (x.due, x.status, x.completed_on))
        .collect();
    assert_eq!(
        follow_ups,
        [
            (d("2026-06-15"), S::Done, Some(d("2026-06-10"))),
            (d("2026-09-15"), S::Overdue, None),
        ]
    );
}

#[test]
fn every_event_completes_its_deadline() {
    let mut input = example();
    let e = &mut input.events;
    e.problem_analysis_on = Some(d("2026-02-01"));
    e.plan_of_action_signed_on = Some(d("2026-02-25"));
    e.uwv_42_week_report_on = Some(d("2026-10-20"));
    e.first_year_evaluation_on = Some(d("2026-12-28"));
    e.track2_started_on = Some(d("2027-02-01"));
    e.current_assessment_on = Some(d("2027-09-01"));
    e.final_evaluation_on = Some(d("2027-09-15"));
    e.riv_to_employee_on = Some(d("2027-09-20"));
    e.wia_application_on = Some(d("2027-10-01"));
    let t = compute(&input, d("2027-10-02")).unwrap();
    let expected = [
        (K::ProblemAnalysis, "2026-02-01"),
        (K::PlanOfAction, "2026-02-25"),
        (K::Uwv42WeekReport, "2026-10-20"),
        (K::FirstYearEvaluation, "2026-12-28"),
        (K::Track2Start, "2027-02-01"),
        (K::CurrentAssessment, "2027-09-01"),
        (K::FinalEvaluation, "2027-09-15"),
        (K::RivToEmployee, "2027-09-20"),
        (K::WiaApplication, "2027-10-01"),
    ];
    for (kind, date) in expected {
        let x = one(&t, kind);
        assert_eq!(
            (x.status, x.completed_on),
            (S::Done, Some(d(date))),
            "{kind:?}"
        );
    }
    assert_eq!(one(&t, K::EndOfWagePayment).status, S::Upcoming);
}

#[test]
fn the_end_of_wage_payment_is_done_once_its_date_has_passed() {
    // With the WIA application made in time (a missing one keeps wage payment going).
    let mut input = example();
    input.events.wia_application_on = Some(d("2027-10-10"));
    let on_the_day = compute(&input, d("2028-01-02")).unwrap();
    let x = one(&on_the_day, K::EndOfWagePayment);
    assert_eq!((x.status, x.completed_on), (S::DueSoon, None));
    let after = compute(&input, d("2028-01-03")).unwrap();
    let x = one(&after, K::EndOfWagePayment);
    assert_eq!((x.status, x.completed_on), (S::Done, Some(d("2028-01-02"))));
}

#[test]
fn statuses_at_the_boundaries() {
    // The problem analysis is due on 15 February 2026.
    let table = [
        ("2026-01-31", S::Upcoming),
        ("2026-02-01", S::DueSoon),
        ("2026-02-15", S::DueSoon),
        ("2026-02-16", S::Overdue),
    ];
    for (today, expected) in table {
        let t = compute(&example(), d(today)).unwrap();
        assert_eq!(one(&t, K::ProblemAnalysis).status, expected, "{today}");
    }
    let mut input = example();
    input.events.problem_analysis_on = Some(d("2026-03-01"));
    let t = compute(&input, d("2026-03-02")).unwrap();
    let x = one(&t, K::ProblemAnalysis);
    assert_eq!((x.status, x.completed_on), (S::Done, Some(d("2026-03-01"))));
    assert_eq!(status(d("2026-02-15"), None, d("2026-02-14")), S::DueSoon);
}

#[test]
fn events_of_an_earlier_period_do_not_complete_the_new_one() {
    let mut input = relapse("2026-03-01", "2026-06-01");
    input.events.problem_analysis_on = Some(d("2026-02-10"));
    let t = compute(&input, d("2026-07-20")).unwrap();
    let x = one(&t, K::ProblemAnalysis);
    assert_eq!(
        (x.due, x.status, x.completed_on),
        (d("2026-07-12"), S::Overdue, None)
    );
}

#[test]
fn invalid_input_is_refused_with_a_readable_message() {
    let recovery = |recovered: &str, resick: Option<&str>| Recovery {
        recovered_on: d(recovered),
        resick_on: resick.map(d),
    };
    let cases: Vec<(Vec<Recovery>, ClockError, &str)> = vec![
        (
            vec![recovery("2026-01-04", Some("2026-01-10"))],
            ClockError::RecoveryNotAfterFirstSickDay {
                recovered_on: d("2026-01-04"),
                sick_since: d("2026-01-05"),
            },
            "the recovery on 2026-01-04 is not after the first sick day 2026-01-05",
        ),
        (
            vec![recovery("2026-01-05", None)],
            ClockError::RecoveryNotAfterFirstSickDay {
                recovered_on: d("2026-01-05"),
                sick_since: d("2026-01-05"),
            },
            "not after the first sick day",
        ),
        (
            vec![recovery("2026-01-20", Some("2026-01-20"))],
            ClockError::ResickNotAfterRecovery {
                recovered_on: d("2026-01-20"),
                resick_on: d("2026-01-20"),
            },
            "the new sick report on 2026-01-20 is not after the recovery on 2026-01-20",
        ),
        (
            vec![
                recovery("2026-01-20", Some("2026-02-01")),
                recovery("2026-01-25", Some("2026-03-01")),
            ],
            ClockError::PeriodsOutOfOrder {
                recovered_on: d("2026-01-25"),
                previous_resick_on: d("2026-02-01"),
            },
            "periods out of order or overlapping",
        ),
        (
            vec![recovery("2026-01-20", None), recovery("2026-02-20", None)],
            ClockError::OpenRecoveryNotLast {
                recovered_on: d("2026-01-20"),
            },
            "has no new sick report",
        ),
    ];
    for (recoveries, expected, message) in cases {
        let mut input = example();
        input.recoveries = recoveries;
        let err = compute(&input, d("2026-01-05")).unwrap_err();
        assert_eq!(err, expected);
        assert!(err.to_string().contains(message), "{err}");
    }

    let mut input = example();
    input.partial_recoveries = vec![PartialRecovery {
        from: d("2026-02-01"),
        working_percentage: 101,
    }];
    assert_eq!(
        compute(&input, d("2026-01-05")),
        Err(ClockError::PercentageTooHigh(101))
    );
    input.partial_recoveries[0] = PartialRecovery {
        from: d("2026-01-01"),
        working_percentage: 50,
    };
    assert!(matches!(
        compute(&input, d("2026-01-05")),
        Err(ClockError::PartialRecoveryBeforeFirstSickDay { .. })
    ));
}

#[test]
fn dates_after_the_year_9999_are_refused() {
    let late = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
    let err = compute(&ClockInput::new(late), d("2026-01-05")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the first sick day +10000-01-01 is after the year 9999"
    );
    let mut input = example();
    input.events.evaluations = vec![late];
    assert!(matches!(
        compute(&input, d("2026-01-05")),
        Err(ClockError::DateAfterYear9999 { .. })
    ));
    // Valid dates whose deadlines would pass the limit.
    assert_eq!(
        compute(&ClockInput::new(d("9999-06-01")), d("2026-01-05")),
        Err(ClockError::DeadlineAfterYear9999)
    );
    let mut input = example();
    input.extension_weeks = u32::MAX;
    assert_eq!(
        compute(&input, d("2026-01-05")),
        Err(ClockError::DeadlineAfterYear9999)
    );
    // The extremes of chrono's range do not panic either.
    let mut input = ClockInput::new(NaiveDate::MIN);
    input.recoveries.push(Recovery {
        recovered_on: NaiveDate::MIN.succ_opt().unwrap(),
        resick_on: Some(d("9999-12-31")),
    });
    assert!(compute(&input, NaiveDate::MIN).is_err());
}

#[test]
fn the_sick_day_helper_maps_both_ways() {
    let days = SickDays::new(d("2026-01-05"));
    assert_eq!(days.date_of(0), None);
    assert_eq!(days.date_of(1), Some(d("2026-01-05")));
    assert_eq!(days.date_of(42), Some(d("2026-02-15")));
    assert_eq!(days.day_of(d("2026-02-15")), Some(42));
    assert_eq!(days.week_of(d("2026-02-15")), Some(6));
    assert_eq!(days.week_of(d("2026-02-16")), Some(7));
    assert_eq!(days.day_of(d("2026-01-04")), None);
    assert_eq!(days.first_day(), d("2026-01-05"));
}

#[test]
fn contract_names_for_json_and_graphql() {
    let names = "PROBLEM_ANALYSIS SAFETY_NET_REPORT PLAN_OF_ACTION PLAN_EVALUATION \
                 UWV_42_WEEK_REPORT SECOND_OPINION LABOUR_EXPERT_EXAMINATION \
                 FIRST_YEAR_EVALUATION TRACK2_START EARLY_IVA_APPLICATION WIA_LETTER \
                 CURRENT_ASSESSMENT FINAL_EVALUATION RIV_TO_EMPLOYEE WIA_APPLICATION \
                 EMPLOYMENT_END_REPORT RIV_ON_LEAVING END_OF_WAGE_PAYMENT SANCTION_DECISION \
                 TRACK2_REPORT EXPERT_OPINION_FOLLOW_UP";
    let expected: Vec<&str> = names.split_whitespace().collect();
    let as_str: Vec<&str> = DeadlineKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(as_str, expected);
    for kind in DeadlineKind::ALL {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::json!(kind.as_str())
        );
        assert_eq!(
            async_graphql::InputType::to_value(&kind),
            async_graphql::Value::Enum(async_graphql::Name::new(kind.as_str()))
        );
    }
    for (status, name) in [
        (S::Upcoming, "UPCOMING"),
        (S::DueSoon, "DUE_SOON"),
        (S::Overdue, "OVERDUE"),
        (S::Done, "DONE"),
    ] {
        assert_eq!(status.as_str(), name);
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!(name)
        );
        assert_eq!(
            async_graphql::InputType::to_value(&status),
            async_graphql::Value::Enum(async_graphql::Name::new(name))
        );
    }
}

#[test]
fn the_json_form_matches_the_contract() {
    let t = compute(&example(), d("2026-02-10")).unwrap();
    let json = serde_json::to_value(t.to_json(false)).unwrap();
    assert_eq!(
        json["periods"],
        serde_json::json!([{
            "start": "2026-01-05", "end": null, "recoveredOn": null, "countsWithPrevious": false
        }])
    );
    assert_eq!(json["firstDay"], "2026-01-05");
    assert_eq!(
        json["deadlines"][0],
        serde_json::json!({"kind": "PROBLEM_ANALYSIS", "due": "2026-02-15", "week": 6})
    );
    let with_status = serde_json::to_value(t.to_json(true)).unwrap();
    let text = serde_json::to_string(&t.to_json(false)).unwrap();
    assert!(
        text.starts_with(r#"{"periods":[{"start":"2026-01-05","end":null,"#),
        "{text}"
    );
    assert!(
        text.contains(r#""deadlines":[{"kind":"PROBLEM_ANALYSIS","due":"2026-02-15","week":6},"#),
        "{text}"
    );
    assert_eq!(
        with_status["deadlines"][0],
        serde_json::json!({
            "kind": "PROBLEM_ANALYSIS", "due": "2026-02-15", "week": 6,
            "status": "DUE_SOON", "completedOn": null
        })
    );
}

#[test]
fn the_dutch_table() {
    assert_eq!(format_date_nl(d("2026-02-16")), "ma 16 feb 2026");
    assert_eq!(format_date_nl(d("2026-03-01")), "zo 1 mrt 2026");
    assert_eq!(format_date_nl(d("2026-10-31")), "za 31 okt 2026");
    let t = run(&relapse("2026-01-20", "2026-01-30"));
    let table = t.to_table_nl(false);
    assert!(
        table.contains("Eerste ziektedag (dag 1): ma 5 jan 2026"),
        "{table}"
    );
    assert!(
        table.contains("ma 5 jan 2026 t/m ma 19 jan 2026"),
        "{table}"
    );
    assert!(
        table.contains("vanaf vr 30 jan 2026, nog ziek (telt samen met de vorige)"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Probleemanalyse") && l.contains("  6  wo 25 feb 2026")),
        "{table}"
    );
    assert!(!table.contains("gepland"));
    assert!(t.to_table_nl(true).contains("Status"));
}
