//! Reminder policies: for each deadline kind, who is reminded and when. Sensible Dutch defaults
//! are built in; an HR administrator changes them per tenant.

use std::collections::HashMap;

use platform::{AppError, AppResult, ErrorReason};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use cases::schedule::StepKind;

use crate::entities::reminder_policy;
pub use crate::entities::reminder_policy::{DaysBefore, Recipients, ReminderRecipient};

/// What is reminded of: the legal deadlines and a pending expert opinion's expected answer.
pub const SUBJECTS: [StepKind; 23] = [
    StepKind::ProblemAnalysis,
    StepKind::SafetyNetReport,
    StepKind::PlanOfAction,
    StepKind::PlanEvaluation,
    StepKind::Uwv42WeekReport,
    StepKind::SecondOpinion,
    StepKind::LabourExpertExamination,
    StepKind::FirstYearEvaluation,
    StepKind::Track2Start,
    StepKind::EarlyIvaApplication,
    StepKind::WiaLetter,
    StepKind::CurrentAssessment,
    StepKind::FinalEvaluation,
    StepKind::RivToEmployee,
    StepKind::WiaApplication,
    StepKind::EmploymentEndReport,
    StepKind::RivOnLeaving,
    StepKind::EndOfWagePayment,
    StepKind::SanctionDecision,
    StepKind::Track2Report,
    StepKind::ExpertOpinionFollowUp,
    StepKind::ExpertOpinionAnswer,
    StepKind::SickReportConfirmation,
];

/// A policy for one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The subject.
    pub subject: StepKind,
    /// Whether to remind at all.
    pub enabled: bool,
    /// Who.
    pub recipients: Vec<ReminderRecipient>,
    /// Days before the due date to remind (0 = on the day), largest first.
    pub days_before: Vec<u32>,
    /// After the due date, remind every so many days until it is done (0 = never).
    pub overdue_every_days: u32,
}

/// Who may receive reminders of `subject`: the doctor only of his own steps, the agency only of
/// track 2 ones, the employee of what he must do or sign.
pub fn allowed(subject: StepKind) -> &'static [ReminderRecipient] {
    use ReminderRecipient::*;
    match subject {
        StepKind::ProblemAnalysis | StepKind::CurrentAssessment => {
            &[CaseManager, Manager, CompanyDoctor]
        }
        StepKind::Track2Start | StepKind::Track2Report => &[CaseManager, Manager, Employee, Agency],
        StepKind::PlanOfAction
        | StepKind::PlanEvaluation
        | StepKind::FirstYearEvaluation
        | StepKind::FinalEvaluation
        | StepKind::RivToEmployee
        | StepKind::WiaApplication
        | StepKind::WiaLetter
        | StepKind::EarlyIvaApplication
        | StepKind::SecondOpinion
        | StepKind::ExpertOpinionFollowUp => &[CaseManager, Manager, Employee],
        StepKind::ExpertOpinionAnswer => &[CaseManager, Employee],
        // The employer's to confirm; the line manager may be told too.
        StepKind::SickReportConfirmation => &[CaseManager, Manager],
        _ => &[CaseManager, Manager],
    }
}

/// The built-in policy of `subject`.
pub fn default_policy(subject: StepKind) -> Policy {
    use ReminderRecipient::*;
    let (recipients, days_before, overdue_every_days): (Vec<ReminderRecipient>, Vec<u32>, u32) =
        match subject {
            StepKind::ProblemAnalysis | StepKind::CurrentAssessment => {
                (vec![CompanyDoctor, CaseManager], vec![14, 3, 0], 7)
            }
            StepKind::PlanOfAction | StepKind::FirstYearEvaluation | StepKind::FinalEvaluation => {
                (vec![CaseManager, Employee], vec![14, 3, 0], 7)
            }
            StepKind::PlanEvaluation => (vec![CaseManager], vec![7, 0], 7),
            StepKind::Uwv42WeekReport | StepKind::RivToEmployee => {
                (vec![CaseManager], vec![14, 3, 0], 7)
            }
            StepKind::Track2Start => (vec![CaseManager, Agency], vec![14, 3, 0], 7),
            StepKind::Track2Report => (vec![Agency, CaseManager], vec![7, 0], 7),
            StepKind::WiaApplication => (vec![Employee, CaseManager], vec![28, 14, 3, 0], 7),
            StepKind::EndOfWagePayment => (vec![CaseManager], vec![28, 7], 0),
            StepKind::SafetyNetReport | StepKind::EmploymentEndReport | StepKind::RivOnLeaving => {
                (vec![CaseManager], vec![14, 3, 0], 7)
            }
            StepKind::LabourExpertExamination => (vec![CaseManager], vec![28, 14, 0], 7),
            StepKind::SecondOpinion => (vec![CaseManager, Employee], vec![7, 0], 7),
            // An option, not a duty: it lapses at its date, so no overdue reminders.
            StepKind::EarlyIvaApplication => (vec![Employee, CaseManager], vec![28, 7], 0),
            // Checked on the day: did UWV's letter come?
            StepKind::WiaLetter => (vec![Employee, CaseManager], vec![0], 7),
            StepKind::SanctionDecision => (vec![CaseManager], vec![0], 7),
            StepKind::ExpertOpinionFollowUp => (vec![CaseManager, Employee], vec![14, 3, 0], 7),
            // UWV's answer is expected on the due date; remind the requester from then on.
            StepKind::ExpertOpinionAnswer => (vec![CaseManager, Employee], vec![0], 7),
            // The case manager (or HR) is e-mailed at once when the employee reports; after
            // that a reminder every day until he confirms.
            StepKind::SickReportConfirmation => (vec![CaseManager], vec![], 1),
        };
    Policy {
        subject,
        enabled: true,
        recipients,
        days_before,
        overdue_every_days,
    }
}

/// Checks a policy an administrator wants to save.
pub fn validate(policy: &Policy) -> AppResult<()> {
    if let Some(r) = policy
        .recipients
        .iter()
        .find(|r| !allowed(policy.subject).contains(r))
    {
        return Err(AppError::validation(
            ErrorReason::RecipientNotAllowed,
            "recipients",
            format!("{} cannot be reminded of this deadline", r.as_str()),
        ));
    }
    if policy.days_before.len() > 6 || policy.days_before.iter().any(|d| *d > 90) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "daysBefore",
            "at most 6 moments, each at most 90 days before",
        ));
    }
    if policy.overdue_every_days > 90 {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "overdueEveryDays",
            "at most every 90 days",
        ));
    }
    Ok(())
}

pub(crate) fn from_row(row: &reminder_policy::Model) -> Policy {
    let mut days_before = row.days_before.0.clone();
    days_before.sort_unstable_by(|a, b| b.cmp(a));
    days_before.dedup();
    Policy {
        subject: row.deadline_kind,
        enabled: row.enabled,
        recipients: row
            .recipients
            .0
            .iter()
            .copied()
            .filter(|r| allowed(row.deadline_kind).contains(r))
            .collect(),
        days_before,
        overdue_every_days: u32::try_from(row.overdue_every_days).unwrap_or(0),
    }
}

/// Every subject's policy in effect for `tenant`.
pub async fn policies(
    db: &impl ConnectionTrait,
    tenant: Uuid,
) -> AppResult<HashMap<StepKind, Policy>> {
    let mut out: HashMap<StepKind, Policy> =
        SUBJECTS.iter().map(|s| (*s, default_policy(*s))).collect();
    for row in reminder_policy::Entity::find()
        .filter(reminder_policy::Column::TenantId.eq(tenant))
        .all(db)
        .await?
    {
        out.insert(row.deadline_kind, from_row(&row));
    }
    Ok(out)
}

/// [`policies`] of several employers, one statement.
pub async fn policies_of(
    db: &impl ConnectionTrait,
    tenants: Vec<Uuid>,
) -> AppResult<HashMap<Uuid, HashMap<StepKind, Policy>>> {
    let defaults: HashMap<StepKind, Policy> =
        SUBJECTS.iter().map(|s| (*s, default_policy(*s))).collect();
    let mut out: HashMap<Uuid, HashMap<StepKind, Policy>> =
        tenants.iter().map(|t| (*t, defaults.clone())).collect();
    if tenants.is_empty() {
        return Ok(out);
    }
    for row in reminder_policy::Entity::find()
        .filter(reminder_policy::Column::TenantId.is_in(tenants))
        .all(db)
        .await?
    {
        if let Some(of_tenant) = out.get_mut(&row.tenant_id) {
            of_tenant.insert(row.deadline_kind, from_row(&row));
        }
    }
    Ok(out)
}

/// The step of a policy that falls on or before `today` and is the latest one: `D-14`, `D-3`,
/// `D-0` before and on the due date, `OVERDUE-7`, `OVERDUE-14`, ... after it. A sweep that
/// missed days sends the latest step only, once. `legal` steps (on and after the due date)
/// reach everyone; the advance ones can be switched off by a user.
pub fn step(policy: &Policy, due: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<Step> {
    if !policy.enabled {
        return None;
    }
    let days_left = (due - today).num_days();
    if days_left >= 0 {
        let days_left = u32::try_from(days_left).ok()?;
        return policy
            .days_before
            .iter()
            .filter(|d| **d >= days_left)
            .min()
            .map(|d| Step {
                name: format!("D-{d}"),
                legal: *d == 0,
            });
    }
    let late = u32::try_from(-days_left).ok()?;
    match policy.overdue_every_days {
        0 => None,
        every if late < every => policy.days_before.contains(&0).then(|| Step {
            name: "D-0".into(),
            legal: true,
        }),
        every => Some(Step {
            name: format!("OVERDUE-{}", late / every * every),
            legal: true,
        }),
    }
}

/// One moment of a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// `D-14`, `D-0`, `OVERDUE-7`.
    pub name: String,
    /// Always sent (on or after the due date), or an advance notice a user may switch off.
    pub legal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn the_latest_step_on_or_before_today_is_chosen() {
        let p = default_policy(StepKind::PlanOfAction);
        let due = d(20);
        let name = |today| step(&p, due, today).map(|s| s.name);
        assert_eq!(name(d(5)), None, "more than 14 days ahead");
        assert_eq!(name(d(6)), Some("D-14".into()));
        assert_eq!(name(d(16)), Some("D-14".into()), "still the 14-day notice");
        assert_eq!(name(d(17)), Some("D-3".into()));
        assert_eq!(name(d(20)), Some("D-0".into()));
        assert_eq!(name(d(26)), Some("D-0".into()), "late, not yet a week");
        assert_eq!(name(d(27)), Some("OVERDUE-7".into()));
        assert_eq!(name(d(31)), Some("OVERDUE-7".into()));
        assert!(step(&p, due, d(27)).unwrap().legal);
        assert!(!step(&p, due, d(17)).unwrap().legal, "an advance notice");
        let end = default_policy(StepKind::EndOfWagePayment);
        assert_eq!(
            step(&end, due, d(25)),
            None,
            "nothing after the end of wage payment"
        );
        let off = Policy {
            enabled: false,
            ..p
        };
        assert_eq!(step(&off, due, d(20)), None);
    }

    #[test]
    fn the_doctor_hears_only_of_his_steps_and_the_agency_only_of_track_2() {
        for subject in SUBJECTS {
            let p = default_policy(subject);
            assert!(validate(&p).is_ok(), "{subject:?}");
            let doctor = p.recipients.contains(&ReminderRecipient::CompanyDoctor);
            assert_eq!(
                doctor,
                matches!(
                    subject,
                    StepKind::ProblemAnalysis | StepKind::CurrentAssessment
                ),
                "{subject:?}"
            );
            assert!(
                !p.recipients.contains(&ReminderRecipient::Agency)
                    || subject.as_str().starts_with("TRACK2"),
                "{subject:?}"
            );
        }
        let mut wrong = default_policy(StepKind::PlanOfAction);
        wrong.recipients.push(ReminderRecipient::CompanyDoctor);
        assert!(validate(&wrong).is_err());
    }

    #[test]
    fn every_step_has_a_policy() {
        use sea_orm::Iterable;
        for kind in StepKind::iter() {
            assert!(SUBJECTS.contains(&kind), "{kind:?} has no reminder policy");
        }
    }
}
