//! The timeline as the contract's JSON document and as a readable Dutch table.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{DeadlineKind, DeadlineStatus, RivScope, Timeline};

impl DeadlineKind {
    /// Every kind, in the contract's order.
    pub const ALL: [DeadlineKind; 21] = [
        Self::ProblemAnalysis,
        Self::SafetyNetReport,
        Self::PlanOfAction,
        Self::PlanEvaluation,
        Self::Uwv42WeekReport,
        Self::SecondOpinion,
        Self::LabourExpertExamination,
        Self::FirstYearEvaluation,
        Self::Track2Start,
        Self::EarlyIvaApplication,
        Self::WiaLetter,
        Self::CurrentAssessment,
        Self::FinalEvaluation,
        Self::RivToEmployee,
        Self::WiaApplication,
        Self::EmploymentEndReport,
        Self::RivOnLeaving,
        Self::EndOfWagePayment,
        Self::SanctionDecision,
        Self::Track2Report,
        Self::ExpertOpinionFollowUp,
    ];

    /// The contract name, e.g. `PROBLEM_ANALYSIS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProblemAnalysis => "PROBLEM_ANALYSIS",
            Self::PlanOfAction => "PLAN_OF_ACTION",
            Self::PlanEvaluation => "PLAN_EVALUATION",
            Self::Uwv42WeekReport => "UWV_42_WEEK_REPORT",
            Self::FirstYearEvaluation => "FIRST_YEAR_EVALUATION",
            Self::Track2Start => "TRACK2_START",
            Self::CurrentAssessment => "CURRENT_ASSESSMENT",
            Self::FinalEvaluation => "FINAL_EVALUATION",
            Self::RivToEmployee => "RIV_TO_EMPLOYEE",
            Self::WiaApplication => "WIA_APPLICATION",
            Self::EndOfWagePayment => "END_OF_WAGE_PAYMENT",
            Self::Track2Report => "TRACK2_REPORT",
            Self::ExpertOpinionFollowUp => "EXPERT_OPINION_FOLLOW_UP",
            Self::SafetyNetReport => "SAFETY_NET_REPORT",
            Self::SecondOpinion => "SECOND_OPINION",
            Self::LabourExpertExamination => "LABOUR_EXPERT_EXAMINATION",
            Self::EarlyIvaApplication => "EARLY_IVA_APPLICATION",
            Self::WiaLetter => "WIA_LETTER",
            Self::EmploymentEndReport => "EMPLOYMENT_END_REPORT",
            Self::RivOnLeaving => "RIV_ON_LEAVING",
            Self::SanctionDecision => "SANCTION_DECISION",
        }
    }

    /// The Dutch name users know, e.g. "Probleemanalyse".
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::ProblemAnalysis => "Probleemanalyse",
            Self::PlanOfAction => "Plan van aanpak",
            Self::PlanEvaluation => "Evaluatie plan van aanpak",
            Self::Uwv42WeekReport => "42e-weeksmelding UWV",
            Self::FirstYearEvaluation => "Eerstejaarsevaluatie",
            Self::Track2Start => "Start spoor 2",
            Self::CurrentAssessment => "Actueel oordeel bedrijfsarts",
            Self::FinalEvaluation => "Eindevaluatie",
            Self::RivToEmployee => "Re-integratieverslag aan werknemer",
            Self::WiaApplication => "WIA-aanvraag",
            Self::EndOfWagePayment => "Einde loondoorbetaling",
            Self::Track2Report => "Voortgangsrapportage spoor 2",
            Self::ExpertOpinionFollowUp => "Opvolging deskundigenoordeel",
            Self::SafetyNetReport => "Ziekmelding Ziektewet UWV",
            Self::SecondOpinion => "Second opinion bedrijfsarts",
            Self::LabourExpertExamination => "Arbeidsdeskundig onderzoek",
            Self::EarlyIvaApplication => "Vervroegde IVA-aanvraag",
            Self::WiaLetter => "WIA-brief UWV ontvangen",
            Self::EmploymentEndReport => "Ziek-uit-dienstmelding UWV",
            Self::RivOnLeaving => "Re-integratieverslag bij uitdiensttreding",
            Self::SanctionDecision => "Beslissing UWV op bekortingsverzoek",
        }
    }
}

impl DeadlineStatus {
    /// The contract name, e.g. `DUE_SOON`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "UPCOMING",
            Self::DueSoon => "DUE_SOON",
            Self::Overdue => "OVERDUE",
            Self::Done => "DONE",
        }
    }

    /// The Dutch word shown in tables.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Upcoming => "gepland",
            Self::DueSoon => "binnenkort",
            Self::Overdue => "te laat",
            Self::Done => "gedaan",
        }
    }
}

/// A date the Dutch way, e.g. `ma 15 feb 2026`.
pub fn format_date_nl(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let day = DAYS
        .get(date.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or_default();
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{day} {} {month} {}", date.day(), date.year())
}

impl Timeline {
    /// The JSON document of `poortwachter timeline --json`, keys in the contract's order:
    /// `periods`, `firstDay`, `rivOnLeaving` (only when the employment ends) and `deadlines` (`kind`, `due`, `week`, and with `with_status`
    /// also `status` and `completedOn`, which only mean something for a real reference date).
    pub fn to_json(&self, with_status: bool) -> impl Serialize + '_ {
        JsonTimeline {
            periods: self
                .periods
                .iter()
                .map(|p| JsonPeriod {
                    start: p.start,
                    end: p.end,
                    recovered_on: p.recovered_on,
                    counts_with_previous: p.counts_with_previous,
                })
                .collect(),
            first_day: self.first_day,
            riv_on_leaving: self.riv_on_leaving,
            deadlines: self
                .deadlines
                .iter()
                .map(|d| JsonDeadline {
                    kind: d.kind,
                    due: d.due,
                    week: d.week,
                    status: with_status.then_some(JsonStatus {
                        status: d.status,
                        completed_on: d.completed_on,
                    }),
                })
                .collect(),
        }
    }

    /// A readable Dutch table of the periods and deadlines (with a status column on request).
    pub fn to_table_nl(&self, with_status: bool) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; the results are ignored for that reason.
        let _ = writeln!(
            out,
            "Eerste ziektedag (dag 1): {}",
            format_date_nl(self.first_day)
        );
        let _ = writeln!(out, "Ziekteperiodes:");
        for p in &self.periods {
            let span = match p.end {
                Some(end) => format!("{} t/m {}", format_date_nl(p.start), format_date_nl(end)),
                None => format!("vanaf {}, nog ziek", format_date_nl(p.start)),
            };
            let note = if p.counts_with_previous {
                " (telt samen met de vorige)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {span}{note}");
        }
        let _ = writeln!(out);
        let width = self
            .deadlines
            .iter()
            .map(|d| d.kind.label_nl().chars().count())
            .max()
            .unwrap_or(0)
            .max("Termijn".len());
        let mut header = format!("{:<width$}  {:>4}  {:<16}", "Termijn", "Week", "Uiterlijk");
        if with_status {
            header.push_str("  Status");
        }
        let _ = writeln!(out, "{}", header.trim_end());
        for d in &self.deadlines {
            let mut line = format!(
                "{:<width$}  {:>4}  {:<16}",
                d.kind.label_nl(),
                d.week,
                format_date_nl(d.due)
            );
            if with_status {
                let _ = write!(line, "  {}", d.status.label_nl());
                if let Some(done) = d.completed_on {
                    let _ = write!(line, " ({})", format_date_nl(done));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

/// The JSON document; a struct rather than a `serde_json::Value` so the keys keep their order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonTimeline {
    periods: Vec<JsonPeriod>,
    first_day: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    riv_on_leaving: Option<RivScope>,
    deadlines: Vec<JsonDeadline>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonPeriod {
    start: NaiveDate,
    end: Option<NaiveDate>,
    recovered_on: Option<NaiveDate>,
    counts_with_previous: bool,
}

#[derive(Serialize)]
struct JsonDeadline {
    kind: DeadlineKind,
    due: NaiveDate,
    week: u32,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    status: Option<JsonStatus>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonStatus {
    status: DeadlineStatus,
    completed_on: Option<NaiveDate>,
}
