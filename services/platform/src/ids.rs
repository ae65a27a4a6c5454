//! Identifiers. Every row gets a UUIDv7: sortable by creation time (good index locality),
//! unguessable enough to be no oracle, and the same type on SQLite and PostgreSQL.

use uuid::Uuid;

/// A new time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The tenant id used for events that belong to no organisation (failed logins of unknown
/// e-mail addresses, platform start-up). Its access-log chain is verified like any other.
pub const PLATFORM_TENANT: Uuid = Uuid::nil();

/// Parses a GraphQL `ID` into a UUID; a malformed id is "not found", never a parse error that
/// tells the caller anything.
pub fn parse_id(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw).ok()
}
