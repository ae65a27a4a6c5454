//! The legal clock, complete (decision 82): what a case records beyond the common path.
//!
//! - `cases`: the safety net's kind (set by the doctor or the employee; the employer records
//!   only that one applies), the last day of employment, when the return prospect was
//!   recorded, an IVA benefit granted early, and the wage sanction's course (its kind, the
//!   repair, the shortening request and UWV's decision).
//! - `case_leaves`: pregnancy and maternity leave (WAZO), during which the clock stands still.
//! - `case_second_opinions`: second opinions by another company doctor the employee asked for.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::util::{add_columns, case_table, drop_columns, tenant_isolation};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CASE_COLUMNS: &[&str] = &[
    "safety_net_kind",
    "employment_ends_on",
    "return_prospect_on",
    "iva_from",
    "sanction_kind",
    "sanction_repaired_on",
    "sanction_shortening_requested_on",
    "sanction_shortening_decided_on",
    "sanction_shortening_granted",
];

/// New tables with `tenant_id`: row-level security as for every other (migration 11).
const TENANT_TABLES: &[&str] = &["case_leaves", "case_second_opinions"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            m,
            "cases",
            vec![
                string_null("safety_net_kind"),
                date_null("employment_ends_on"),
                date_null("return_prospect_on"),
                date_null("iva_from"),
                string_null("sanction_kind"),
                date_null("sanction_repaired_on"),
                date_null("sanction_shortening_requested_on"),
                date_null("sanction_shortening_decided_on"),
                boolean_null("sanction_shortening_granted"),
            ],
        )
        .await?;
        // A sanction imposed before this migration was judged on the effort (the only kind the
        // product knew).
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE cases SET sanction_kind = 'SUBSTANTIVE' WHERE sanction_weeks > 0",
        )
        .await?;
        case_table(
            m,
            "case_leaves",
            vec![
                date("from_date"),
                date("until_date"),
                timestamp_with_time_zone("created_at"),
            ],
            "from_date",
        )
        .await?;
        case_table(
            m,
            "case_second_opinions",
            vec![
                date("requested_on"),
                date_null("given_on"),
                timestamp_with_time_zone("created_at"),
            ],
            "requested_on",
        )
        .await?;
        tenant_isolation(m, TENANT_TABLES).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TENANT_TABLES {
            m.drop_table(Table::drop().table(*t).to_owned()).await?;
        }
        drop_columns(m, "cases", CASE_COLUMNS).await
    }
}
