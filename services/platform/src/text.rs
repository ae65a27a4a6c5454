//! Free texts as services store them: trimmed, bounded, line breaks and tabs kept, other
//! control characters refused.

use crate::error::{AppError, AppResult};

/// A free text as stored: trimmed, required, bounded, without control characters other than
/// line breaks and tabs.
pub fn text(field: &'static str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::validation("REQUIRED", field, "may not be empty"));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(
            "TOO_LONG",
            field,
            format!("at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::validation(
            "INVALID_INPUT",
            field,
            "contains control characters",
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
