//! The mutations of the identity service ([`IdentityMutation`]): login (password, TOTP,
//! passkey), tokens, second factors and passkeys, invitations, employees, organisations and
//! engagements, medical access and language.

use async_graphql::{Context, ID, MaybeUndefined, Object};
use platform::context::request_ctx;
use platform::{GqlResultExt, OrganisationKind, Role};

use super::{
    AuthPayload, CreateEmployeeInput, Department, DepartmentInput, Employee, Engagement,
    IdentityQuery, Invitation, Me, MedicalAccessView, Organisation, Passkey, PasskeyChallenge,
    TotpEnrollment, UpdateEmployeeInput, User, identity, invitation, parse_id, user,
};
use crate::model::Language;
use crate::service::{EmployeeChanges, NewEmployee};

/// Mutations of the identity service.
#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Logs in. A user with an authenticator app gets `mfaRequired` until `totp` is given.
    async fn login(
        &self,
        gql: &Context<'_>,
        email: String,
        password: String,
        totp: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .login(ctx, &email, &password, totp.as_deref())
            .await
            .gql()?
            .into())
    }

    /// Exchanges a refresh token (single use) for new tokens.
    async fn refresh(
        &self,
        gql: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .refresh(ctx, &refresh_token)
            .await
            .gql()?
            .into())
    }

    /// Ends the current session.
    async fn logout(&self, gql: &Context<'_>) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        identity(gql)?.logout(ctx).await.gql()
    }

    /// Starts setting up an authenticator app.
    async fn enroll_totp(&self, gql: &Context<'_>) -> async_graphql::Result<TotpEnrollment> {
        let ctx = request_ctx(gql)?;
        let (secret, otpauth_url) = identity(gql)?.enroll_totp(ctx).await.gql()?;
        Ok(TotpEnrollment {
            secret,
            otpauth_url,
        })
    }

    /// Confirms the authenticator app with a first code; this session then counts as verified.
    async fn confirm_totp(&self, gql: &Context<'_>, code: String) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        identity(gql)?.confirm_totp(ctx, &code).await.gql()
    }

    /// Invites someone to become a user with `role` (in `organisationId`, default: your own).
    async fn invite_user(
        &self,
        gql: &Context<'_>,
        email: String,
        name: String,
        role: Role,
        organisation_id: Option<ID>,
    ) -> async_graphql::Result<Invitation> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        let org = organisation_id.as_ref().map(parse_id).transpose()?;
        let inv = id.invite_user(ctx, &email, &name, role, org).await.gql()?;
        let org = id.organisation_by_id(ctx, inv.tenant_id).await.gql()?;
        Ok(invitation(inv, org.into()))
    }

    /// Accepts an invitation with a new password and logs in.
    async fn accept_invitation(
        &self,
        gql: &Context<'_>,
        token: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .accept_invitation(ctx, &token, &password)
            .await
            .gql()?
            .into())
    }

    /// Registers an employee of your employer.
    async fn create_employee(
        &self,
        gql: &Context<'_>,
        input: CreateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        let ctx = request_ctx(gql)?;
        let manager = input.manager_user_id.as_ref().map(parse_id).transpose()?;
        let created = identity(gql)?
            .create_employee(
                ctx,
                NewEmployee {
                    name: input.name,
                    email: input.email,
                    phone: input.phone,
                    employee_number: input.employee_number,
                    manager_user_id: manager,
                    invite: input.invite.unwrap_or(false),
                },
            )
            .await
            .gql()?;
        Ok(created.employee.into())
    }

    /// Changes an employee's master data (HR administrators and case managers of his
    /// employer). A field left out stays; `null` clears it. His account is not touched.
    async fn update_employee(
        &self,
        gql: &Context<'_>,
        id: ID,
        input: UpdateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        let ctx = request_ctx(gql)?;
        let changes = EmployeeChanges {
            name: input.name,
            email: patch(input.email),
            phone: patch(input.phone),
            employee_number: patch(input.employee_number),
            department_id: patch(input.department_id)
                .map(|d| d.as_ref().map(parse_id).transpose())
                .transpose()?,
            manager_user_id: patch(input.manager_user_id)
                .map(|m| m.as_ref().map(parse_id).transpose())
                .transpose()?,
            manager_follows_department: input.manager_follows_department,
            hours_per_week: patch(input.hours_per_week),
            employed_since: patch(input.employed_since).map(|d| d.map(|d| d.0)),
            employed_until: patch(input.employed_until).map(|d| d.map(|d| d.0)),
            contract_type: patch(input.contract_type),
        };
        let id = parse_id(&id)?;
        Ok(identity(gql)?
            .update_employee(ctx, id, changes)
            .await
            .gql()?
            .into())
    }

    /// Creates a department of your employer (HR administrators).
    async fn create_department(
        &self,
        gql: &Context<'_>,
        input: DepartmentInput,
    ) -> async_graphql::Result<Department> {
        let ctx = request_ctx(gql)?;
        let input = department_input(input)?;
        Ok(identity(gql)?
            .create_department(ctx, input)
            .await
            .gql()?
            .into())
    }

    /// Changes a department (HR administrators); the employees who follow it get its new
    /// line manager.
    async fn update_department(
        &self,
        gql: &Context<'_>,
        id: ID,
        input: DepartmentInput,
    ) -> async_graphql::Result<Department> {
        let ctx = request_ctx(gql)?;
        let id = parse_id(&id)?;
        let input = department_input(input)?;
        Ok(identity(gql)?
            .update_department(ctx, id, input)
            .await
            .gql()?
            .into())
    }

    /// Engages an occupational health service or re-integration agency for your employer.
    async fn engage_provider(
        &self,
        gql: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Engagement> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        let provider_id = parse_id(&organisation_id)?;
        let e = id.engage_provider(ctx, provider_id).await.gql()?;
        let provider = id.organisation_by_id(ctx, e.provider_id).await.gql()?;
        let employer = id.organisation_by_id(ctx, e.tenant_id).await.gql()?;
        Ok(Engagement {
            id: ID(e.id.to_string()),
            provider: provider.into(),
            employer: employer.into(),
            since: e.created_at,
        })
    }

    /// Creates an organisation (platform operator).
    async fn create_organisation(
        &self,
        gql: &Context<'_>,
        name: String,
        kind: OrganisationKind,
    ) -> async_graphql::Result<Organisation> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .create_organisation(ctx, &name, kind)
            .await
            .gql()?
            .into())
    }

    /// Marks your employer as an own-risk carrier (eigenrisicodrager) or not: its absence files
    /// are then kept 10 years after a case ends instead of 2 (HR administrators).
    async fn set_own_risk_carrier(
        &self,
        gql: &Context<'_>,
        own_risk_carrier: bool,
    ) -> async_graphql::Result<Organisation> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .set_own_risk_carrier(ctx, own_risk_carrier)
            .await
            .gql()?
            .into())
    }

    /// Removes a user's authenticator app (lost phone) and ends his sessions; he sets up a new
    /// one at his next login. For administrators of his organisation, never for yourself.
    async fn reset_totp(&self, gql: &Context<'_>, user_id: ID) -> async_graphql::Result<User> {
        let ctx = request_ctx(gql)?;
        let id = parse_id(&user_id)?;
        let (u, roles) = identity(gql)?.reset_totp(ctx, id).await.gql()?;
        Ok(user(u, roles, ctx.clock.now()))
    }

    /// Starts adding a passkey to your account (with your second factor first, when you have
    /// one). Pass `options` to `navigator.credentials.create`.
    async fn start_passkey_registration(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<PasskeyChallenge> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        Ok(crate::passkeys::start_registration(id.webauthn(), ctx)
            .await
            .gql()?
            .into())
    }

    /// Finishes adding a passkey with the browser's answer (`credential`, JSON with base64url
    /// binary fields) and a name for it.
    async fn finish_passkey_registration(
        &self,
        gql: &Context<'_>,
        challenge_id: String,
        credential: String,
        name: String,
    ) -> async_graphql::Result<Passkey> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        Ok(crate::passkeys::finish_registration(
            id.webauthn(),
            ctx,
            &challenge_id,
            &credential,
            &name,
        )
        .await
        .gql()?
        .into())
    }

    /// Removes one of your passkeys (with your second factor).
    async fn remove_passkey(&self, gql: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        crate::passkeys::remove(ctx, parse_id(&id)?).await.gql()
    }

    /// The second step of a login with a passkey: the `passkeyChallenge` of `login` and the
    /// browser's answer of `navigator.credentials.get` (JSON, binary fields base64url).
    async fn login_with_passkey(
        &self,
        gql: &Context<'_>,
        challenge_id: String,
        credential: String,
    ) -> async_graphql::Result<AuthPayload> {
        let ctx = request_ctx(gql)?;
        Ok(identity(gql)?
            .login_with_passkey(ctx, &challenge_id, &credential)
            .await
            .gql()?
            .into())
    }

    /// An employee opens his medical file to this account with the activation code his company
    /// doctor gave him, in a session that passed his own second factor.
    async fn activate_medical_access(
        &self,
        gql: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<MedicalAccessView> {
        let ctx = request_ctx(gql)?;
        Ok(crate::verification::activate(ctx, &code)
            .await
            .gql()?
            .into())
    }

    /// Sets your interface and e-mail language.
    async fn set_language(
        &self,
        gql: &Context<'_>,
        language: Language,
    ) -> async_graphql::Result<Me> {
        let ctx = request_ctx(gql)?;
        let id = identity(gql)?;
        id.set_language(ctx, language).await.gql()?;
        IdentityQuery.me(gql).await
    }
}

/// A GraphQL patch field: left out → `None`, `null` → `Some(None)`.
fn patch<T>(v: MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

fn department_input(
    input: DepartmentInput,
) -> async_graphql::Result<crate::service::DepartmentInput> {
    Ok(crate::service::DepartmentInput {
        name: input.name,
        parent_id: input.parent_id.as_ref().map(parse_id).transpose()?,
        manager_user_id: input.manager_user_id.as_ref().map(parse_id).transpose()?,
    })
}
