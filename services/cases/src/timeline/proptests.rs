//! Properties of the engine over generated cases.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn from_2000(days: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(u64::from(days))
}

/// A first sick day between 2000 and about 2060.
fn sick_since() -> impl Strategy<Value = NaiveDate> {
    (0u32..22_000).prop_map(from_2000)
}

/// No extension or 13 to 60 weeks.
fn extension() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), 13u32..=60]
}

/// Any date chrono can hold, now and then beyond the year 9999.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        4 => (0u32..40_000).prop_map(from_2000),
        1 => any::<i32>().prop_map(|n| {
            NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MAX)
        }),
        1 => Just(NaiveDate::MAX),
        1 => Just(NaiveDate::MIN),
    ]
}

/// Ordered recoveries: (sick days, gap in days) per recovery, then whether the last
/// recovery had no new sick report.
fn recoveries(sick_since: NaiveDate, stretches: &[(u16, u16)], open_last: bool) -> Vec<Recovery> {
    let mut start = sick_since;
    let mut out = Vec::new();
    for (i, (sick, gap)) in stretches.iter().enumerate() {
        let recovered_on = start + Days::new(u64::from(*sick));
        let resick_on = recovered_on + Days::new(u64::from(*gap));
        let last = i + 1 == stretches.len();
        out.push(Recovery {
            recovered_on,
            resick_on: (!(last && open_last)).then_some(resick_on),
        });
        start = resick_on;
    }
    out
}

/// A valid input without case events, with recoveries, extension and sanction.
fn valid_input() -> impl Strategy<Value = ClockInput> {
    (
        sick_since(),
        prop::collection::vec((1u16..400, 1u16..60), 0..4),
        any::<bool>(),
        extension(),
        0u32..=52,
    )
        .prop_map(|(sick_since, stretches, open_last, ext, sanction)| {
            let mut input = ClockInput::new(sick_since);
            input.recoveries = recoveries(sick_since, &stretches, open_last);
            input.extension_weeks = ext;
            input.sanction = (sanction > 0).then(|| Sanction::of_weeks(sanction));
            input
        })
}

/// Case events at offsets from the first sick day (some before it, some far after).
fn events(sick_since: NaiveDate) -> impl Strategy<Value = Events> {
    let date = move || {
        prop::option::of((-100i64..1_000).prop_map(move |o| {
            sick_since
                .checked_add_signed(chrono::TimeDelta::days(o))
                .unwrap_or(sick_since)
        }))
    };
    let dates = move || prop::collection::vec(date().prop_filter_map("some", |d| d), 0..4);
    (
        (date(), date(), date(), date(), date(), date()),
        (date(), date(), date(), any::<bool>()),
        (
            dates(),
            dates(),
            prop::collection::vec((date(), date()), 0..3),
        ),
    )
        .prop_map(
            move |((pa, poa, uwv, eje, t2, ca), (fe, riv, wia, prospect), (evals, reports, eo))| {
                Events {
                    problem_analysis_on: pa,
                    plan_of_action_signed_on: poa,
                    evaluations: evals,
                    uwv_42_week_report_on: uwv,
                    first_year_evaluation_on: eje,
                    return_prospect_on: prospect.then_some(sick_since),
                    track2_started_on: t2,
                    current_assessment_on: ca,
                    final_evaluation_on: fe,
                    riv_to_employee_on: riv,
                    wia_application_on: wia,
                    track2_reports: reports,
                    expert_opinions: eo
                        .into_iter()
                        .filter_map(|(answered, follow_up)| {
                            answered.map(|answered_on| ExpertOpinionAnswer {
                                answered_on,
                                follow_up_on: follow_up,
                            })
                        })
                        .collect(),
                    ..Events::default()
                }
            },
        )
}

/// A valid input with case events too.
fn valid_input_with_events() -> impl Strategy<Value = ClockInput> {
    valid_input().prop_flat_map(|input| {
        let sick_since = input.sick_since;
        (Just(input), events(sick_since)).prop_map(|(mut input, events)| {
            input.events = events;
            input
        })
    })
}

fn dues_of(t: &Timeline, kind: DeadlineKind) -> Vec<NaiveDate> {
    t.deadlines
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.due)
        .collect()
}

proptest! {
    // More cases than the default 256: the engine is fast and the rules have many corners.
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn deadlines_lie_on_counted_sick_days_from_day_1_on_and_are_sorted(
        input in valid_input(),
        today in sick_since(),
    ) {
        let t = compute(&input, today).unwrap();
        let recovered_on = t.sick_days.recovered_on();
        for d in &t.deadlines {
            prop_assert!(d.due >= t.first_day, "{d:?} before day 1 {}", t.first_day);
            prop_assert!(recovered_on.is_none_or(|fit| d.due < fit), "{d:?} after recovery");
            if d.kind == DeadlineKind::Uwv42WeekReport {
                let day_294 = t.sick_days.date_of(294).unwrap();
                prop_assert!(is_working_day(d.due));
                prop_assert_eq!(Some(d.due), next_working_day_after(day_294));
            } else {
                let day = t.sick_days.day_of(d.due);
                prop_assert!(day.is_some(), "{d:?} not on a counted sick day");
                prop_assert_eq!(day.map(|n| n.div_ceil(7)), Some(d.week));
            }
        }
        let keys: Vec<_> = t.deadlines.iter().map(|d| (d.due, d.kind)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
    }

    #[test]
    fn a_gap_under_28_days_shifts_every_later_deadline_by_the_gap(
        sick_since in sick_since(),
        sick in 1u64..900,
        gap in 1u64..28,
        ext in extension(),
        sanction in 0u32..=52,
    ) {
        // Seen from day 1: an overdue WIA application extends wage payment by the days up to
        // today, which a gap does not shift (a property of its own below).
        let today = sick_since;
        let mut without = ClockInput::new(sick_since);
        without.extension_weeks = ext;
        without.sanction = (sanction > 0).then(|| Sanction::of_weeks(sanction));
        let recovered_on = sick_since + Days::new(sick);
        let mut with = without.clone();
        with.recoveries.push(Recovery {
            recovered_on,
            resick_on: Some(recovered_on + Days::new(gap)),
        });
        let a = compute(&without, today).unwrap();
        let b = compute(&with, today).unwrap();
        prop_assert_eq!(a.first_day, b.first_day);
        prop_assert_eq!(a.deadlines.len(), b.deadlines.len());
        let shift = |date: NaiveDate| {
            if date >= recovered_on { date + Days::new(gap) } else { date }
        };
        for kind in DeadlineKind::ALL {
            let expected: Vec<NaiveDate> = if kind == DeadlineKind::Uwv42WeekReport {
                // The counted day 294 shifts; the working-day rule then applies to it.
                let day_294 = a.sick_days.date_of(294).unwrap();
                vec![next_working_day_after(shift(day_294)).unwrap()]
            } else {
                dues_of(&a, kind).into_iter().map(shift).collect()
            };
            prop_assert_eq!(dues_of(&b, kind), expected, "{:?}", kind);
        }
    }

    #[test]
    fn a_gap_of_28_days_or_more_starts_afresh_on_the_new_sick_report(
        input in valid_input(),
        sick in 1u64..900,
        gap in 28u64..400,
        today in sick_since(),
    ) {
        // Put the long gap in front of a generated case.
        let recovered_on = input.sick_since;
        let mut earlier = input.clone();
        earlier.sick_since = recovered_on.checked_sub_days(Days::new(sick + gap)).unwrap();
        earlier.recoveries.insert(0, Recovery {
            recovered_on: recovered_on.checked_sub_days(Days::new(gap)).unwrap(),
            resick_on: Some(recovered_on),
        });
        let a = compute(&earlier, today).unwrap();
        let b = compute(&input, today).unwrap();
        prop_assert_eq!(a.first_day, b.first_day);
        prop_assert_eq!(&a.deadlines, &b.deadlines);
        prop_assert_eq!(&a.periods[1..], &b.periods[..]);
    }

    #[test]
    fn partial_recoveries_never_change_the_output(
        input in valid_input_with_events(),
        partial in prop::collection::vec((0u64..800, 0u8..=100), 1..5),
        today in sick_since(),
    ) {
        let base = compute(&input, today).unwrap();
        let mut with = input.clone();
        with.partial_recoveries = partial
            .into_iter()
            .map(|(offset, working_percentage)| PartialRecovery {
                from: input.sick_since + Days::new(offset),
                working_percentage,
            })
            .collect();
        prop_assert_eq!(compute(&with, today).unwrap(), base);
    }

    #[test]
    fn valid_cases_with_events_are_computed_and_sorted(
        input in valid_input_with_events(),
        today in sick_since(),
    ) {
        let t = compute(&input, today).unwrap();
        prop_assert!(t.deadlines.iter().all(|d| d.due >= t.first_day));
        prop_assert!(t.deadlines.windows(2).all(|w| (w[0].due, w[0].kind) <= (w[1].due, w[1].kind)));
        for d in &t.deadlines {
            prop_assert_eq!(d.status == DeadlineStatus::Done, d.completed_on.is_some());
        }
    }

    #[test]
    fn the_engine_never_panics(
        sick_since in any_date(),
        recoveries in prop::collection::vec((any_date(), prop::option::of(any_date())), 0..4),
        partial in prop::collection::vec((any_date(), any::<u8>()), 0..3),
        ext in prop_oneof![any::<u32>(), 0u32..30, 1_000u32..500_000],
        sanction in prop_oneof![any::<u32>(), 0u32..60],
        today in any_date(),
        events_at in any_date(),
        prospect in any::<bool>(),
    ) {
        let mut input = ClockInput::new(sick_since);
        input.recoveries = recoveries
            .into_iter()
            .map(|(recovered_on, resick_on)| Recovery { recovered_on, resick_on })
            .collect();
        input.partial_recoveries = partial
            .into_iter()
            .map(|(from, working_percentage)| PartialRecovery { from, working_percentage })
            .collect();
        input.extension_weeks = ext;
        input.sanction = Some(Sanction::of_weeks(sanction));
        input.events = Events {
            plan_of_action_signed_on: Some(events_at),
            evaluations: vec![events_at, sick_since],
            first_year_evaluation_on: Some(events_at),
            track2_started_on: Some(events_at),
            track2_reports: vec![events_at],
            expert_opinions: vec![ExpertOpinionAnswer { answered_on: events_at, follow_up_on: None }],
            return_prospect_on: prospect.then_some(events_at),
            ..Events::default()
        };
        if let Ok(t) = compute(&input, today) {
            prop_assert!(t.deadlines.windows(2).all(|w| (w[0].due, w[0].kind) <= (w[1].due, w[1].kind)));
            prop_assert!(t.deadlines.iter().all(|d| d.due >= t.first_day && d.due <= last_date()));
            prop_assert!(serde_json::to_string(&t.to_json(true)).is_ok());
            let _ = t.to_table_nl(true);
        }
    }
}

/// A valid input with events, now and then a pregnancy leave and the end of employment.
fn input_with_leave_and_leaving() -> impl Strategy<Value = ClockInput> {
    (
        valid_input_with_events(),
        prop::option::of((0u64..700, 1u64..120)),
        prop::option::of(0u64..900),
    )
        .prop_map(|(mut input, leave, leaving)| {
            if let Some((from, days)) = leave {
                let from = input.sick_since + Days::new(from);
                input.leaves.push(Leave {
                    from,
                    until: from + Days::new(days),
                });
            }
            input.employment_ends_on = leaving.map(|d| input.sick_since + Days::new(d));
            input
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The case list reads what the clock computed on an earlier day (issue 21's read model):
    /// up to `steady_until` the deadlines are the same but for their statuses, which follow
    /// from the day, and the sick week follows from `counting_from` in closed form.
    #[test]
    fn up_to_its_steady_day_a_timeline_changes_only_its_statuses_and_sick_week(
        input in input_with_leave_and_leaving(),
        offset in 0i64..900,
        later in any::<u32>(),
    ) {
        let today = input.sick_since + chrono::TimeDelta::days(offset);
        let Ok(t) = compute(&input, today) else { return Ok(()) };
        let steady = t.steady_until(&input, today);
        let counting = t.sick_days.counting_from(today);
        let mut span = (steady - today).num_days().min(800);
        if let Some(resumes) = counting.resumes_on {
            span = span.min((resumes - today).num_days() - 1);
        }
        prop_assume!(span >= 0);
        let day = today + chrono::TimeDelta::days(i64::from(later) % (span + 1));
        let u = compute(&input, day).unwrap();
        let strip = |t: &Timeline| {
            t.deadlines
                .iter()
                .map(|d| (d.kind, d.due, d.completed_on, d.week))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(strip(&t), strip(&u), "from {} to {} (steady until {})", today, day, steady);
        for d in &u.deadlines {
            prop_assert_eq!(d.status, status(d.due, d.completed_on, day));
        }
        prop_assert_eq!(counting.week_of(day), u.sick_days.week_of(day), "week on {} counted from {}", day, today);
    }
}
