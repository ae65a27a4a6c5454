//! Identity and tenancy: organisations (employers, occupational health services, agencies, the
//! platform), users and roles, employees, engagements, case assignments, login sessions with
//! rotating refresh tokens, JWT access tokens, TOTP, invitations and login throttling.

pub mod entities;
pub mod graphql;
pub mod import;
pub mod mail;
pub mod model;
pub mod passkeys;
pub mod password;
pub mod ratelimit;
pub mod repo;
pub mod scim;
pub mod service;
pub mod sso;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod trail;
pub mod verification;

pub use service::{Identity, IdentitySettings};
pub use tokens::{Claims, TokenKeys};
