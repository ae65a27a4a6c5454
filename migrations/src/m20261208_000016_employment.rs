//! Employment data (issue 20, decision 83): what the absence figures and the clock need to
//! know about an employee beyond his name.
//!
//! - `departments`: a small tree per employer, each with an optional line manager; an
//!   employee who follows his department gets its manager as his own (`manager_user_id`
//!   stays the one link reach is decided on).
//! - `employees`: department, hours per week, employment start and end, contract type (no
//!   date of birth: no rule reads one yet, and data nobody uses is not kept). No foreign key
//!   to `departments`: SQLite cannot add one to an existing table, so departments are never
//!   deleted while employees are in them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{add_columns, drop_columns, drop_index, fk, index, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

const EMPLOYEE_COLUMNS: &[&str] = &[
    "department_id",
    "hours_per_week",
    "employed_since",
    "employed_until",
    "contract_type",
    "manager_follows_department",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("departments")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(uuid_null("parent_id"))
                .col(uuid_null("manager_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("departments", "tenant_id", "organisations"))
                .foreign_key(&mut fk("departments", "parent_id", "departments"))
                .foreign_key(&mut fk("departments", "manager_user_id", "users"))
                .to_owned(),
        )
        .await?;
        // Names identify a department in an import: unique per employer.
        m.create_index(index(
            "departments",
            "tenant_name",
            &["tenant_id", "name"],
            true,
        ))
        .await?;
        // The foreign keys' own indexes (a user's or a department's removal looks them up).
        m.create_index(index("departments", "parent", &["parent_id"], false))
            .await?;
        m.create_index(index("departments", "manager", &["manager_user_id"], false))
            .await?;
        add_columns(
            m,
            "employees",
            vec![
                uuid_null("department_id"),
                double_null("hours_per_week"),
                date_null("employed_since"),
                date_null("employed_until"),
                string_null("contract_type"),
                boolean("manager_follows_department").default(false).take(),
            ],
        )
        .await?;
        m.create_index(index(
            "employees",
            "tenant_department",
            &["tenant_id", "department_id"],
            false,
        ))
        .await?;
        tenant_isolation(m, &["departments"]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop_index("employees", "tenant_department"))
            .await?;
        drop_columns(m, "employees", EMPLOYEE_COLUMNS).await?;
        m.drop_table(Table::drop().table("departments").to_owned())
            .await
    }
}
