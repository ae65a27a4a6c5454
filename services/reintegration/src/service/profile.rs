//! The profile: the consultant keeps the person and search profile and the promising
//! occupations.

use platform::access::Action;
use platform::ids::new_id;
use platform::text::{optional_text, text};
use platform::{AppResult, Ctx};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use super::{LONG_TEXT, Profile, SHORT_TEXT, authorized, find_in_case, running};
use crate::entities::{occupation, trajectory};

/// The consultant updates the person and search profile (absent fields are cleared: the form
/// sends the whole profile).
pub async fn save_profile(
    ctx: &Ctx,
    case_id: Uuid,
    profile: Profile,
) -> AppResult<trajectory::Model> {
    let access = authorized(ctx, case_id, Action::Update).await?;
    let t = running(ctx, &access).await?;
    let mut t = t.into_active_model();
    t.skills = Set(optional_text(
        "skills",
        profile.skills.as_deref(),
        LONG_TEXT,
    )?);
    t.education = Set(optional_text(
        "education",
        profile.education.as_deref(),
        LONG_TEXT,
    )?);
    t.experience = Set(optional_text(
        "experience",
        profile.experience.as_deref(),
        LONG_TEXT,
    )?);
    t.wishes = Set(optional_text(
        "wishes",
        profile.wishes.as_deref(),
        LONG_TEXT,
    )?);
    t.search_profile = Set(optional_text(
        "searchProfile",
        profile.search_profile.as_deref(),
        LONG_TEXT,
    )?);
    t.updated_by = Set(ctx.user()?.user_id);
    t.updated_at = Set(ctx.clock.now());
    Ok(t.update(&ctx.db).await?)
}

/// The consultant adds a promising occupation (kansrijk beroep) with the reason it fits.
pub async fn add_occupation(
    ctx: &Ctx,
    case_id: Uuid,
    title: &str,
    reason: &str,
) -> AppResult<occupation::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    running(ctx, &access).await?;
    Ok(occupation::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        title: Set(text("title", title, SHORT_TEXT)?),
        reason: Set(text("reason", reason, LONG_TEXT)?),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant removes a promising occupation that no longer fits (an edit of the file).
pub async fn remove_occupation(ctx: &Ctx, id: Uuid) -> AppResult<bool> {
    let row = find_in_case::<occupation::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    occupation::Entity::delete_by_id(row.id)
        .exec(&ctx.db)
        .await?;
    Ok(true)
}
