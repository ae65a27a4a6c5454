//! The `poortwachter` binary as a library, so the end-to-end tests boot exactly what runs in
//! production: configuration, keys, database and migrations, services, the merged GraphQL
//! schema and the axum router.

pub mod bulk;
pub mod files;
pub mod http;
pub mod keys;
pub mod metrics;
pub mod schema;
pub mod scim;
pub mod sso;
pub mod state;
pub mod telemetry;
pub mod worker;

pub use state::AppState;
