//! Tables of the identity service (written by hand to match `migrations/`; the e2e suite
//! runs every query against the real migrations on SQLite and PostgreSQL).

pub mod activation_code;
pub mod case_assignment;
pub mod department;
pub mod doctor_request;
pub mod employee;
pub mod engagement;
pub mod invitation;
pub mod login_throttle;
pub mod medical_binding;
pub mod organisation;
pub mod passkey;
pub mod refresh_token;
pub mod scim_token;
pub mod session;
pub mod sso_domain;
pub mod sso_link;
pub mod sso_login;
pub mod sso_provider;
pub mod user;
pub mod user_role;
pub mod webauthn_ceremony;
