//! Single sign-on in GraphQL ([`SsoQuery`], [`SsoMutation`]): the login page's question, the
//! exchange of the provider's ticket for a session, and the administrator's configuration.
//! The redirects themselves are plain HTTP (`/api/sso/start`, `/api/sso/callback`).

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::GqlResultExt;
use platform::context::request_ctx;

use super::{AuthPayload, identity};
use crate::service::{SignInOptions, SsoCheck, SsoSettings, SsoSettingsInput};

/// How an address signs in.
#[derive(SimpleObject)]
#[graphql(name = "SignInOptions")]
pub struct SignInOptionsView {
    /// Its domain signs in through the organisation's own identity provider: send the browser
    /// to `startUrl`.
    pub sso: bool,
    /// …and password login is refused there, except for the organisation's administrators.
    pub sso_only: bool,
    /// Where the browser goes to sign in through the provider (with `sso`).
    pub start_url: Option<String>,
}

/// An organisation's single sign-on (OpenID Connect), as its administrators see it. The
/// client secret is never shown again.
#[derive(SimpleObject)]
pub struct SingleSignOn {
    /// The provider's issuer URL.
    pub issuer: String,
    /// The client id at the provider.
    pub client_id: String,
    /// Whether a client secret is stored.
    pub has_client_secret: bool,
    /// E-mail domains whose people sign in through the provider.
    pub domains: Vec<String>,
    /// Password login refused, except for the organisation's administrators.
    pub sso_only: bool,
    /// Switched on.
    pub enabled: bool,
    /// What to enter at the provider as the redirect URI.
    pub redirect_uri: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<SsoSettings> for SingleSignOn {
    fn from(s: SsoSettings) -> Self {
        SingleSignOn {
            issuer: s.provider.issuer,
            client_id: s.provider.client_id,
            has_client_secret: !s.provider.client_secret.is_empty(),
            domains: s.domains,
            sso_only: s.provider.sso_only,
            enabled: s.provider.enabled,
            redirect_uri: s.redirect_url,
            updated_at: s.provider.updated_at,
        }
    }
}

/// The provider settings an administrator enters.
#[derive(InputObject)]
pub struct SingleSignOnInput {
    /// The issuer URL (`https://login.microsoftonline.com/<tenant>/v2.0`, …).
    pub issuer: String,
    /// The client (application) id.
    pub client_id: String,
    /// The client secret; left out or empty keeps the stored one.
    pub client_secret: Option<String>,
    /// The e-mail domains whose people sign in through it.
    pub domains: Vec<String>,
    /// Refuse password login for everyone but the administrators.
    #[graphql(default)]
    pub sso_only: bool,
    /// Switched on.
    #[graphql(default = true)]
    pub enabled: bool,
}

/// The result of testing the connection.
#[derive(SimpleObject)]
#[graphql(name = "SingleSignOnCheck")]
pub struct SsoCheckView {
    /// The provider's discovery document was found and names the configured issuer.
    pub ok: bool,
    /// What was found or what went wrong.
    pub message: String,
}

impl From<SsoCheck> for SsoCheckView {
    fn from(c: SsoCheck) -> Self {
        SsoCheckView {
            ok: c.ok,
            message: c.message,
        }
    }
}

/// Queries of single sign-on.
#[derive(Default)]
pub struct SsoQuery;

#[Object]
impl SsoQuery {
    /// How `email` signs in: decided by its domain alone, so the answer does not say whether
    /// the address has an account.
    async fn sign_in_options(
        &self,
        gql: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<SignInOptionsView> {
        let ctx = request_ctx(gql)?;
        let options: SignInOptions = identity(gql)?.sign_in_options(ctx, &email).await.gql()?;
        Ok(SignInOptionsView {
            sso: options.sso,
            sso_only: options.sso_only,
            start_url: options.sso.then(|| {
                let mut url = String::from("/api/sso/start?email=");
                url.push_str(&form_encode(email.trim()));
                url
            }),
        })
    }

    /// The redirect URI to register at a provider, before anything is configured.
    async fn single_sign_on_redirect_uri(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<String> {
        request_ctx(gql)?.user().gql()?;
        Ok(identity(gql)?.sso_redirect_url())
    }

    /// The actor's organisation's single sign-on, if configured.
    async fn single_sign_on(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<SingleSignOn>> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .sso_settings(ctx)
            .await
            .gql()?
            .map(Into::into))
    }
}

/// Mutations of single sign-on.
#[derive(Default)]
pub struct SsoMutation;

#[Object]
impl SsoMutation {
    /// Exchanges the ticket the provider's callback handed to the web app for a session. As
    /// after a password: an account with an authenticator app answers `mfaRequired` until
    /// `totp` is given, one with passkeys gets a `passkeyChallenge` for `loginWithPasskey`.
    async fn complete_sso_login(
        &self,
        gql: &Context<'_>,
        ticket: String,
        totp: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .complete_sso_login(ctx, &ticket, totp.as_deref())
            .await
            .gql()?
            .into())
    }

    /// Sets the organisation's identity provider (its administrator).
    async fn configure_single_sign_on(
        &self,
        gql: &Context<'_>,
        input: SingleSignOnInput,
    ) -> async_graphql::Result<SingleSignOn> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .configure_sso(
                ctx,
                SsoSettingsInput {
                    issuer: input.issuer,
                    client_id: input.client_id,
                    client_secret: input.client_secret,
                    domains: input.domains,
                    sso_only: input.sso_only,
                    enabled: input.enabled,
                },
            )
            .await
            .gql()?
            .into())
    }

    /// Removes the organisation's identity provider: everyone signs in with a password again.
    async fn remove_single_sign_on(&self, gql: &Context<'_>) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        identity(gql)?.remove_sso(ctx).await.gql()
    }

    /// Fetches the provider's discovery document now and says what was found.
    async fn test_single_sign_on(&self, gql: &Context<'_>) -> async_graphql::Result<SsoCheckView> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?.check_sso(ctx).await.gql()?.into())
    }
}

/// `application/x-www-form-urlencoded` encoding of a query value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
