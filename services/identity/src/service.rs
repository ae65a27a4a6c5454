//! Use cases of the identity service: authorize → act → log.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use platform::access::{Action, DataClass, Relation};
use platform::audit::{AccessEvent, Outcome};
use platform::context::Target;
use platform::crypto::{SealingKey, random_token, sha256_hex};
use platform::ids::{PLATFORM_TENANT, new_id};
use platform::mail::Mailer;
use platform::{Actor, AppError, AppResult, Ctx, OrganisationKind, Role, UserActor};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::{
    employee, engagement, invitation, organisation, refresh_token, session, user,
};
use crate::model::{self, AuthTokens, Language};
use crate::ratelimit::LoginLimiter;
use crate::repo::{self, EmployeeReach};
use crate::tokens::TokenKeys;
use crate::totp;
use crate::trail::{self, TrailEvent, user_resource};
use crate::{passkeys, throttle, verification};

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
}

/// A created employee and, when asked for, the invitation sent to him.
#[derive(Clone, Debug)]
pub struct CreatedEmployee {
    /// The employee.
    pub employee: employee::Model,
    /// The invitation, if one was sent.
    pub invitation: Option<invitation::Model>,
}

/// Input of [`Identity::create_employee`].
#[derive(Clone, Debug, Default)]
pub struct NewEmployee {
    /// Full name.
    pub name: String,
    /// E-mail (needed for an invitation).
    pub email: Option<String>,
    /// Phone while sick.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// The line manager (a user of the same employer with role MANAGER).
    pub manager_user_id: Option<Uuid>,
    /// Send an invitation to the employee portal.
    pub invite: bool,
}

/// What the TOTP sealing key was derived as before it was stored (the stored key starts from it).
pub const TOTP_PURPOSE: &[u8] = b"totp-secret";

/// Who an invitation is for.
struct Invitee<'a> {
    email: &'a str,
    name: &'a str,
    role: Role,
    employee_id: Option<Uuid>,
}

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
        Ok(Identity {
            inner: Arc::new(Inner {
                tokens,
                webauthn,
                mailer,
                totp_key,
                limiter: LoginLimiter::new(login_attempts_per_minute),
                settings,
            }),
        })
    }

    /// The token keys (the gateway verifies bearer tokens with them).
    pub fn tokens(&self) -> &TokenKeys {
        &self.inner.tokens
    }

    /// The mailer.
    pub fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// The passkey relying party.
    pub fn webauthn(&self) -> &webauthn_rs::Webauthn {
        &self.inner.webauthn
    }

    // ----- authentication ------------------------------------------------------------------

    /// Turns a bearer token into the acting user: signature and claims, then the session must
    /// still be live (so logout and refresh-token reuse cut access at once, not at expiry).
    pub async fn authenticate(&self, ctx: &Ctx, bearer: &str) -> AppResult<UserActor> {
        let claims = self.inner.tokens.verify(bearer).map_err(|e| {
            tracing::debug!(error = %e, "access token refused");
            AppError::Unauthenticated {
                reason: "SESSION_EXPIRED",
                message: "your session has ended; log in again",
            }
        })?;
        let now = ctx.clock.now();
        let session = repo::session(&ctx.db, claims.sid)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        if session.user_id != claims.sub
            || session.revoked_at.is_some()
            || session.expires_at <= now
        {
            return Err(AppError::unauthenticated());
        }
        Ok(UserActor {
            user_id: claims.sub,
            organisation_id: claims.org,
            organisation_kind: claims.kind,
            roles: claims.roles,
            session_id: session.id,
            mfa: session.mfa,
        })
    }

    /// Password (and TOTP) login.
    pub async fn login(
        &self,
        ctx: &Ctx,
        email: &str,
        password: &str,
        code: Option<&str>,
    ) -> AppResult<AuthTokens> {
        self.check_client(ctx)?;
        let invalid = AppError::Unauthenticated {
            reason: "INVALID_CREDENTIALS",
            message: "the e-mail address or password is not correct",
        };
        let now = ctx.clock.now();
        let found = match model::normalize_email(email) {
            Ok(email) => repo::user_by_email(&ctx.db, &email).await?,
            Err(_) => None,
        };
        let (tenant, user_id) = found
            .as_ref()
            .map_or((PLATFORM_TENANT, None), |u| (u.tenant_id, Some(u.id)));
        // Guessing slows down per (address, client); an unknown address, a wrong password and
        // a throttled attempt look the same, and cost the same work, from outside.
        let throttle_key = throttle::key(email, ctx.meta.ip);
        if throttle::blocked(&ctx.db, &throttle_key, now).await? {
            crate::password::verify(password, None).await?;
            self.log_login_denied(ctx, tenant, user_id, "throttled after repeated failures")
                .await?;
            return Err(invalid);
        }
        let verified = match &found {
            Some(user) => crate::password::verify(password, Some(&user.password_hash)).await?,
            None => crate::password::verify(password, None).await?,
        };
        let Some(user) = found.filter(|_| verified) else {
            throttle::failed(&ctx.db, self.throttle_policy(), &throttle_key, now).await?;
            let why = if user_id.is_some() {
                "wrong password"
            } else {
                "unknown account"
            };
            self.log_login_denied(ctx, tenant, user_id, why).await?;
            return Err(invalid);
        };
        throttle::succeeded(&ctx.db, &throttle_key).await?;
        let mut mfa = false;
        let code = code.filter(|c| !c.trim().is_empty());
        if code.is_none() || !user.totp_enabled {
            // A passkey answers the second step; a TOTP code may instead, when there is one.
            if let Some(challenge) =
                passkeys::start_login(&self.inner.webauthn, &ctx.db, user.id, now).await?
            {
                return Ok(AuthTokens {
                    mfa_required: true,
                    passkey_challenge: Some(challenge),
                    ..AuthTokens::default()
                });
            }
        }
        if user.totp_enabled {
            let Some(code) = code else {
                return Ok(AuthTokens {
                    mfa_required: true,
                    ..AuthTokens::default()
                });
            };
            // Only someone who knows the password gets here, so saying that the codes are
            // paused tells a stranger nothing.
            if let Some(until) = user.locked_until
                && until > now
            {
                self.log_login_denied(
                    ctx,
                    user.tenant_id,
                    Some(user.id),
                    "authenticator codes paused",
                )
                .await?;
                return Err(AppError::RateLimited {
                    reason: "MFA_THROTTLED",
                    retry_after_secs: u64::try_from((until - now).num_seconds().max(1))
                        .unwrap_or(1),
                });
            }
            if !self.check_totp(ctx, &user, code).await? {
                let paused = self.count_failure(ctx, &user).await?;
                self.log_login_denied(
                    ctx,
                    user.tenant_id,
                    Some(user.id),
                    "wrong authenticator code",
                )
                .await?;
                return Err(paused.unwrap_or(AppError::Unauthenticated {
                    reason: "MFA_INVALID",
                    message: "the authenticator code is not correct",
                }));
            }
            mfa = true;
        }
        repo::reset_failures(&ctx.db, user.id).await?;
        self.start_session(ctx, &user, mfa).await
    }

    /// The second step of a login with a passkey: the challenge from `login` and the browser's
    /// assertion. Refusals are logged and answered like a wrong code.
    pub async fn login_with_passkey(
        &self,
        ctx: &Ctx,
        challenge_id: &str,
        credential: &str,
    ) -> AppResult<AuthTokens> {
        self.check_client(ctx)?;
        let now = ctx.clock.now();
        let refused = AppError::Unauthenticated {
            reason: "MFA_INVALID",
            message: "the passkey was not accepted; log in again",
        };
        let Some(user_id) =
            passkeys::finish_login(&self.inner.webauthn, &ctx.db, challenge_id, credential, now)
                .await?
        else {
            self.log_login_denied(ctx, PLATFORM_TENANT, None, "passkey refused")
                .await?;
            return Err(refused);
        };
        let user = repo::user(&ctx.db, user_id).await?.ok_or(refused)?;
        repo::reset_failures(&ctx.db, user.id).await?;
        self.start_session(ctx, &user, true).await
    }

    /// The per-client limit of login-like requests (logins, passkey answers, accepted
    /// invitations): a sliding minute per IP, in this process.
    fn check_client(&self, ctx: &Ctx) -> AppResult<()> {
        self.inner
            .limiter
            .check(ctx.meta.ip)
            .map_err(|secs| AppError::RateLimited {
                reason: "RATE_LIMITED",
                retry_after_secs: secs,
            })
    }

    /// How password failures turn into delays.
    fn throttle_policy(&self) -> throttle::ThrottlePolicy {
        throttle::ThrottlePolicy {
            free_failures: self.inner.settings.max_failures,
            max_delay: self.inner.settings.lockout,
        }
    }

    /// Counts a wrong authenticator code (the password was right); after `max_failures` the
    /// codes of this account pause for the lockout period, so six digits cannot be guessed.
    /// Returns the error when this one paused them.
    async fn count_failure(&self, ctx: &Ctx, user: &user::Model) -> AppResult<Option<AppError>> {
        let failures = repo::add_failed_login(&ctx.db, user.id).await?;
        if failures >= i32::try_from(self.inner.settings.max_failures).unwrap_or(i32::MAX) {
            let until = ctx.clock.now() + self.inner.settings.lockout;
            repo::lock_user(&ctx.db, user.id, until).await?;
            self.log_login_denied(
                ctx,
                user.tenant_id,
                Some(user.id),
                "authenticator codes paused after repeated failures",
            )
            .await?;
            return Ok(Some(AppError::RateLimited {
                reason: "MFA_THROTTLED",
                retry_after_secs: u64::try_from(self.inner.settings.lockout.num_seconds())
                    .unwrap_or(0),
            }));
        }
        Ok(None)
    }

    async fn check_totp(&self, ctx: &Ctx, user: &user::Model, code: &str) -> AppResult<bool> {
        let Some(sealed) = &user.totp_secret else {
            return Ok(false);
        };
        let secret = self
            .inner
            .totp_key
            .open(sealed, user.id.as_bytes())
            .map_err(AppError::internal)?;
        let now = u64::try_from(ctx.clock.now().timestamp()).unwrap_or(0);
        let Some(step) = totp::verify(&secret, code, now, user.totp_last_step) else {
            return Ok(false);
        };
        repo::claim_totp_step(&ctx.db, user.id, step).await
    }

    async fn log_login_denied(
        &self,
        ctx: &Ctx,
        tenant: Uuid,
        user: Option<Uuid>,
        why: &str,
    ) -> AppResult<()> {
        ctx.log
            .record(
                &Actor::Anonymous,
                &ctx.meta,
                AccessEvent {
                    tenant_id: tenant,
                    subject_employee_id: None,
                    resource_type: "session",
                    resource_id: user.map(|u| format!("user:{u}")),
                    action: Action::Create,
                    outcome: Outcome::Denied,
                    detail: Some(format!("login refused: {why}")),
                },
            )
            .await
    }

    /// Opens a session: session row, first refresh token, access token; logs the login.
    pub(crate) async fn start_session(
        &self,
        ctx: &Ctx,
        user: &user::Model,
        mfa: bool,
    ) -> AppResult<AuthTokens> {
        let now = ctx.clock.now();
        let org = repo::organisation(&ctx.db, user.tenant_id)
            .await?
            .ok_or_else(|| AppError::invariant("user without organisation"))?;
        let kind = OrganisationKind::parse(&org.kind)
            .ok_or_else(|| AppError::invariant("unknown organisation kind"))?;
        let roles = repo::roles(&ctx.db, user.tenant_id, user.id).await?;
        let session_id = new_id();
        let refresh = random_token(32).map_err(AppError::internal)?;
        let txn = ctx.db.begin().await?;
        session::ActiveModel {
            id: Set(session_id),
            tenant_id: Set(user.tenant_id),
            user_id: Set(user.id),
            mfa: Set(mfa),
            created_at: Set(now),
            expires_at: Set(now + self.inner.settings.session_ttl),
            last_used_at: Set(now),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            ip: Set(ctx.meta.ip.map(|ip| ip.to_string())),
            user_agent: Set(ctx.meta.user_agent.clone()),
        }
        .insert(&txn)
        .await?;
        insert_refresh_token(&txn, user.tenant_id, session_id, &refresh, now).await?;
        txn.commit().await?;
        let actor = UserActor {
            user_id: user.id,
            organisation_id: user.tenant_id,
            organisation_kind: kind,
            roles: roles.clone(),
            session_id,
            mfa,
        };
        ctx.log
            .record(
                &Actor::User(actor),
                &ctx.meta,
                AccessEvent {
                    tenant_id: user.tenant_id,
                    subject_employee_id: None,
                    resource_type: "session",
                    resource_id: Some(session_id.to_string()),
                    action: Action::Create,
                    outcome: Outcome::Allowed,
                    detail: Some(if mfa {
                        "login with second factor".into()
                    } else {
                        "login".into()
                    }),
                },
            )
            .await?;
        let access = self
            .inner
            .tokens
            .issue(
                user.id,
                user.tenant_id,
                kind,
                roles.clone(),
                session_id,
                mfa,
                now,
            )
            .map_err(AppError::internal)?;
        Ok(AuthTokens {
            access_token: Some(access),
            refresh_token: Some(refresh),
            expires_in: Some(self.inner.tokens.ttl_secs),
            mfa_required: false,
            mfa_enrollment_required: roles.contains(&Role::CompanyDoctor)
                && !user.totp_enabled
                && passkeys::of_user(&ctx.db, user.id).await?.is_empty(),
            passkey_challenge: None,
        })
    }

    /// Exchanges a refresh token for a new pair. Each token works once; presenting a used one
    /// means it was copied, so the whole session is revoked.
    pub async fn refresh(&self, ctx: &Ctx, token: &str) -> AppResult<AuthTokens> {
        let invalid = AppError::Unauthenticated {
            reason: "TOKEN_INVALID",
            message: "this session has ended; log in again",
        };
        let now = ctx.clock.now();
        let Some(row) = repo::refresh_token_by_hash(&ctx.db, &sha256_hex(token.as_bytes())).await?
        else {
            return Err(invalid);
        };
        let Some(session) = repo::session(&ctx.db, row.session_id).await? else {
            return Err(invalid);
        };
        if session.revoked_at.is_some() || session.expires_at <= now {
            return Err(invalid);
        }
        if row.used_at.is_some() || !repo::use_refresh_token(&ctx.db, row.id, now).await? {
            repo::revoke_session(&ctx.db, session.id, "refresh token reused", now).await?;
            ctx.log
                .record(
                    &Actor::Anonymous,
                    &ctx.meta,
                    AccessEvent {
                        tenant_id: session.tenant_id,
                        subject_employee_id: None,
                        resource_type: "session",
                        resource_id: Some(session.id.to_string()),
                        action: Action::Update,
                        outcome: Outcome::Denied,
                        detail: Some("refresh token reused: session revoked".into()),
                    },
                )
                .await?;
            return Err(invalid);
        }
        let user = repo::user(&ctx.db, session.user_id).await?.ok_or(invalid)?;
        let org = repo::organisation(&ctx.db, user.tenant_id)
            .await?
            .ok_or_else(|| AppError::invariant("user without organisation"))?;
        let kind = OrganisationKind::parse(&org.kind)
            .ok_or_else(|| AppError::invariant("unknown organisation kind"))?;
        let roles = repo::roles(&ctx.db, user.tenant_id, user.id).await?;
        let next = random_token(32).map_err(AppError::internal)?;
        let txn = ctx.db.begin().await?;
        insert_refresh_token(&txn, session.tenant_id, session.id, &next, now).await?;
        let mut active = session.clone().into_active_model();
        active.last_used_at = Set(now);
        active.update(&txn).await?;
        txn.commit().await?;
        let access = self
            .inner
            .tokens
            .issue(
                user.id,
                user.tenant_id,
                kind,
                roles.clone(),
                session.id,
                session.mfa,
                now,
            )
            .map_err(AppError::internal)?;
        Ok(AuthTokens {
            access_token: Some(access),
            refresh_token: Some(next),
            expires_in: Some(self.inner.tokens.ttl_secs),
            mfa_required: false,
            mfa_enrollment_required: roles.contains(&Role::CompanyDoctor)
                && !user.totp_enabled
                && passkeys::of_user(&ctx.db, user.id).await?.is_empty(),
            passkey_challenge: None,
        })
    }

    /// Ends the actor's session (all its refresh tokens and access tokens stop working).
    pub async fn logout(&self, ctx: &Ctx) -> AppResult<bool> {
        let user = ctx.user()?;
        repo::revoke_session(&ctx.db, user.session_id, "logout", ctx.clock.now()).await?;
        Ok(true)
    }

    // ----- TOTP ----------------------------------------------------------------------------

    /// Starts TOTP enrolment: a new secret, stored sealed, not yet active.
    pub async fn enroll_totp(&self, ctx: &Ctx) -> AppResult<(String, String)> {
        let actor = ctx.user()?;
        let user = repo::user(&ctx.db, actor.user_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        if user.totp_enabled {
            return Err(AppError::conflict(
                "TOTP_ALREADY_ENABLED",
                "an authenticator app is already set up",
            ));
        }
        // A password alone must not add a factor beside the owner's passkey.
        if !actor.mfa && !passkeys::of_user(&ctx.db, user.id).await?.is_empty() {
            return Err(AppError::Forbidden {
                reason: "MFA_REQUIRED",
                message: "confirm your login with your passkey first",
            });
        }
        let secret = totp::generate_secret().map_err(AppError::internal)?;
        let sealed = self
            .inner
            .totp_key
            .seal(&secret, user.id.as_bytes())
            .map_err(AppError::internal)?;
        let email = user.email.clone();
        let mut active = user.into_active_model();
        active.totp_secret = Set(Some(sealed));
        active.updated_at = Set(ctx.clock.now());
        active.update(&ctx.db).await?;
        Ok((totp::to_base32(&secret), totp::otpauth_url(&secret, &email)))
    }

    /// Confirms enrolment with a first code; the current session counts as verified from then.
    pub async fn confirm_totp(&self, ctx: &Ctx, code: &str) -> AppResult<bool> {
        let actor = ctx.user()?;
        let user = repo::user(&ctx.db, actor.user_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        if user.totp_enabled {
            return Err(AppError::conflict(
                "TOTP_ALREADY_ENABLED",
                "an authenticator app is already set up",
            ));
        }
        if user.totp_secret.is_none() {
            return Err(AppError::validation(
                "INVALID_INPUT",
                "code",
                "start the set-up first",
            ));
        }
        if !self.check_totp(ctx, &user, code).await? {
            return Err(AppError::validation(
                "MFA_INVALID",
                "code",
                "the authenticator code is not correct",
            ));
        }
        let now = ctx.clock.now();
        let mut active = user.into_active_model();
        active.totp_enabled = Set(true);
        active.updated_at = Set(now);
        active.update(&ctx.db).await?;
        if let Some(session) = repo::session(&ctx.db, actor.session_id).await? {
            let mut s = session.into_active_model();
            s.mfa = Set(true);
            s.update(&ctx.db).await?;
        }
        Ok(true)
    }

    // ----- me --------------------------------------------------------------------------------

    /// The acting user with his organisation.
    pub async fn me(&self, ctx: &Ctx) -> AppResult<(user::Model, organisation::Model, Vec<Role>)> {
        let actor = ctx.user()?;
        let user = repo::user(&ctx.db, actor.user_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let org = repo::organisation(&ctx.db, user.tenant_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let roles = repo::roles(&ctx.db, user.tenant_id, user.id).await?;
        Ok((user, org, roles))
    }

    /// Sets the interface (and e-mail) language of the acting user.
    pub async fn set_language(&self, ctx: &Ctx, language: Language) -> AppResult<()> {
        let actor = ctx.user()?;
        let user = repo::user(&ctx.db, actor.user_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let mut active = user.into_active_model();
        active.language = Set(language.as_str().into());
        active.updated_at = Set(ctx.clock.now());
        active.update(&ctx.db).await?;
        Ok(())
    }

    // ----- organisations ---------------------------------------------------------------------

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

    /// Organisations the actor may list: the operator all; an HR administrator the directory of
    /// health services and agencies (to engage one) and his own; anyone else his own.
    pub async fn organisations(
        &self,
        ctx: &Ctx,
        kind: Option<OrganisationKind>,
    ) -> AppResult<Vec<organisation::Model>> {
        let actor = ctx.user()?;
        let kinds: Vec<OrganisationKind> = if actor.has_role(Role::PlatformAdmin) {
            OrganisationKind::ALL.to_vec()
        } else if actor.has_role(Role::HrAdmin) {
            vec![
                OrganisationKind::OccupationalHealthService,
                OrganisationKind::ReintegrationAgency,
            ]
        } else {
            vec![]
        };
        let mut orgs = repo::organisations(&ctx.db, &kinds, Some(actor.organisation_id)).await?;
        if let Some(kind) = kind {
            orgs.retain(|o| o.kind == kind.as_str());
        }
        Ok(orgs)
    }

    /// Creates an organisation (platform operator).
    pub async fn create_organisation(
        &self,
        ctx: &Ctx,
        name: &str,
        kind: OrganisationKind,
    ) -> AppResult<organisation::Model> {
        let actor = ctx.user()?;
        let id = new_id();
        let mut target = Self::org_target(actor, id);
        target.resource_id = None;
        ctx.authorize(&target, DataClass::Admin, Action::Create)
            .await?;
        if kind == OrganisationKind::Platform {
            return Err(AppError::validation(
                "INVALID_INPUT",
                "kind",
                "there is only one platform organisation",
            ));
        }
        let name = model::required_text(name, "name", 200)?;
        let org = organisation::ActiveModel {
            id: Set(id),
            name: Set(name),
            kind: Set(kind.as_str().into()),
            created_at: Set(ctx.clock.now()),
            own_risk_carrier: Set(false),
        }
        .insert(&ctx.db)
        .await?;
        for tenant in [actor.organisation_id, org.id] {
            trail::record(
                ctx,
                TrailEvent {
                    tenant_id: tenant,
                    employee_id: None,
                    resource_type: "organisation",
                    resource_id: Some(org.id.to_string()),
                    action: Action::Create,
                    outcome: Outcome::Allowed,
                    detail: format!("organisation {} created ({})", org.name, kind.as_str()),
                },
            )
            .await?;
        }
        Ok(org)
    }

    /// Sets whether the actor's employer is an own-risk carrier (eigenrisicodrager for the WGA
    /// or the Ziektewet), which keeps its absence files 10 years after a case ends instead of 2
    /// (decision 75). HR administrators of the employer.
    pub async fn set_own_risk_carrier(
        &self,
        ctx: &Ctx,
        own_risk_carrier: bool,
    ) -> AppResult<organisation::Model> {
        let actor = ctx.user()?;
        let target = Self::org_target(actor, actor.organisation_id);
        ctx.authorize(&target, DataClass::Admin, Action::Update)
            .await?;
        let org = repo::organisation(&ctx.db, actor.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if org.kind != OrganisationKind::Employer.as_str() {
            return Err(AppError::validation(
                "INVALID_INPUT",
                "ownRiskCarrier",
                "only an employer can be an own-risk carrier",
            ));
        }
        let mut active = org.into_active_model();
        active.own_risk_carrier = Set(own_risk_carrier);
        let org = active.update(&ctx.db).await?;
        ctx.log_allowed(
            &target,
            Action::Update,
            Some(format!("own-risk carrier: {own_risk_carrier}")),
        )
        .await?;
        Ok(org)
    }

    /// Users of an organisation with their roles.
    pub async fn users(
        &self,
        ctx: &Ctx,
        organisation_id: Option<Uuid>,
    ) -> AppResult<Vec<(user::Model, Vec<Role>)>> {
        let actor = ctx.user()?;
        let org = organisation_id.unwrap_or(actor.organisation_id);
        ctx.authorize(
            &Self::org_target(actor, org),
            DataClass::Admin,
            Action::Read,
        )
        .await?;
        repo::users_of(&ctx.db, org).await
    }

    /// Removes a user's authenticator app (lost phone) and ends all his sessions: at his next
    /// login he sets up a new one (company doctors are held at the enrolment). Only an
    /// administrator of his organisation may, and never for himself: a stolen session must not
    /// be able to drop the second factor it lacks. The operator may not inside another
    /// organisation (the policy gives him no update there). An employee's verified medical
    /// access is suspended: whoever reset the factor could enrol his own.
    pub async fn reset_totp(
        &self,
        ctx: &Ctx,
        user_id: Uuid,
    ) -> AppResult<(user::Model, Vec<Role>)> {
        let actor = ctx.user()?;
        let user = repo::user(&ctx.db, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let employee = repo::employee_of_user(&ctx.db, user.tenant_id, user.id).await?;
        let mut target = Self::org_target(actor, user.tenant_id);
        target.resource_type = "second_factor";
        target.resource_id = Some(user_resource(user.id));
        target.subject_employee_id = employee.as_ref().map(|e| e.id);
        let refused = ctx
            .authorize(&target, DataClass::Admin, Action::Update)
            .await;
        if let Err(e) = refused {
            self.tell_administrators_of_operator(
                ctx,
                user.tenant_id,
                &format!(
                    "poging om de tweede factor van {} te herstellen (geweigerd)",
                    user.email
                ),
                &format!(
                    "attempt to reset the second factor of {} (refused)",
                    user.email
                ),
            )
            .await;
            return Err(e);
        }
        if user.id == actor.user_id {
            return Err(AppError::Forbidden {
                reason: "FORBIDDEN",
                message: "ask another administrator to reset your own second factor",
            });
        }
        let now = ctx.clock.now();
        let tenant = user.tenant_id;
        let txn = ctx.db.begin().await?;
        let mut active = user.into_active_model();
        active.totp_secret = Set(None);
        active.totp_enabled = Set(false);
        active.totp_last_step = Set(None);
        active.updated_at = Set(now);
        let user = active.update(&txn).await?;
        let keys = passkeys::remove_all(&txn, user.id).await?;
        let suspended = verification::suspend(
            &txn,
            user.id,
            "second factor reset by an administrator",
            now,
        )
        .await?;
        txn.commit().await?;
        repo::revoke_sessions_of(&ctx.db, user.id, "second factor reset", now).await?;
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: tenant,
                employee_id: target.subject_employee_id,
                resource_type: "second_factor",
                resource_id: Some(user_resource(user.id)),
                action: Action::Update,
                outcome: Outcome::Allowed,
                detail: format!(
                    "second factor reset (authenticator app{}); sessions ended{}",
                    if keys > 0 {
                        format!(" and {keys} passkey(s)")
                    } else {
                        String::new()
                    },
                    if suspended > 0 {
                        "; medical access suspended until the health service verifies again"
                    } else {
                        ""
                    }
                ),
            },
        )
        .await?;
        let roles = repo::roles(&ctx.db, tenant, user.id).await?;
        Ok((user, roles))
    }

    /// E-mails the administrators of `org` when the actor is the platform operator acting
    /// inside it (or trying to). Best effort: the trail has the event either way.
    async fn tell_administrators_of_operator(&self, ctx: &Ctx, org: Uuid, nl: &str, en: &str) {
        let Some(actor) = ctx.actor.user() else {
            return;
        };
        if actor.organisation_kind != OrganisationKind::Platform || actor.organisation_id == org {
            return;
        }
        let result = async {
            let Some(organisation) = repo::organisation(&ctx.db, org).await? else {
                return AppResult::Ok(());
            };
            let link = format!(
                "{}/beheer/logboek",
                self.inner.settings.public_url.trim_end_matches('/')
            );
            for (user, roles) in repo::users_of(&ctx.db, org).await? {
                if !roles.iter().any(|r| r.is_administrator()) {
                    continue;
                }
                let Ok(to) = format!("{} <{}>", user.name, user.email).parse::<Mailbox>() else {
                    continue;
                };
                self.inner
                    .mailer
                    .send(crate::mail::operator_acted(
                        to,
                        &organisation.name,
                        nl,
                        en,
                        &link,
                    ))
                    .await
                    .map_err(AppError::internal)?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "could not tell an organisation's administrators of the operator");
        }
    }

    /// Whether `org` has an administrator (a user with its kind's administrator role).
    async fn has_administrator(&self, ctx: &Ctx, org: &organisation::Model) -> AppResult<bool> {
        let Some(kind) = OrganisationKind::parse(&org.kind) else {
            return Ok(false);
        };
        let admin = kind.administrator_role();
        Ok(repo::users_of(&ctx.db, org.id)
            .await?
            .iter()
            .any(|(_, roles)| roles.contains(&admin)))
    }

    // ----- invitations -----------------------------------------------------------------------

    /// Invites a person to become a user with `role` in an organisation (default: the actor's).
    pub async fn invite_user(
        &self,
        ctx: &Ctx,
        email: &str,
        name: &str,
        role: Role,
        organisation_id: Option<Uuid>,
    ) -> AppResult<invitation::Model> {
        let actor = ctx.user()?;
        let org_id = organisation_id.unwrap_or(actor.organisation_id);
        let mut target = Self::org_target(actor, org_id);
        target.resource_type = "invitation";
        ctx.authorize(&target, DataClass::Admin, Action::Create)
            .await?;
        let org = repo::organisation(&ctx.db, org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let email = model::normalize_email(email)?;
        let name = model::required_text(name, "name", 200)?;
        // The operator creates an organisation's first administrator, nothing more: inside an
        // organisation that has one, its own administrators decide who gets an account.
        if actor.organisation_kind == OrganisationKind::Platform && org.id != actor.organisation_id
        {
            let first_admin = OrganisationKind::parse(&org.kind)
                .is_some_and(|k| k.administrator_role() == role)
                && !self.has_administrator(ctx, &org).await?;
            self.tell_administrators_of_operator(
                ctx,
                org.id,
                &format!(
                    "uitnodiging van {email} als {}{}",
                    role.as_str(),
                    if first_admin { "" } else { " (geweigerd)" }
                ),
                &format!(
                    "invitation of {email} as {}{}",
                    role.as_str(),
                    if first_admin { "" } else { " (refused)" }
                ),
            )
            .await;
            if !first_admin {
                ctx.deny(
                    &target,
                    DataClass::Admin,
                    Action::Create,
                    "the organisation administers its own people",
                )
                .await
                .ok();
                return Err(AppError::Forbidden {
                    reason: "ORGANISATION_ADMINISTERS_ITSELF",
                    message: "this organisation has its own administrator; only it can invite people",
                });
            }
        }
        if OrganisationKind::parse(&org.kind) != Some(role.organisation_kind()) {
            return Err(AppError::validation(
                "ROLE_NOT_ALLOWED",
                "role",
                format!(
                    "the role {} does not exist in an organisation of this kind",
                    role.as_str()
                ),
            ));
        }
        // (employee to link, employee created just now and to remove again if the mail fails)
        let (employee_id, created) = if role == Role::Employee {
            let existing = repo::employee_by_email(&ctx.db, org.id, &email).await?;
            match existing {
                Some(e) if e.user_id.is_some() => {
                    return Err(AppError::conflict(
                        "EMAIL_TAKEN",
                        "this employee already has an account",
                    ));
                }
                Some(e) => (Some(e.id), None),
                None => {
                    let created = self
                        .insert_employee(
                            ctx,
                            org.id,
                            NewEmployee {
                                name: name.clone(),
                                email: Some(email.clone()),
                                ..NewEmployee::default()
                            },
                        )
                        .await?;
                    (Some(created.id), Some(created.id))
                }
            }
        } else {
            (None, None)
        };
        self.send_invitation(
            ctx,
            &org,
            Invitee {
                email: &email,
                name: &name,
                role,
                employee_id,
            },
            Some(actor.user_id),
            created,
        )
        .await
    }

    /// Stores an invitation and e-mails its link. When the e-mail cannot be sent, the
    /// invitation (and an employee record created for it, `created_employee`) is removed
    /// again, so nothing exists that nobody was told about; older open invitations to the
    /// same address are revoked only once the new one went out. No transaction is held open
    /// while the relay is contacted (it may take seconds, and SQLite has one writer).
    async fn send_invitation(
        &self,
        ctx: &Ctx,
        org: &organisation::Model,
        invitee: Invitee<'_>,
        invited_by: Option<Uuid>,
        created_employee: Option<Uuid>,
    ) -> AppResult<invitation::Model> {
        let Invitee {
            email,
            name,
            role,
            employee_id,
        } = invitee;
        let undo = |ctx: &Ctx, invitation: Option<Uuid>| {
            let db = ctx.db.clone();
            async move {
                let result = async {
                    if let Some(id) = invitation {
                        repo::delete_invitation(&db, id).await?;
                    }
                    if let Some(id) = created_employee {
                        repo::delete_employee(&db, org.id, id).await?;
                    }
                    AppResult::Ok(())
                }
                .await;
                if let Err(e) = result {
                    tracing::error!(error = %e, "could not undo an invitation that was not sent");
                }
            }
        };
        // An account in the inviting organisation is the inviter's own business; one in another
        // organisation must not be revealed (the invitation goes out, and its acceptance fails
        // for the one person who owns the address).
        if repo::user_by_email(&ctx.db, email)
            .await?
            .is_some_and(|u| u.tenant_id == org.id)
        {
            undo(ctx, None).await;
            return Err(AppError::conflict(
                "EMAIL_TAKEN",
                "there is already an account with this e-mail address",
            ));
        }
        let to: Mailbox = match format!("{name} <{email}>")
            .parse()
            .or_else(|_| email.parse())
        {
            Ok(to) => to,
            Err(_) => {
                undo(ctx, None).await;
                return Err(AppError::validation(
                    "INVALID_EMAIL",
                    "email",
                    "not a valid e-mail address",
                ));
            }
        };
        let now = ctx.clock.now();
        let token = random_token(32).map_err(AppError::internal)?;
        let hours = self.inner.settings.invitation_ttl_hours;
        let invitation = invitation::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(org.id),
            email: Set(email.to_string()),
            name: Set(name.to_string()),
            role: Set(role.as_str().into()),
            token_hash: Set(sha256_hex(token.as_bytes())),
            employee_id: Set(employee_id),
            invited_by: Set(invited_by),
            created_at: Set(now),
            expires_at: Set(now + Duration::hours(i64::try_from(hours).unwrap_or(72))),
            accepted_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&ctx.db)
        .await?;
        let link = format!(
            "{}/uitnodiging/{token}",
            self.inner.settings.public_url.trim_end_matches('/')
        );
        if let Err(e) = self
            .inner
            .mailer
            .send(crate::mail::invitation(to, name, &org.name, &link, hours))
            .await
        {
            tracing::error!(error = %e, "invitation e-mail not sent");
            undo(ctx, Some(invitation.id)).await;
            return Err(AppError::conflict(
                "MAIL_FAILED",
                "the invitation e-mail could not be sent; try again later",
            ));
        }
        repo::revoke_invitations_for(&ctx.db, org.id, email, invitation.id, now).await?;
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: org.id,
                employee_id,
                resource_type: "invitation",
                resource_id: Some(invitation.id.to_string()),
                action: Action::Create,
                outcome: Outcome::Allowed,
                detail: format!("invitation sent to {email} as {}", role.as_str()),
            },
        )
        .await?;
        Ok(invitation)
    }

    /// Open invitations of an organisation.
    pub async fn invitations(
        &self,
        ctx: &Ctx,
        organisation_id: Option<Uuid>,
    ) -> AppResult<Vec<invitation::Model>> {
        let actor = ctx.user()?;
        let org = organisation_id.unwrap_or(actor.organisation_id);
        ctx.authorize(
            &Self::org_target(actor, org),
            DataClass::Admin,
            Action::Read,
        )
        .await?;
        repo::open_invitations(&ctx.db, org).await
    }

    /// Accepts an invitation: creates the user with the chosen password and logs him in.
    pub async fn accept_invitation(
        &self,
        ctx: &Ctx,
        token: &str,
        password: &str,
    ) -> AppResult<AuthTokens> {
        self.check_client(ctx)?;
        let invalid = AppError::validation(
            "TOKEN_INVALID",
            "token",
            "this invitation link is not valid (any more)",
        );
        let now = ctx.clock.now();
        let inv = repo::invitation_by_hash(&ctx.db, &sha256_hex(token.trim().as_bytes()))
            .await?
            .ok_or_else(|| {
                AppError::validation(
                    "TOKEN_INVALID",
                    "token",
                    "this invitation link is not valid (any more)",
                )
            })?;
        if inv.accepted_at.is_some() || inv.revoked_at.is_some() || inv.expires_at <= now {
            return Err(invalid);
        }
        model::validate_password(password)?;
        let role = Role::parse(&inv.role)
            .ok_or_else(|| AppError::invariant("invitation with unknown role"))?;
        let hash = crate::password::hash(password).await?;
        let user_id = new_id();
        let txn = ctx.db.begin().await?;
        // Claim the invitation first: of two concurrent accepts only one updates the row.
        if !repo::claim_invitation(&txn, inv.id, now).await? {
            return Err(invalid);
        }
        if repo::user_by_email(&txn, &inv.email).await?.is_some() {
            return Err(AppError::conflict(
                "EMAIL_TAKEN",
                "there is already an account with this e-mail address",
            ));
        }
        let user = repo::insert_user(
            &txn,
            user_id,
            inv.tenant_id,
            &inv.email,
            &inv.name,
            &hash,
            &[role],
            now,
        )
        .await?;
        if let Some(employee_id) = inv.employee_id
            && let Some(emp) = repo::employee(&txn, inv.tenant_id, employee_id).await?
        {
            let mut active = emp.into_active_model();
            active.user_id = Set(Some(user_id));
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        txn.commit().await?;
        let inviter = match inv.invited_by {
            Some(id) => repo::user(&ctx.db, id).await?.map(|u| u.email),
            None => None,
        };
        trail::record(
            ctx,
            TrailEvent {
                tenant_id: inv.tenant_id,
                employee_id: inv.employee_id,
                resource_type: "user",
                resource_id: Some(user_resource(user.id)),
                action: Action::Create,
                outcome: Outcome::Allowed,
                detail: format!(
                    "account {} created as {} from the invitation of {}",
                    user.email,
                    role.as_str(),
                    inviter.as_deref().unwrap_or("the system")
                ),
            },
        )
        .await?;
        self.start_session(ctx, &user, false).await
    }

    // ----- employees ---------------------------------------------------------------------------

    /// How far the actor reaches into the employee list.
    fn employee_reach(actor: &UserActor) -> EmployeeReach {
        if actor.organisation_kind != OrganisationKind::Employer {
            // Doctors and consultants reach employees through case assignments (cases service).
            return EmployeeReach::None;
        }
        let t = actor.organisation_id;
        if actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager) {
            EmployeeReach::Tenant(t)
        } else if actor.has_role(Role::Manager) {
            EmployeeReach::ManagedBy(t, actor.user_id)
        } else if actor.has_role(Role::Employee) {
            EmployeeReach::Himself(t, actor.user_id)
        } else {
            EmployeeReach::None
        }
    }

    /// A page of the employees in the actor's reach.
    pub async fn employees(
        &self,
        ctx: &Ctx,
        after: Option<(String, Uuid)>,
        limit: u64,
    ) -> AppResult<(Vec<employee::Model>, u64)> {
        let actor = ctx.user()?;
        repo::employees_page(&ctx.db, Self::employee_reach(actor), after, limit).await
    }

    /// Registers an employee of the actor's employer, optionally inviting him to the portal.
    pub async fn create_employee(
        &self,
        ctx: &Ctx,
        input: NewEmployee,
    ) -> AppResult<CreatedEmployee> {
        let actor = ctx.user()?;
        let tenant = actor.organisation_id;
        let relations = if actor.organisation_kind == OrganisationKind::Employer {
            vec![Relation::EmployerStaff]
        } else {
            vec![]
        };
        let target = Target {
            tenant_id: tenant,
            subject_employee_id: None,
            resource_type: "employee",
            resource_id: None,
            relations,
        };
        ctx.authorize(&target, DataClass::Personal, Action::Create)
            .await?;
        if input.invite
            && input
                .email
                .as_deref()
                .map(str::trim)
                .unwrap_or("")
                .is_empty()
        {
            return Err(AppError::validation(
                "INVALID_INPUT",
                "email",
                "an invitation needs an e-mail address",
            ));
        }
        let invite = input.invite;
        let employee = self.insert_employee(ctx, tenant, input).await?;
        let invitation = if invite {
            let org = repo::organisation(&ctx.db, tenant)
                .await?
                .ok_or(AppError::NotFound)?;
            let email = employee.email.clone().unwrap_or_default();
            Some(
                self.send_invitation(
                    ctx,
                    &org,
                    Invitee {
                        email: &email,
                        name: &employee.name,
                        role: Role::Employee,
                        employee_id: Some(employee.id),
                    },
                    Some(actor.user_id),
                    // All or nothing: a failed e-mail leaves no employee to re-enter.
                    Some(employee.id),
                )
                .await?,
            )
        } else {
            None
        };
        Ok(CreatedEmployee {
            employee,
            invitation,
        })
    }

    async fn insert_employee(
        &self,
        ctx: &Ctx,
        tenant: Uuid,
        input: NewEmployee,
    ) -> AppResult<employee::Model> {
        let name = model::required_text(&input.name, "name", 200)?;
        let email = match input.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(model::normalize_email(e)?),
        };
        let phone = model::optional_phone(input.phone.as_deref())?;
        let number = model::optional_text(input.employee_number.as_deref(), "employeeNumber", 50)?;
        if let Some(manager) = input.manager_user_id {
            let ok = repo::user(&ctx.db, manager)
                .await?
                .is_some_and(|u| u.tenant_id == tenant)
                && repo::roles(&ctx.db, tenant, manager)
                    .await?
                    .contains(&Role::Manager);
            if !ok {
                return Err(AppError::validation(
                    "INVALID_INPUT",
                    "managerUserId",
                    "not a manager of this employer",
                ));
            }
        }
        if let Some(email) = &email
            && repo::employee_by_email(&ctx.db, tenant, email)
                .await?
                .is_some()
        {
            return Err(AppError::conflict(
                "EMAIL_TAKEN",
                "an employee with this e-mail address exists already",
            ));
        }
        let now = ctx.clock.now();
        employee::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            name: Set(name),
            email: Set(email),
            phone: Set(phone),
            employee_number: Set(number),
            user_id: Set(None),
            manager_user_id: Set(input.manager_user_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&ctx.db)
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict { .. } => AppError::conflict(
                "EMPLOYEE_NUMBER_TAKEN",
                "an employee with this personnel number exists already",
            ),
            other => other,
        })
    }

    // ----- engagements -------------------------------------------------------------------------

    /// An employer engages an occupational health service or agency (idempotent).
    pub async fn engage_provider(
        &self,
        ctx: &Ctx,
        provider_id: Uuid,
    ) -> AppResult<engagement::Model> {
        let actor = ctx.user()?;
        let tenant = actor.organisation_id;
        let mut target = Self::org_target(actor, tenant);
        target.resource_type = "engagement";
        ctx.authorize(&target, DataClass::Admin, Action::Create)
            .await?;
        if actor.organisation_kind != OrganisationKind::Employer {
            return Err(AppError::forbidden());
        }
        let provider = repo::organisation(&ctx.db, provider_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !OrganisationKind::parse(&provider.kind).is_some_and(OrganisationKind::is_provider) {
            return Err(AppError::NotFound);
        }
        let now = ctx.clock.now();
        let engaged = match repo::engagement(&ctx.db, tenant, provider_id).await? {
            Some(existing) if existing.ended_at.is_none() => return Ok(existing),
            Some(existing) => {
                let mut active = existing.into_active_model();
                active.ended_at = Set(None);
                active.created_at = Set(now);
                active.update(&ctx.db).await?
            }
            None => {
                engagement::ActiveModel {
                    id: Set(new_id()),
                    tenant_id: Set(tenant),
                    provider_id: Set(provider_id),
                    created_at: Set(now),
                    ended_at: Set(None),
                }
                .insert(&ctx.db)
                .await?
            }
        };
        let employer = repo::organisation(&ctx.db, tenant)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        // In both trails: the employer's, and the provider's (who now serves it).
        for org in [tenant, provider_id] {
            trail::record(
                ctx,
                TrailEvent {
                    tenant_id: org,
                    employee_id: None,
                    resource_type: "engagement",
                    resource_id: Some(engaged.id.to_string()),
                    action: Action::Create,
                    outcome: Outcome::Allowed,
                    detail: format!("{employer} engaged {}", provider.name),
                },
            )
            .await?;
        }
        Ok(engaged)
    }

    /// Active engagements: an employer's providers, or a provider's employers.
    pub async fn engagements(&self, ctx: &Ctx) -> AppResult<Vec<engagement::Model>> {
        let actor = ctx.user()?;
        let org = actor.organisation_id;
        ctx.authorize(
            &Self::org_target(actor, org),
            DataClass::Admin,
            Action::Read,
        )
        .await?;
        match actor.organisation_kind {
            OrganisationKind::Employer => repo::engagements_of_employer(&ctx.db, org).await,
            OrganisationKind::OccupationalHealthService | OrganisationKind::ReintegrationAgency => {
                repo::engagements_of_provider(&ctx.db, org).await
            }
            OrganisationKind::Platform => Ok(vec![]),
        }
    }

    /// An organisation by id, for resolving nested fields of rows already authorised.
    pub async fn organisation_by_id(&self, ctx: &Ctx, id: Uuid) -> AppResult<organisation::Model> {
        repo::organisation(&ctx.db, id)
            .await?
            .ok_or(AppError::NotFound)
    }
}

async fn insert_refresh_token(
    db: &impl sea_orm::ConnectionTrait,
    tenant: Uuid,
    session: Uuid,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    refresh_token::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant),
        session_id: Set(session),
        token_hash: Set(sha256_hex(token.as_bytes())),
        created_at: Set(now),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Seeding helpers for the demo tenant and tests: idempotent, bypassing invitations.
pub mod seed {
    use super::*;

    /// The organisation with this name and kind, created if missing.
    pub async fn organisation(
        db: &impl sea_orm::ConnectionTrait,
        name: &str,
        kind: OrganisationKind,
        now: DateTime<Utc>,
    ) -> AppResult<organisation::Model> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        if let Some(org) = organisation::Entity::find()
            .filter(organisation::Column::Name.eq(name))
            .filter(organisation::Column::Kind.eq(kind.as_str()))
            .one(db)
            .await?
        {
            return Ok(org);
        }
        Ok(organisation::ActiveModel {
            id: Set(new_id()),
            name: Set(name.into()),
            kind: Set(kind.as_str().into()),
            created_at: Set(now),
            own_risk_carrier: Set(false),
        }
        .insert(db)
        .await?)
    }

    /// The user with this e-mail, created with a password (and TOTP secret) if missing.
    #[allow(clippy::too_many_arguments)]
    pub async fn user(
        identity: &Identity,
        db: &impl sea_orm::ConnectionTrait,
        org: Uuid,
        email: &str,
        name: &str,
        roles: Vec<Role>,
        password: &str,
        totp_base32: Option<&str>,
        now: DateTime<Utc>,
    ) -> AppResult<user::Model> {
        if let Some(existing) = repo::user_by_email(db, email).await? {
            return Ok(existing);
        }
        let hash = crate::password::hash(password).await?;
        let id = new_id();
        let user = repo::insert_user(db, id, org, email, name, &hash, &roles, now).await?;
        let Some(b32) = totp_base32 else {
            return Ok(user);
        };
        let secret =
            totp::from_base32(b32).ok_or_else(|| AppError::invariant("bad demo TOTP secret"))?;
        let sealed = identity
            .inner
            .totp_key
            .seal(&secret, id.as_bytes())
            .map_err(AppError::internal)?;
        let mut active = user.into_active_model();
        active.totp_secret = Set(Some(sealed));
        active.totp_enabled = Set(true);
        Ok(active.update(db).await?)
    }

    /// The employee with this e-mail in `org`, created if missing, linked to `user`.
    pub async fn employee(
        db: &impl sea_orm::ConnectionTrait,
        org: Uuid,
        name: &str,
        email: &str,
        user: Option<Uuid>,
        manager: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> AppResult<employee::Model> {
        if let Some(existing) = repo::employee_by_email(db, org, email).await? {
            return Ok(existing);
        }
        Ok(employee::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(org),
            name: Set(name.into()),
            email: Set(Some(email.into())),
            phone: Set(None),
            employee_number: Set(None),
            user_id: Set(user),
            manager_user_id: Set(manager),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?)
    }

    /// A verified medical binding of the employee's account, as if his doctor's activation
    /// code had been entered (the demo's employee, so his medical file can be shown at once).
    pub async fn medical_binding(
        db: &impl sea_orm::ConnectionTrait,
        employee: &employee::Model,
        doctor: &user::Model,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        use crate::entities::medical_binding;
        let Some(user_id) = employee.user_id else {
            return Err(AppError::invariant("a binding needs an account"));
        };
        if crate::verification::is_verified(db, employee.tenant_id, employee.id, user_id).await? {
            return Ok(());
        }
        medical_binding::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(employee.tenant_id),
            employee_id: Set(employee.id),
            user_id: Set(user_id),
            verified_by: Set(doctor.id),
            verified_by_organisation: Set(doctor.tenant_id),
            method: Set("DEMO".into()),
            factor: Set("TOTP".into()),
            verified_at: Set(now),
            suspended_at: Set(None),
            suspended_reason: Set(None),
        }
        .insert(db)
        .await?;
        Ok(())
    }

    /// A live assignment of `user` (of `provider`) to a case.
    #[allow(clippy::too_many_arguments)]
    pub async fn assignment(
        db: &impl sea_orm::ConnectionTrait,
        tenant: Uuid,
        case_id: Uuid,
        user: Uuid,
        provider: Uuid,
        role: Role,
        by: Uuid,
        now: DateTime<Utc>,
    ) -> AppResult<crate::entities::case_assignment::Model> {
        Ok(crate::entities::case_assignment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            user_id: Set(user),
            organisation_id: Set(provider),
            role: Set(role.as_str().into()),
            assigned_at: Set(now),
            ended_at: Set(None),
            assigned_by: Set(by),
        }
        .insert(db)
        .await?)
    }

    /// An active engagement of `provider` by `employer`.
    pub async fn engagement(
        db: &impl sea_orm::ConnectionTrait,
        employer: Uuid,
        provider: Uuid,
        now: DateTime<Utc>,
    ) -> AppResult<engagement::Model> {
        if let Some(existing) = repo::engagement(db, employer, provider).await? {
            return Ok(existing);
        }
        Ok(engagement::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(employer),
            provider_id: Set(provider),
            created_at: Set(now),
            ended_at: Set(None),
        }
        .insert(db)
        .await?)
    }
}
