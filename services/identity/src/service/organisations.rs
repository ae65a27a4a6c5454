//! Organisations: listing the ones the actor may see, creating one (the platform operator),
//! an employer's own-risk-carrier setting, and looking one up by id. Who belongs to an
//! organisation is in `users`; which providers serve an employer is in `engagements`.

use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use super::Identity;
use crate::entities::organisation;
use crate::trail::{self, TrailEvent};
use crate::{model, repo};

impl Identity {
    // ----- organisations ---------------------------------------------------------------------

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
            orgs.retain(|o| o.kind == kind);
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
                ErrorReason::InvalidInput,
                "kind",
                "there is only one platform organisation",
            ));
        }
        let name = model::required_text(name, "name", 200)?;
        let org = organisation::ActiveModel {
            id: Set(id),
            name: Set(name),
            kind: Set(kind),
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
        if org.kind != OrganisationKind::Employer {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
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

    /// An organisation by id, for resolving nested fields of rows already authorised.
    pub async fn organisation_by_id(&self, ctx: &Ctx, id: Uuid) -> AppResult<organisation::Model> {
        repo::organisation(&ctx.db, id)
            .await?
            .ok_or(AppError::NotFound)
    }
}
