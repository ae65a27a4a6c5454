//! The queries of the identity service ([`IdentityQuery`]): the logged-in user, his passkeys
//! and account events, and the employees, organisations, engagements, invitations, users and
//! administrative trail in the actor's reach.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, Object};
use platform::context::request_ctx;
use platform::graphql::{decode_cursor, encode_cursor, page_size};
use platform::{GqlResultExt, OrganisationKind};
use uuid::Uuid;

use super::{
    Department, Employee, EmployeeConnectionFields, Engagement, Invitation, Me, Organisation,
    Passkey, TrailEntry, User, identity, invitation, parse_id, user,
};

/// Queries of the identity service.
#[derive(Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// The logged-in user.
    pub(super) async fn me(&self, gql: &Context<'_>) -> async_graphql::Result<Me> {
        let ctx = request_ctx(gql)?;
        let (u, org, roles) = identity(gql)?.me(ctx).await.gql()?;
        let mfa = ctx.user().map(|a| a.mfa).unwrap_or(false);
        Ok(Me {
            id: ID(u.id.to_string()),
            email: u.email,
            name: u.name,
            roles,
            organisation: org.into(),
            language: u.language,
            totp_enabled: u.totp_enabled,
            mfa_verified: mfa,
            passkey_count: i32::try_from(
                crate::passkeys::of_user(&ctx.db, u.id).await.gql()?.len(),
            )
            .unwrap_or(i32::MAX),
            medical_access: crate::verification::of_actor(ctx)
                .await
                .gql()?
                .map(Into::into),
        })
    }

    /// The administrative trail of your organisation (administrators): account creations,
    /// invitations, second-factor resets, medical verifications, doctor requests, assignments
    /// and engagements, newest first.
    async fn admin_trail(
        &self,
        gql: &Context<'_>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<TrailEntry>> {
        let ctx = request_ctx(gql)?;
        let limit = u64::try_from(page_size(first)?).unwrap_or(100);
        let rows = crate::trail::for_administrator(ctx, limit).await.gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Your passkeys.
    async fn passkeys(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Passkey>> {
        let ctx = request_ctx(gql)?;
        let user = ctx.user().gql()?;
        Ok(crate::passkeys::of_user(&ctx.db, user.user_id)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// What was done to your own account (invitation, creation, resets, medical
    /// verification), newest first.
    async fn my_account_events(
        &self,
        gql: &Context<'_>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<TrailEntry>> {
        let ctx = request_ctx(gql)?;
        let limit = u64::try_from(page_size(first)?).unwrap_or(100);
        let rows = crate::trail::for_account_owner(ctx, limit).await.gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The departments of the actor's employer, by name (its own people).
    async fn departments(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Department>> {
        let ctx = request_ctx(gql)?;
        let rows = identity(gql)?.departments(ctx).await.gql()?;
        Ok(rows.into_iter().map(Department::from).collect())
    }

    /// Employees in the actor's reach, by name (HR and case managers: all of the employer;
    /// a manager: his own people; an employee: himself).
    async fn employees(
        &self,
        gql: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Employee, EmployeeConnectionFields, EmptyFields>>
    {
        let ctx = request_ctx(gql)?;
        let limit = page_size(first)?;
        let after: Option<(String, Uuid)> = after.as_deref().map(decode_cursor).transpose()?;
        let has_previous = after.is_some();
        // One row more than asked tells whether there is a next page.
        let (mut rows, total) = identity(gql)?
            .employees(ctx, after, (limit + 1) as u64)
            .await
            .gql()?;
        let has_next = rows.len() > limit;
        rows.truncate(limit);
        let mut conn = Connection::with_additional_fields(
            has_previous,
            has_next,
            EmployeeConnectionFields {
                total_count: i64::try_from(total).unwrap_or(i64::MAX),
            },
        );
        conn.edges.extend(
            rows.into_iter()
                .map(|e| Edge::new(encode_cursor(&(&e.name, e.id)), Employee::from(e))),
        );
        Ok(conn)
    }

    /// The operator: all organisations; an HR administrator: the directory of health services
    /// and agencies, and his own; anyone else: his own.
    async fn organisations(
        &self,
        gql: &Context<'_>,
        kind: Option<OrganisationKind>,
    ) -> async_graphql::Result<Vec<Organisation>> {
        let ctx = request_ctx(gql)?;
        let orgs = identity(gql)?.organisations(ctx, kind).await.gql()?;
        Ok(orgs.into_iter().map(Organisation::from).collect())
    }

    /// Active engagements: an employer's providers, or the employers a provider serves.
    async fn engagements(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Engagement>> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        let rows = id.engagements(ctx).await.gql()?;
        let mut out = Vec::with_capacity(rows.len());
        for e in rows {
            let provider = id.organisation_by_id(ctx, e.provider_id).await.gql()?;
            let employer = id.organisation_by_id(ctx, e.tenant_id).await.gql()?;
            out.push(Engagement {
                id: ID(e.id.to_string()),
                provider: provider.into(),
                employer: employer.into(),
                since: e.created_at,
            });
        }
        Ok(out)
    }

    /// Open invitations of the actor's organisation (or, for the operator, of `organisationId`).
    async fn invitations(
        &self,
        gql: &Context<'_>,
        organisation_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Invitation>> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        let org = organisation_id.as_ref().map(parse_id).transpose()?;
        let rows = id.invitations(ctx, org).await.gql()?;
        let mut out = Vec::with_capacity(rows.len());
        let mut cached: Option<Organisation> = None;
        for inv in rows {
            let org = match &cached {
                Some(o) if o.id.as_str() == inv.tenant_id.to_string() => o.clone(),
                _ => {
                    let o: Organisation = id
                        .organisation_by_id(ctx, inv.tenant_id)
                        .await
                        .gql()?
                        .into();
                    cached = Some(o.clone());
                    o
                }
            };
            out.push(invitation(inv, org));
        }
        Ok(out)
    }

    /// Users of the actor's organisation (or, for the operator, of `organisationId`).
    async fn users(
        &self,
        gql: &Context<'_>,
        organisation_id: Option<ID>,
    ) -> async_graphql::Result<Vec<User>> {
        let ctx = request_ctx(gql)?;
        let org = organisation_id.as_ref().map(parse_id).transpose()?;
        let rows = identity(gql)?.users(ctx, org).await.gql()?;
        let now = ctx.clock.now();
        Ok(rows.into_iter().map(|(u, r)| user(u, r, now)).collect())
    }
}
