//! Employees: the employee list within the actor's reach, registering an employee (optionally
//! inviting him to the portal), and the validated insert that invitations reuse. Employees are
//! records of an employer, apart from user accounts, which they may or may not have.

use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role, UserActor};
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

use super::Identity;
use super::invitations::Invitee;
use crate::entities::{employee, invitation};
use crate::model;
use crate::repo::{self, EmployeeReach};

/// A created employee and, when asked for, the invitation sent to him.
#[derive(Clone, Debug)]
pub struct CreatedEmployee {
    /// The employee.
    pub employee: employee::Model,
    /// The invitation, if one was sent.
    pub invitation: Option<invitation::Model>,
}

/// Input of [`Identity::create_employee`].
#[derive(Clone, Debug, Default)]
pub struct NewEmployee {
    /// Full name.
    pub name: String,
    /// E-mail (needed for an invitation).
    pub email: Option<String>,
    /// Phone while sick.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// The line manager (a user of the same employer with role MANAGER).
    pub manager_user_id: Option<Uuid>,
    /// Send an invitation to the employee portal.
    pub invite: bool,
}

impl Identity {
    // ----- employees ---------------------------------------------------------------------------

    /// How far the actor reaches into the employee list.
    fn employee_reach(actor: &UserActor) -> EmployeeReach {
        if actor.organisation_kind != OrganisationKind::Employer {
            // Doctors and consultants reach employees through case assignments (cases service).
            return EmployeeReach::None;
        }
        let t = actor.organisation_id;
        if actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager) {
            EmployeeReach::Tenant(t)
        } else if actor.has_role(Role::Manager) {
            EmployeeReach::ManagedBy(t, actor.user_id)
        } else if actor.has_role(Role::Employee) {
            EmployeeReach::Himself(t, actor.user_id)
        } else {
            EmployeeReach::None
        }
    }

    /// A page of the employees in the actor's reach.
    pub async fn employees(
        &self,
        ctx: &Ctx,
        after: Option<(String, Uuid)>,
        limit: u64,
    ) -> AppResult<(Vec<employee::Model>, u64)> {
        let actor = ctx.user()?;
        repo::employees_page(&ctx.db, Self::employee_reach(actor), after, limit).await
    }

    /// Registers an employee of the actor's employer, optionally inviting him to the portal.
    pub async fn create_employee(
        &self,
        ctx: &Ctx,
        input: NewEmployee,
    ) -> AppResult<CreatedEmployee> {
        let actor = ctx.user()?;
        let tenant = actor.organisation_id;
        let relations = if actor.organisation_kind == OrganisationKind::Employer {
            vec![Relation::EmployerStaff]
        } else {
            vec![]
        };
        let target = Target {
            tenant_id: tenant,
            subject_employee_id: None,
            resource_type: "employee",
            resource_id: None,
            relations,
        };
        ctx.authorize(&target, DataClass::Personal, Action::Create)
            .await?;
        if input.invite
            && input
                .email
                .as_deref()
                .map(str::trim)
                .unwrap_or("")
                .is_empty()
        {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "email",
                "an invitation needs an e-mail address",
            ));
        }
        let invite = input.invite;
        let employee = self.insert_employee(ctx, tenant, input).await?;
        let invitation = if invite {
            let org = repo::organisation(&ctx.db, tenant)
                .await?
                .ok_or(AppError::NotFound)?;
            let email = employee.email.clone().unwrap_or_default();
            Some(
                self.send_invitation(
                    ctx,
                    &org,
                    Invitee {
                        email: &email,
                        name: &employee.name,
                        role: Role::Employee,
                        employee_id: Some(employee.id),
                    },
                    Some(actor.user_id),
                    // All or nothing: a failed e-mail leaves no employee to re-enter.
                    Some(employee.id),
                )
                .await?,
            )
        } else {
            None
        };
        Ok(CreatedEmployee {
            employee,
            invitation,
        })
    }

    pub(super) async fn insert_employee(
        &self,
        ctx: &Ctx,
        tenant: Uuid,
        input: NewEmployee,
    ) -> AppResult<employee::Model> {
        let name = model::required_text(&input.name, "name", 200)?;
        let email = match input.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(model::normalize_email(e)?),
        };
        let phone = model::optional_phone(input.phone.as_deref())?;
        let number = model::optional_text(input.employee_number.as_deref(), "employeeNumber", 50)?;
        if let Some(manager) = input.manager_user_id {
            let ok = repo::user(&ctx.db, manager)
                .await?
                .is_some_and(|u| u.tenant_id == tenant)
                && repo::roles(&ctx.db, tenant, manager)
                    .await?
                    .contains(&Role::Manager);
            if !ok {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    "managerUserId",
                    "not a manager of this employer",
                ));
            }
        }
        if let Some(email) = &email
            && repo::employee_by_email(&ctx.db, tenant, email)
                .await?
                .is_some()
        {
            return Err(AppError::conflict(
                ErrorReason::EmailTaken,
                "an employee with this e-mail address exists already",
            ));
        }
        let now = ctx.clock.now();
        employee::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            name: Set(name),
            email: Set(email),
            phone: Set(phone),
            employee_number: Set(number),
            user_id: Set(None),
            manager_user_id: Set(input.manager_user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&ctx.db)
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict { .. } => AppError::conflict(
                ErrorReason::EmployeeNumberTaken,
                "an employee with this personnel number exists already",
            ),
            other => other,
        })
    }
}
