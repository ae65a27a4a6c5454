//! Use cases of track 2: authorize through the case gate and the policy's TRACK2 column, act,
//! and record the clock's steps (start of track 2, every submitted report) through the gate.
//!
//! Who does what: the employer (HR or case manager) engages the agency on a case and agrees the
//! intensity; the assigned consultant keeps the file and writes the reports; employer, employee
//! and doctor read the file and the submitted reports (a draft is the agency's own).
//!
//! This module owns the inputs, the [`Track2View`] a reader gets, and the helpers every use
//! case shares (the authorized case, the running trajectory, date and number checks, finding a
//! row by id); the use cases live in one submodule per concern and are re-exported here:
//! `engagement` (engaging the agency and its consultant), `profile` (person and search
//! profile, promising occupations), `activities` (activities, work placements, contact
//! moments, applications) and `reports` (drafting, saving and submitting reports).

use chrono::NaiveDate;
use platform::access::{Action, DataClass, Relation};
use platform::case_port::CaseAccess;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::entities::trajectory;
use crate::model::{
    ApplicationChannel, ApplicationKind, ApplicationStatus, Track2ActivityKind, Track2ContactKind,
    Track2ReportStatus,
};
use crate::repo;

mod activities;
mod engagement;
mod profile;
mod reports;

pub use activities::{
    record_activity, record_application, record_contact, update_activity, update_application,
};
pub use engagement::assign_agency;
pub use profile::{add_occupation, remove_occupation, save_profile};
pub use reports::{draft_report, save_report, submit_report};

/// Longest free text (a summary, an assessment).
const LONG_TEXT: usize = 8000;
/// Longest short text (a company, a title).
const SHORT_TEXT: usize = 200;

/// The employer's engagement of an agency on a case.
#[derive(Clone, Debug, Default)]
pub struct AssignAgency {
    /// The agency (an engaged organisation of kind REINTEGRATION_AGENCY).
    pub organisation_id: Uuid,
    /// Its consultant; when absent, the agency's only consultant.
    pub consultant_id: Option<Uuid>,
    /// Start of track 2; today when absent.
    pub started_on: Option<NaiveDate>,
    /// Agreed contact moments per month.
    pub contacts_per_month: Option<i32>,
    /// Agreed applications (and proposals) per month.
    pub applications_per_month: Option<i32>,
}

/// The person and search profile.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// Skills.
    pub skills: Option<String>,
    /// Education.
    pub education: Option<String>,
    /// Work experience.
    pub experience: Option<String>,
    /// The employee's wishes.
    pub wishes: Option<String>,
    /// Tasks and job types that fit (zoekprofiel).
    pub search_profile: Option<String>,
}

/// A new activity or work placement.
#[derive(Clone, Debug)]
pub struct NewActivity {
    /// Kind.
    pub kind: Track2ActivityKind,
    /// What.
    pub title: String,
    /// Where (the training institute, the employer of the placement).
    pub organisation: Option<String>,
    /// From.
    pub starts_on: NaiveDate,
    /// Until.
    pub ends_on: Option<NaiveDate>,
    /// Hours per week (a placement).
    pub hours_per_week: Option<i32>,
    /// How it went.
    pub outcome: Option<String>,
}

/// A contact moment.
#[derive(Clone, Debug)]
pub struct NewContact {
    /// When.
    pub occurred_on: NaiveDate,
    /// How.
    pub kind: Track2ContactKind,
    /// What was discussed and agreed.
    pub summary: String,
}

/// An application or proposal.
#[derive(Clone, Debug)]
pub struct NewApplication {
    /// Application or proposal.
    pub kind: ApplicationKind,
    /// The company.
    pub company: String,
    /// The position.
    pub position: String,
    /// When.
    pub applied_on: NaiveDate,
    /// Through which channel.
    pub channel: ApplicationChannel,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The outcome in words.
    pub outcome: Option<String>,
}

/// The consultant's texts of a report.
#[derive(Clone, Debug, Default)]
pub struct ReportTexts {
    /// What was done in the period (generated, then edited).
    pub activities: Option<String>,
    /// The consultant's assessment of progress and prospects.
    pub assessment: Option<String>,
    /// The employee's attitude and cooperation.
    pub attitude: Option<String>,
}

/// Everything the reader may see of a case's track 2.
#[derive(Clone, Debug)]
pub struct Track2View {
    /// The trajectory.
    pub trajectory: trajectory::Model,
    /// The file (drafts only for the agency).
    pub file: repo::File,
    /// The reader is the assigned consultant.
    pub is_consultant: bool,
}

fn is_consultant(access: &CaseAccess) -> bool {
    access.relations.contains(&Relation::AssignedConsultant)
}

/// The case in reach and the policy's answer on its track 2 for `action`.
async fn authorized(ctx: &Ctx, case_id: Uuid, action: Action) -> AppResult<CaseAccess> {
    let access = ctx.case_access(case_id).await?;
    ctx.authorize(&access.target("track2", None), DataClass::Track2, action)
        .await?;
    Ok(access)
}

/// The running trajectory of a case the consultant writes in; NOT_FOUND without one.
async fn running(ctx: &Ctx, access: &CaseAccess) -> AppResult<trajectory::Model> {
    match repo::trajectory(&ctx.db, access.tenant_id, access.case_id).await? {
        Some(t) if t.ended_on.is_none() => Ok(t),
        Some(_) => Err(AppError::conflict(
            ErrorReason::Track2Ended,
            "track 2 of this case has ended with its final report",
        )),
        None => Err(AppError::NotFound),
    }
}

use platform::text::not_in_future;

fn not_before_start(field: &'static str, on: NaiveDate, t: &trajectory::Model) -> AppResult<()> {
    if on < t.started_on {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "this date lies before the start of track 2",
        ));
    }
    Ok(())
}

fn per_month(field: &'static str, value: Option<i32>, default: i32) -> AppResult<i32> {
    let v = value.unwrap_or(default);
    if !(0..=60).contains(&v) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "the agreed number per month lies between 0 and 60",
        ));
    }
    Ok(v)
}

/// A case's track 2 as the reader may see it; `None` when there is none or the reader may not
/// read it (the same answer, logged as a denial in the second case).
pub async fn track2(ctx: &Ctx, access: &CaseAccess) -> AppResult<Option<Track2View>> {
    let user = ctx.user()?;
    if platform::access::decide_for(
        &user.roles,
        &access.relations,
        DataClass::Track2,
        Action::Read,
        user.mfa,
    ) != platform::access::Decision::Allow
    {
        return Ok(None);
    }
    let Some(trajectory) = repo::trajectory(&ctx.db, access.tenant_id, access.case_id).await?
    else {
        return Ok(None);
    };
    let mut file = repo::file(&ctx.db, access.tenant_id, access.case_id).await?;
    let consultant = is_consultant(access);
    if !consultant {
        file.reports
            .retain(|r| r.status == Track2ReportStatus::Submitted);
    }
    Ok(Some(Track2View {
        trajectory,
        file,
        is_consultant: consultant,
    }))
}

/// A row of a track 2 table by id, for a mutation that names only the row; the case gate then
/// decides (NOT_FOUND for a row of a case out of reach, the same as for no row).
async fn find_in_case<E>(ctx: &Ctx, id: Uuid) -> AppResult<E::Model>
where
    E: EntityTrait,
    E::Model: Sync,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    ctx.user()?;
    E::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)
}
