//! Signing in through the organisation's own identity provider (decision 86): its
//! administrator's configuration, the login page's question "does this address sign in
//! through a provider?", and one sign-in from the redirect to the session.
//!
//! The provider replaces the password, never the second factor: after it, the account's own
//! authenticator code or passkey is asked exactly as after a password, and the session is a
//! second-factor session only when one of them was checked. The medical file needs such a
//! session *and* the health service's verification of the account (docs/privacy.md), so an
//! employer whose IT asserts an employee's address gains his login, not his file.

use chrono::Duration;
use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::crypto::{random_token, sha256_hex};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use super::Identity;
use super::session::SecondStep;
use crate::entities::{sso_domain, sso_link, sso_login, sso_provider, user};
use crate::model::{self, AuthTokens};
use crate::repo;
use crate::sso::{ProviderConfig, SsoError};
use crate::trail::{self, TrailEvent, user_resource};

/// How long a sign-in may take at the provider.
const LOGIN_TTL_MINUTES: i64 = 10;
/// How long the web app has to exchange the ticket (and answer the second factor).
const TICKET_TTL_MINUTES: i64 = 5;
/// The most domains one organisation names.
const MAX_DOMAINS: usize = 20;
/// Mail services anyone can have an address at: no organisation may claim them, or everyone
/// with such an address would be sent to that organisation's provider.
const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "outlook.nl",
    "hotmail.com",
    "hotmail.nl",
    "live.com",
    "live.nl",
    "msn.com",
    "icloud.com",
    "me.com",
    "yahoo.com",
    "yahoo.nl",
    "proton.me",
    "protonmail.com",
    "ziggo.nl",
    "kpnmail.nl",
    "kpnplanet.nl",
    "planet.nl",
    "home.nl",
    "xs4all.nl",
    "gmx.com",
    "gmx.net",
];

/// What an administrator sets.
#[derive(Clone, Debug)]
pub struct SsoSettingsInput {
    /// The provider's issuer URL.
    pub issuer: String,
    /// Our client id there.
    pub client_id: String,
    /// Our client secret there; `None` keeps the stored one.
    pub client_secret: Option<String>,
    /// The e-mail domains whose people sign in through it.
    pub domains: Vec<String>,
    /// Password login refused for everyone but the administrators.
    pub sso_only: bool,
    /// Switched on.
    pub enabled: bool,
}

/// An organisation's single sign-on, as its administrators see it (never the secret).
#[derive(Clone, Debug)]
pub struct SsoSettings {
    /// The stored configuration.
    pub provider: sso_provider::Model,
    /// Its domains, sorted.
    pub domains: Vec<String>,
    /// What to enter at the provider as the redirect URI.
    pub redirect_url: String,
}

/// The result of testing the connection to the provider.
#[derive(Clone, Debug)]
pub struct SsoCheck {
    /// The discovery document was fetched and names the same issuer.
    pub ok: bool,
    /// What was found, or what went wrong, for the administrator.
    pub message: String,
}

/// What the login page does with an address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// The address's domain signs in through its organisation's provider.
    pub sso: bool,
    /// …and password login is refused there (except for administrators).
    pub sso_only: bool,
}

/// The start of one sign-in.
#[derive(Clone, Debug)]
pub struct SsoStart {
    /// Where to send the browser.
    pub url: String,
    /// The value of the cookie that ties the sign-in to this browser.
    pub browser_secret: String,
}

/// Why a sign-in through the provider ended without a ticket; the code goes into the login
/// page's address, so it says what the person can do, and no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsoRefusal {
    /// The provider could not be reached or is not configured usably.
    Unavailable,
    /// A check failed (state, browser, code, ID token): start again.
    Refused,
    /// The sign-in took too long or was already used.
    Expired,
    /// The provider's address has no account in the organisation.
    NoAccount,
    /// The account was switched off by the employer's provisioning.
    Deactivated,
}

impl SsoRefusal {
    /// The code in the login page's address (`/login?sso=<code>`).
    pub fn code(self) -> &'static str {
        match self {
            SsoRefusal::Unavailable => "unavailable",
            SsoRefusal::Refused => "refused",
            SsoRefusal::Expired => "expired",
            SsoRefusal::NoAccount => "no_account",
            SsoRefusal::Deactivated => "deactivated",
        }
    }
}

/// How the provider's callback ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SsoCallback {
    /// A one-time ticket for `completeSsoLogin`.
    Ticket(String),
    /// Refused; the reason was logged.
    Refused(SsoRefusal),
}

impl Identity {
    // ----- configuration ---------------------------------------------------------------------

    fn sso_target(ctx: &Ctx) -> AppResult<platform::context::Target> {
        let actor = ctx.user()?;
        let mut target = Self::org_target(actor, actor.organisation_id);
        target.resource_type = "single_sign_on";
        Ok(target)
    }

    /// The redirect URI every provider is given.
    pub fn sso_redirect_url(&self) -> String {
        format!(
            "{}/api/sso/callback",
            self.public_url().trim_end_matches('/')
        )
    }

    /// The actor's organisation's single sign-on, if configured (its administrators and staff
    /// who may read the organisation's settings).
    pub async fn sso_settings(&self, ctx: &Ctx) -> AppResult<Option<SsoSettings>> {
        let target = Self::sso_target(ctx)?;
        ctx.authorize(&target, DataClass::Admin, Action::Read)
            .await?;
        let Some(provider) = repo::sso_provider(&ctx.db, target.tenant_id).await? else {
            return Ok(None);
        };
        let domains = self.sso_domains(ctx, target.tenant_id).await?;
        Ok(Some(SsoSettings {
            provider,
            domains,
            redirect_url: self.sso_redirect_url(),
        }))
    }

    async fn sso_domains(&self, ctx: &Ctx, tenant: Uuid) -> AppResult<Vec<String>> {
        let mut domains: Vec<String> = sso_domain::Entity::find()
            .filter(sso_domain::Column::TenantId.eq(tenant))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|d| d.domain)
            .collect();
        domains.sort();
        Ok(domains)
    }

    /// Sets the actor's organisation's provider (its administrator only; the operator cannot:
    /// pointing an organisation at a provider of his own would hand him its logins).
    pub async fn configure_sso(
        &self,
        ctx: &Ctx,
        input: SsoSettingsInput,
    ) -> AppResult<SsoSettings> {
        let target = Self::sso_target(ctx)?;
        ctx.authorize(&target, DataClass::Admin, Action::Update)
            .await?;
        let actor = ctx.user()?;
        let org = target.tenant_id;
        let issuer = self.inner.sso.check_issuer(&input.issuer).map_err(|e| {
            AppError::validation(ErrorReason::InvalidInput, "issuer", e.to_string())
        })?;
        let client_id = model::required_text(&input.client_id, "clientId", 255)?;
        let domains = self.claimable_domains(ctx, org, &input.domains).await?;
        let existing = repo::sso_provider(&ctx.db, org).await?;
        let secret = match input.client_secret.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                if s.len() > 2000 {
                    return Err(AppError::validation(
                        ErrorReason::TooLong,
                        "clientSecret",
                        "the client secret is longer than 2000 characters",
                    ));
                }
                Some(self.seal_client_secret(org, s)?)
            }
            _ => None,
        };
        let new_secret = secret.is_some();
        let now = ctx.clock.now();
        // The checks above read across organisations (a domain is global); the writes run
        // confined to the actor's own organisation by row-level security.
        let txn = ctx.tenant_txn().await?;
        let provider = match existing {
            Some(p) => {
                let mut m = p.into_active_model();
                m.issuer = Set(issuer.clone());
                m.client_id = Set(client_id.clone());
                if let Some(secret) = secret {
                    m.client_secret = Set(secret);
                }
                m.sso_only = Set(input.sso_only);
                m.enabled = Set(input.enabled);
                m.updated_by = Set(actor.user_id);
                m.updated_at = Set(now);
                m.update(&txn).await?
            }
            None => {
                let Some(secret) = secret else {
                    return Err(AppError::validation(
                        ErrorReason::Required,
                        "clientSecret",
                        "the client secret is required",
                    ));
                };
                sso_provider::ActiveModel {
                    id: Set(new_id()),
                    tenant_id: Set(org),
                    issuer: Set(issuer.clone()),
                    client_id: Set(client_id.clone()),
                    client_secret: Set(secret),
                    sso_only: Set(input.sso_only),
                    enabled: Set(input.enabled),
                    updated_by: Set(actor.user_id),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?
            }
        };
        sso_domain::Entity::delete_many()
            .filter(sso_domain::Column::TenantId.eq(org))
            .exec(&txn)
            .await?;
        for domain in &domains {
            sso_domain::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(org),
                domain: Set(domain.clone()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| match e.sql_err() {
                // Claimed by another organisation between the check and now.
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => domain_taken(domain),
                _ => e.into(),
            })?;
        }
        txn.commit().await?;
        let detail = format!(
            "single sign-on set: issuer {issuer}, client {client_id}, domains {}{}{}{}",
            domains.join(", "),
            if input.sso_only { ", SSO only" } else { "" },
            if input.enabled { "" } else { ", switched off" },
            if new_secret {
                ", new client secret"
            } else {
                ""
            },
        );
        record_change(ctx, org, Some(provider.id), Action::Update, detail).await?;
        Ok(SsoSettings {
            provider,
            domains,
            redirect_url: self.sso_redirect_url(),
        })
    }

    /// Removes the actor's organisation's provider; password login applies again to all.
    pub async fn remove_sso(&self, ctx: &Ctx) -> AppResult<bool> {
        let target = Self::sso_target(ctx)?;
        ctx.authorize(&target, DataClass::Admin, Action::Delete)
            .await?;
        let org = target.tenant_id;
        let txn = ctx.tenant_txn().await?;
        sso_domain::Entity::delete_many()
            .filter(sso_domain::Column::TenantId.eq(org))
            .exec(&txn)
            .await?;
        let removed = sso_provider::Entity::delete_many()
            .filter(sso_provider::Column::TenantId.eq(org))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        if removed > 0 {
            record_change(
                ctx,
                org,
                None,
                Action::Delete,
                "single sign-on removed".into(),
            )
            .await?;
        }
        Ok(removed > 0)
    }

    /// Fetches the provider's discovery document now, for the administrator's "test".
    pub async fn check_sso(&self, ctx: &Ctx) -> AppResult<SsoCheck> {
        let target = Self::sso_target(ctx)?;
        // It makes the service call out: the same right as changing the configuration.
        ctx.authorize(&target, DataClass::Admin, Action::Update)
            .await?;
        let provider = repo::sso_provider(&ctx.db, target.tenant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(match self.inner.sso.probe(&provider.issuer).await {
            Ok(authorize) => SsoCheck {
                ok: true,
                message: format!("provider found; sign-in goes to {authorize}"),
            },
            Err(e) => {
                tracing::info!(error = %e, "single sign-on check failed");
                SsoCheck {
                    ok: false,
                    message: match e {
                        SsoError::Misconfigured(why) => why,
                        _ => "the provider's discovery document could not be fetched".into(),
                    },
                }
            }
        })
    }

    /// The domains of `raw`, normalised, each free to claim by `org`: not a public mail
    /// service, not another organisation's, and no other organisation's account has an
    /// address there (else its people would be sent to this organisation's provider).
    async fn claimable_domains(
        &self,
        ctx: &Ctx,
        org: Uuid,
        raw: &[String],
    ) -> AppResult<Vec<String>> {
        let mut domains = Vec::new();
        for d in raw {
            let d = normalize_domain(d)?;
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
        if domains.is_empty() || domains.len() > MAX_DOMAINS {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "domains",
                format!("name between 1 and {MAX_DOMAINS} e-mail domains"),
            ));
        }
        for d in &domains {
            if PUBLIC_MAIL_DOMAINS.contains(&d.as_str()) {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    "domains",
                    format!("{d} is a public mail service; name your organisation's own domain"),
                ));
            }
            let other_org = sso_domain::Entity::find()
                .filter(sso_domain::Column::Domain.eq(d.as_str()))
                .filter(sso_domain::Column::TenantId.ne(org))
                .one(&ctx.db)
                .await?
                .is_some();
            let other_accounts = user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .filter(user::Column::Email.ends_with(format!("@{d}")))
                .filter(user::Column::TenantId.ne(org))
                .into_tuple::<Uuid>()
                .one(&ctx.db)
                .await?
                .is_some();
            if other_org || other_accounts {
                return Err(domain_taken(d));
            }
        }
        domains.sort();
        Ok(domains)
    }

    fn seal_client_secret(&self, org: Uuid, secret: &str) -> AppResult<Vec<u8>> {
        self.inner
            .totp_key
            .seal(secret.as_bytes(), &secret_context(org))
            .map_err(AppError::internal)
    }

    fn provider_config(&self, provider: &sso_provider::Model) -> AppResult<ProviderConfig> {
        let secret = self
            .inner
            .totp_key
            .open(&provider.client_secret, &secret_context(provider.tenant_id))
            .map_err(AppError::internal)?;
        Ok(ProviderConfig {
            issuer: provider.issuer.clone(),
            client_id: provider.client_id.clone(),
            client_secret: String::from_utf8(secret).map_err(AppError::internal)?,
        })
    }

    // ----- signing in ------------------------------------------------------------------------

    /// The enabled provider for an address's domain, if any. Decided by the domain alone, so
    /// the answer says nothing about whether the address has an account.
    async fn provider_for_email(
        &self,
        ctx: &Ctx,
        email: &str,
    ) -> AppResult<Option<sso_provider::Model>> {
        let Ok(email) = model::normalize_email(email) else {
            return Ok(None);
        };
        let Some((_, domain)) = email.rsplit_once('@') else {
            return Ok(None);
        };
        let Some(claim) = sso_domain::Entity::find()
            .filter(sso_domain::Column::Domain.eq(domain))
            .one(&ctx.db)
            .await?
        else {
            return Ok(None);
        };
        Ok(repo::sso_provider(&ctx.db, claim.tenant_id)
            .await?
            .filter(|p| p.enabled))
    }

    /// Whether the login page sends this address to its organisation's provider.
    pub async fn sign_in_options(&self, ctx: &Ctx, email: &str) -> AppResult<SignInOptions> {
        Ok(match self.provider_for_email(ctx, email).await? {
            Some(p) => SignInOptions {
                sso: true,
                sso_only: p.sso_only,
            },
            None => SignInOptions::default(),
        })
    }

    /// Starts a sign-in: the authorization request, and the sign-in's row (state and PKCE
    /// verifier by the browser cookie that must come back with the provider's answer).
    pub async fn start_sso(&self, ctx: &Ctx, email: &str) -> AppResult<SsoStart> {
        self.check_client(ctx)?;
        let email = model::normalize_email(email)?;
        let unavailable = AppError::Unauthenticated {
            reason: ErrorReason::SsoFailed,
            message: "signing in through your organisation is not possible now",
        };
        let Some(provider) = self.provider_for_email(ctx, &email).await? else {
            return Err(AppError::Unauthenticated {
                reason: ErrorReason::SsoFailed,
                message: "this address does not sign in through an organisation's provider",
            });
        };
        let config = self.provider_config(&provider)?;
        let request = match self
            .inner
            .sso
            .start(&config, &self.sso_redirect_url(), &email)
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, issuer = %provider.issuer, "single sign-on start failed");
                self.log_login_denied(
                    ctx,
                    provider.tenant_id,
                    None,
                    "identity provider unavailable",
                )
                .await?;
                return Err(unavailable);
            }
        };
        let browser_secret = random_token(32).map_err(AppError::internal)?;
        let now = ctx.clock.now();
        sso_login::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(provider.tenant_id),
            state_hash: Set(sha256_hex(request.state.as_bytes())),
            browser_hash: Set(sha256_hex(browser_secret.as_bytes())),
            nonce: Set(request.nonce),
            pkce_verifier: Set(request.pkce_verifier),
            login_hint: Set(email),
            created_at: Set(now),
            expires_at: Set(now + Duration::minutes(LOGIN_TTL_MINUTES)),
            callback_at: Set(None),
            user_id: Set(None),
            ticket_hash: Set(None),
            completed_at: Set(None),
        }
        .insert(&ctx.db)
        .await?;
        Ok(SsoStart {
            url: request.url,
            browser_secret,
        })
    }

    /// The provider sent the browser back: checks the sign-in (once, in the browser that
    /// started it, in time), exchanges the code, checks the ID token, finds the account in the
    /// organisation by its verified address, and hands out a ticket for the web app.
    pub async fn finish_sso(
        &self,
        ctx: &Ctx,
        state: &str,
        code: &str,
        browser_secret: Option<&str>,
    ) -> AppResult<SsoCallback> {
        self.check_client(ctx)?;
        let now = ctx.clock.now();
        let Some(login) = sso_login::Entity::find()
            .filter(sso_login::Column::StateHash.eq(sha256_hex(state.as_bytes())))
            .one(&ctx.db)
            .await?
        else {
            self.log_login_denied(
                ctx,
                platform::ids::PLATFORM_TENANT,
                None,
                "single sign-on: unknown state",
            )
            .await?;
            return Ok(SsoCallback::Refused(SsoRefusal::Refused));
        };
        let refuse = |why: &'static str, refusal: SsoRefusal, user: Option<Uuid>| async move {
            self.log_login_denied(
                ctx,
                login.tenant_id,
                user,
                &format!("single sign-on: {why}"),
            )
            .await?;
            Ok::<_, AppError>(SsoCallback::Refused(refusal))
        };
        // The same answer a second time is a replay: the first claim wins, in the database.
        if !claim_once(ctx, login.id, sso_login::Column::CallbackAt).await? {
            return refuse(
                "the provider's answer came a second time",
                SsoRefusal::Expired,
                None,
            )
            .await;
        }
        if login.expires_at <= now {
            return refuse("the sign-in took too long", SsoRefusal::Expired, None).await;
        }
        let same_browser = browser_secret.is_some_and(|b| {
            platform::crypto::constant_time_eq(
                sha256_hex(b.as_bytes()).as_bytes(),
                login.browser_hash.as_bytes(),
            )
        });
        if !same_browser {
            return refuse(
                "the answer came to another browser than the one that started",
                SsoRefusal::Refused,
                None,
            )
            .await;
        }
        let Some(provider) = repo::sso_provider(&ctx.db, login.tenant_id)
            .await?
            .filter(|p| p.enabled)
        else {
            return refuse(
                "the organisation's provider is switched off",
                SsoRefusal::Unavailable,
                None,
            )
            .await;
        };
        let config = self.provider_config(&provider)?;
        let identity = match self
            .inner
            .sso
            .finish(
                &config,
                &self.sso_redirect_url(),
                code,
                &login.pkce_verifier,
                &login.nonce,
            )
            .await
        {
            Ok(identity) => identity,
            Err(e) => {
                tracing::info!(error = %e, issuer = %provider.issuer, "single sign-on refused");
                let (why, refusal) = match &e {
                    SsoError::Unreachable(_) | SsoError::Misconfigured(_) => {
                        ("identity provider unavailable", SsoRefusal::Unavailable)
                    }
                    SsoError::CodeRefused(_) => {
                        ("the provider refused the code", SsoRefusal::Refused)
                    }
                    SsoError::TokenRefused(_) => {
                        ("the ID token failed a check", SsoRefusal::Refused)
                    }
                };
                self.log_login_denied(
                    ctx,
                    login.tenant_id,
                    None,
                    &format!("single sign-on: {why} ({e})"),
                )
                .await?;
                return Ok(SsoCallback::Refused(refusal));
            }
        };
        // The address must be one the provider verified (or, like Entra ID, one it does not
        // say anything about: then the domain rule below is what holds), and in one of the
        // organisation's own domains, so a provider cannot speak for anyone else's people.
        if identity.email_verified == Some(false) {
            return refuse(
                "the provider did not verify the address",
                SsoRefusal::Refused,
                None,
            )
            .await;
        }
        let Some(email) = identity
            .email
            .as_deref()
            .and_then(|e| model::normalize_email(e).ok())
        else {
            return refuse(
                "the provider sent no e-mail address",
                SsoRefusal::Refused,
                None,
            )
            .await;
        };
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        if !self
            .sso_domains(ctx, login.tenant_id)
            .await?
            .iter()
            .any(|d| d == domain)
        {
            return refuse(
                "the address is outside the organisation's domains",
                SsoRefusal::NoAccount,
                None,
            )
            .await;
        }
        let Some(account) = repo::user_by_email(&ctx.db, &email)
            .await?
            .filter(|u| u.tenant_id == login.tenant_id)
        else {
            return refuse(
                "no account with this address in the organisation",
                SsoRefusal::NoAccount,
                None,
            )
            .await;
        };
        if account.deactivated_at.is_some() {
            return refuse(
                "account deactivated",
                SsoRefusal::Deactivated,
                Some(account.id),
            )
            .await;
        }
        if !self
            .link_subject(ctx, &account, &provider.issuer, &identity.subject)
            .await?
        {
            return refuse(
                "the address belongs to another person at the provider than the one first linked",
                SsoRefusal::Refused,
                Some(account.id),
            )
            .await;
        }
        let ticket = random_token(32).map_err(AppError::internal)?;
        sso_login::Entity::update_many()
            .col_expr(sso_login::Column::UserId, Expr::value(account.id))
            .col_expr(
                sso_login::Column::TicketHash,
                Expr::value(sha256_hex(ticket.as_bytes())),
            )
            .col_expr(
                sso_login::Column::ExpiresAt,
                Expr::value(now + Duration::minutes(TICKET_TTL_MINUTES)),
            )
            .filter(sso_login::Column::Id.eq(login.id))
            .exec(&ctx.db)
            .await?;
        Ok(SsoCallback::Ticket(ticket))
    }

    /// Links the account to the provider's subject at its first sign-in; afterwards the same
    /// address with another subject (a recycled or reassigned address at the provider) is
    /// refused. `false` when refused.
    async fn link_subject(
        &self,
        ctx: &Ctx,
        account: &user::Model,
        issuer: &str,
        subject: &str,
    ) -> AppResult<bool> {
        let existing = sso_link::Entity::find()
            .filter(sso_link::Column::UserId.eq(account.id))
            .filter(sso_link::Column::Issuer.eq(issuer))
            .one(&ctx.db)
            .await?;
        if let Some(link) = existing {
            return Ok(link.subject == subject);
        }
        let taken = sso_link::Entity::find()
            .filter(sso_link::Column::TenantId.eq(account.tenant_id))
            .filter(sso_link::Column::Issuer.eq(issuer))
            .filter(sso_link::Column::Subject.eq(subject))
            .one(&ctx.db)
            .await?
            .is_some();
        if taken {
            return Ok(false);
        }
        sso_link::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(account.tenant_id),
            user_id: Set(account.id),
            issuer: Set(issuer.to_string()),
            subject: Set(subject.to_string()),
            created_at: Set(ctx.clock.now()),
        }
        .insert(&ctx.db)
        .await?;
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: account.tenant_id,
                employee_id: None,
                resource_type: "user",
                resource_id: Some(user_resource(account.id)),
                action: Action::Update,
                outcome: Outcome::Allowed,
                detail: format!("account linked to the organisation's identity provider {issuer}"),
            },
        )
        .await?;
        Ok(true)
    }

    /// The web app exchanges the ticket for a session. The provider stood in for the password
    /// only: an account with an authenticator app or passkeys is asked for it now, exactly as
    /// after a password (`mfaRequired`, `passkeyChallenge`; answer with `code` here, or with
    /// `loginWithPasskey`).
    pub async fn complete_sso_login(
        &self,
        ctx: &Ctx,
        ticket: &str,
        code: Option<&str>,
    ) -> AppResult<AuthTokens> {
        self.check_client(ctx)?;
        let invalid = AppError::Unauthenticated {
            reason: ErrorReason::TokenInvalid,
            message: "this sign-in has ended; sign in again",
        };
        let now = ctx.clock.now();
        let Some(login) = sso_login::Entity::find()
            .filter(sso_login::Column::TicketHash.eq(sha256_hex(ticket.as_bytes())))
            .one(&ctx.db)
            .await?
        else {
            return Err(invalid);
        };
        if login.completed_at.is_some() || login.expires_at <= now {
            return Err(invalid);
        }
        let user = match login.user_id {
            Some(id) => repo::user(&ctx.db, id).await?.ok_or(invalid)?,
            None => return Err(invalid),
        };
        self.refuse_inactive(ctx, &user).await?;
        let mfa = match self.second_factor(ctx, &user, code).await? {
            SecondStep::Ask(tokens) => return Ok(tokens),
            SecondStep::Passed(mfa) => mfa,
        };
        // Once: a second exchange of the same ticket finds it completed.
        if !claim_once(ctx, login.id, sso_login::Column::CompletedAt).await? {
            return Err(AppError::Unauthenticated {
                reason: ErrorReason::TokenInvalid,
                message: "this sign-in has ended; sign in again",
            });
        }
        repo::reset_failures(&ctx.db, user.id).await?;
        self.open_session(ctx, &user, mfa, Some("through single sign-on"))
            .await
    }
}

/// A change of an organisation's single sign-on, in its administrative trail.
async fn record_change(
    ctx: &Ctx,
    org: Uuid,
    provider: Option<Uuid>,
    action: Action,
    detail: String,
) -> AppResult<()> {
    trail::record(
        ctx,
        TrailEvent {
            tenant_id: org,
            employee_id: None,
            resource_type: "single_sign_on",
            resource_id: provider.map(|p| p.to_string()),
            action,
            outcome: Outcome::Allowed,
            detail,
        },
    )
    .await
}

/// Sets the timestamp `column` of a sign-in if it is still empty: `false` when another request
/// got there first (a conditional UPDATE, so two gateways racing cannot both win).
async fn claim_once(ctx: &Ctx, login: Uuid, column: sso_login::Column) -> AppResult<bool> {
    Ok(sso_login::Entity::update_many()
        .col_expr(column, Expr::value(ctx.clock.now()))
        .filter(sso_login::Column::Id.eq(login))
        .filter(column.is_null())
        .exec(&ctx.db)
        .await?
        .rows_affected
        == 1)
}

/// The sealing context of an organisation's client secret: bound to it, apart from TOTP.
fn secret_context(org: Uuid) -> Vec<u8> {
    let mut context = b"sso-client-secret:".to_vec();
    context.extend_from_slice(org.as_bytes());
    context
}

fn domain_taken(domain: &str) -> AppError {
    AppError::conflict(
        ErrorReason::DomainTaken,
        format!("{domain} cannot be used: another organisation has people with addresses there"),
    )
}

/// A domain as entered (`@korenschoof.nl`, `Korenschoof.NL`) in its stored form.
fn normalize_domain(raw: &str) -> AppResult<String> {
    let d = raw.trim().trim_start_matches('@').to_ascii_lowercase();
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if d.len() > 253 || !d.contains('.') || !labels_ok {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "domains",
            format!("{} is not an e-mail domain", raw.trim()),
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_stored_plain_and_lower_case() {
        assert_eq!(
            normalize_domain(" @Korenschoof.NL ").unwrap(),
            "korenschoof.nl"
        );
        assert_eq!(
            normalize_domain("mail.arbo-zorg.nl").unwrap(),
            "mail.arbo-zorg.nl"
        );
        for bad in [
            "korenschoof",
            "",
            "-a.nl",
            "a..nl",
            "a b.nl",
            "kor%.nl",
            "x_y.nl",
        ] {
            assert!(normalize_domain(bad).is_err(), "{bad} accepted");
        }
    }
}
