//! Employees in bulk: the CSV import (`POST /api/employees/import`). Rows are matched on the
//! personnel number, so the same file twice changes nothing; a file with any problem writes
//! nothing and says every problem with its line; a dry run says what a real run would do.

use std::collections::{HashMap, HashSet};

use platform::access::{Action, DataClass};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use super::Identity;
use crate::entities::{department, employee};
use crate::import::{self, LineError, Problem, Row};

/// What an import did, or would do on a dry run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// Employees created.
    pub created: u64,
    /// Employees whose stored data changed.
    pub updated: u64,
    /// Departments created (named in the file, not there yet).
    #[serde(rename = "departmentsCreated")]
    pub departments_created: u64,
    /// Every problem, with its line; when there is one, nothing was written.
    pub errors: Vec<LineError>,
    /// Whether this was a dry run.
    #[serde(rename = "dryRun")]
    pub dry_run: bool,
}

impl Identity {
    /// Imports employees from a CSV file of the actor's employer (HR administrators). With
    /// `dry_run`, or when any line has a problem, nothing is written.
    pub async fn import_employees(
        &self,
        ctx: &Ctx,
        text: &str,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let actor = ctx.user()?;
        let tenant = actor.organisation_id;
        let target = Self::org_target(actor, tenant);
        // Bulk changes to personnel data are an administrator's: the ADMIN class — and only
        // an employer has employees (a health service's or the platform's administrator
        // administers his own organisation, not employees).
        ctx.authorize(&target, DataClass::Admin, Action::Update)
            .await?;
        if actor.organisation_kind != OrganisationKind::Employer {
            return Err(AppError::Forbidden {
                reason: ErrorReason::Forbidden,
                message: "only an employer imports employees",
            });
        }
        let mut report = ImportReport {
            dry_run,
            ..ImportReport::default()
        };
        let rows = match import::read(text) {
            Ok(rows) => rows,
            Err(errors) => {
                report.errors = errors;
                return Ok(report);
            }
        };
        let existing = employee::Entity::find()
            .filter(employee::Column::TenantId.eq(tenant))
            .all(&ctx.db)
            .await?;
        let departments = department::Entity::find()
            .filter(department::Column::TenantId.eq(tenant))
            .all(&ctx.db)
            .await?;
        let plan = plan(&rows, &existing, &departments);
        report.created = plan.creates.len() as u64;
        report.updated = plan.updates.len() as u64;
        report.departments_created = plan.new_departments.len() as u64;
        report.errors = plan.errors.clone();
        if dry_run || !report.errors.is_empty() {
            return Ok(report);
        }
        self.apply(ctx, tenant, plan).await?;
        ctx.log_allowed(
            &target,
            Action::Update,
            Some(format!(
                "employee import: {} created, {} updated",
                report.created, report.updated
            )),
        )
        .await?;
        Ok(report)
    }

    /// Writes a checked plan, all or nothing.
    async fn apply(&self, ctx: &Ctx, tenant: Uuid, plan: Plan<'_>) -> AppResult<()> {
        let now = ctx.clock.now();
        let txn = ctx.db.begin().await?;
        let mut department_ids: HashMap<String, (Uuid, Option<Uuid>)> = plan
            .departments
            .iter()
            .map(|d| (d.name.to_lowercase(), (d.id, d.manager_user_id)))
            .collect();
        for name in &plan.new_departments {
            let id = new_id();
            department::ActiveModel {
                id: Set(id),
                tenant_id: Set(tenant),
                name: Set(name.clone()),
                parent_id: Set(None),
                manager_user_id: Set(None),
                external_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            department_ids.insert(name.to_lowercase(), (id, None));
        }
        let department_of = |row: &Row| {
            row.department
                .as_ref()
                .and_then(|d| department_ids.get(&d.to_lowercase()).copied())
        };
        for row in &plan.creates {
            let dept = department_of(row);
            employee::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant),
                name: Set(row.name.clone()),
                email: Set(row.email.clone()),
                phone: Set(None),
                employee_number: Set(Some(row.employee_number.clone())),
                user_id: Set(None),
                manager_user_id: Set(dept.and_then(|(_, m)| m)),
                department_id: Set(dept.map(|(id, _)| id)),
                hours_per_week: Set(row.hours_per_week),
                employed_since: Set(row.employed_since),
                employed_until: Set(row.employed_until),
                contract_type: Set(row.contract_type),
                // A new employee's line manager is his department's.
                manager_follows_department: Set(dept.is_some()),
                external_id: Set(None),
                scim_removed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict { .. } => AppError::conflict(
                    ErrorReason::EmployeeNumberTaken,
                    "an employee of the file was registered meanwhile; import again",
                ),
                other => other,
            })?;
        }
        for (row, stored) in &plan.updates {
            let dept = department_of(row);
            let mut active = (*stored).clone().into_active_model();
            apply_row(&mut active, row, stored, dept);
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// What an import will do: the rows to create, the stored employees to change, the
/// departments to add, and the problems only the stored data shows (an e-mail address of
/// another employee).
struct Plan<'a> {
    creates: Vec<&'a Row>,
    updates: Vec<(&'a Row, &'a employee::Model)>,
    new_departments: Vec<String>,
    departments: &'a [department::Model],
    errors: Vec<LineError>,
}

fn plan<'a>(
    rows: &'a [Row],
    existing: &'a [employee::Model],
    departments: &'a [department::Model],
) -> Plan<'a> {
    let by_number: HashMap<&str, &employee::Model> = existing
        .iter()
        .filter_map(|e| e.employee_number.as_deref().map(|n| (n, e)))
        .collect();
    let mut email_owner: HashMap<&str, Option<&str>> = existing
        .iter()
        .filter_map(|e| {
            e.email
                .as_deref()
                .map(|m| (m, e.employee_number.as_deref()))
        })
        .collect();
    let known: HashSet<String> = departments.iter().map(|d| d.name.to_lowercase()).collect();
    let mut new_departments: Vec<String> = Vec::new();
    let mut plan = Plan {
        creates: Vec::new(),
        updates: Vec::new(),
        new_departments: Vec::new(),
        departments,
        errors: Vec::new(),
    };
    for row in rows {
        if let Some(email) = row.email.as_deref() {
            match email_owner.get(email) {
                Some(owner) if *owner != Some(row.employee_number.as_str()) => {
                    plan.errors.push(LineError {
                        line: row.line,
                        column: None,
                        reason: Problem::EmailTaken,
                        message: format!("{email} belongs to another employee"),
                    });
                    continue;
                }
                _ => {
                    email_owner.insert(email, Some(row.employee_number.as_str()));
                }
            }
        }
        if let Some(name) = &row.department
            && !known.contains(&name.to_lowercase())
            && !new_departments.iter().any(|d| d.eq_ignore_ascii_case(name))
        {
            new_departments.push(name.clone());
        }
        match by_number.get(row.employee_number.as_str()) {
            None => plan.creates.push(row),
            Some(stored) => {
                let dept = row.department.as_ref().map(|name| {
                    departments
                        .iter()
                        .find(|d| d.name.eq_ignore_ascii_case(name))
                        .map(|d| (d.id, d.manager_user_id))
                });
                let mut probe = (*stored).clone().into_active_model();
                // A department not there yet is a change by itself.
                let changed = matches!(dept, Some(None))
                    || apply_row(&mut probe, row, stored, dept.flatten());
                if changed {
                    plan.updates.push((row, stored));
                }
            }
        }
    }
    plan.new_departments = new_departments;
    plan
}

/// Sets on `active` what the row changes of `stored` (empty cells change nothing); whether
/// anything changed.
fn apply_row(
    active: &mut employee::ActiveModel,
    row: &Row,
    stored: &employee::Model,
    department: Option<(Uuid, Option<Uuid>)>,
) -> bool {
    let mut changed = false;
    if row.name != stored.name {
        active.name = Set(row.name.clone());
        changed = true;
    }
    if row.email.is_some() && row.email != stored.email {
        active.email = Set(row.email.clone());
        changed = true;
    }
    if let Some((id, manager)) = department
        && stored.department_id != Some(id)
    {
        active.department_id = Set(Some(id));
        if stored.manager_follows_department || stored.manager_user_id.is_none() {
            active.manager_user_id = Set(manager);
            active.manager_follows_department = Set(true);
        }
        changed = true;
    }
    if row.hours_per_week.is_some() && row.hours_per_week != stored.hours_per_week {
        active.hours_per_week = Set(row.hours_per_week);
        changed = true;
    }
    if row.employed_since.is_some() && row.employed_since != stored.employed_since {
        active.employed_since = Set(row.employed_since);
        changed = true;
    }
    if row.employed_until.is_some() && row.employed_until != stored.employed_until {
        active.employed_until = Set(row.employed_until);
        changed = true;
    }
    if row.contract_type.is_some() && row.contract_type != stored.contract_type {
        active.contract_type = Set(row.contract_type);
        changed = true;
    }
    changed
}
