//! Helpers every service's GraphQL layer needs in the same way: ids, keyset cursors, page sizes
//! and turning a service error into a resolver error with its code.

use async_graphql::{ErrorExtensions, ID};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{AppError, ErrorReason};

/// Largest page any list returns, whatever `first` asks.
pub const MAX_PAGE: usize = 100;
/// Page size when `first` is not given.
pub const DEFAULT_PAGE: usize = 25;

/// A service error as a resolver error (with `extensions.code`).
pub fn gql_err(e: AppError) -> async_graphql::Error {
    e.extend()
}

/// A GraphQL `ID` that must be one of ours; anything else is "not found" (no oracle).
pub fn parse_id(id: &ID) -> async_graphql::Result<Uuid> {
    crate::ids::parse_id(id.as_str()).ok_or_else(|| gql_err(AppError::NotFound))
}

/// The page size for `first`: default when absent, capped at [`MAX_PAGE`], negative refused.
pub fn page_size(first: Option<i32>) -> async_graphql::Result<usize> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(n) if n >= 0 => Ok(usize::try_from(n).unwrap_or(MAX_PAGE).min(MAX_PAGE)),
        Some(_) => Err(gql_err(AppError::validation(
            ErrorReason::InvalidInput,
            "first",
            "first must not be negative",
        ))),
    }
}

/// An opaque cursor for a keyset position (the sort key and id of the last row).
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The keyset position in a cursor made by [`encode_cursor`].
pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> async_graphql::Result<K> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| {
            gql_err(AppError::validation(
                ErrorReason::InvalidInput,
                "after",
                "not a cursor of this list",
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_a_validation_error() {
        let key = ("Anouk de Vries".to_string(), Uuid::nil());
        let back: (String, Uuid) = decode_cursor(&encode_cursor(&key)).unwrap();
        assert_eq!(back, key);
        let err = decode_cursor::<(String, Uuid)>("!!").unwrap_err();
        assert_eq!(
            err.extensions.unwrap().get("code"),
            Some(&async_graphql::Value::from("VALIDATION"))
        );
    }

    #[test]
    fn page_sizes_are_capped_and_defaulted() {
        assert_eq!(page_size(None).unwrap(), DEFAULT_PAGE);
        assert_eq!(page_size(Some(100_000)).unwrap(), MAX_PAGE);
        assert_eq!(page_size(Some(7)).unwrap(), 7);
        assert!(page_size(Some(-1)).is_err());
    }
}
