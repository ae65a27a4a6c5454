//! The shared kernel of Poortwachter: configuration, errors, the actor and its tenant scope,
//! the access policy, the tamper-evident access log, crypto, the clock and the database pool.
//!
//! Every service crate depends on this one and on nothing else of ours, so the rules that keep
//! tenants and medical data apart live in exactly one place.

pub mod access;
pub mod actor;
pub mod audit;
pub mod case_port;
pub mod clock;
pub mod config;
pub mod context;
pub mod crypto;
pub mod db;
pub mod document;
pub mod entities;
pub mod error;
pub mod error_reason;
pub mod graphql;
pub mod ids;
pub mod keyring;
pub mod mail;
pub mod scalars;
pub mod smtp;
pub mod text;

pub use actor::{Actor, OrganisationKind, RequestMeta, Role, UserActor};
pub use context::Ctx;
pub use error::{AppError, AppResult, GqlResultExt};
pub use error_reason::ErrorReason;
