//! Consents: the employee grants and revokes consent to share parts of his medical file with
//! an organisation; the live consents widen what a consultant's organisation may read.

use platform::access::{Action, DataClass, Relation};
use platform::case_port::CaseAccess;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::Medical;
use crate::entities::medical_consent;
use crate::model::ConsentPart;

impl Medical {
    /// The relations plus "consultant with the employee's consent" when the employee consented
    /// to share a part with the actor's organisation; and the consented parts.
    pub(super) async fn with_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<(CaseAccess, Vec<ConsentPart>)> {
        let mut access = access.clone();
        if !access.relations.contains(&Relation::AssignedConsultant) {
            return Ok((access, vec![]));
        }
        let org = ctx.user()?.organisation_id;
        let parts: Vec<ConsentPart> = live_consents(ctx, access.case_id)
            .await?
            .into_iter()
            .filter(|c| c.party_organisation_id == org)
            .map(|c| c.part)
            .collect();
        if !parts.is_empty() {
            access
                .relations
                .push(Relation::AssignedConsultantWithConsent);
        }
        Ok((access, parts))
    }

    /// The employee grants consent to share `part` with `organisation` (the agency assigned to
    /// his case, for instance). Only he can, with his second factor.
    pub async fn grant_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        part: ConsentPart,
        organisation: Uuid,
    ) -> AppResult<medical_consent::Model> {
        let target = access.target("medical_consent", None);
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        if !access.is_verified_subject() {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Create,
                "only the employee himself",
            )
            .await?;
            return Err(AppError::forbidden());
        }
        let known = identity::repo::organisation(&ctx.db, organisation)
            .await?
            .is_some_and(|o| o.kind != platform::OrganisationKind::Platform);
        if !known {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "organisationId",
                "not an organisation you can share with",
            ));
        }
        if let Some(existing) = live_consents(ctx, access.case_id)
            .await?
            .into_iter()
            .find(|c| c.part == part && c.party_organisation_id == organisation)
        {
            return Ok(existing);
        }
        let row = medical_consent::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            employee_id: Set(access.employee_id),
            part: Set(part),
            party_organisation_id: Set(organisation),
            granted_at: Set(ctx.clock.now()),
            revoked_at: Set(None),
        }
        .insert(&ctx.db)
        .await?;
        ctx.log_allowed(
            &access.target("medical_consent", Some(row.id)),
            Action::Create,
            Some(format!(
                "consent granted: {}",
                sea_orm::ActiveEnum::to_value(&part)
            )),
        )
        .await?;
        Ok(row)
    }

    /// The employee revokes a consent; from then on the party sees that part no more.
    pub async fn revoke_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        consent_id: Uuid,
    ) -> AppResult<medical_consent::Model> {
        let target = access.target("medical_consent", Some(consent_id));
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        if !access.is_verified_subject() {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Update,
                "only the employee himself",
            )
            .await?;
            return Err(AppError::forbidden());
        }
        let Some(found) = medical_consent::Entity::find_by_id(consent_id)
            .filter(medical_consent::Column::CaseId.eq(access.case_id))
            .one(&ctx.db)
            .await?
        else {
            return Err(AppError::NotFound);
        };
        if found.revoked_at.is_some() {
            return Ok(found);
        }
        let mut c = found.into_active_model();
        c.revoked_at = Set(Some(ctx.clock.now()));
        let saved = c.update(&ctx.db).await?;
        ctx.log_allowed(&target, Action::Update, Some("consent revoked".into()))
            .await?;
        Ok(saved)
    }

    /// The consents of the case (granted and revoked), for the employee and the doctor.
    pub async fn consents(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Vec<medical_consent::Model>> {
        if !(access.is_verified_subject() || access.is_doctor()) {
            return Ok(vec![]);
        }
        Ok(medical_consent::Entity::find()
            .filter(medical_consent::Column::TenantId.eq(access.tenant_id))
            .filter(medical_consent::Column::CaseId.eq(access.case_id))
            .order_by_desc(medical_consent::Column::GrantedAt)
            .all(&ctx.db)
            .await?)
    }
}

async fn live_consents(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<medical_consent::Model>> {
    Ok(medical_consent::Entity::find()
        .filter(medical_consent::Column::CaseId.eq(case_id))
        .filter(medical_consent::Column::RevokedAt.is_null())
        .all(&ctx.db)
        .await?)
}
