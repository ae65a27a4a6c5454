//! Use cases of the identity service: authorize → act → log.
//!
//! This module owns the [`Identity`] handle (its settings, keys and constructor) and the
//! helpers every use case shares; the use cases themselves live in one submodule per concern,
//! each adding its own `impl Identity` block, so no single file has to hold them all:
//! `session` (logins, second factors, tokens), `sso` (sign-in through the organisation's own
//! identity provider), `users` (accounts and their administrators),
//! `organisations`, `engagements`, `invitations`, `employees`, `provisioning` (SCIM: the
//! employer's identity provider keeping employees and departments in step), and `seed` (demo
//! and test data).

use std::sync::Arc;

use chrono::Duration;
use platform::access::Relation;
use platform::context::Target;
use platform::crypto::SealingKey;
use platform::mail::Mailer;
use platform::{AppError, AppResult, OrganisationKind, UserActor};
use uuid::Uuid;

use crate::passkeys;
use crate::ratelimit::LoginLimiter;
use crate::tokens::TokenKeys;

mod departments;
mod employees;
mod engagements;
mod import;
mod invitations;
mod organisations;
pub mod provisioning;
pub mod seed;
mod session;
mod sso;
mod users;

pub use departments::DepartmentInput;
pub use employees::{CreatedEmployee, EmployeeChanges, NewEmployee};
pub use import::ImportReport;
pub use sso::{
    SignInOptions, SsoCallback, SsoCheck, SsoRefusal, SsoSettings, SsoSettingsInput, SsoStart,
};

/// Tunables from the configuration.
#[derive(Clone, Debug)]
pub struct IdentitySettings {
    /// Lifetime of a login session.
    pub session_ttl: Duration,
    /// Lifetime of an invitation, hours.
    pub invitation_ttl_hours: u64,
    /// Wrong passwords per (address, client) before delays start; wrong authenticator codes
    /// per account before they pause.
    pub max_failures: u32,
    /// The longest delay after wrong passwords; how long authenticator codes pause.
    pub lockout: Duration,
    /// Base URL for links in e-mails.
    pub public_url: String,
}

/// The identity service handle (cheap to clone).
#[derive(Clone, Debug)]
pub struct Identity {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    tokens: TokenKeys,
    webauthn: webauthn_rs::Webauthn,
    mailer: Mailer,
    totp_key: SealingKey,
    limiter: LoginLimiter,
    settings: IdentitySettings,
    /// The OpenID Connect relying party (single sign-on), with its provider cache.
    sso: crate::sso::RelyingParty,
}

/// What the TOTP sealing key was derived as before it was stored (the stored key starts from it).
pub const TOTP_PURPOSE: &[u8] = b"totp-secret";

impl Identity {
    /// Builds the service.
    pub fn new(
        tokens: TokenKeys,
        mailer: Mailer,
        totp_key: &[u8; 32],
        login_attempts_per_minute: u32,
        settings: IdentitySettings,
    ) -> AppResult<Self> {
        let totp_key = SealingKey::from_bytes(totp_key).map_err(AppError::internal)?;
        let webauthn =
            passkeys::relying_party(&settings.public_url).map_err(AppError::invariant)?;
        let sso =
            crate::sso::RelyingParty::new(&settings.public_url).map_err(AppError::internal)?;
        Ok(Identity {
            inner: Arc::new(Inner {
                tokens,
                webauthn,
                mailer,
                totp_key,
                limiter: LoginLimiter::new(login_attempts_per_minute),
                settings,
                sso,
            }),
        })
    }

    /// The token keys (the gateway verifies bearer tokens with them).
    pub fn tokens(&self) -> &TokenKeys {
        &self.inner.tokens
    }

    /// The service's public URL (links in e-mails, the SSO redirect URI, the SCIM base URL).
    pub fn public_url(&self) -> &str {
        &self.inner.settings.public_url
    }

    /// The mailer.
    pub fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// The passkey relying party.
    pub fn webauthn(&self) -> &webauthn_rs::Webauthn {
        &self.inner.webauthn
    }

    /// The authorization target of organisation `org` with `actor`'s relations to it (his own
    /// organisation; the platform operator's); shared by the organisation, user, invitation and
    /// engagement use cases.
    fn org_target(actor: &UserActor, org: Uuid) -> Target {
        let mut relations = Vec::new();
        if actor.organisation_id == org {
            relations.push(Relation::OwnOrganisation);
        }
        if actor.organisation_kind == OrganisationKind::Platform {
            relations.push(Relation::Platform);
        }
        Target {
            tenant_id: org,
            subject_employee_id: None,
            resource_type: "organisation",
            resource_id: Some(org.to_string()),
            relations,
        }
    }
}
