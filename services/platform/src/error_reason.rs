//! The stable keys of errors: `extensions.code` and `extensions.reason` of a GraphQL error,
//! `code` and `reason` of a refused REST request.
//!
//! Clients translate them (the web app has a text `errors.<KEY>` for every value, checked by
//! `web/scripts/check-i18n.mjs` against this enum in `web/schema.graphql`), so a key is never
//! renamed: its GraphQL name is the string clients see. Every `ErrorCode` is a key here too,
//! because clients fall back to the code when a reason has no text of its own.

/// Why a request was refused: the value of `extensions.reason` (and, for the generic codes,
/// `extensions.code`). No field returns it; it is in the schema so clients can rely on the list.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorReason {
    // The generic codes (`ErrorCode`); some are also the reason of an error that has no finer
    // one.
    /// No valid credentials or token: the code of every refusal to an unknown user.
    #[graphql(name = "UNAUTHENTICATED")]
    Unauthenticated,
    /// The user may not do this at all (e.g. a role that never may); also the code of every
    /// refusal to a known user.
    #[graphql(name = "FORBIDDEN")]
    Forbidden,
    /// Does not exist, or is out of the user's reach (the same answer: no oracle). Code and
    /// reason.
    #[graphql(name = "NOT_FOUND")]
    NotFound,
    /// Input rejected: the code of every input error, and of a request that does not parse or
    /// breaks a limit (size, depth, complexity, aliases).
    #[graphql(name = "VALIDATION")]
    Validation,
    /// This exists already (a duplicate no finer reason names); also the code of every
    /// conflict with existing state.
    #[graphql(name = "CONFLICT")]
    Conflict,
    /// Too many login-like requests (logins, passkey answers, accepted invitations) from one
    /// address within a minute: wait `retryAfter` seconds. Also the code of every throttled
    /// request.
    #[graphql(name = "RATE_LIMITED")]
    RateLimited,
    /// Our fault; the details are in the server log under the request id. Code and reason.
    #[graphql(name = "INTERNAL")]
    Internal,

    // Logging in, sessions and second factors.
    /// The e-mail address or the password is not correct (an unknown address, a wrong
    /// password and a throttled one answer alike).
    #[graphql(name = "INVALID_CREDENTIALS")]
    InvalidCredentials,
    /// The password was right, but the organisation signs in through its own identity provider
    /// only ("SSO only"): use the provider.
    #[graphql(name = "SSO_REQUIRED")]
    SsoRequired,
    /// The employer's provisioning switched the account off (a leaver): it cannot sign in.
    #[graphql(name = "ACCOUNT_DEACTIVATED")]
    AccountDeactivated,
    /// Signing in through the organisation's identity provider did not succeed: it could not
    /// be reached, refused, or sent something that is not accepted. Password login is there
    /// for organisations not set to "SSO only".
    #[graphql(name = "SSO_FAILED")]
    SsoFailed,
    /// An e-mail domain for single sign-on that another organisation uses, or where another
    /// organisation has people (a domain sends people to one organisation's provider only).
    #[graphql(name = "DOMAIN_TAKEN")]
    DomainTaken,
    /// The access token is invalid or its session ended or was revoked: log in again.
    #[graphql(name = "SESSION_EXPIRED")]
    SessionExpired,
    /// A refresh token or an invitation link that is not valid (any more): unknown, used,
    /// expired or replaced.
    #[graphql(name = "TOKEN_INVALID")]
    TokenInvalid,
    /// The operation needs a login confirmed with a second factor (authenticator code or
    /// passkey) first.
    #[graphql(name = "MFA_REQUIRED")]
    MfaRequired,
    /// The authenticator code or the passkey answer was not accepted.
    #[graphql(name = "MFA_INVALID")]
    MfaInvalid,
    /// Too many wrong authenticator codes: codes for this account pause for a while
    /// (`retryAfter`).
    #[graphql(name = "MFA_THROTTLED")]
    MfaThrottled,
    /// Setting up an authenticator app while one is already set up.
    #[graphql(name = "TOTP_ALREADY_ENABLED")]
    TotpAlreadyEnabled,
    /// A passkey registration answer the server could not verify.
    #[graphql(name = "PASSKEY_INVALID")]
    PasskeyInvalid,
    /// A wrong, used or expired medical activation code (also after five wrong guesses).
    #[graphql(name = "CODE_INVALID")]
    CodeInvalid,

    // Accounts, organisations and people.
    /// Not a valid e-mail address.
    #[graphql(name = "INVALID_EMAIL")]
    InvalidEmail,
    /// A password shorter than the minimum length.
    #[graphql(name = "WEAK_PASSWORD")]
    WeakPassword,
    /// An account or employee with this e-mail address exists already.
    #[graphql(name = "EMAIL_TAKEN")]
    EmailTaken,
    /// An employee of this employer has this personnel number already.
    #[graphql(name = "EMPLOYEE_NUMBER_TAKEN")]
    EmployeeNumberTaken,
    /// Inviting someone with a role that does not exist in an organisation of this kind (an
    /// employer cannot employ a company doctor).
    #[graphql(name = "ROLE_NOT_ALLOWED")]
    RoleNotAllowed,
    /// The operator invites into an organisation that has an administrator of its own
    /// (decision 76): only that administrator invites there.
    #[graphql(name = "ORGANISATION_ADMINISTERS_ITSELF")]
    OrganisationAdministersItself,
    /// The invitation e-mail could not be sent; nothing was stored.
    #[graphql(name = "MAIL_FAILED")]
    MailFailed,

    // Input in general.
    /// Input the server does not accept (out of range, wrong order of dates, unknown value,
    /// control characters); `field` names the input.
    #[graphql(name = "INVALID_INPUT")]
    InvalidInput,
    /// A required input is empty.
    #[graphql(name = "REQUIRED")]
    Required,
    /// A text (or a list) longer than allowed.
    #[graphql(name = "TOO_LONG")]
    TooLong,
    /// A date that may not lie in the future does.
    #[graphql(name = "DATE_IN_FUTURE")]
    DateInFuture,

    // Case files.
    /// A person who cannot be put on the case (not a doctor or consultant the organisation
    /// engaged, not a consultant of the agency).
    #[graphql(name = "NOT_ASSIGNABLE")]
    NotAssignable,
    /// Reporting sick an employee whose case is still open.
    #[graphql(name = "ALREADY_SICK")]
    AlreadySick,
    /// Reporting recovery or partial recovery in a case whose employee is not reported sick.
    #[graphql(name = "NOT_SICK")]
    NotSick,
    /// Only the employer and the employee do this (sign the plan of action, ask UWV for an
    /// expert opinion, record the WIA application).
    #[graphql(name = "NOT_A_PARTY")]
    NotAParty,
    /// Signing a plan of action when there is none yet.
    #[graphql(name = "NO_PLAN")]
    NoPlan,
    /// The plan of action changed since the signer read it: read the new version and sign that.
    #[graphql(name = "PLAN_CHANGED")]
    PlanChanged,
    /// Recording the follow-up of an expert opinion before UWV's answer.
    #[graphql(name = "NOT_ANSWERED")]
    NotAnswered,
    /// The case cannot be closed (yet) with this close reason, or is closed already.
    #[graphql(name = "CANNOT_CLOSE")]
    CannotClose,

    // Track 2 (re-integration with another employer).
    /// A re-integration agency the employer has not engaged.
    #[graphql(name = "NOT_ENGAGED")]
    NotEngaged,
    /// The agency has more than one consultant: say which one runs track 2.
    #[graphql(name = "CONSULTANT_REQUIRED")]
    ConsultantRequired,
    /// Track 2 ended with its final report; nothing more is recorded.
    #[graphql(name = "TRACK2_ENDED")]
    Track2Ended,
    /// A submitted track-2 report is not changed; write the next one.
    #[graphql(name = "REPORT_SUBMITTED")]
    ReportSubmitted,

    // Documents (the REST upload, `POST /api/cases/{id}/documents`).
    /// The file is larger than the limit (HTTP 413).
    #[graphql(name = "TOO_LARGE")]
    TooLarge,
    /// A kind of file that is not accepted (HTTP 415).
    #[graphql(name = "UNSUPPORTED_TYPE")]
    UnsupportedType,
    /// The virus scanner found something in the file; it was not stored (HTTP 422).
    #[graphql(name = "INFECTED")]
    Infected,
    /// The file is empty.
    #[graphql(name = "EMPTY_FILE")]
    EmptyFile,
    /// The upload broke off (the client went away or sent nothing for too long); what was
    /// received is removed.
    #[graphql(name = "UPLOAD_ABORTED")]
    UploadAborted,

    // Reminders.
    /// A reminder recipient this kind of deadline does not allow.
    #[graphql(name = "RECIPIENT_NOT_ALLOWED")]
    RecipientNotAllowed,

    // Tools.
    /// `poortwachter generate` on a database that already holds generated data.
    #[graphql(name = "ALREADY_GENERATED")]
    AlreadyGenerated,
}

impl ErrorReason {
    /// The key clients see (the GraphQL name of the value).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorReason::Unauthenticated => "UNAUTHENTICATED",
            ErrorReason::Forbidden => "FORBIDDEN",
            ErrorReason::NotFound => "NOT_FOUND",
            ErrorReason::Validation => "VALIDATION",
            ErrorReason::Conflict => "CONFLICT",
            ErrorReason::RateLimited => "RATE_LIMITED",
            ErrorReason::Internal => "INTERNAL",
            ErrorReason::InvalidCredentials => "INVALID_CREDENTIALS",
            ErrorReason::SsoRequired => "SSO_REQUIRED",
            ErrorReason::AccountDeactivated => "ACCOUNT_DEACTIVATED",
            ErrorReason::SsoFailed => "SSO_FAILED",
            ErrorReason::DomainTaken => "DOMAIN_TAKEN",
            ErrorReason::SessionExpired => "SESSION_EXPIRED",
            ErrorReason::TokenInvalid => "TOKEN_INVALID",
            ErrorReason::MfaRequired => "MFA_REQUIRED",
            ErrorReason::MfaInvalid => "MFA_INVALID",
            ErrorReason::MfaThrottled => "MFA_THROTTLED",
            ErrorReason::TotpAlreadyEnabled => "TOTP_ALREADY_ENABLED",
            ErrorReason::PasskeyInvalid => "PASSKEY_INVALID",
            ErrorReason::CodeInvalid => "CODE_INVALID",
            ErrorReason::InvalidEmail => "INVALID_EMAIL",
            ErrorReason::WeakPassword => "WEAK_PASSWORD",
            ErrorReason::EmailTaken => "EMAIL_TAKEN",
            ErrorReason::EmployeeNumberTaken => "EMPLOYEE_NUMBER_TAKEN",
            ErrorReason::RoleNotAllowed => "ROLE_NOT_ALLOWED",
            ErrorReason::OrganisationAdministersItself => "ORGANISATION_ADMINISTERS_ITSELF",
            ErrorReason::MailFailed => "MAIL_FAILED",
            ErrorReason::InvalidInput => "INVALID_INPUT",
            ErrorReason::Required => "REQUIRED",
            ErrorReason::TooLong => "TOO_LONG",
            ErrorReason::DateInFuture => "DATE_IN_FUTURE",
            ErrorReason::NotAssignable => "NOT_ASSIGNABLE",
            ErrorReason::AlreadySick => "ALREADY_SICK",
            ErrorReason::NotSick => "NOT_SICK",
            ErrorReason::NotAParty => "NOT_A_PARTY",
            ErrorReason::NoPlan => "NO_PLAN",
            ErrorReason::PlanChanged => "PLAN_CHANGED",
            ErrorReason::NotAnswered => "NOT_ANSWERED",
            ErrorReason::CannotClose => "CANNOT_CLOSE",
            ErrorReason::NotEngaged => "NOT_ENGAGED",
            ErrorReason::ConsultantRequired => "CONSULTANT_REQUIRED",
            ErrorReason::Track2Ended => "TRACK2_ENDED",
            ErrorReason::ReportSubmitted => "REPORT_SUBMITTED",
            ErrorReason::TooLarge => "TOO_LARGE",
            ErrorReason::UnsupportedType => "UNSUPPORTED_TYPE",
            ErrorReason::Infected => "INFECTED",
            ErrorReason::EmptyFile => "EMPTY_FILE",
            ErrorReason::UploadAborted => "UPLOAD_ABORTED",
            ErrorReason::RecipientNotAllowed => "RECIPIENT_NOT_ALLOWED",
            ErrorReason::AlreadyGenerated => "ALREADY_GENERATED",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use async_graphql::resolver_utils::EnumType;

    #[test]
    fn the_key_is_the_graphql_name() {
        for item in <ErrorReason as EnumType>::items() {
            assert_eq!(item.value.as_str(), item.name);
            let upper = item
                .name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            assert!(upper, "{} is not SCREAMING_SNAKE", item.name);
        }
    }

    #[test]
    fn every_code_is_a_key() {
        for code in [
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::Conflict,
            ErrorCode::RateLimited,
            ErrorCode::Internal,
        ] {
            assert_eq!(code.key().as_str(), code.as_str());
        }
    }
}
