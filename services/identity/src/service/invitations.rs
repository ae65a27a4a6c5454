//! Invitations: inviting a person to become a user (the only way an account is made, outside
//! the seed), sending the invitation e-mail with undo when it fails, listing open invitations,
//! and accepting one (which creates the account and logs him in). Kept together because the
//! invitation's life, from token to account, is one flow.

use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::crypto::{random_token, sha256_hex};
use platform::ids::new_id;
use platform::mail::MailError;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::{Identity, NewEmployee};
use crate::entities::{invitation, organisation};
use crate::model::{self, AuthTokens};
use crate::repo;
use crate::trail::{self, TrailEvent, user_resource};

/// Who an invitation is for.
pub(super) struct Invitee<'a> {
    pub(super) email: &'a str,
    pub(super) name: &'a str,
    pub(super) role: Role,
    pub(super) employee_id: Option<Uuid>,
}

impl Identity {
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
            let first_admin =
                org.kind.administrator_role() == role && !self.has_administrator(ctx, &org).await?;
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
                    reason: ErrorReason::OrganisationAdministersItself,
                    message: "this organisation has its own administrator; only it can invite people",
                });
            }
        }
        if org.kind != role.organisation_kind() {
            return Err(AppError::validation(
                ErrorReason::RoleNotAllowed,
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
                        ErrorReason::EmailTaken,
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
    pub(super) async fn send_invitation(
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
                ErrorReason::EmailTaken,
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
                    ErrorReason::InvalidEmail,
                    "email",
                    "not a valid e-mail address",
                ));
            }
        };
        let now = ctx.clock.now();
        let (invitation, token) = self.new_invitation(org.id, &invitee, invited_by, now)?;
        let invitation = invitation.insert(&ctx.db).await?;
        if let Err(e) = self.mail_invitation(to, name, &org.name, &token).await {
            tracing::error!(error = %e, "invitation e-mail not sent");
            undo(ctx, Some(invitation.id)).await;
            return Err(AppError::conflict(
                ErrorReason::MailFailed,
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

    /// A new open invitation of `invitee` to organisation `tenant`, not stored yet, valid for
    /// the configured hours from `now`; and the secret of its link (only its hash is stored).
    pub(super) fn new_invitation(
        &self,
        tenant: Uuid,
        invitee: &Invitee<'_>,
        invited_by: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> AppResult<(invitation::ActiveModel, String)> {
        let token = random_token(32).map_err(AppError::internal)?;
        let hours = self.inner.settings.invitation_ttl_hours;
        let invitation = invitation::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            email: Set(invitee.email.to_string()),
            name: Set(invitee.name.to_string()),
            role: Set(invitee.role),
            token_hash: Set(sha256_hex(token.as_bytes())),
            employee_id: Set(invitee.employee_id),
            invited_by: Set(invited_by),
            created_at: Set(now),
            expires_at: Set(now + Duration::hours(i64::try_from(hours).unwrap_or(72))),
            accepted_at: Set(None),
            revoked_at: Set(None),
        };
        Ok((invitation, token))
    }

    /// E-mails the link of an invitation (its secret `token`) to `to`.
    pub(super) async fn mail_invitation(
        &self,
        to: Mailbox,
        name: &str,
        organisation: &str,
        token: &str,
    ) -> Result<(), MailError> {
        let link = format!(
            "{}/uitnodiging/{token}",
            self.inner.settings.public_url.trim_end_matches('/')
        );
        let hours = self.inner.settings.invitation_ttl_hours;
        self.inner
            .mailer
            .send(crate::mail::invitation(
                to,
                name,
                organisation,
                &link,
                hours,
            )?)
            .await
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
            ErrorReason::TokenInvalid,
            "token",
            "this invitation link is not valid (any more)",
        );
        let now = ctx.clock.now();
        let inv = repo::invitation_by_hash(&ctx.db, &sha256_hex(token.trim().as_bytes()))
            .await?
            .ok_or_else(|| {
                AppError::validation(
                    ErrorReason::TokenInvalid,
                    "token",
                    "this invitation link is not valid (any more)",
                )
            })?;
        if inv.accepted_at.is_some() || inv.revoked_at.is_some() || inv.expires_at <= now {
            return Err(invalid);
        }
        model::validate_password(password)?;
        let role = inv.role;
        let hash = crate::password::hash(password).await?;
        let user_id = new_id();
        let txn = ctx.db.begin().await?;
        // Claim the invitation first: of two concurrent accepts only one updates the row.
        if !repo::claim_invitation(&txn, inv.id, now).await? {
            return Err(invalid);
        }
        if repo::user_by_email(&txn, &inv.email).await?.is_some() {
            return Err(AppError::conflict(
                ErrorReason::EmailTaken,
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
}
