//! Departments: a small tree per employer, each with an optional line manager whom the
//! employees who follow their department have as theirs (decision 83). HR administrators keep
//! it (the ADMIN class, as the import that also creates departments).

use platform::access::{Action, DataClass};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::Identity;
use crate::entities::{department, employee};
use crate::model;

/// A department to create or change.
#[derive(Clone, Debug)]
pub struct DepartmentInput {
    /// Name, unique within the employer.
    pub name: String,
    /// The department it is part of.
    pub parent_id: Option<Uuid>,
    /// Its line manager: a user of the employer with role MANAGER.
    pub manager_user_id: Option<Uuid>,
}

impl Identity {
    /// The departments of the actor's employer, by name (its own people only).
    pub async fn departments(&self, ctx: &Ctx) -> AppResult<Vec<department::Model>> {
        let actor = ctx.user()?;
        let target = Self::org_target(actor, actor.organisation_id);
        ctx.authorize(&target, DataClass::Admin, Action::Read)
            .await?;
        Ok(department::Entity::find()
            .filter(department::Column::TenantId.eq(actor.organisation_id))
            .order_by_asc(department::Column::Name)
            .all(&ctx.db)
            .await?)
    }

    /// Creates a department of the actor's employer.
    pub async fn create_department(
        &self,
        ctx: &Ctx,
        input: DepartmentInput,
    ) -> AppResult<department::Model> {
        let tenant = self.department_admin(ctx, Action::Create).await?;
        let all = self.departments(ctx).await?;
        let name = checked(ctx, tenant, &all, None, &input).await?;
        let now = ctx.clock.now();
        department::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            name: Set(name),
            parent_id: Set(input.parent_id),
            manager_user_id: Set(input.manager_user_id),
            external_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&ctx.db)
        .await
        .map_err(taken)
    }

    /// Changes a department; its employees who follow it get its new line manager.
    pub async fn update_department(
        &self,
        ctx: &Ctx,
        id: Uuid,
        input: DepartmentInput,
    ) -> AppResult<department::Model> {
        let tenant = self.department_admin(ctx, Action::Update).await?;
        let all = self.departments(ctx).await?;
        let stored = all
            .iter()
            .find(|d| d.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let name = checked(ctx, tenant, &all, Some(id), &input).await?;
        let manager_changed = stored.manager_user_id != input.manager_user_id;
        let txn = ctx.db.begin().await?;
        let mut active = stored.into_active_model();
        active.name = Set(name);
        active.parent_id = Set(input.parent_id);
        active.manager_user_id = Set(input.manager_user_id);
        active.updated_at = Set(ctx.clock.now());
        let saved = active.update(&txn).await.map_err(taken)?;
        if manager_changed {
            employee::Entity::update_many()
                .col_expr(
                    employee::Column::ManagerUserId,
                    Expr::value(input.manager_user_id),
                )
                .col_expr(employee::Column::UpdatedAt, Expr::value(ctx.clock.now()))
                .filter(employee::Column::TenantId.eq(tenant))
                .filter(employee::Column::DepartmentId.eq(id))
                .filter(employee::Column::ManagerFollowsDepartment.eq(true))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// The employer of an HR administrator who may `action` departments.
    async fn department_admin(&self, ctx: &Ctx, action: Action) -> AppResult<Uuid> {
        let actor = ctx.user()?;
        let target = Self::org_target(actor, actor.organisation_id);
        ctx.authorize(&target, DataClass::Admin, action).await?;
        if actor.organisation_kind != OrganisationKind::Employer {
            return Err(AppError::Forbidden {
                reason: ErrorReason::Forbidden,
                message: "only an employer has departments",
            });
        }
        Ok(actor.organisation_id)
    }
}

/// The checked name of a department `input` for `id` (`None`: a new one): the parent is one
/// of the employer's and no descendant of it, the manager one of its managers.
async fn checked(
    ctx: &Ctx,
    tenant: Uuid,
    all: &[department::Model],
    id: Option<Uuid>,
    input: &DepartmentInput,
) -> AppResult<String> {
    let name = model::required_text(&input.name, "name", 100)?;
    if let Some(parent) = input.parent_id {
        if !all.iter().any(|d| d.id == parent) {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "parentId",
                "not a department of this employer",
            ));
        }
        // Walk up from the new parent: meeting the department itself would make a cycle.
        let mut at = Some(parent);
        for _ in 0..=all.len() {
            let Some(current) = at else { break };
            if Some(current) == id {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    "parentId",
                    "a department cannot be part of itself or of a department under it",
                ));
            }
            at = all
                .iter()
                .find(|d| d.id == current)
                .and_then(|d| d.parent_id);
        }
    }
    if let Some(manager) = input.manager_user_id {
        super::employees::check_manager(&ctx.db, tenant, manager).await?;
    }
    Ok(name)
}

fn taken(e: sea_orm::DbErr) -> AppError {
    match AppError::from(e) {
        AppError::Conflict { .. } => AppError::conflict(
            ErrorReason::Conflict,
            "a department with this name exists already",
        ),
        other => other,
    }
}
