//! Track 2 (spoor 2): the agency's trajectory on a case (which agency, which consultant, since
//! when, the agreed intensity) with the person and search profile, and the file the agency
//! keeps — promising occupations, activities to become work-fit and work placements, contact
//! moments, applications and proposals, and the progress reports. Every row belongs to the
//! employer's tenant: the file is the employer's, the agency works in it while assigned.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{case_table, case_table_with, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One trajectory per case; engaging another agency replaces agency and consultant and
        // keeps the file (it is the employer's, and a successor needs it).
        case_table_with(
            m,
            "track2_trajectories",
            vec![
                uuid("agency_id"),
                uuid("consultant_user_id"),
                date("started_on"),
                integer("contacts_per_month"),
                integer("applications_per_month"),
                text_null("skills"),
                text_null("education"),
                text_null("experience"),
                text_null("wishes"),
                text_null("search_profile"),
                date_null("ended_on"),
                uuid("updated_by"),
                timestamp_with_time_zone("updated_at"),
                timestamp_with_time_zone("created_at"),
            ],
            "started_on",
            vec![fk("track2_trajectories", "agency_id", "organisations")],
        )
        .await?;
        m.create_index(index(
            "track2_trajectories",
            "tenant_case_once",
            &["tenant_id", "case_id"],
            true,
        ))
        .await?;
        // Global: the foreign key's lookup (an agency's trajectories across employers).
        m.create_index(index(
            "track2_trajectories",
            "agency",
            &["agency_id"],
            false,
        ))
        .await?;

        case_table(
            m,
            "track2_occupations",
            vec![
                string("title"),
                text("reason"),
                uuid("created_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "created_at",
        )
        .await?;

        // Training, courses, coaching and work placements (werkplekervaringen: a re-integration
        // activity, not paid work).
        case_table(
            m,
            "track2_activities",
            vec![
                string("kind"),
                string("title"),
                string_null("organisation"),
                date("starts_on"),
                date_null("ends_on"),
                integer_null("hours_per_week"),
                text_null("outcome"),
                uuid("created_by"),
                timestamp_with_time_zone("created_at"),
                timestamp_with_time_zone("updated_at"),
            ],
            "starts_on",
        )
        .await?;

        case_table(
            m,
            "track2_contacts",
            vec![
                date("occurred_on"),
                string("kind"),
                text("summary"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
            ],
            "occurred_on",
        )
        .await?;

        // Applications of the employee and proposals of the employee to employers by the
        // agency (`kind`), with where each stands.
        case_table(
            m,
            "track2_applications",
            vec![
                string("kind"),
                string("company"),
                string("position"),
                date("applied_on"),
                string("channel"),
                string("status"),
                text_null("outcome"),
                uuid("recorded_by"),
                timestamp_with_time_zone("created_at"),
                timestamp_with_time_zone("updated_at"),
            ],
            "applied_on",
        )
        .await?;

        // Progress reports (every 6 weeks) and the final report. A draft is the consultant's
        // own; a submitted report is frozen and counts as the TRACK2_REPORT step.
        case_table(
            m,
            "track2_reports",
            vec![
                string("kind"),
                date("period_from"),
                date("period_to"),
                string("status"),
                text("activities"),
                text_null("assessment"),
                text_null("attitude"),
                date_null("submitted_on"),
                uuid_null("submitted_by"),
                uuid("created_by"),
                timestamp_with_time_zone("created_at"),
                timestamp_with_time_zone("updated_at"),
            ],
            "period_to",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "track2_reports",
            "track2_applications",
            "track2_contacts",
            "track2_activities",
            "track2_occupations",
            "track2_trajectories",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
