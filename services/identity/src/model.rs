//! Types and input validation of the identity service, independent of GraphQL.

use std::str::FromStr;

use platform::{AppError, AppResult, ErrorReason};

/// Shortest accepted password. Twelve characters is the NCSC/NIST-style floor for accounts
/// that can reach health data; there is no composition rule (it only makes passwords worse).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password (argon2 cost grows with length; 128 is plenty for a passphrase).
pub const MAX_PASSWORD_CHARS: usize = 128;

// Stored in users.language as "nl" / "en" (not the API name); an unknown stored value is an
// error when the row is read.
/// Interface language of a user.
#[derive(
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum Language {
    /// Dutch (default).
    #[sea_orm(string_value = "nl")]
    Nl,
    /// English.
    #[sea_orm(string_value = "en")]
    En,
}

platform::stored_enum! {
    /// The kind of employment contract (the absence figures and the Ziektewet read it).
    ContractType {
        /// Permanent (onbepaalde tijd).
        Permanent = "PERMANENT",
        /// Fixed term (bepaalde tijd): ends on `employedUntil`.
        FixedTerm = "FIXED_TERM",
        /// On call (oproepkracht).
        OnCall = "ON_CALL",
        /// Temporary agency worker (uitzendkracht).
        Agency = "AGENCY",
    }
}

platform::stored_enum! {
    /// How the health service verified the person behind an employee account (medical_bindings).
    BindingMethod {
        /// The employee entered the activation code the health service handed him.
        ActivationCode = "ACTIVATION_CODE",
        /// Seeded demo data.
        Demo = "DEMO",
    }
}

platform::stored_enum! {
    /// The second factor the employee used when he entered the activation code.
    BindingFactor {
        /// A TOTP code.
        Totp = "TOTP",
    }
}

platform::stored_enum! {
    /// Which WebAuthn ceremony a stored ceremony state belongs to.
    CeremonyKind {
        /// Registering a new passkey.
        Register = "REGISTER",
        /// Logging in with a passkey.
        Login = "LOGIN",
    }
}

/// What a successful (or half-successful) login returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthTokens {
    /// Signed JWT, short-lived.
    pub access_token: Option<String>,
    /// Single-use, rotating.
    pub refresh_token: Option<String>,
    /// Seconds until the access token expires.
    pub expires_in: Option<i64>,
    /// The password was right; a TOTP code is needed.
    pub mfa_required: bool,
    /// The user must enrol TOTP before medical data is reachable.
    pub mfa_enrollment_required: bool,
    /// The password was right and the user has passkeys: the ceremony to answer with one.
    pub passkey_challenge: Option<crate::passkeys::Challenge>,
}

/// Normalises and checks an e-mail address (trimmed, lower-case, a real address).
pub fn normalize_email(raw: &str) -> AppResult<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || lettre::Address::from_str(&email).is_err() {
        return Err(AppError::validation(
            ErrorReason::InvalidEmail,
            "email",
            "not a valid e-mail address",
        ));
    }
    Ok(email)
}

/// Checks a new password.
pub fn validate_password(password: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::validation(
            ErrorReason::WeakPassword,
            "password",
            format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "password",
            format!("the password may have at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Trims and checks a required short text (names); `field` names the input.
pub fn required_text(raw: &str, field: &'static str, max: usize) -> AppResult<String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            format!("{field} is required"),
        ));
    }
    check_text(text, field, max)?;
    Ok(text.to_string())
}

/// Trims an optional short text; empty becomes `None`.
pub fn optional_text(
    raw: Option<&str>,
    field: &'static str,
    max: usize,
) -> AppResult<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => {
            check_text(text, field, max)?;
            Ok(Some(text.to_string()))
        }
    }
}

fn check_text(text: &str, field: &'static str, max: usize) -> AppResult<()> {
    if text.chars().count() > max {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            format!("{field} may have at most {max} characters"),
        ));
    }
    if text.chars().any(|c| platform::text::is_forbidden(c, false)) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            format!("{field} contains control characters or direction overrides"),
        ));
    }
    Ok(())
}

/// Checks a phone number loosely: digits, spaces, `+ - ( )`, 6 to 20 digits.
pub fn optional_phone(raw: Option<&str>) -> AppResult<Option<String>> {
    let Some(phone) = optional_text(raw, "phone", 32)? else {
        return Ok(None);
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || !(6..=20).contains(&digits) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "phone",
            "not a valid phone number",
        ));
    }
    Ok(Some(phone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  HR@Korenschoof.Example ").unwrap(),
            "hr@korenschoof.example"
        );
        for bad in ["", "hr", "hr@", "@x.nl", "a b@x.nl", "hr@@x.nl"] {
            assert!(normalize_email(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords_need_twelve_characters_counted_as_characters() {
        assert!(validate_password("kort-wachtw").is_err());
        assert!(validate_password("poortwachter-demo").is_ok());
        assert!(
            validate_password("ëëëëëëëëëëëë").is_ok(),
            "12 characters of 2 bytes each"
        );
        assert!(validate_password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("  Jan  ", "name", 10).unwrap(), "Jan");
        assert!(required_text("   ", "name", 10).is_err());
        assert!(required_text("Jan\u{0}", "name", 10).is_err());
        assert!(required_text(&"x".repeat(11), "name", 10).is_err());
        assert_eq!(optional_text(Some("  "), "x", 5).unwrap(), None);
    }

    #[test]
    fn phone_numbers_are_checked_loosely() {
        assert_eq!(
            optional_phone(Some("+31 6 1234 5678")).unwrap().as_deref(),
            Some("+31 6 1234 5678")
        );
        assert!(optional_phone(Some("bel me")).is_err());
        assert!(optional_phone(Some("123")).is_err());
        assert_eq!(optional_phone(None).unwrap(), None);
    }
}
