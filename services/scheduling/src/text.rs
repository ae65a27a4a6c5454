//! The words of reminders, Dutch first and English for users who chose it. Only the deadline,
//! a date, the employee's first name and a link: never anything from the medical file. The
//! bodies come from `templates/mail/reminder.*` in the shared layout.

use std::sync::LazyLock;

use cases::schedule::StepKind;
use chrono::NaiveDate;
use platform::mail::{MailError, MailTemplates};

/// The reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// From a user's stored language (`nl` unless `en`).
    pub fn of(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }
}

impl From<identity::model::Language> for Lang {
    fn from(language: identity::model::Language) -> Lang {
        match language {
            identity::model::Language::Nl => Lang::Nl,
            identity::model::Language::En => Lang::En,
        }
    }
}

/// The name of a deadline (or of a pending expert opinion's expected answer).
pub fn subject_name(subject: StepKind, lang: Lang) -> &'static str {
    let (nl, en) = match subject {
        StepKind::ProblemAnalysis => ("Probleemanalyse", "Problem analysis"),
        StepKind::PlanOfAction => ("Plan van aanpak", "Plan of action"),
        StepKind::PlanEvaluation => (
            "Evaluatie plan van aanpak",
            "Evaluation of the plan of action",
        ),
        StepKind::Uwv42WeekReport => ("42e-weeksmelding UWV", "42nd-week report to UWV"),
        StepKind::FirstYearEvaluation => ("Eerstejaarsevaluatie", "First-year evaluation"),
        StepKind::Track2Start => ("Start spoor 2", "Start of track 2"),
        StepKind::CurrentAssessment => ("Actueel oordeel", "Current assessment"),
        StepKind::FinalEvaluation => ("Eindevaluatie", "Final evaluation"),
        StepKind::RivToEmployee => (
            "Re-integratieverslag naar werknemer",
            "Re-integration report to the employee",
        ),
        StepKind::WiaApplication => ("WIA-aanvraag", "WIA application"),
        StepKind::EndOfWagePayment => ("Einde loondoorbetaling", "End of wage payment"),
        StepKind::Track2Report => ("Rapportage spoor 2", "Track 2 report"),
        StepKind::ExpertOpinionFollowUp => (
            "Opvolging deskundigenoordeel",
            "Follow-up of the expert opinion",
        ),
        StepKind::ExpertOpinionAnswer => (
            "Antwoord deskundigenoordeel UWV",
            "UWV's answer to the expert opinion",
        ),
        StepKind::SafetyNetReport => (
            "Ziekmelding Ziektewet UWV",
            "Sickness benefit report to UWV",
        ),
        StepKind::SecondOpinion => ("Second opinion bedrijfsarts", "Second opinion"),
        StepKind::LabourExpertExamination => {
            ("Arbeidsdeskundig onderzoek", "Labour expert's examination")
        }
        StepKind::EarlyIvaApplication => ("Vervroegde IVA-aanvraag", "Early IVA application"),
        StepKind::WiaLetter => ("WIA-brief UWV ontvangen", "UWV's WIA letter received"),
        StepKind::EmploymentEndReport => (
            "Ziek-uit-dienstmelding UWV",
            "Report to UWV on leaving employment sick",
        ),
        StepKind::RivOnLeaving => (
            "Re-integratieverslag bij uitdiensttreding",
            "Re-integration report on leaving employment",
        ),
        StepKind::SanctionDecision => (
            "Beslissing UWV op bekortingsverzoek",
            "UWV's decision on shortening the sanction",
        ),
        StepKind::SickReportConfirmation => (
            "Ziekmelding door werknemer bevestigen",
            "Confirm the employee's own sick report",
        ),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// One reminder's words.
#[derive(Clone, Debug)]
pub struct Wording<'a> {
    /// Language.
    pub lang: Lang,
    /// Deadline kind (or expert opinion subject).
    pub subject: StepKind,
    /// The employee's first name.
    pub first_name: &'a str,
    /// Due date.
    pub due: NaiveDate,
    /// The day it is written.
    pub today: NaiveDate,
    /// Written to the employee himself ("your").
    pub for_employee: bool,
}

impl Wording<'_> {
    fn date(&self) -> String {
        self.due.format("%d-%m-%Y").to_string()
    }

    /// The subject line: the deadline and the employee's first name at most.
    pub fn title(&self) -> String {
        let name = subject_name(self.subject, self.lang);
        match (self.lang, self.for_employee) {
            (Lang::Nl, true) => format!("Herinnering: {name} uiterlijk {}", self.date()),
            (Lang::Nl, false) => format!(
                "Herinnering: {name} {} uiterlijk {}",
                self.first_name,
                self.date()
            ),
            (Lang::En, true) => format!("Reminder: {name} by {}", self.date()),
            (Lang::En, false) => format!("Reminder: {name} {} by {}", self.first_name, self.date()),
        }
    }

    /// "in 3 days", "today", "5 days overdue".
    fn when(&self) -> String {
        let days = (self.due - self.today).num_days();
        match (self.lang, days) {
            (Lang::Nl, 0) => "vandaag".into(),
            (Lang::Nl, 1) => "morgen".into(),
            (Lang::Nl, d) if d > 1 => format!("over {d} dagen"),
            (Lang::Nl, d) => format!("{} dagen te laat", -d),
            (Lang::En, 0) => "today".into(),
            (Lang::En, 1) => "tomorrow".into(),
            (Lang::En, d) if d > 1 => format!("in {d} days"),
            (Lang::En, d) => format!("{} days overdue", -d),
        }
    }

    fn lines(&self) -> [String; 3] {
        let name = subject_name(self.subject, self.lang);
        match self.lang {
            Lang::Nl => [
                if self.for_employee {
                    format!("{name} in uw verzuimdossier moet uiterlijk {} klaar zijn ({}).", self.date(), self.when())
                } else {
                    format!("{name} in het verzuimdossier van {} moet uiterlijk {} klaar zijn ({}).", self.first_name, self.date(), self.when())
                },
                "In het dossier staat wat er nodig is en wie wat doet.".into(),
                "U krijgt deze herinnering van Poortwachter omdat u bij dit dossier betrokken bent. \
                 Herinneringen vooraf kunt u uitzetten bij uw instellingen; die op en na de \
                 uiterste datum komen altijd."
                    .into(),
            ],
            Lang::En => [
                if self.for_employee {
                    format!("{name} in your absence case is due by {} ({}).", self.date(), self.when())
                } else {
                    format!("{name} in {}'s absence case is due by {} ({}).", self.first_name, self.date(), self.when())
                },
                "The case file says what is needed and who does what.".into(),
                "You receive this reminder from Poortwachter because you are involved in this \
                 case. Advance reminders can be switched off in your settings; those on and \
                 after the due date always come."
                    .into(),
            ],
        }
    }

    /// The plain-text and HTML bodies to `recipient` with `link` (`templates/mail/reminder.*`).
    pub fn bodies(&self, recipient: &str, link: &str) -> Result<(String, String), MailError> {
        let [what, how, why] = self.lines();
        let (lang, hello, open) = match self.lang {
            Lang::Nl => ("nl", "Beste", "Open het dossier"),
            Lang::En => ("en", "Dear", "Open the case"),
        };
        templates()?.render(
            "reminder",
            serde_json::json!({
                "lang": lang,
                "subject": self.title(),
                "hello": hello,
                "recipient": recipient,
                "what": what,
                "how": how,
                "why": why,
                "open": open,
                "link": link,
            }),
        )
    }
}

/// The reminders' bodies.
static TEMPLATES: LazyLock<Result<MailTemplates, String>> = LazyLock::new(|| {
    MailTemplates::new(&[
        (
            "reminder.html",
            include_str!("../templates/mail/reminder.html"),
        ),
        (
            "reminder.txt",
            include_str!("../templates/mail/reminder.txt"),
        ),
    ])
    .map_err(|e| e.to_string())
});

fn templates() -> Result<&'static MailTemplates, MailError> {
    TEMPLATES.as_ref().map_err(|e| MailError::Config(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_names_the_deadline_and_the_first_name_at_most() {
        let w = Wording {
            lang: Lang::Nl,
            subject: StepKind::PlanOfAction,
            first_name: "Willem",
            due: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            today: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
            for_employee: false,
        };
        assert_eq!(
            w.title(),
            "Herinnering: Plan van aanpak Willem uiterlijk 20-03-2026"
        );
        let (text, html) = w.bodies("Cees <&>", "https://x/werkgever").unwrap();
        assert!(text.contains("over 3 dagen"), "{text}");
        assert!(text.contains("Beste Cees <&>,"), "{text}");
        assert!(html.contains("Beste Cees &lt;&amp;&gt;,"), "{html}");
        assert!(html.contains("lang=\"nl\""), "{html}");
        let late = Wording {
            today: NaiveDate::from_ymd_opt(2026, 3, 27).unwrap(),
            lang: Lang::En,
            ..w
        };
        assert!(
            late.bodies("Cees", "l")
                .unwrap()
                .0
                .contains("7 days overdue")
        );
        assert_eq!(
            late.title(),
            "Reminder: Plan of action Willem by 20-03-2026"
        );
    }
}
