//! Tables of the identity service (written by hand to match `migrations/`; the e2e suite
//! runs every query against the real migrations on SQLite and PostgreSQL).

pub mod case_assignment;
pub mod employee;
pub mod engagement;
pub mod invitation;
pub mod organisation;
pub mod refresh_token;
pub mod session;
pub mod user;
pub mod user_role;
