//! Types of track 2 and the effort indicator (a pure function of the agreed intensity and the
//! dates of what was done).

use chrono::{Months, NaiveDate};
use platform::stored_enum;

stored_enum! {
    /// How a contact moment took place.
    Track2ContactKind {
        /// In person.
        Meeting = "MEETING",
        /// By telephone.
        Phone = "PHONE",
        /// By video call.
        Video = "VIDEO",
        /// By e-mail or message.
        Message = "MESSAGE",
    }
}

stored_enum! {
    /// An activity to become work-fit, or a work placement.
    Track2ActivityKind {
        /// Training (opleiding).
        Training = "TRAINING",
        /// A course (cursus).
        Course = "COURSE",
        /// Coaching, job-search training.
        Coaching = "COACHING",
        /// A work placement (werkplekervaring): a re-integration activity, not paid work.
        WorkPlacement = "WORK_PLACEMENT",
        /// Anything else (volunteering, a test).
        Other = "OTHER",
    }
}

stored_enum! {
    /// An application by the employee, or a proposal of the employee to an employer by the
    /// agency.
    ApplicationKind {
        /// Sollicitatie.
        Application = "APPLICATION",
        /// Voordracht: the agency proposed the employee.
        Proposal = "PROPOSAL",
    }
}

stored_enum! {
    /// Through which channel.
    ApplicationChannel {
        /// On a published vacancy.
        Vacancy = "VACANCY",
        /// An open application.
        Open = "OPEN",
        /// Through the network.
        Network = "NETWORK",
        /// Through the agency's employer contacts.
        Agency = "AGENCY",
        /// Through an employment agency (uitzendbureau).
        EmploymentAgency = "EMPLOYMENT_AGENCY",
        /// Anything else.
        Other = "OTHER",
    }
}

stored_enum! {
    /// Where an application stands.
    ApplicationStatus {
        /// Sent, no answer yet.
        Sent = "SENT",
        /// Invited for an interview.
        Interview = "INTERVIEW",
        /// Rejected.
        Rejected = "REJECTED",
        /// Offered a job or placement.
        Offer = "OFFER",
        /// Hired.
        Hired = "HIRED",
        /// Withdrawn by the employee.
        Withdrawn = "WITHDRAWN",
    }
}

stored_enum! {
    /// Progress report or final report.
    Track2ReportKind {
        /// Voortgangsrapportage (every 6 weeks).
        Progress = "PROGRESS",
        /// Eindrapportage spoor 2.
        Final = "FINAL",
    }
}

stored_enum! {
    /// Where a report stands.
    Track2ReportStatus {
        /// The consultant's draft: only the agency sees it.
        Draft = "DRAFT",
        /// Submitted: frozen, read by employer and employee, part of the RIV.
        Submitted = "SUBMITTED",
    }
}

/// Default agreed contact moments per month when the employer names none.
pub const DEFAULT_CONTACTS_PER_MONTH: i32 = 2;
/// Default agreed applications per month when the employer names none.
pub const DEFAULT_APPLICATIONS_PER_MONTH: i32 = 4;
/// How many months in a row below the agreement make a risk (docs/domain.md §7: too little effort
/// in track 2 is the third common cause of a wage sanction).
pub const LOW_MONTHS_FOR_RISK: usize = 2;

/// What the effort indicator reads: the agreement and the dates of what was done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EffortInput {
    /// Start of track 2.
    pub started_on: NaiveDate,
    /// Agreed contact moments per month.
    pub contacts_per_month: i32,
    /// Agreed applications (and proposals) per month.
    pub applications_per_month: i32,
    /// Dates of the contact moments.
    pub contacts: Vec<NaiveDate>,
    /// Dates of the applications and proposals.
    pub applications: Vec<NaiveDate>,
}

/// One month of track 2 (counted from the start date, so the first month is a whole one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffortMonth {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Contact moments in it.
    pub contacts: i32,
    /// Applications and proposals in it.
    pub applications: i32,
    /// The month has ended (a month still running is not judged).
    pub complete: bool,
    /// Ended below the agreement on contacts or applications.
    pub below: bool,
}

/// Month by month, achieved against agreed, up to `today`; and the day from which the effort
/// counts as too low (the day after the second month in a row ended below the agreement),
/// if it does.
pub fn effort(input: &EffortInput, today: NaiveDate) -> (Vec<EffortMonth>, Option<NaiveDate>) {
    let mut months = Vec::new();
    let mut low_since = None;
    let mut run = 0usize;
    let mut i = 0u32;
    while let (Some(from), Some(next)) = (
        input.started_on.checked_add_months(Months::new(i)),
        input.started_on.checked_add_months(Months::new(i + 1)),
    ) {
        if from > today {
            break;
        }
        let to = next.pred_opt().unwrap_or(next);
        let count = |dates: &[NaiveDate]| {
            i32::try_from(dates.iter().filter(|d| **d >= from && **d <= to).count())
                .unwrap_or(i32::MAX)
        };
        let contacts = count(&input.contacts);
        let applications = count(&input.applications);
        let complete = to < today;
        let below = complete
            && (contacts < input.contacts_per_month || applications < input.applications_per_month);
        if below {
            run += 1;
            if run >= LOW_MONTHS_FOR_RISK {
                low_since.get_or_insert(next);
            }
        } else if complete {
            run = 0;
            low_since = None;
        }
        months.push(EffortMonth {
            from,
            to,
            contacts,
            applications,
            complete,
            below,
        });
        i += 1;
    }
    (months, low_since)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(contacts: &[&str], applications: &[&str]) -> EffortInput {
        EffortInput {
            started_on: d("2026-01-15"),
            contacts_per_month: 2,
            applications_per_month: 2,
            contacts: contacts.iter().map(|s| d(s)).collect(),
            applications: applications.iter().map(|s| d(s)).collect(),
        }
    }

    #[test]
    fn months_count_from_the_start_date_and_the_running_month_is_not_judged() {
        let (months, low) = effort(&input(&[], &[]), d("2026-02-10"));
        assert_eq!(months.len(), 1);
        assert_eq!(
            (months[0].from, months[0].to),
            (d("2026-01-15"), d("2026-02-14"))
        );
        assert!(!months[0].complete && !months[0].below);
        assert_eq!(low, None);
    }

    #[test]
    fn two_months_in_a_row_below_the_agreement_is_a_risk_from_the_day_after() {
        // Month 1 (15 Jan – 14 Feb) meets the agreement; months 2 and 3 fall short.
        let i = input(
            &["2026-01-20", "2026-02-01", "2026-02-20", "2026-03-20"],
            &[
                "2026-01-16",
                "2026-02-10",
                "2026-02-16",
                "2026-02-17",
                "2026-03-15",
            ],
        );
        let (months, low) = effort(&i, d("2026-04-20"));
        assert_eq!(
            months.iter().map(|m| m.below).collect::<Vec<_>>(),
            [false, true, true, false]
        );
        assert_eq!(months[1].contacts, 1);
        assert_eq!(months[1].applications, 2);
        assert_eq!(low, Some(d("2026-04-15")));
        // One month short only: no risk yet.
        let (_, low) = effort(&i, d("2026-04-10"));
        assert_eq!(low, None);
    }

    #[test]
    fn a_month_that_meets_the_agreement_again_ends_the_risk() {
        let i = input(&["2026-04-01", "2026-04-02"], &["2026-04-01", "2026-04-03"]);
        // Months 1 and 2 empty (risk from 15 March), month 3 (15 Mar – 14 Apr) met.
        assert_eq!(effort(&i, d("2026-04-10")).1, Some(d("2026-03-15")));
        assert_eq!(effort(&i, d("2026-04-16")).1, None);
    }

    #[test]
    fn the_month_after_the_thirty_first_ends_on_the_last_day_of_a_short_month() {
        let mut i = input(&[], &[]);
        i.started_on = d("2026-01-31");
        let (months, _) = effort(&i, d("2026-03-31"));
        assert_eq!(
            (months[0].from, months[0].to),
            (d("2026-01-31"), d("2026-02-27"))
        );
        assert_eq!(months[1].from, d("2026-02-28"));
    }
}
