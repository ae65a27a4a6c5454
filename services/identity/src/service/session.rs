//! Sessions: password and passkey login, the TOTP second factor (checking, enrolling and
//! confirming it), login throttling and the per-client limit, access and refresh tokens,
//! logout, and turning a bearer token back into the acting user. Kept together because they
//! all decide whether a request is made by someone who proved who he is.

use chrono::{DateTime, Utc};
use platform::access::Action;
use platform::audit::{AccessEvent, Outcome};
use platform::crypto::{random_token, sha256_hex};
use platform::ids::{PLATFORM_TENANT, new_id};
use platform::{Actor, AppError, AppResult, Ctx, ErrorReason, Role, UserActor};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::Identity;
use crate::entities::{refresh_token, session, user};
use crate::model::{self, AuthTokens};
use crate::{passkeys, repo, throttle, totp};

/// What the second step of a login asks or found.
pub(super) enum SecondStep {
    /// A second factor is needed: the answer tells which (code, passkey challenge).
    Ask(AuthTokens),
    /// Done; `true` when a second factor was checked.
    Passed(bool),
}

impl Identity {
    // ----- authentication ------------------------------------------------------------------

    /// Turns a bearer token into the acting user: signature and claims, then the session must
    /// still be live (so logout and refresh-token reuse cut access at once, not at expiry).
    pub async fn authenticate(&self, ctx: &Ctx, bearer: &str) -> AppResult<UserActor> {
        let claims = self.inner.tokens.verify(bearer).map_err(|e| {
            tracing::debug!(error = %e, "access token refused");
            AppError::Unauthenticated {
                reason: ErrorReason::SessionExpired,
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
            reason: ErrorReason::InvalidCredentials,
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
        self.refuse_inactive(ctx, &user).await?;
        // An organisation that signs in through its own provider only still lets its
        // administrators in with a password, so a provider that is down does not lock it out.
        // Said only to someone who knew the password, so it tells a stranger nothing.
        if self.sso_only_for(ctx, &user).await? {
            self.log_login_denied(ctx, user.tenant_id, Some(user.id), "single sign-on only")
                .await?;
            return Err(AppError::Unauthenticated {
                reason: ErrorReason::SsoRequired,
                message: "your organisation signs in through its own identity provider",
            });
        }
        let mfa = match self.second_factor(ctx, &user, code).await? {
            SecondStep::Ask(tokens) => return Ok(tokens),
            SecondStep::Passed(mfa) => mfa,
        };
        repo::reset_failures(&ctx.db, user.id).await?;
        self.start_session(ctx, &user, mfa).await
    }

    /// The second step of a login whose first step (password, or the organisation's identity
    /// provider) passed: a passkey challenge or an authenticator code when the account has
    /// one, else nothing. `Passed(true)` when a second factor was checked.
    pub(super) async fn second_factor(
        &self,
        ctx: &Ctx,
        user: &user::Model,
        code: Option<&str>,
    ) -> AppResult<SecondStep> {
        let now = ctx.clock.now();
        let mut mfa = false;
        let code = code.filter(|c| !c.trim().is_empty());
        if code.is_none() || !user.totp_enabled {
            // A passkey answers the second step; a TOTP code may instead, when there is one.
            if let Some(challenge) =
                passkeys::start_login(&self.inner.webauthn, &ctx.db, user.id, now).await?
            {
                return Ok(SecondStep::Ask(AuthTokens {
                    mfa_required: true,
                    passkey_challenge: Some(challenge),
                    ..AuthTokens::default()
                }));
            }
        }
        if user.totp_enabled {
            let Some(code) = code else {
                return Ok(SecondStep::Ask(AuthTokens {
                    mfa_required: true,
                    ..AuthTokens::default()
                }));
            };
            // Only someone past the first step (password or provider) gets here, so saying
            // that the codes are paused tells a stranger nothing.
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
                    reason: ErrorReason::MfaThrottled,
                    retry_after_secs: u64::try_from((until - now).num_seconds().max(1))
                        .unwrap_or(1),
                });
            }
            if !self.check_totp(ctx, user, code).await? {
                let paused = self.count_failure(ctx, user).await?;
                self.log_login_denied(
                    ctx,
                    user.tenant_id,
                    Some(user.id),
                    "wrong authenticator code",
                )
                .await?;
                return Err(paused.unwrap_or(AppError::Unauthenticated {
                    reason: ErrorReason::MfaInvalid,
                    message: "the authenticator code is not correct",
                }));
            }
            mfa = true;
        }
        Ok(SecondStep::Passed(mfa))
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
            reason: ErrorReason::MfaInvalid,
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
        self.refuse_inactive(ctx, &user).await?;
        repo::reset_failures(&ctx.db, user.id).await?;
        self.start_session(ctx, &user, true).await
    }

    /// Refuses an account the employer's provisioning switched off (logged; said only after
    /// the first step passed).
    pub(super) async fn refuse_inactive(&self, ctx: &Ctx, user: &user::Model) -> AppResult<()> {
        if user.deactivated_at.is_none() {
            return Ok(());
        }
        self.log_login_denied(ctx, user.tenant_id, Some(user.id), "account deactivated")
            .await?;
        Err(AppError::Unauthenticated {
            reason: ErrorReason::AccountDeactivated,
            message: "this account has been switched off by your employer",
        })
    }

    /// Whether `user` must sign in through his organisation's provider: it is set to "SSO
    /// only" and he is not one of its administrators.
    async fn sso_only_for(&self, ctx: &Ctx, user: &user::Model) -> AppResult<bool> {
        let Some(provider) = repo::sso_provider(&ctx.db, user.tenant_id).await? else {
            return Ok(false);
        };
        if !(provider.enabled && provider.sso_only) {
            return Ok(false);
        }
        let roles = repo::roles(&ctx.db, user.tenant_id, user.id).await?;
        Ok(!roles.iter().any(|r| {
            matches!(
                r,
                Role::HrAdmin | Role::HealthServiceAdmin | Role::AgencyAdmin | Role::PlatformAdmin
            )
        }))
    }

    /// The per-client limit of login-like requests (logins, passkey answers, accepted
    /// invitations): a sliding minute per IP, in this process.
    pub(super) fn check_client(&self, ctx: &Ctx) -> AppResult<()> {
        self.inner
            .limiter
            .check(ctx.meta.ip)
            .map_err(|secs| AppError::RateLimited {
                reason: ErrorReason::RateLimited,
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
                reason: ErrorReason::MfaThrottled,
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

    pub(super) async fn log_login_denied(
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
        self.open_session(ctx, user, mfa, None).await
    }

    /// [`Self::start_session`], saying in the log how the first step was passed (`via`).
    pub(super) async fn open_session(
        &self,
        ctx: &Ctx,
        user: &user::Model,
        mfa: bool,
        via: Option<&str>,
    ) -> AppResult<AuthTokens> {
        let now = ctx.clock.now();
        let org = repo::organisation(&ctx.db, user.tenant_id)
            .await?
            .ok_or_else(|| AppError::invariant("user without organisation"))?;
        let kind = org.kind;
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
                    detail: Some(format!(
                        "login{}{}",
                        via.map(|v| format!(" {v}")).unwrap_or_default(),
                        if mfa { " with second factor" } else { "" }
                    )),
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
            reason: ErrorReason::TokenInvalid,
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
        let kind = org.kind;
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
                ErrorReason::TotpAlreadyEnabled,
                "an authenticator app is already set up",
            ));
        }
        // A password alone must not add a factor beside the owner's passkey.
        if !actor.mfa && !passkeys::of_user(&ctx.db, user.id).await?.is_empty() {
            return Err(AppError::Forbidden {
                reason: ErrorReason::MfaRequired,
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
                ErrorReason::TotpAlreadyEnabled,
                "an authenticator app is already set up",
            ));
        }
        if user.totp_secret.is_none() {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "code",
                "start the set-up first",
            ));
        }
        if !self.check_totp(ctx, &user, code).await? {
            return Err(AppError::validation(
                ErrorReason::MfaInvalid,
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
