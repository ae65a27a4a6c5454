//! The rest of the case file: plan of action with its versions and signatures, evaluations,
//! expert opinion requests, the activity log, the milestone ledger that drives the clock, and
//! the denormalised clock columns on `cases` that let the dashboard filter and sort in SQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{case_table, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per version of the plan of action. A version that carries a signature is never
        // changed again: a later change becomes a new version (a bijstelling once an earlier
        // version was fully signed), so the history UWV reads is the table itself.
        case_table(
            m,
            "plan_of_action_versions",
            vec![
                integer("version"),
                text("goal"),
                text("activities"),
                uuid_null("case_manager_user_id"),
                string("contact_frequency"),
                text_null("change_note"),
                boolean("is_adjustment"),
                uuid("created_by"),
                timestamp_with_time_zone("created_at"),
                timestamp_with_time_zone("updated_at"),
                uuid_null("employer_signed_by"),
                timestamp_with_time_zone_null("employer_signed_at"),
                uuid_null("employee_signed_by"),
                timestamp_with_time_zone_null("employee_signed_at"),
            ],
            "version",
        )
        .await?;
        m.create_index(index(
            "plan_of_action_versions",
            "tenant_case_version",
            &["tenant_id", "case_id", "version"],
            true,
        ))
        .await?;

        case_table(
            m,
            "evaluations",
            vec![
                string("kind"),
                date("held_on"),
                text("summary"),
                text_null("agreements"),
                boolean_null("return_prospect"),
                text_null("employee_view"),
                timestamp_with_time_zone_null("employee_view_at"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "held_on",
        )
        .await?;

        case_table(
            m,
            "expert_opinions",
            vec![
                string("requested_by"),
                string("question"),
                date("submitted_on"),
                date("expected_by"),
                date_null("answered_on"),
                text_null("outcome"),
                date_null("followed_up_on"),
                text_null("follow_up"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "submitted_on",
        )
        .await?;

        case_table(
            m,
            "case_activities",
            vec![
                string("kind"),
                date("occurred_on"),
                text("summary"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "occurred_on",
        )
        .await?;

        // The ledger of steps done (the engine's events). Written in the same transaction as
        // the record that caused it (a signed plan, an evaluation), or directly for steps
        // taken outside the product (the 42-week report sent to UWV).
        case_table(
            m,
            "case_milestones",
            vec![
                string("kind"),
                date("occurred_on"),
                uuid_null("source_id"),
                text_null("note"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "occurred_on",
        )
        .await?;

        // Denormalised clock: the earliest open deadline (9999-12-31 when none) and the dates
        // the risk signals need, kept current by every write that moves the clock, so filters
        // ("overdue") and sorting ("next deadline first") run in SQL over any number of cases.
        for column in [
            date("next_deadline_on").default("9999-12-31").take(),
            string_null("next_deadline_kind"),
            date_null("last_contact_on"),
            date_null("advice_given_on"),
            date_null("plan_changed_on"),
            // Why and as of when a case was closed (closed_at is when it was recorded).
            date_null("closed_on"),
            string_null("close_reason"),
        ] {
            m.alter_table(
                Table::alter()
                    .table("cases")
                    .add_column(column.clone())
                    .take(),
            )
            .await?;
        }
        m.create_index(index(
            "cases",
            "tenant_next_deadline",
            &["tenant_id", "next_deadline_on", "id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut drop = Index::drop();
        drop.name("ix_cases_tenant_next_deadline").table("cases");
        m.drop_index(drop).await?;
        for column in [
            "close_reason",
            "closed_on",
            "plan_changed_on",
            "advice_given_on",
            "last_contact_on",
            "next_deadline_kind",
            "next_deadline_on",
        ] {
            m.alter_table(Table::alter().table("cases").drop_column(column).take())
                .await?;
        }
        for table in [
            "case_milestones",
            "case_activities",
            "expert_opinions",
            "evaluations",
            "plan_of_action_versions",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
