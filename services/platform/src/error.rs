//! The one error type of the service layer and its single mapping to GraphQL `extensions.code`.
//!
//! Two messages, as in vaultwarden: what the user may read (stable `code`, a `reason` key the web
//! app translates, an English message) and what goes to the log (the cause). Internals never
//! reach the client. The keys are the values of [`ErrorReason`].

use async_graphql::ErrorExtensions;
use sea_orm::{DbErr, SqlErr};

pub use crate::error_reason::ErrorReason;

/// Result of a service operation.
pub type AppResult<T> = Result<T, AppError>;

/// Error codes (stable names integrators rely on).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// No valid credentials or token.
    Unauthenticated,
    /// Authenticated but not allowed (only where "not found" would be misleading, e.g. a role
    /// that may never do this operation at all).
    Forbidden,
    /// Does not exist *or is outside the actor's reach* (no oracle).
    NotFound,
    /// Input rejected.
    Validation,
    /// Conflicts with existing state (duplicate e-mail, already accepted).
    Conflict,
    /// Too many attempts.
    RateLimited,
    /// Our fault; details are in the log under the request id.
    Internal,
}

impl ErrorCode {
    /// The code as a key clients translate.
    pub fn key(self) -> ErrorReason {
        match self {
            ErrorCode::Unauthenticated => ErrorReason::Unauthenticated,
            ErrorCode::Forbidden => ErrorReason::Forbidden,
            ErrorCode::NotFound => ErrorReason::NotFound,
            ErrorCode::Validation => ErrorReason::Validation,
            ErrorCode::Conflict => ErrorReason::Conflict,
            ErrorCode::RateLimited => ErrorReason::RateLimited,
            ErrorCode::Internal => ErrorReason::Internal,
        }
    }

    /// The value of `extensions.code`.
    pub fn as_str(self) -> &'static str {
        self.key().as_str()
    }
}

/// Errors of every service.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, invalid or expired credentials.
    #[error("{message}")]
    Unauthenticated {
        /// Stable key for the UI (`INVALID_CREDENTIALS`, `SESSION_EXPIRED`, ...).
        reason: ErrorReason,
        /// Safe English message.
        message: &'static str,
    },
    /// The actor may see the resource but not do this to it (or needs a second factor first).
    #[error("{message}")]
    Forbidden {
        /// Stable key for the UI (`FORBIDDEN`, `MFA_REQUIRED`, ...).
        reason: ErrorReason,
        /// Safe English message.
        message: &'static str,
    },
    /// Not found or not in reach.
    #[error("not found")]
    NotFound,
    /// Input rejected.
    #[error("{message}")]
    Validation {
        /// Stable key for the UI.
        reason: ErrorReason,
        /// The input field concerned, if any.
        field: Option<&'static str>,
        /// Safe English message.
        message: String,
    },
    /// Conflicts with existing state.
    #[error("{message}")]
    Conflict {
        /// Stable key for the UI.
        reason: ErrorReason,
        /// Safe English message.
        message: String,
    },
    /// Too many attempts; try again later.
    #[error("too many attempts, try again in {retry_after_secs} seconds")]
    RateLimited {
        /// Stable key for the UI (`RATE_LIMITED`, `MFA_THROTTLED`).
        reason: ErrorReason,
        /// When to try again.
        retry_after_secs: u64,
    },
    /// Anything else: logged with its cause, shown as a generic message.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// A validation error about one input field.
    pub fn validation(
        reason: ErrorReason,
        field: &'static str,
        message: impl Into<String>,
    ) -> Self {
        AppError::Validation {
            reason,
            field: Some(field),
            message: message.into(),
        }
    }

    /// A conflict.
    pub fn conflict(reason: ErrorReason, message: impl Into<String>) -> Self {
        AppError::Conflict {
            reason,
            message: message.into(),
        }
    }

    /// Wraps any error as internal.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }

    /// An internal error from a plain message (an invariant that did not hold).
    pub fn invariant(message: impl Into<String>) -> Self {
        AppError::Internal(message.into().into())
    }

    /// The actor may not do this.
    pub fn forbidden() -> Self {
        AppError::Forbidden {
            reason: ErrorReason::Forbidden,
            message: "you are not allowed to do this",
        }
    }

    /// The user must log in (again).
    pub fn unauthenticated() -> Self {
        AppError::Unauthenticated {
            reason: ErrorReason::SessionExpired,
            message: "log in to continue",
        }
    }

    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated { .. } => ErrorCode::Unauthenticated,
            AppError::Forbidden { .. } => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Validation { .. } => ErrorCode::Validation,
            AppError::Conflict { .. } => ErrorCode::Conflict,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The stable reason key the web app translates.
    pub fn reason(&self) -> ErrorReason {
        match self {
            AppError::Unauthenticated { reason, .. }
            | AppError::Validation { reason, .. }
            | AppError::Conflict { reason, .. }
            | AppError::RateLimited { reason, .. }
            | AppError::Forbidden { reason, .. } => *reason,
            AppError::NotFound => ErrorReason::NotFound,
            AppError::Internal(_) => ErrorReason::Internal,
        }
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            // The constraint name may reveal a column; the service turns known cases into a
            // precise conflict before this generic one is reached.
            return AppError::conflict(ErrorReason::Conflict, "this already exists");
        }
        AppError::internal(e)
    }
}

/// `.gql()` turns a service result into a resolver result carrying `extensions.code`.
///
/// async-graphql converts anything `Display` into an error with `?`, which would drop the code;
/// resolvers therefore end in `.gql()`, and the gateway adds `INTERNAL` to any error that
/// still arrives without a code.
pub trait GqlResultExt<T> {
    /// Maps the error with its code, reason and field.
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResultExt<T> for AppResult<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        let e = self;
        if let AppError::Internal(cause) = e {
            tracing::error!(error = %cause, source = ?cause.source(), "internal error");
        }
        let message = match e {
            AppError::Internal(_) => {
                "internal error; the details are in the server log".to_string()
            }
            other => other.to_string(),
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", e.code().as_str());
            ext.set("reason", e.reason().as_str());
            match e {
                AppError::Validation {
                    field: Some(field), ..
                } => ext.set("field", *field),
                AppError::RateLimited {
                    retry_after_secs, ..
                } => ext.set("retryAfter", *retry_after_secs),
                _ => {}
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let err = AppError::invariant("password hash of user 42 is corrupt").extend();
        assert!(!err.message.contains("42"));
        let ext = err.extensions.expect("extensions");
        assert_eq!(
            ext.get("code"),
            Some(&async_graphql::Value::from("INTERNAL"))
        );
    }

    #[test]
    fn validation_errors_name_the_field() {
        let err = AppError::validation(ErrorReason::InvalidEmail, "email", "not an e-mail address")
            .extend();
        let ext = err.extensions.expect("extensions");
        assert_eq!(
            ext.get("code"),
            Some(&async_graphql::Value::from("VALIDATION"))
        );
        assert_eq!(ext.get("field"), Some(&async_graphql::Value::from("email")));
        assert_eq!(
            ext.get("reason"),
            Some(&async_graphql::Value::from("INVALID_EMAIL"))
        );
    }
}
