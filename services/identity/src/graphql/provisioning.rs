//! Provisioning tokens in GraphQL ([`ProvisioningQuery`], [`ProvisioningMutation`]): an
//! employer's HR administrators create the bearer token their identity provider uses for SCIM
//! (`/scim/v2`), see the tokens and when each was last used, and revoke them. The provisioning
//! itself is plain HTTP (the gateway's `scim.rs`).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::GqlResultExt;
use platform::context::request_ctx;

use super::{identity, parse_id};
use crate::service::provisioning::{CreatedScimToken, ScimTokenView};

/// Who created a provisioning token.
#[derive(SimpleObject)]
pub struct ScimTokenCreator {
    /// The user.
    pub id: ID,
    /// His name.
    pub name: String,
}

/// A bearer token an identity provider (Entra ID, Okta) provisions the employer's employees
/// with over SCIM 2.0.
#[derive(SimpleObject)]
pub struct ScimToken {
    /// Id.
    pub id: ID,
    /// What it is for ("Entra ID").
    pub name: String,
    /// The token itself: only in the answer of `createScimToken`, never again (only its hash
    /// is stored). `null` everywhere else.
    pub token: Option<String>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// Who created it.
    pub created_by: Option<ScimTokenCreator>,
    /// When the identity provider last used it (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; a revoked token is refused.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ScimTokenView> for ScimToken {
    fn from(v: ScimTokenView) -> Self {
        ScimToken {
            id: ID(v.token.id.to_string()),
            name: v.token.name,
            token: None,
            created_at: v.token.created_at,
            created_by: v.created_by.map(|(id, name)| ScimTokenCreator {
                id: ID(id.to_string()),
                name,
            }),
            last_used_at: v.token.last_used_at,
            revoked_at: v.token.revoked_at,
        }
    }
}

/// Queries of provisioning.
#[derive(Default)]
pub struct ProvisioningQuery;

#[Object]
impl ProvisioningQuery {
    /// The provisioning tokens of your employer, newest first (HR administrators).
    async fn scim_tokens(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<ScimToken>> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .scim_tokens(ctx)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The SCIM base URL to enter in the identity provider (`<public URL>/scim/v2`).
    async fn scim_base_url(&self, gql: &Context<'_>) -> async_graphql::Result<String> {
        request_ctx(gql)?.user().gql()?;
        Ok(format!(
            "{}/scim/v2",
            identity(gql)?.public_url().trim_end_matches('/')
        ))
    }
}

/// Mutations of provisioning.
#[derive(Default)]
pub struct ProvisioningMutation;

#[Object]
impl ProvisioningMutation {
    /// Creates a provisioning token for your employer's identity provider (HR administrators).
    /// The answer's `token` is shown this once: enter it at the identity provider as the
    /// secret token, with `<public URL>/scim/v2` as the tenant URL.
    async fn create_scim_token(
        &self,
        gql: &Context<'_>,
        name: String,
    ) -> async_graphql::Result<ScimToken> {
        let ctx = request_ctx(gql)?;
        let identity = identity(gql)?;
        let CreatedScimToken { token, secret } =
            identity.create_scim_token(ctx, &name).await.gql()?;
        let actor = ctx.user().gql()?;
        Ok(ScimToken {
            id: ID(token.id.to_string()),
            name: token.name,
            token: Some(secret),
            created_at: token.created_at,
            created_by: Some(ScimTokenCreator {
                id: ID(actor.user_id.to_string()),
                name: identity.me(ctx).await.gql()?.0.name,
            }),
            last_used_at: None,
            revoked_at: None,
        })
    }

    /// Revokes a provisioning token at once (HR administrators); the answer has `revokedAt`.
    /// Revoking a revoked token changes nothing.
    async fn revoke_scim_token(
        &self,
        gql: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ScimToken> {
        let ctx = request_ctx(gql)?;
        let token = identity(gql)?
            .revoke_scim_token(ctx, parse_id(&id)?)
            .await
            .gql()?;
        let creator = identity(gql)?
            .scim_tokens(ctx)
            .await
            .gql()?
            .into_iter()
            .find(|t| t.token.id == token.id)
            .and_then(|t| t.created_by);
        Ok(ScimTokenView {
            token,
            created_by: creator,
        }
        .into())
    }
}
