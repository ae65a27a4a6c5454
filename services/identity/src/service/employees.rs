//! Employees: the employee list within the actor's reach, registering an employee (optionally
//! inviting him to the portal), and the validated insert that invitations reuse. Employees are
//! records of an employer, apart from user accounts, which they may or may not have.

use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role, UserActor};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
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

/// Changes to an employee's master data (`updateEmployee`): `None` leaves a field alone,
/// `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct EmployeeChanges {
    /// Full name.
    pub name: Option<String>,
    /// E-mail of the record (an account's own address is the account holder's).
    pub email: Option<Option<String>>,
    /// Phone while sick.
    pub phone: Option<Option<String>>,
    /// Personnel number.
    pub employee_number: Option<Option<String>>,
    /// Department.
    pub department_id: Option<Option<Uuid>>,
    /// A line manager of his own (he then no longer follows his department's).
    pub manager_user_id: Option<Option<Uuid>>,
    /// Follow the department's line manager again.
    pub manager_follows_department: Option<bool>,
    /// Contract hours per week.
    pub hours_per_week: Option<Option<f64>>,
    /// First day of employment.
    pub employed_since: Option<Option<chrono::NaiveDate>>,
    /// Last day of employment.
    pub employed_until: Option<Option<chrono::NaiveDate>>,
    /// Contract type.
    pub contract_type: Option<Option<model::ContractType>>,
}

impl EmployeeChanges {
    /// Whether nothing but the phone number changes.
    fn phone_only(&self) -> bool {
        let EmployeeChanges {
            name,
            email,
            phone: _,
            employee_number,
            department_id,
            manager_user_id,
            manager_follows_department,
            hours_per_week,
            employed_since,
            employed_until,
            contract_type,
        } = self;
        name.is_none()
            && email.is_none()
            && employee_number.is_none()
            && department_id.is_none()
            && manager_user_id.is_none()
            && manager_follows_department.is_none()
            && hours_per_week.is_none()
            && employed_since.is_none()
            && employed_until.is_none()
            && contract_type.is_none()
    }
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

    /// Changes the master data of an employee of the actor's employer (HR administrators and
    /// case managers: the PERSONAL class). A line manager named explicitly is his own; one who
    /// follows his department gets the department's. Nothing about his account changes: its
    /// e-mail address, password and second factor are the account holder's.
    pub async fn update_employee(
        &self,
        ctx: &Ctx,
        id: Uuid,
        changes: EmployeeChanges,
    ) -> AppResult<employee::Model> {
        use sea_orm::IntoActiveModel;
        let actor = ctx.user()?;
        let tenant = actor.organisation_id;
        let stored = repo::employee(&ctx.db, tenant, id)
            .await?
            .filter(|_| actor.organisation_kind == OrganisationKind::Employer)
            .ok_or(AppError::NotFound)?;
        let target = Target {
            tenant_id: tenant,
            subject_employee_id: Some(stored.id),
            resource_type: "employee",
            resource_id: Some(stored.id.to_string()),
            relations: employee_relations(actor, &stored),
        };
        ctx.authorize(&target, DataClass::Personal, Action::Update)
            .await?;
        // The employee may keep his own phone number up to date; his employment data, his
        // department and his manager are his employer's to record.
        let staff = actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager);
        if !staff && !changes.phone_only() {
            ctx.deny(
                &target,
                DataClass::Personal,
                Action::Update,
                "employment data is the employer's",
            )
            .await?;
        }
        let mut active = stored.clone().into_active_model();
        if let Some(name) = &changes.name {
            active.name = Set(model::required_text(name, "name", 200)?);
        }
        if let Some(email) = &changes.email {
            let email = match email.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(e) => Some(model::normalize_email(e)?),
            };
            if let Some(e) = &email
                && repo::employee_by_email(&ctx.db, tenant, e)
                    .await?
                    .is_some_and(|other| other.id != id)
            {
                return Err(AppError::conflict(
                    ErrorReason::EmailTaken,
                    "an employee with this e-mail address exists already",
                ));
            }
            active.email = Set(email);
        }
        if let Some(phone) = &changes.phone {
            active.phone = Set(model::optional_phone(phone.as_deref())?);
        }
        if let Some(number) = &changes.employee_number {
            active.employee_number = Set(model::optional_text(
                number.as_deref(),
                "employeeNumber",
                50,
            )?);
        }
        if let Some(hours) = changes.hours_per_week {
            if hours.is_some_and(|h| !(h > 0.0 && h <= 80.0)) {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    "hoursPerWeek",
                    "hours per week lie above 0 and at most 80",
                ));
            }
            active.hours_per_week = Set(hours);
        }
        let since = changes.employed_since.unwrap_or(stored.employed_since);
        let until = changes.employed_until.unwrap_or(stored.employed_until);
        if let (Some(s), Some(u)) = (since, until)
            && u < s
        {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "employedUntil",
                "employment cannot end before it began",
            ));
        }
        active.employed_since = Set(since);
        active.employed_until = Set(until);
        if let Some(contract) = changes.contract_type {
            active.contract_type = Set(contract);
        }
        let department = match changes.department_id {
            Some(Some(d)) => Some(
                crate::entities::department::Entity::find_by_id(d)
                    .one(&ctx.db)
                    .await?
                    .filter(|found| found.tenant_id == tenant)
                    .ok_or_else(|| {
                        AppError::validation(
                            ErrorReason::InvalidInput,
                            "departmentId",
                            "not a department of this employer",
                        )
                    })?,
            ),
            Some(None) => None,
            None => match stored.department_id {
                Some(d) => {
                    crate::entities::department::Entity::find_by_id(d)
                        .one(&ctx.db)
                        .await?
                }
                None => None,
            },
        };
        if changes.department_id.is_some() {
            active.department_id = Set(department.as_ref().map(|d| d.id));
        }
        let (manager, follows) = manager_after(
            &stored,
            department.as_ref(),
            changes.department_id.is_some(),
            changes.manager_user_id,
            changes.manager_follows_department,
        );
        if let Some(m) = manager
            && Some(m) != stored.manager_user_id
        {
            check_manager(&ctx.db, tenant, m).await?;
        }
        active.manager_user_id = Set(manager);
        active.manager_follows_department = Set(follows);
        active.updated_at = Set(ctx.clock.now());
        active.update(&ctx.db).await.map_err(number_taken)
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
            check_manager(&ctx.db, tenant, manager).await?;
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
        .map_err(number_taken)
    }
}

/// The line manager of `stored` after a change (`updateEmployee`, the employer's
/// provisioning moving him): his own when one is named (`manager`), else the department's
/// when he follows it — or has none and is put in a department (`department_changed`);
/// `department` is the one he is in afterwards. Returns the manager and whether he follows
/// the department.
pub(super) fn manager_after(
    stored: &employee::Model,
    department: Option<&crate::entities::department::Model>,
    department_changed: bool,
    manager: Option<Option<Uuid>>,
    follows_department: Option<bool>,
) -> (Option<Uuid>, bool) {
    let follows = match (manager, follows_department) {
        (Some(_), _) => false,
        (None, Some(f)) => f,
        (None, None) => {
            stored.manager_follows_department
                || (department_changed && stored.manager_user_id.is_none())
        }
    };
    let manager = match manager {
        Some(m) => m,
        None if follows => department.and_then(|d| d.manager_user_id),
        None => stored.manager_user_id,
    };
    (manager, follows)
}

/// A write that broke the unique personnel number of an employer says so.
fn number_taken(e: sea_orm::DbErr) -> AppError {
    match AppError::from(e) {
        AppError::Conflict { .. } => AppError::conflict(
            ErrorReason::EmployeeNumberTaken,
            "an employee with this personnel number exists already",
        ),
        other => other,
    }
}

/// The actor's relations to an employee of his own employer: staff, and his line manager or
/// the employee himself where so (the table then answers FORBIDDEN to those who see him and
/// may not change him).
fn employee_relations(actor: &UserActor, e: &employee::Model) -> Vec<Relation> {
    let mut relations = vec![Relation::EmployerStaff];
    if e.manager_user_id == Some(actor.user_id) {
        relations.push(Relation::LineManager);
    }
    if e.user_id == Some(actor.user_id) {
        relations.push(Relation::Subject);
    }
    relations
}

/// Refuses a line manager who is not a user of `tenant` with role MANAGER.
pub(super) async fn check_manager(
    db: &impl sea_orm::ConnectionTrait,
    tenant: Uuid,
    manager: Uuid,
) -> AppResult<()> {
    let ok = repo::user(db, manager)
        .await?
        .is_some_and(|u| u.tenant_id == tenant)
        && repo::roles(db, tenant, manager)
            .await?
            .contains(&Role::Manager);
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            ErrorReason::InvalidInput,
            "managerUserId",
            "not a manager of this employer",
        ))
    }
}
