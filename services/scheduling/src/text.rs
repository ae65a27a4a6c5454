//! The words of reminders and daily digests, Dutch first and English for users who chose it.
//! Only the deadline, a date, the employee's first name and a link: never anything from the
//! medical file. The bodies come from `templates/mail/reminder.*` and `digest.*` in the shared
//! layout.

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

/// "in 3 days", "today", "5 days overdue", for a step due in `days`.
pub fn when(lang: Lang, days: i64) -> String {
    match (lang, days) {
        (Lang::Nl, 0) => "vandaag".into(),
        (Lang::Nl, 1) => "morgen".into(),
        (Lang::Nl, d) if d > 1 => format!("over {d} dagen"),
        (Lang::Nl, -1) => "1 dag te laat".into(),
        (Lang::Nl, d) => format!("{} dagen te laat", -d),
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "tomorrow".into(),
        (Lang::En, d) if d > 1 => format!("in {d} days"),
        (Lang::En, -1) => "1 day overdue".into(),
        (Lang::En, d) => format!("{} days overdue", -d),
    }
}

/// A date as the Dutch write it (also in English mails: the product is Dutch).
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
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
        date(self.due)
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

    fn when(&self) -> String {
        when(self.lang, (self.due - self.today).num_days())
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

/// A case in a digest: the employee's first name (or "your case"), a link, its steps.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DigestCase {
    /// Who the case is about, as the recipient knows him.
    pub name: String,
    /// The case in the recipient's portal.
    pub link: String,
    /// Its steps, earliest first.
    pub items: Vec<DigestItem>,
}

/// A step in a digest.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DigestItem {
    /// The step's name.
    pub step: &'static str,
    /// Its due date.
    pub due: String,
    /// "over 3 dagen", "vandaag", "2 dagen te laat".
    pub when: String,
    /// Past its due date.
    pub late: bool,
    /// Not in an earlier e-mail (its reminder moment is now).
    pub new: bool,
}

/// How many steps of a digest are overdue, due today and coming.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigestCounts {
    /// Past their due date.
    pub late: usize,
    /// Due today.
    pub today: usize,
    /// Due later.
    pub coming: usize,
}

/// The digest's subject line: the day and how many steps, nobody's name.
pub fn digest_title(lang: Lang, day: NaiveDate, counts: DigestCounts) -> String {
    let mut parts = Vec::new();
    let (late, today, coming, head) = match lang {
        Lang::Nl => ("te laat", "vandaag", "binnenkort", "Poortwachter-overzicht"),
        Lang::En => ("overdue", "today", "coming up", "Poortwachter overview"),
    };
    for (n, what) in [
        (counts.late, late),
        (counts.today, today),
        (counts.coming, coming),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    format!("{head} {}: {}", date(day), parts.join(", "))
}

/// The digest's plain-text and HTML bodies (`templates/mail/digest.*`).
pub fn digest_bodies(
    lang: Lang,
    day: NaiveDate,
    recipient: &str,
    cases: &[DigestCase],
    counts: DigestCounts,
    all_tasks: &str,
) -> Result<(String, String), MailError> {
    let (code, hello, intro, open, new, all, why) = match lang {
        Lang::Nl => (
            "nl",
            "Beste",
            "Dit zijn de stappen in de verzuimdossiers die van u verwacht worden: wat te laat is, \
             wat vandaag moet en wat binnenkort komt. Stappen met \u{201c}nieuw\u{201d} staan \
             in de bijlage voor uw agenda.",
            "Open het dossier",
            "nieuw",
            "Al uw taken",
            "U krijgt dit overzicht van Poortwachter één keer per dag, alleen op dagen dat er \
             iets nieuws is. Bij uw instellingen kiest u in plaats daarvan voor een e-mail per \
             stap, of zet u herinneringen vooraf uit.",
        ),
        Lang::En => (
            "en",
            "Dear",
            "These are the steps in absence cases that are expected of you: what is overdue, \
             what is due today and what is coming up. Steps marked \u{201c}new\u{201d} are in \
             the attachment for your calendar.",
            "Open the case",
            "new",
            "All your tasks",
            "You receive this overview from Poortwachter once a day, only on days when there is \
             something new. In your settings you can choose one e-mail per step instead, or \
             switch advance reminders off.",
        ),
    };
    templates()?.render(
        "digest",
        serde_json::json!({
            "lang": code,
            "subject": digest_title(lang, day, counts),
            "hello": hello,
            "recipient": recipient,
            "intro": intro,
            "cases": cases,
            "open": open,
            "new_label": new,
            "all": all,
            "all_link": all_tasks,
            "why": why,
        }),
    )
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
        ("digest.html", include_str!("../templates/mail/digest.html")),
        ("digest.txt", include_str!("../templates/mail/digest.txt")),
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

    #[test]
    fn a_digest_groups_steps_by_case_and_escapes_names() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
        let cases = vec![DigestCase {
            name: "<b>Jan</b>".into(),
            link: "https://x/werkgever/dossiers/1".into(),
            items: vec![
                DigestItem {
                    step: subject_name(StepKind::ProblemAnalysis, Lang::Nl),
                    due: date(day - chrono::Duration::days(2)),
                    when: when(Lang::Nl, -2),
                    late: true,
                    new: false,
                },
                DigestItem {
                    step: subject_name(StepKind::PlanOfAction, Lang::Nl),
                    due: date(day + chrono::Duration::days(14)),
                    when: when(Lang::Nl, 14),
                    late: false,
                    new: true,
                },
            ],
        }];
        let counts = DigestCounts {
            late: 1,
            today: 0,
            coming: 1,
        };
        assert_eq!(
            digest_title(Lang::Nl, day, counts),
            "Poortwachter-overzicht 20-03-2026: 1 te laat, 1 binnenkort"
        );
        assert_eq!(
            digest_title(Lang::En, day, counts),
            "Poortwachter overview 20-03-2026: 1 overdue, 1 coming up"
        );
        let (text, html) =
            digest_bodies(Lang::Nl, day, "Cees", &cases, counts, "https://x/werkgever").unwrap();
        assert!(
            text.contains("== <b>Jan</b> ==\n- Probleemanalyse: 18-03-2026 (2 dagen te laat)\n- Plan van aanpak: 03-04-2026 (over 14 dagen) [nieuw]\nOpen het dossier: https://x/werkgever/dossiers/1"),
            "{text}"
        );
        assert!(
            html.contains("&lt;b&gt;Jan&lt;/b&gt;") && !html.contains("<b>Jan"),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://x/werkgever/dossiers/1\""),
            "{html}"
        );
    }
}
