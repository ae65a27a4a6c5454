//! GraphQL surface of the identity service: thin resolvers that parse, call the service, map.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::context::request_ctx;
pub use platform::graphql::parse_id;
use platform::graphql::{decode_cursor, encode_cursor, gql_err, page_size};
use platform::{AppError, GqlResultExt, OrganisationKind, Role};
use uuid::Uuid;

use crate::entities::{employee, invitation, organisation, user};
use crate::model::{AuthTokens, Language};
use crate::service::{Identity, NewEmployee};

fn identity<'a>(gql: &'a Context<'_>) -> async_graphql::Result<&'a Identity> {
    gql.data::<Identity>()
        .map_err(|_| gql_err(AppError::invariant("identity service missing")))
}

/// Result of login, refresh and accepting an invitation.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Bearer token for `Authorization`, short-lived.
    pub access_token: Option<String>,
    /// Single-use token for `refresh`; a new one comes with every refresh.
    pub refresh_token: Option<String>,
    /// Seconds until the access token expires.
    pub expires_in: Option<i64>,
    /// The password was right but a TOTP code is needed: log in again with `totp`.
    pub mfa_required: bool,
    /// The user must enrol TOTP before medical data is reachable (company doctors).
    pub mfa_enrollment_required: bool,
    /// With `mfaRequired`, when the user has passkeys: answer it with `loginWithPasskey`
    /// (or log in again with `totp`, when he also has an authenticator app).
    pub passkey_challenge: Option<PasskeyChallenge>,
}

/// A WebAuthn ceremony for the browser to continue.
#[derive(SimpleObject)]
pub struct PasskeyChallenge {
    /// The ceremony's id, to send back with the result (valid five minutes, once).
    pub id: String,
    /// The options for `navigator.credentials.create/get` as JSON (binary fields base64url).
    pub options: String,
}

impl From<crate::passkeys::Challenge> for PasskeyChallenge {
    fn from(c: crate::passkeys::Challenge) -> Self {
        PasskeyChallenge {
            id: c.id,
            options: c.options,
        }
    }
}

/// A passkey of the logged-in user.
#[derive(SimpleObject)]
pub struct Passkey {
    /// Id.
    pub id: ID,
    /// The name he gave it ("Telefoon", "YubiKey").
    pub name: String,
    /// When added.
    pub created_at: DateTime<Utc>,
    /// When last used to log in.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<crate::entities::passkey::Model> for Passkey {
    fn from(p: crate::entities::passkey::Model) -> Self {
        Passkey {
            id: ID(p.id.to_string()),
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        }
    }
}

impl From<AuthTokens> for AuthPayload {
    fn from(t: AuthTokens) -> Self {
        AuthPayload {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            expires_in: t.expires_in,
            mfa_required: t.mfa_required,
            mfa_enrollment_required: t.mfa_enrollment_required,
            passkey_challenge: t.passkey_challenge.map(Into::into),
        }
    }
}

/// An organisation (tenant).
#[derive(SimpleObject, Clone)]
pub struct Organisation {
    /// Id.
    pub id: ID,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Eigenrisicodrager (WGA/ZW): absence files are kept 10 years after a case ends, not 2.
    pub own_risk_carrier: bool,
}

impl From<organisation::Model> for Organisation {
    fn from(o: organisation::Model) -> Self {
        Organisation {
            id: ID(o.id.to_string()),
            kind: OrganisationKind::parse(&o.kind).unwrap_or(OrganisationKind::Employer),
            name: o.name,
            own_risk_carrier: o.own_risk_carrier,
        }
    }
}

/// The logged-in user.
#[derive(SimpleObject)]
pub struct Me {
    /// User id.
    pub id: ID,
    /// Login e-mail.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Home organisation.
    pub organisation: Organisation,
    /// Interface language.
    pub language: Language,
    /// Whether an authenticator app is set up.
    pub totp_enabled: bool,
    /// Whether this session passed the second factor.
    pub mfa_verified: bool,
    /// How many passkeys the account has (a second factor beside the authenticator app).
    pub passkey_count: i32,
    /// For an employee: whether his medical file is open to this account (verified by the
    /// health service), and if not, why.
    pub medical_access: Option<MedicalAccessView>,
}

/// An employee account's medical access.
#[derive(SimpleObject)]
#[graphql(name = "MedicalAccess")]
pub struct MedicalAccessView {
    /// Not verified, active, or suspended.
    pub status: crate::verification::MedicalAccessStatus,
    /// When the health service verified it.
    pub verified_at: Option<DateTime<Utc>>,
    /// The doctor who verified it.
    pub verified_by: Option<String>,
    /// When it was suspended.
    pub suspended_at: Option<DateTime<Utc>>,
    /// Why it was suspended.
    pub suspended_reason: Option<String>,
}

impl From<crate::verification::MedicalAccess> for MedicalAccessView {
    fn from(a: crate::verification::MedicalAccess) -> Self {
        MedicalAccessView {
            status: a.status,
            verified_at: a.verified_at,
            verified_by: a.verified_by,
            suspended_at: a.suspended_at,
            suspended_reason: a.suspended_reason,
        }
    }
}

/// An event of the administrative trail: who did what to which account, case assignment or
/// engagement. Never medical content.
#[derive(SimpleObject)]
pub struct TrailEntry {
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who acted (name), when it was a user.
    pub actor_name: Option<String>,
    /// His e-mail.
    pub actor_email: Option<String>,
    /// His roles at the time (or SYSTEM).
    pub actor_role: Option<String>,
    /// His organisation.
    pub actor_organisation: Option<String>,
    /// What kind of record (`user`, `invitation`, `second_factor`, `medical_binding`, ...).
    pub resource_type: String,
    /// C, R, U, D or E.
    pub action: String,
    /// ALLOWED or DENIED.
    pub outcome: String,
    /// What happened.
    pub detail: Option<String>,
}

impl From<crate::trail::TrailEntry> for TrailEntry {
    fn from(t: crate::trail::TrailEntry) -> Self {
        let (actor_name, actor_email) = t.actor.map_or((None, None), |(n, e)| (Some(n), Some(e)));
        TrailEntry {
            occurred_at: t.entry.occurred_at,
            actor_name,
            actor_email,
            actor_role: t.entry.actor_role,
            actor_organisation: t.actor_organisation,
            resource_type: t.entry.resource_type,
            action: t.entry.action,
            outcome: t.entry.outcome,
            detail: t.entry.detail,
        }
    }
}

/// A new TOTP secret to put into an authenticator app.
#[derive(SimpleObject)]
pub struct TotpEnrollment {
    /// Base32 secret (to type in).
    pub secret: String,
    /// `otpauth://` URL (for a QR code).
    pub otpauth_url: String,
}

/// An invitation to become a user.
#[derive(SimpleObject)]
pub struct Invitation {
    /// Id.
    pub id: ID,
    /// Invited address.
    pub email: String,
    /// Invitee's name.
    pub name: String,
    /// Role he will have.
    pub role: Role,
    /// Organisation he will belong to.
    pub organisation: Organisation,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
    /// When it was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
}

fn invitation(i: invitation::Model, org: Organisation) -> Invitation {
    Invitation {
        id: ID(i.id.to_string()),
        role: Role::parse(&i.role).unwrap_or(Role::Employee),
        email: i.email,
        name: i.name,
        organisation: org,
        expires_at: i.expires_at,
        accepted_at: i.accepted_at,
    }
}

/// An employee of an employer (with or without a login).
#[derive(SimpleObject, Clone)]
pub struct Employee {
    /// Id.
    pub id: ID,
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone number (reachable while sick).
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// Whether he can log in to the employee portal.
    pub has_login: bool,
    /// When registered.
    pub created_at: DateTime<Utc>,
}

impl From<employee::Model> for Employee {
    fn from(e: employee::Model) -> Self {
        Employee {
            id: ID(e.id.to_string()),
            name: e.name,
            email: e.email,
            phone: e.phone,
            employee_number: e.employee_number,
            has_login: e.user_id.is_some(),
            created_at: e.created_at,
        }
    }
}

/// Extra fields of the employee connection.
#[derive(SimpleObject)]
pub struct EmployeeConnectionFields {
    /// Employees in reach in total.
    pub total_count: i64,
}

/// An employer engaging a provider.
#[derive(SimpleObject)]
pub struct Engagement {
    /// Id.
    pub id: ID,
    /// The occupational health service or agency.
    pub provider: Organisation,
    /// The employer.
    pub employer: Organisation,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// A user of an organisation.
#[derive(SimpleObject)]
pub struct User {
    /// Id.
    pub id: ID,
    /// Login e-mail.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Whether an authenticator app is set up.
    pub totp_enabled: bool,
    /// Whether the account is locked after failed logins right now.
    pub locked: bool,
    /// When created.
    pub created_at: DateTime<Utc>,
}

fn user(u: user::Model, roles: Vec<Role>, now: DateTime<Utc>) -> User {
    User {
        id: ID(u.id.to_string()),
        locked: u.locked_until.is_some_and(|t| t > now),
        email: u.email,
        name: u.name,
        roles,
        totp_enabled: u.totp_enabled,
        created_at: u.created_at,
    }
}

/// Input of `createEmployee`.
#[derive(async_graphql::InputObject)]
pub struct CreateEmployeeInput {
    /// Full name.
    pub name: String,
    /// E-mail (needed for an invitation).
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// Line manager: a user of this employer with role MANAGER.
    pub manager_user_id: Option<ID>,
    /// Send an invitation to the employee portal (needs an e-mail address).
    pub invite: Option<bool>,
}

/// Queries of the identity service.
#[derive(Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// The logged-in user.
    async fn me(&self, gql: &Context<'_>) -> async_graphql::Result<Me> {
        let ctx = request_ctx(gql)?;
        let (u, org, roles) = identity(gql)?.me(ctx).await.gql()?;
        let mfa = ctx.user().map(|a| a.mfa).unwrap_or(false);
        Ok(Me {
            id: ID(u.id.to_string()),
            email: u.email,
            name: u.name,
            roles,
            organisation: org.into(),
            language: Language::parse(&u.language),
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
