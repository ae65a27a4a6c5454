//! Users: the acting user's own account (who he is, his language), the users of an
//! organisation with their roles, an administrator resetting someone's second factor, and the
//! organisation's administrators (whether it has one; telling them when the platform operator
//! acts inside it). Kept apart from sessions because these act on accounts, not on logins.

use lettre::message::Mailbox;
use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::Identity;
use crate::entities::{organisation, user};
use crate::model::Language;
use crate::trail::{self, TrailEvent, user_resource};
use crate::{passkeys, repo, verification};

impl Identity {
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
        active.language = Set(language);
        active.updated_at = Set(ctx.clock.now());
        active.update(&ctx.db).await?;
        Ok(())
    }

    // ----- users -----------------------------------------------------------------------------

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
                reason: ErrorReason::Forbidden,
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
    pub(super) async fn tell_administrators_of_operator(
        &self,
        ctx: &Ctx,
        org: Uuid,
        nl: &str,
        en: &str,
    ) {
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
                    .send(
                        crate::mail::operator_acted(to, &organisation.name, nl, en, &link)
                            .map_err(AppError::internal)?,
                    )
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
    pub(super) async fn has_administrator(
        &self,
        ctx: &Ctx,
        org: &organisation::Model,
    ) -> AppResult<bool> {
        let admin = org.kind.administrator_role();
        Ok(repo::users_of(&ctx.db, org.id)
            .await?
            .iter()
            .any(|(_, roles)| roles.contains(&admin)))
    }
}
