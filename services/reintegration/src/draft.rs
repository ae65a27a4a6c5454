//! The draft of a progress report: what the file says happened in the period, in the Dutch
//! the report is read in (by the employer, the employee and UWV). The consultant edits it and
//! adds his assessment and the employee's attitude.

use chrono::NaiveDate;

use crate::model::{
    ApplicationChannel, ApplicationKind, ApplicationStatus, Track2ActivityKind, Track2ContactKind,
};
use crate::repo::File;

fn nl(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Dutch name of a contact kind.
pub fn contact_label(kind: Option<Track2ContactKind>) -> &'static str {
    match kind {
        Some(Track2ContactKind::Meeting) => "gesprek",
        Some(Track2ContactKind::Phone) => "telefonisch",
        Some(Track2ContactKind::Video) => "videogesprek",
        Some(Track2ContactKind::Message) => "e-mail of bericht",
        None => "contact",
    }
}

/// Dutch name of an activity kind.
pub fn activity_label(kind: Option<Track2ActivityKind>) -> &'static str {
    match kind {
        Some(Track2ActivityKind::Training) => "opleiding",
        Some(Track2ActivityKind::Course) => "cursus",
        Some(Track2ActivityKind::Coaching) => "coaching",
        Some(Track2ActivityKind::WorkPlacement) => {
            "werkplekervaring (re-integratieactiviteit, geen betaald werk)"
        }
        Some(Track2ActivityKind::Other) | None => "activiteit",
    }
}

/// Dutch name of where an application stands.
pub fn status_label(status: Option<ApplicationStatus>) -> &'static str {
    match status {
        Some(ApplicationStatus::Sent) => "verstuurd, nog geen reactie",
        Some(ApplicationStatus::Interview) => "uitgenodigd voor gesprek",
        Some(ApplicationStatus::Rejected) => "afgewezen",
        Some(ApplicationStatus::Offer) => "aanbod ontvangen",
        Some(ApplicationStatus::Hired) => "aangenomen",
        Some(ApplicationStatus::Withdrawn) => "ingetrokken",
        None => "onbekend",
    }
}

/// Dutch name of a channel.
pub fn channel_label(channel: Option<ApplicationChannel>) -> &'static str {
    match channel {
        Some(ApplicationChannel::Vacancy) => "vacature",
        Some(ApplicationChannel::Open) => "open sollicitatie",
        Some(ApplicationChannel::Network) => "netwerk",
        Some(ApplicationChannel::Agency) => "via het re-integratiebureau",
        Some(ApplicationChannel::EmploymentAgency) => "uitzendbureau",
        Some(ApplicationChannel::Other) | None => "anders",
    }
}

/// The activities part of a report over `from..=to`.
pub fn activities(file: &File, from: NaiveDate, to: NaiveDate) -> String {
    let within = |d: NaiveDate| d >= from && d <= to;
    let mut out = vec![format!("Periode {} t/m {}.", nl(from), nl(to))];

    let mut contacts: Vec<_> = file
        .contacts
        .iter()
        .filter(|c| within(c.occurred_on))
        .collect();
    contacts.sort_by_key(|c| c.occurred_on);
    out.push(String::new());
    out.push(format!("Contactmomenten: {}.", contacts.len()));
    for c in &contacts {
        out.push(format!(
            "- {} ({}): {}",
            nl(c.occurred_on),
            contact_label(Some(c.kind)),
            c.summary
        ));
    }

    for (kind, heading) in [
        (ApplicationKind::Application, "Sollicitaties"),
        (ApplicationKind::Proposal, "Voordrachten bij werkgevers"),
    ] {
        let mut rows: Vec<_> = file
            .applications
            .iter()
            .filter(|a| a.kind == kind && within(a.applied_on))
            .collect();
        rows.sort_by_key(|a| a.applied_on);
        out.push(String::new());
        out.push(format!("{heading}: {}.", rows.len()));
        for a in rows {
            out.push(format!(
                "- {} {} bij {} ({}): {}{}",
                nl(a.applied_on),
                a.position,
                a.company,
                channel_label(Some(a.channel)),
                status_label(Some(a.status)),
                a.outcome
                    .as_deref()
                    .map(|o| format!(" — {o}"))
                    .unwrap_or_default()
            ));
        }
    }

    let mut running: Vec<_> = file
        .activities
        .iter()
        .filter(|a| a.starts_on <= to && a.ends_on.is_none_or(|end| end >= from))
        .collect();
    running.sort_by_key(|a| a.starts_on);
    out.push(String::new());
    out.push(format!(
        "Activiteiten en werkplekervaringen: {}.",
        running.len()
    ));
    for a in running {
        out.push(format!(
            "- {} ({}{}), vanaf {}{}{}",
            a.title,
            activity_label(Some(a.kind)),
            a.organisation
                .as_deref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default(),
            nl(a.starts_on),
            a.ends_on
                .map(|e| format!(" t/m {}", nl(e)))
                .unwrap_or_default(),
            a.outcome
                .as_deref()
                .map(|o| format!(": {o}"))
                .unwrap_or_default()
        ));
    }

    if !file.occupations.is_empty() {
        out.push(String::new());
        out.push("Kansrijke beroepen:".into());
        for o in &file.occupations {
            out.push(format!("- {}: {}", o.title, o.reason));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{application, contact};
    use uuid::Uuid;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_draft_lists_what_happened_in_the_period_only() {
        let now = chrono::Utc::now();
        let contact = |on: &str, summary: &str| contact::Model {
            id: Uuid::nil(),
            tenant_id: Uuid::nil(),
            case_id: Uuid::nil(),
            occurred_on: d(on),
            kind: Track2ContactKind::Phone,
            summary: summary.into(),
            recorded_by: Uuid::nil(),
            created_at: now,
        };
        let file = File {
            contacts: vec![
                contact("2026-03-02", "CV besproken"),
                contact("2026-01-05", "oud"),
            ],
            applications: vec![application::Model {
                id: Uuid::nil(),
                tenant_id: Uuid::nil(),
                case_id: Uuid::nil(),
                kind: ApplicationKind::Proposal,
                company: "Bakkerij Zuid".into(),
                position: "Verkoper".into(),
                applied_on: d("2026-03-03"),
                channel: ApplicationChannel::Agency,
                status: ApplicationStatus::Interview,
                outcome: None,
                recorded_by: Uuid::nil(),
                created_at: now,
                updated_at: now,
            }],
            ..File::default()
        };
        let text = activities(&file, d("2026-02-15"), d("2026-03-28"));
        assert!(text.starts_with("Periode 15-02-2026 t/m 28-03-2026."));
        assert!(text.contains("Contactmomenten: 1.\n- 02-03-2026 (telefonisch): CV besproken"));
        assert!(!text.contains("oud"));
        assert!(text.contains("Sollicitaties: 0."));
        assert!(text.contains(
            "Voordrachten bij werkgevers: 1.\n- 03-03-2026 Verkoper bij Bakkerij Zuid (via het re-integratiebureau): uitgenodigd voor gesprek"
        ));
    }
}
