//! Which parts of the RIV are there, missing or stale, as UWV checks them at the WIA
//! application.

use chrono::{Months, NaiveDate};

use platform::document::DocumentType;

use super::{Completeness, PartStatus, RivData, RivPart, RivPartState};
use crate::file::plan_status;
use crate::model::{EvaluationKind, PlanStatus};
use crate::timeline::DeadlineKind;

fn state(
    present: Option<NaiveDate>,
    due: Option<NaiveDate>,
    stale_before: Option<NaiveDate>,
    today: NaiveDate,
) -> RivPartState {
    match present {
        Some(last) if stale_before.is_some_and(|limit| last < limit) => RivPartState::Stale,
        Some(_) => RivPartState::Present,
        None if due.is_some_and(|d| d < today) => RivPartState::Missing,
        None => RivPartState::NotYetDue,
    }
}

pub(super) fn check(data: &RivData, today: NaiveDate) -> Completeness {
    // The latest of the dates a part was done on: the milestones of `step`, the dates in
    // `also`, and CASE documents of the types in `docs`.
    let done = |step: Option<DeadlineKind>, also: Vec<NaiveDate>, docs: &[DocumentType]| {
        step.map(|k| data.milestones(k))
            .unwrap_or_default()
            .into_iter()
            .chain(also)
            .chain(data.docs(docs))
            .max()
    };
    let signed_plan = data
        .plans
        .iter()
        .filter(|p| plan_status(p) == PlanStatus::Signed)
        .filter_map(|p| p.employee_signed_at.max(p.employer_signed_at))
        .map(platform::clock::dutch_date)
        .max();
    let evaluated = |kind| -> Vec<NaiveDate> {
        data.evaluations_of(kind)
            .iter()
            .map(|e| e.held_on)
            .collect()
    };
    let adjusted: Vec<NaiveDate> = data
        .plans
        .iter()
        .filter(|p| p.is_adjustment)
        .map(|p| platform::clock::dutch_date(p.created_at))
        .collect();
    let employee_view = data
        .evaluations_of(EvaluationKind::Final)
        .iter()
        .filter_map(|e| e.employee_view_at)
        .map(platform::clock::dutch_date)
        .max();
    let open = data.record.case.closed_on.is_none();
    let track2 = data.track2();
    let track2_start = data.due(DeadlineKind::Track2Start);
    let due = |kind| data.due(kind);
    // (part, last done, due, stale when last done before, part of this case's RIV)
    let rows = [
        (
            RivPart::ProblemAnalysis,
            done(
                Some(DeadlineKind::ProblemAnalysis),
                vec![],
                &[DocumentType::ProblemAnalysis],
            ),
            due(DeadlineKind::ProblemAnalysis),
            None,
            true,
        ),
        (
            RivPart::PlanOfAction,
            done(
                None,
                signed_plan.into_iter().collect(),
                &[DocumentType::PlanOfAction],
            ),
            due(DeadlineKind::PlanOfAction),
            None,
            true,
        ),
        // Evaluated at least every 6 weeks: one missed is a reminder, two (12 weeks) make
        // the part stale in UWV's eyes.
        (
            RivPart::PlanEvaluations,
            done(
                None,
                [evaluated(EvaluationKind::Periodic), adjusted].concat(),
                &[DocumentType::Evaluation, DocumentType::PlanAdjustment],
            ),
            due(DeadlineKind::PlanEvaluation).filter(|_| signed_plan.is_some()),
            today
                .checked_sub_days(chrono::Days::new(84))
                .filter(|_| open),
            true,
        ),
        (
            RivPart::ActivityLog,
            done(
                None,
                data.activities.iter().map(|a| a.occurred_on).collect(),
                &[],
            ),
            due(DeadlineKind::PlanOfAction),
            None,
            true,
        ),
        (
            RivPart::WorkabilityAdvice,
            done(None, data.advice.iter().map(|a| a.given_on).collect(), &[]),
            due(DeadlineKind::ProblemAnalysis),
            None,
            true,
        ),
        (
            RivPart::Uwv42WeekReport,
            done(Some(DeadlineKind::Uwv42WeekReport), vec![], &[]),
            due(DeadlineKind::Uwv42WeekReport),
            None,
            true,
        ),
        (
            RivPart::FirstYearEvaluation,
            done(None, evaluated(EvaluationKind::FirstYear), &[]),
            due(DeadlineKind::FirstYearEvaluation),
            None,
            true,
        ),
        (
            RivPart::LabourExpertReport,
            done(None, vec![], &[DocumentType::LabourExpertReport]),
            track2_start,
            None,
            track2,
        ),
        (
            RivPart::Track2Reports,
            done(
                Some(DeadlineKind::Track2Report),
                vec![],
                &[DocumentType::Track2Report],
            ),
            due(DeadlineKind::Track2Report).or(track2_start),
            None,
            track2,
        ),
        (
            RivPart::CurrentAssessment,
            done(
                Some(DeadlineKind::CurrentAssessment),
                vec![],
                &[DocumentType::CurrentAssessment],
            ),
            due(DeadlineKind::CurrentAssessment),
            today.checked_sub_months(Months::new(3)).filter(|_| open),
            true,
        ),
        (
            RivPart::FinalEvaluation,
            done(
                None,
                evaluated(EvaluationKind::Final),
                &[DocumentType::FinalEvaluation],
            ),
            due(DeadlineKind::FinalEvaluation),
            None,
            true,
        ),
        (
            RivPart::EmployeeView,
            employee_view,
            due(DeadlineKind::FinalEvaluation),
            None,
            true,
        ),
    ];
    Completeness {
        parts: rows
            .into_iter()
            .map(|(part, last_on, due_on, stale, applicable)| PartStatus {
                part,
                state: if applicable {
                    state(last_on, due_on, stale, today)
                } else if last_on.is_some() {
                    RivPartState::Present
                } else {
                    RivPartState::NotApplicable
                },
                last_on,
                due_on: due_on.filter(|_| applicable),
            })
            .collect(),
        due_on: due(DeadlineKind::RivToEmployee),
    }
}
