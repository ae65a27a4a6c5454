//! Engagements: an employer engaging an occupational health service or reintegration agency,
//! and listing the live engagements from either side. Its own concern because it links two
//! organisations and is recorded in both their trails.

use platform::access::{Action, DataClass};
use platform::audit::Outcome;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, OrganisationKind};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use super::Identity;
use crate::entities::engagement;
use crate::repo;
use crate::trail::{self, TrailEvent};

impl Identity {
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
        if !provider.kind.is_provider() {
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
}
