//! Who can be the case manager of a case.

use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use uuid::Uuid;

/// Checks that `user_id` can be the case manager of a case of `tenant`.
pub(crate) async fn check_case_manager(
    ctx: &Ctx,
    tenant: Uuid,
    user_id: Uuid,
    field: &'static str,
) -> AppResult<()> {
    let ok = identity::repo::user(&ctx.db, user_id)
        .await?
        .is_some_and(|u| u.tenant_id == tenant)
        && identity::repo::roles(&ctx.db, tenant, user_id)
            .await?
            .iter()
            .any(|r| matches!(r, Role::CaseManager | Role::HrAdmin));
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "not a case manager of this employer",
        ))
    }
}

/// The users of the actor's employer who can be case manager; none for anyone else.
pub async fn case_managers(ctx: &Ctx) -> AppResult<Vec<identity::entities::user::Model>> {
    let actor = ctx.user()?;
    let staff = actor.organisation_kind == OrganisationKind::Employer
        && [Role::HrAdmin, Role::CaseManager, Role::Manager]
            .iter()
            .any(|r| actor.has_role(*r));
    if !staff {
        return Ok(vec![]);
    }
    let mut out: Vec<_> = identity::repo::users_of(&ctx.db, actor.organisation_id)
        .await?
        .into_iter()
        .filter(|(_, roles)| {
            roles
                .iter()
                .any(|r| matches!(r, Role::CaseManager | Role::HrAdmin))
        })
        .map(|(u, _)| u)
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
