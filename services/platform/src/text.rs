//! Free texts as services store them: trimmed, bounded, line breaks and tabs kept, other
//! control characters and bidirectional overrides refused.

use crate::error::{AppError, AppResult, ErrorReason};

/// Unicode's bidirectional embedding, override and isolate controls (and the Arabic letter
/// mark). They are not control characters to Rust, but they make a name, title or filename
/// display as something else than it is ("Trojan Source": `rapport\u{202e}fdp.exe`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Whether `c` may not appear in a stored text: control characters (line breaks and tabs only
/// where `multiline`) and bidirectional controls.
pub fn is_forbidden(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) || is_bidi_control(c)
}

/// A free text as stored: trimmed, required, bounded, without control characters other than
/// line breaks and tabs.
pub fn text(field: &'static str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::validation(
            ErrorReason::Required,
            field,
            "may not be empty",
        ));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(
            ErrorReason::TooLong,
            field,
            format!("at most {max} characters"),
        ));
    }
    if value.chars().any(|c| is_forbidden(c, true)) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "contains control characters or direction overrides",
        ));
    }
    Ok(value.to_string())
}

/// As [`text`], but empty means absent.
pub fn optional_text(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

/// A date the user says something happened on: not after `today`.
pub fn not_in_future(
    field: &'static str,
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> AppResult<()> {
    if date > today {
        return Err(AppError::validation(
            ErrorReason::DateInFuture,
            field,
            "this date lies in the future",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_and_control_characters_are_refused() {
        assert!(text("title", "rapport\u{202e}fdp.exe", 100).is_err());
        assert!(text("title", "a\u{2066}b", 100).is_err());
        assert!(text("title", "a\u{7}b", 100).is_err());
        assert_eq!(
            text("title", " Verslag\nregel 2 ", 100).unwrap(),
            "Verslag\nregel 2"
        );
        assert!(!is_forbidden('é', false));
        assert!(is_forbidden('\n', false));
    }
}
