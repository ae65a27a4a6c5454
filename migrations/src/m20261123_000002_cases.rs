//! Case files (verzuimdossiers) with their sick periods and partial recoveries.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The sick report holds only what an employer may ask (docs/domain.md §4): no diagnosis,
        // no complaints, no cause — there is no column that could hold them.
        m.create_table(
            Table::create()
                .table("cases")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("employee_id"))
                .col(string("status"))
                .col(string("track"))
                .col(date("sick_since"))
                .col(integer_null("expected_duration_weeks"))
                .col(string_null("reachable_at"))
                .col(boolean("safety_net"))
                .col(boolean("third_party_liable"))
                .col(boolean("work_accident"))
                .col(uuid_null("case_manager_user_id"))
                .col(integer("extension_weeks"))
                .col(date_null("extension_agreed_on"))
                .col(integer("sanction_weeks"))
                .col(date_null("sanction_decided_on"))
                .col(boolean("return_prospect"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .foreign_key(&mut fk("cases", "tenant_id", "organisations"))
                .foreign_key(&mut fk("cases", "employee_id", "employees"))
                .foreign_key(
                    &mut fk("cases", "case_manager_user_id", "users")
                        .on_delete(ForeignKeyAction::SetNull)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "cases",
            "tenant_status",
            &["tenant_id", "status", "sick_since"],
            false,
        ))
        .await?;
        m.create_index(index(
            "cases",
            "tenant_employee",
            &["tenant_id", "employee_id", "sick_since"],
            false,
        ))
        .await?;
        // Global: foreign-key lookups (an employee's cases, a case manager's cases).
        m.create_index(index("cases", "employee", &["employee_id"], false))
            .await?;
        m.create_index(index(
            "cases",
            "case_manager",
            &["case_manager_user_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("case_recoveries")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("case_id"))
                .col(date("recovered_on"))
                .col(date_null("resick_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("case_recoveries", "tenant_id", "organisations"))
                .foreign_key(
                    &mut fk("case_recoveries", "case_id", "cases")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "case_recoveries",
            "tenant_case",
            &["tenant_id", "case_id", "recovered_on"],
            false,
        ))
        .await?;
        m.create_index(index("case_recoveries", "case", &["case_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("case_partial_recoveries")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("case_id"))
                .col(date("from_date"))
                .col(integer("working_percentage"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "case_partial_recoveries",
                    "tenant_id",
                    "organisations",
                ))
                .foreign_key(
                    &mut fk("case_partial_recoveries", "case_id", "cases")
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(index(
            "case_partial_recoveries",
            "tenant_case",
            &["tenant_id", "case_id", "from_date"],
            false,
        ))
        .await?;
        m.create_index(index(
            "case_partial_recoveries",
            "case",
            &["case_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["case_partial_recoveries", "case_recoveries", "cases"] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
