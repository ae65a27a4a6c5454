//! The file's structured data: the consultant records activities and work placements, contact
//! moments with the employee, and applications and proposals.

use chrono::NaiveDate;
use platform::access::Action;
use platform::ids::new_id;
use platform::text::{optional_text, text};
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::{
    LONG_TEXT, NewActivity, NewApplication, NewContact, SHORT_TEXT, authorized, find_in_case,
    not_before_start, not_in_future, running,
};
use crate::entities::{activity, application, contact, trajectory};
use crate::model::ApplicationStatus;

/// The consultant records an activity or a work placement.
pub async fn record_activity(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewActivity,
) -> AppResult<activity::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    let (ends_on, hours, outcome) = activity_fields(&input, &t)?;
    let now = ctx.clock.now();
    Ok(activity::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(input.kind),
        title: Set(text("title", &input.title, SHORT_TEXT)?),
        organisation: Set(optional_text(
            "organisation",
            input.organisation.as_deref(),
            SHORT_TEXT,
        )?),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        hours_per_week: Set(hours),
        outcome: Set(outcome),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?)
}

fn activity_fields(
    input: &NewActivity,
    t: &trajectory::Model,
) -> AppResult<(Option<NaiveDate>, Option<i32>, Option<String>)> {
    not_before_start("startsOn", input.starts_on, t)?;
    if input.ends_on.is_some_and(|end| end < input.starts_on) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "endsOn",
            "the end lies before the start",
        ));
    }
    if input.hours_per_week.is_some_and(|h| !(0..=40).contains(&h)) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "hoursPerWeek",
            "hours per week lie between 0 and 40",
        ));
    }
    Ok((
        input.ends_on,
        input.hours_per_week,
        optional_text("outcome", input.outcome.as_deref(), LONG_TEXT)?,
    ))
}

/// The consultant updates an activity (its end and outcome, typically).
pub async fn update_activity(
    ctx: &Ctx,
    id: Uuid,
    input: NewActivity,
) -> AppResult<activity::Model> {
    let row = find_in_case::<activity::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    let t = running(ctx, &access).await?;
    let (ends_on, hours, outcome) = activity_fields(&input, &t)?;
    let mut a = row.into_active_model();
    a.kind = Set(input.kind);
    a.title = Set(text("title", &input.title, SHORT_TEXT)?);
    a.organisation = Set(optional_text(
        "organisation",
        input.organisation.as_deref(),
        SHORT_TEXT,
    )?);
    a.starts_on = Set(input.starts_on);
    a.ends_on = Set(ends_on);
    a.hours_per_week = Set(hours);
    a.outcome = Set(outcome);
    a.updated_at = Set(ctx.clock.now());
    Ok(a.update(&ctx.db).await?)
}

/// The consultant records a contact moment with the employee.
pub async fn record_contact(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewContact,
) -> AppResult<contact::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    not_in_future("occurredOn", input.occurred_on, ctx.clock.today())?;
    not_before_start("occurredOn", input.occurred_on, &t)?;
    let row = contact::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        occurred_on: Set(input.occurred_on),
        kind: Set(input.kind),
        summary: Set(text("summary", &input.summary, LONG_TEXT)?),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    };
    // The contact and the date the "unreachable" signal reads, together.
    let txn = ctx.db.begin().await?;
    let row = row.insert(&txn).await?;
    ctx.gate()?
        .contact_made(&txn, ctx, &access, row.occurred_on)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// The consultant records an application or a proposal.
pub async fn record_application(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewApplication,
) -> AppResult<application::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    not_in_future("appliedOn", input.applied_on, ctx.clock.today())?;
    not_before_start("appliedOn", input.applied_on, &t)?;
    let now = ctx.clock.now();
    // The application and the case's effort signal, together.
    let txn = ctx.db.begin().await?;
    let row = application::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(input.kind),
        company: Set(text("company", &input.company, SHORT_TEXT)?),
        position: Set(text("position", &input.position, SHORT_TEXT)?),
        applied_on: Set(input.applied_on),
        channel: Set(input.channel),
        status: Set(input.status),
        outcome: Set(optional_text(
            "outcome",
            input.outcome.as_deref(),
            LONG_TEXT,
        )?),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    ctx.gate()?.effort_changed(&txn, ctx, &access).await?;
    txn.commit().await?;
    Ok(row)
}

/// The consultant updates where an application stands.
pub async fn update_application(
    ctx: &Ctx,
    id: Uuid,
    status: ApplicationStatus,
    outcome: Option<&str>,
) -> AppResult<application::Model> {
    let row = find_in_case::<application::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    let mut a = row.into_active_model();
    a.status = Set(status);
    a.outcome = Set(optional_text("outcome", outcome, LONG_TEXT)?);
    a.updated_at = Set(ctx.clock.now());
    Ok(a.update(&ctx.db).await?)
}
