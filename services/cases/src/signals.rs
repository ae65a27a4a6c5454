//! Sanction-risk signals: the most common causes of a wage sanction (docs/domain.md §7), computed
//! from a case and its clock so the employer is warned before UWV judges the file.

use chrono::{Duration, NaiveDate};

use crate::model::{CaseRecord, CaseStatus, RiskSignalKind};
use crate::timeline::{DeadlineKind, Timeline};

/// Days the employer has to act on the company doctor's advice.
pub const ADVICE_ACTION_DAYS: i64 = 14;
/// Days without logged contact after which the employee counts as unreachable.
pub const UNREACHABLE_AFTER_DAYS: i64 = 42;

/// One risk on a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskSignal {
    /// Which risk.
    pub kind: RiskSignalKind,
    /// The first day the risk holds.
    pub since: NaiveDate,
    /// The date it refers to: the missed deadline, the advice, the last contact.
    pub reference: NaiveDate,
}

/// The risks of a case on `today`. Only an open case carries risks: a recovered or closed case
/// has nothing left to do on time.
pub fn risk_signals(record: &CaseRecord, timeline: &Timeline, today: NaiveDate) -> Vec<RiskSignal> {
    let mut out = coming_signals(record, timeline, today);
    out.retain(|s| s.since <= today);
    out
}

/// The risks that hold on `today` and those that will hold from a later day unless something
/// is recorded before it (`since` after `today`): a plan of action not signed by its due date,
/// advice not acted on, no contact. [`risk_signals`] is these as of `today`; the case list's
/// read model keeps them all, so the list of a later day needs no clock. Valid while the
/// timeline is (`Timeline::steady_until`) and, with a running track 2, until its month ends
/// ([`effort_steady_until`]).
pub fn coming_signals(
    record: &CaseRecord,
    timeline: &Timeline,
    today: NaiveDate,
) -> Vec<RiskSignal> {
    let mut out = Vec::new();
    if record.case.status != CaseStatus::Open {
        return out;
    }
    // The earliest step of a kind not done: it is overdue from the day after its date.
    let open = |kind: DeadlineKind| {
        timeline
            .deadlines
            .iter()
            .filter(|d| d.kind == kind && d.completed_on.is_none())
            .min_by_key(|d| d.due)
    };
    for (deadline, kind) in [
        (DeadlineKind::PlanOfAction, RiskSignalKind::PlanOfActionLate),
        (DeadlineKind::Track2Start, RiskSignalKind::Track2Late),
    ] {
        if let Some(d) = open(deadline) {
            out.push(RiskSignal {
                kind,
                since: d.due + Duration::days(1),
                reference: d.due,
            });
        }
    }
    if let Some(advice) = record.case.advice_given_on {
        let acted = record.case.plan_changed_on.is_some_and(|on| on >= advice);
        let limit = advice + Duration::days(ADVICE_ACTION_DAYS);
        if !acted {
            out.push(RiskSignal {
                kind: RiskSignalKind::AdviceNotFollowed,
                since: limit + Duration::days(1),
                reference: advice,
            });
        }
    }
    // The sick report itself is the first contact; a relapse is a new one.
    let mut last_contact = record.case.sick_since;
    for r in &record.recoveries {
        if let Some(resick) = r.resick_on {
            last_contact = last_contact.max(resick);
        }
    }
    if let Some(logged) = record.case.last_contact_on {
        last_contact = last_contact.max(logged);
    }
    let limit = last_contact + Duration::days(UNREACHABLE_AFTER_DAYS);
    out.push(RiskSignal {
        kind: RiskSignalKind::EmployeeUnreachable,
        since: limit + Duration::days(1),
        reference: last_contact,
    });
    if let Some(track2) = &record.track2
        && let (_, Some(since)) = reintegration::model::effort(track2, today)
    {
        out.push(RiskSignal {
            kind: RiskSignalKind::Track2EffortLow,
            since,
            reference: track2.started_on,
        });
    }
    out
}

/// The last day the track 2 effort signal of `record`, as of `today`, stays as it is: the day
/// before the current track 2 month ends (a month is judged once it is complete). The last
/// date there is when no track 2 runs.
pub fn effort_steady_until(record: &CaseRecord, today: NaiveDate) -> NaiveDate {
    let Some(track2) = &record.track2 else {
        return crate::timeline::last_date();
    };
    (1u32..)
        .map_while(|i| track2.started_on.checked_add_months(chrono::Months::new(i)))
        .find(|boundary| *boundary > today)
        .and_then(|boundary| boundary.pred_opt())
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::case_file;
    use crate::timeline;
    use uuid::Uuid;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn record(sick_since: &str) -> CaseRecord {
        CaseRecord::bare(case_file::Model::opened(
            Uuid::nil(),
            Uuid::nil(),
            Uuid::nil(),
            d(sick_since),
            chrono::Utc::now(),
        ))
    }

    fn kinds(r: &CaseRecord, today: &str) -> Vec<(RiskSignalKind, NaiveDate)> {
        let t = timeline::compute(&r.clock_input(), d(today)).unwrap();
        risk_signals(r, &t, d(today))
            .into_iter()
            .map(|s| (s.kind, s.since))
            .collect()
    }

    #[test]
    fn a_plan_not_signed_by_week_8_is_a_risk_from_day_57() {
        let mut r = record("2026-01-01");
        r.case.last_contact_on = Some(d("2026-02-25"));
        // Week 8 ends on day 56: 2026-02-25.
        assert_eq!(kinds(&r, "2026-02-25"), vec![]);
        assert_eq!(
            kinds(&r, "2026-02-26"),
            vec![(RiskSignalKind::PlanOfActionLate, d("2026-02-26"))]
        );
    }

    #[test]
    fn no_contact_for_six_weeks_makes_the_employee_unreachable() {
        let mut r = record("2026-01-01");
        // Day 1 counts as contact: 42 days later is still fine, the 43rd day is not.
        assert_eq!(kinds(&r, "2026-02-12"), vec![]);
        assert_eq!(
            kinds(&r, "2026-02-13"),
            vec![(RiskSignalKind::EmployeeUnreachable, d("2026-02-13"))]
        );
        r.case.last_contact_on = Some(d("2026-02-10"));
        assert_eq!(kinds(&r, "2026-02-13"), vec![]);
    }

    #[test]
    fn advice_not_acted_on_within_two_weeks_is_a_risk() {
        let mut r = record("2026-01-01");
        r.case.last_contact_on = Some(d("2026-01-20"));
        r.case.advice_given_on = Some(d("2026-01-10"));
        assert_eq!(kinds(&r, "2026-01-24"), vec![]);
        assert_eq!(
            kinds(&r, "2026-01-25"),
            vec![(RiskSignalKind::AdviceNotFollowed, d("2026-01-25"))]
        );
        // Changing the plan (or logging an agreement) after the advice answers it.
        r.case.plan_changed_on = Some(d("2026-01-22"));
        assert_eq!(kinds(&r, "2026-01-25"), vec![]);
        // A change before the advice does not.
        r.case.plan_changed_on = Some(d("2026-01-09"));
        assert_eq!(kinds(&r, "2026-01-25").len(), 1);
    }

    #[test]
    fn track_2_not_started_six_weeks_after_the_first_year_evaluation_is_a_risk() {
        let mut r = record("2025-01-01");
        r.case.last_contact_on = Some(d("2026-02-20"));
        r.milestones.push(crate::model::StepDone {
            id: Uuid::nil(),
            case_id: Uuid::nil(),
            kind: crate::timeline::DeadlineKind::PlanOfAction,
            occurred_on: d("2025-02-01"),
            note: None,
        });
        // No first-year evaluation recorded: track 2 is due at day 364 + 42 = 406 (2026-02-10).
        let signals = kinds(&r, "2026-02-20");
        assert!(signals.contains(&(RiskSignalKind::Track2Late, d("2026-02-11"))));
        assert!(
            !signals
                .iter()
                .any(|s| s.0 == RiskSignalKind::PlanOfActionLate)
        );
        // A prospect of return in the own organisation, recorded in time, lets track 2 wait
        // three months (until 2026-04-15) ...
        r.case.return_prospect = true;
        r.case.return_prospect_on = Some(d("2026-01-15"));
        assert!(
            !kinds(&r, "2026-02-20")
                .iter()
                .any(|s| s.0 == RiskSignalKind::Track2Late)
        );
        // ... and no longer: without the return, track 2 is late after that.
        assert!(kinds(&r, "2026-04-20").contains(&(RiskSignalKind::Track2Late, d("2026-04-16"))));
    }

    #[test]
    fn track_2_below_the_agreed_intensity_two_months_running_is_a_risk() {
        let mut r = record("2025-01-01");
        r.case.last_contact_on = Some(d("2026-02-15"));
        r.track2 = Some(reintegration::model::EffortInput {
            started_on: d("2025-12-01"),
            contacts_per_month: 2,
            applications_per_month: 1,
            contacts: vec![d("2025-12-03"), d("2025-12-17"), d("2026-01-10")],
            applications: vec![d("2025-12-05"), d("2026-01-12"), d("2026-02-02")],
        });
        let effort = |today: &str| {
            kinds(&r, today)
                .into_iter()
                .filter(|(k, _)| *k == RiskSignalKind::Track2EffortLow)
                .collect::<Vec<_>>()
        };
        // December met the agreement, January did not: one month is no risk yet.
        assert_eq!(effort("2026-02-20"), vec![]);
        // February (1 Feb – 28 Feb) has one application and no contact: the second month.
        assert_eq!(
            effort("2026-03-02"),
            vec![(RiskSignalKind::Track2EffortLow, d("2026-03-01"))]
        );
    }

    #[test]
    fn a_recovered_case_carries_no_risk() {
        let mut r = record("2025-01-01");
        r.case.status = CaseStatus::Recovered;
        r.recoveries.push(crate::entities::case_recovery::Model {
            id: Uuid::nil(),
            tenant_id: Uuid::nil(),
            case_id: Uuid::nil(),
            recovered_on: d("2025-06-01"),
            resick_on: None,
            created_at: chrono::Utc::now(),
        });
        assert_eq!(kinds(&r, "2026-02-20"), vec![]);
    }
}
