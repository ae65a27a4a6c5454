//! iCalendar (RFC 5545) text: one all-day event per deadline, for the reminder attachment and
//! the calendar feed.

use chrono::{DateTime, NaiveDate, Utc};

/// One deadline as a calendar event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Stable across feeds and reminders, so calendars update instead of duplicating.
    pub uid: String,
    /// The due date (an all-day event).
    pub on: NaiveDate,
    /// Title (the deadline and the employee's first name at most).
    pub summary: String,
    /// A link into the portal.
    pub url: String,
}

/// The event id of a deadline: the same in the feed, a reminder and a digest, so a calendar
/// that receives it twice updates one event.
pub fn uid(case_id: uuid::Uuid, kind: cases::schedule::StepKind, due_on: NaiveDate) -> String {
    format!("{case_id}/{}/{due_on}@poortwachter", kind.as_str())
}

/// Escapes a text value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace(['\r', '\n'], " ")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), on character boundaries.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// A calendar of `events`.
pub fn calendar(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Poortwachter//Termijnen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(line));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", text(name))));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ");
    for e in events {
        let next = e.on.succ_opt().unwrap_or(e.on);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", text(&e.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.on.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", text(&e.summary)),
            format!("URL:{}", e.url),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ] {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_escaped_folded_and_all_day() {
        let cal = calendar(
            "Termijnen",
            &[Event {
                uid: "case-1/PLAN_OF_ACTION/2026-03-20@poortwachter".into(),
                on: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
                summary: format!("Plan van aanpak; Willem, {}", "lang ".repeat(20)),
                url: "https://example.nl/werkgever/dossiers/1".into(),
            }],
            DateTime::from_timestamp(0, 0).unwrap(),
        );
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
        assert!(cal.contains("DTSTART;VALUE=DATE:20260320\r\nDTEND;VALUE=DATE:20260321"));
        assert!(cal.contains("Plan van aanpak\\; Willem\\,"));
        assert!(cal.lines().all(|l| l.len() <= 75));
    }
}
