//! SCIM 2.0 (RFC 7643, RFC 7644), the protocol side of an employer's provisioning: the filter
//! language, PATCH operations, the JSON shape of Users (the employer's employees) and Groups
//! (its departments), the discovery documents and the error schema. Pure: no database, no
//! HTTP; the use cases are in `service::provisioning`, the routes in the gateway's `scim.rs`.
//!
//! The mapping (decision 87): a User is an employee record with its login; `userName` is the
//! e-mail address that is also the login, `emails` names the same one address, `name.formatted`
//! and `displayName` the one name, `active` whether the login works; a Group is a department.

pub mod filter;
pub mod patch;
pub mod resources;
pub mod schemas;

use platform::{AppError, ErrorReason};
use serde_json::{Value, json};

/// The core User schema.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The enterprise User extension (`employeeNumber`, `department`).
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// A list of resources.
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// A PATCH request.
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// A search request (`POST …/.search`).
pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/// An error.
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// The media type of every answer (`application/json` is accepted in requests too).
pub const CONTENT_TYPE: &str = "application/scim+json";
/// The longest filter accepted: what identity providers send is one or two comparisons.
pub const MAX_FILTER_CHARS: usize = 1000;
/// The most resources one page holds (`count` above it is lowered to it).
pub const MAX_COUNT: usize = 1000;
/// Resources per page when `count` is not given.
pub const DEFAULT_COUNT: usize = 100;
/// The largest request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most operations one PATCH request may carry.
pub const MAX_OPERATIONS: usize = 1000;

/// A SCIM error (RFC 7644 §3.12): the HTTP status, the `scimType` where the RFC defines one,
/// and a detail for the operator reading the identity provider's log (machines read these, so
/// they are English and never name another organisation or anything medical).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScimError {
    /// HTTP status.
    pub status: u16,
    /// `invalidFilter`, `tooMany`, `uniqueness`, `mutability`, `invalidSyntax`, `invalidPath`,
    /// `noTarget`, `invalidValue`, `invalidVers`, `sensitive`.
    pub scim_type: Option<&'static str>,
    /// What went wrong.
    pub detail: String,
}

impl ScimError {
    /// An error with a status and type.
    pub fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 with a `scimType`.
    pub fn bad(scim_type: &'static str, detail: impl Into<String>) -> Self {
        ScimError::new(400, Some(scim_type), detail)
    }

    /// 400 `invalidValue`.
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        ScimError::bad("invalidValue", detail)
    }

    /// 404: no such resource, or one outside the token's employer (the same answer).
    pub fn not_found() -> Self {
        ScimError::new(404, None, "resource not found")
    }

    /// 409 `uniqueness`.
    pub fn uniqueness(detail: impl Into<String>) -> Self {
        ScimError::new(409, Some("uniqueness"), detail)
    }

    /// 412: `If-Match` names another version.
    pub fn precondition_failed() -> Self {
        ScimError::new(
            412,
            None,
            "the resource changed since the version named in If-Match; read it again",
        )
    }

    /// The error document.
    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.to_string(),
            "detail": self.detail,
        });
        if let Some(t) = self.scim_type {
            body["scimType"] = Value::from(t);
        }
        body
    }
}

impl std::fmt::Display for ScimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.detail)
    }
}

impl std::error::Error for ScimError {}

impl From<AppError> for ScimError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated { message, .. } => ScimError::new(401, None, message),
            AppError::Forbidden { message, .. } => ScimError::new(403, None, message),
            AppError::NotFound => ScimError::not_found(),
            AppError::Validation { field, message, .. } => ScimError::invalid_value(match field {
                Some(f) => format!("{f}: {message}"),
                None => message,
            }),
            // The relay is away: the identity provider retries a 503 later.
            AppError::Conflict {
                reason: ErrorReason::MailFailed,
                message,
            } => ScimError::new(503, None, message),
            AppError::Conflict { message, .. } => ScimError::uniqueness(message),
            AppError::RateLimited {
                retry_after_secs, ..
            } => ScimError::new(
                429,
                None,
                format!("too many requests; try again in {retry_after_secs} seconds"),
            ),
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, "SCIM request failed");
                ScimError::new(
                    500,
                    None,
                    "internal error; the details are in the server log",
                )
            }
        }
    }
}

impl From<sea_orm::DbErr> for ScimError {
    fn from(e: sea_orm::DbErr) -> Self {
        ScimError::from(AppError::from(e))
    }
}

/// A JSON object's member by name, ignoring case (attribute names are case-insensitive,
/// RFC 7643 §2.1).
pub fn get_ci<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    object
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Whether `schemas` of a request names `urn` (case-insensitively).
pub fn names_schema(body: &Value, urn: &str) -> bool {
    get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
        })
}

/// Checks the `schemas` of a resource in a request: it names `core`, and nothing but `core` and
/// `extensions`.
pub fn check_schemas(body: &Value, core: &str, extensions: &[&str]) -> Result<(), ScimError> {
    let Some(list) = get_ci(body, "schemas").and_then(Value::as_array) else {
        return Err(ScimError::invalid_value(format!(
            "the request has no \"schemas\"; it must name {core}"
        )));
    };
    let mut has_core = false;
    for s in list {
        let Some(s) = s.as_str() else {
            return Err(ScimError::invalid_value("\"schemas\" holds strings only"));
        };
        if s.eq_ignore_ascii_case(core) {
            has_core = true;
        } else if !extensions.iter().any(|e| e.eq_ignore_ascii_case(s)) {
            return Err(ScimError::invalid_value(format!("unknown schema {s}")));
        }
    }
    if has_core {
        Ok(())
    } else {
        Err(ScimError::invalid_value(format!(
            "\"schemas\" must name {core}"
        )))
    }
}

/// A weak entity tag of a version (`W/"<unix microseconds>"`, with a suffix where the
/// timestamp alone would not change).
pub fn etag(micros: i64, suffix: Option<usize>) -> String {
    match suffix {
        Some(n) => format!("W/\"{micros}-{n}\""),
        None => format!("W/\"{micros}\""),
    }
}

/// Whether an `If-Match`/`If-None-Match` header value names `version` (`*` names any; weak
/// comparison, RFC 7232 §2.3.2).
pub fn etag_matches(header: &str, version: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let mine = opaque(version);
    header
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == mine)
}

/// A boolean as identity providers send it: `true`, or the strings `"True"`/`"false"` (Entra
/// ID sends `{"op":"Replace","path":"active","value":"False"}`).
pub fn loose_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_follow_the_error_schema() {
        let e = ScimError::bad("invalidFilter", "bad");
        assert_eq!(
            e.to_json(),
            json!({ "schemas": [ERROR_SCHEMA], "status": "400", "scimType": "invalidFilter", "detail": "bad" })
        );
        let e = ScimError::not_found().to_json();
        assert_eq!(e["status"], "404");
        assert!(e.get("scimType").is_none());
        let e = ScimError::from(AppError::conflict(ErrorReason::EmailTaken, "taken"));
        assert_eq!((e.status, e.scim_type), (409, Some("uniqueness")));
    }

    #[test]
    fn schemas_must_name_the_core_and_nothing_unknown() {
        let ok = json!({ "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA] });
        assert!(check_schemas(&ok, USER_SCHEMA, &[ENTERPRISE_SCHEMA]).is_ok());
        let lower = json!({ "schemas": [USER_SCHEMA.to_lowercase()] });
        assert!(check_schemas(&lower, USER_SCHEMA, &[]).is_ok());
        for bad in [
            json!({}),
            json!({ "schemas": [GROUP_SCHEMA] }),
            json!({ "schemas": [USER_SCHEMA, "urn:example:custom"] }),
            json!({ "schemas": [1] }),
        ] {
            let e = check_schemas(&bad, USER_SCHEMA, &[ENTERPRISE_SCHEMA]).unwrap_err();
            assert_eq!(e.scim_type, Some("invalidValue"), "{bad}");
        }
    }

    #[test]
    fn entity_tags_compare_weakly() {
        let v = etag(1_700_000_000_000_000, None);
        assert_eq!(v, "W/\"1700000000000000\"");
        assert!(etag_matches(&v, &v));
        assert!(etag_matches("\"1700000000000000\"", &v));
        assert!(etag_matches("W/\"1\", W/\"1700000000000000\"", &v));
        assert!(etag_matches("*", &v));
        assert!(!etag_matches("W/\"1\"", &v));
        assert_ne!(etag(5, Some(1)), etag(5, Some(2)));
    }

    #[test]
    fn booleans_may_come_as_strings() {
        assert_eq!(loose_bool(&json!(false)), Some(false));
        assert_eq!(loose_bool(&json!("False")), Some(false));
        assert_eq!(loose_bool(&json!("TRUE")), Some(true));
        assert_eq!(loose_bool(&json!("yes")), None);
        assert_eq!(loose_bool(&json!(1)), None);
    }
}
